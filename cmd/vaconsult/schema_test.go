package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/migrations"
)

// Only serve and migrate up change the schema: other commands refuse a
// database with a migration pending, say what to do, and leave it as it was.
func TestCommandsRefusePendingMigrations(t *testing.T) {
	t.Parallel()
	dbURL := loaded(t)
	m, err := migrations.New(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Down(); err != nil {
		t.Fatal(err)
	}
	before, _ := m.Status()
	m.Close()
	out := filepath.Join(t.TempDir(), "x.csv")
	for _, args := range [][]string{
		{"invite", "--consultation", "va-impact-2012", "--audience", "states-parties", "--name", "Cambodia", "--country", "KH"},
		{"load", filepath.Join("..", "..", "consultations", "2012-victim-assistance.yaml")},
		{"user", "list"},
		{"export", "--consultation", "va-impact-2012", "--format", "csv", "--variant", "public", "--out", out},
		{"revoke", "http://consult.test/r/abc"},
	} {
		wantRefusal(t, args, runCLI(t, dbURL, args...), "schema is at version", "run vaconsult migrate up", "vaconsult serve")
	}
	m, err = migrations.New(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if after, _ := m.Status(); after != before {
		t.Fatalf("schema %+v after the refused commands, want %+v untouched", after, before)
	}
	if r := runCLI(t, dbURL, "migrate", "up"); r.code != 0 {
		t.Fatalf("migrate up: %s", r.stderr)
	}
	if r := runCLI(t, dbURL, "user", "list"); r.code != 0 {
		t.Fatalf("user list after migrate up: %s", r.stderr)
	}
}

// An https BASE_URL means production: serve does not quietly keep the
// answers in an embedded PostgreSQL in someone's home folder.
func TestServeRefusesEmbeddedInProduction(t *testing.T) {
	t.Parallel()
	home, nosocket := t.TempDir(), t.TempDir()
	serve := func(args ...string) string {
		cmd := exec.Command(binary, append([]string{"serve"}, args...)...)
		cmd.Env = []string{"HOME=" + home, "PATH=/usr/bin:/bin", "PGHOST=" + nosocket, "LISTEN_ADDR=127.0.0.1:0",
			"BASE_URL=https://consult.example.org"}
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Fatalf("serve %v succeeded without a database", args)
		}
		return string(out)
	}
	out := serve()
	for _, want := range []string{"BASE_URL is https://consult.example.org, which means production", "set DATABASE_URL", "--allow-embedded"} {
		if !strings.Contains(out, want) {
			t.Errorf("serve with an https BASE_URL and no database does not say %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(filepath.Join(home, ".local")); !os.IsNotExist(err) {
		t.Errorf("the refusal made a data folder (stat: %v)", err)
	}
	if os.Geteuid() == 0 {
		// With the flag it goes on to start one, which root may not.
		if out := serve("--allow-embedded"); !strings.Contains(out, "refuses to run as root") {
			t.Errorf("serve --allow-embedded did not try the embedded server:\n%s", out)
		}
	}
}
