package main_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/internal/dbtest"
)

func TestExportCommand(t *testing.T) {
	t.Parallel()
	dbURL := dbtest.NewDatabase(t)
	run := func(args ...string) (string, error) {
		cmd := exec.Command(binary, args...)
		cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := run("load", filepath.Join("..", "..", "consultations", "2012-victim-assistance.yaml")); err != nil {
		t.Fatalf("load: %v\n%s", err, out)
	}
	dir := t.TempDir()
	for _, f := range []string{"csv", "xlsx", "json", "html"} {
		path := filepath.Join(dir, "export."+f)
		if out, err := run("export", "--consultation", "va-impact-2012", "--format", f, "--variant", "internal", "--out", path); err != nil {
			t.Fatalf("export %s: %v\n%s", f, err, out)
		}
		info, err := os.Stat(path)
		if err != nil || info.Size() == 0 {
			t.Fatalf("export %s: %v, %v", f, info, err)
		}
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("export %s is readable by others: %v", f, perm)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "export.csv"))
	if !strings.HasPrefix(string(b), "\uFEFFconsultation,") {
		t.Errorf("CSV starts with %.30q", b)
	}

	// A refused export leaves no file behind, not even a temporary one.
	for _, args := range [][]string{
		{"--consultation", "va-impact-2012", "--format", "pdf", "--variant", "public"},
		{"--consultation", "no-such", "--format", "csv", "--variant", "public"},
		{"--consultation", "va-impact-2012", "--format", "csv"},
		{"--consultation", "va-impact-2012", "--format", "csv", "--variant", "public", "--lang", "de"},
	} {
		out, err := run(append(append([]string{"export"}, args...), "--out", filepath.Join(dir, "refused.csv"))...)
		if err == nil {
			t.Errorf("export %v succeeded: %s", args, out)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files = %v, want the four exports only", names)
	}

	// --lang writes the export's text in another language.
	for l, title := range map[string]string{"fr": "Rapport des coprésidents", "ru": "Доклад сопредседателей", "zh": "共同主席报告"} {
		out := filepath.Join(t.TempDir(), "report-"+l+".html")
		if msg, err := run("export", "--consultation", "va-impact-2012", "--format", "html", "--variant", "public",
			"--lang", l, "--out", out); err != nil {
			t.Fatalf("export in %s: %v\n%s", l, err, msg)
		}
		if b, _ := os.ReadFile(out); !strings.Contains(string(b), `<html lang="`+l+`" dir="ltr">`) || !strings.Contains(string(b), title) {
			t.Errorf("report with --lang %s is not in that language: %.300s", l, b)
		}
	}

	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	err = conn.QueryRow(context.Background(), `SELECT count(*) FROM audit_log
		WHERE actor = 'cli' AND action = 'consultation.export' AND details->>'variant' = 'internal'`).Scan(&n)
	if err != nil || n != 4 {
		t.Errorf("audit entries = %d (%v), want 4", n, err)
	}
}
