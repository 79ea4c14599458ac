package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/xlsform"
)

const followUp = "va-follow-up-2026"

// From an empty database: an XLSForm workbook of a 2026 follow-up in
// English, French and Spanish is loaded as a draft, opened, answered,
// closed, and written back to XLSForm with every text intact, through the
// real binary.
func TestXLSFormLifecycle(t *testing.T) {
	t.Parallel()
	s := startServer(t, dbtest.NewDatabaseURL(t))
	workbook := filepath.Join("..", "..", "xlsform", "testdata", followUp+".xlsx")
	out := s.mustCLI(t, "load", workbook)
	if !strings.Contains(out, "created consultation "+followUp) || !strings.Contains(out, "a draft") {
		t.Fatalf("load printed %q, want a new draft", out)
	}

	// A draft: absent from the list, 404 to anyone but reviewers.
	if list := s.call(t, "GET", "/api/v1/consultations", "", nil); strings.Contains(list.raw, followUp) {
		t.Fatalf("the public list shows the draft: %s", list.raw)
	}
	want(t, s.call(t, "GET", "/api/v1/consultations/"+followUp, "", nil), 404)
	s.mustCLI(t, "user", "add", "--email", "chair@example.org", "--name", "Chair", "--role", "co-chair")
	token := strings.TrimSpace(s.mustCLI(t, "user", "token", "--email", "chair@example.org"))
	want(t, s.call(t, "GET", "/api/v1/consultations/"+followUp+"?lang=fr", token, nil), 200)
	if out := s.mustCLI(t, "status", "--consultation", followUp); !strings.HasPrefix(out, followUp+": draft") {
		t.Fatalf("status printed %q, want draft", out)
	}

	if out := s.mustCLI(t, "status", "--consultation", followUp, "--set", "open"); !strings.HasPrefix(out, followUp+": open") {
		t.Fatalf("status --set open printed %q", out)
	}
	detail := s.call(t, "GET", "/api/v1/consultations/"+followUp+"?lang=es", "", nil)
	want(t, detail, 200)
	if detail.body["title"] != "Asistencia a las víctimas: qué ha cambiado desde 2012" {
		t.Fatalf("Spanish title = %v", detail.body["title"])
	}

	link := strings.TrimSpace(s.mustCLI(t, "invite", "--consultation", followUp, "--audience", "survivors",
		"--kind", "organisation", "--name", "Red de Sobrevivientes", "--country", "CO", "--contributor", "Ana"))
	tok := strings.TrimPrefix(link, s.url+"/r/")
	ids := idsOf(t, detail, "survivors")
	r := s.call(t, "PUT", "/api/v1/response", tok, map[string]any{"version": 0, "answers": []any{
		map[string]any{"question_id": ids[0], "choice": "better", "text": "Hay más servicios."},
		answer(ids[1], "Escuchar a los sobrevivientes.")}})
	want(t, r, 200)
	want(t, s.call(t, "POST", "/api/v1/response/submit", tok, map[string]any{"version": 1, "attribution": "named"}), 200)

	if out := s.mustCLI(t, "status", "--consultation", followUp, "--set", "closed"); !strings.HasPrefix(out, followUp+": closed") {
		t.Fatalf("status --set closed printed %q", out)
	}
	r = s.call(t, "PUT", "/api/v1/response", tok, map[string]any{"version": 1, "answers": []any{answer(ids[1], "Later.")}})
	want(t, r, 409)
	if n := count(t, s.dbURL, `SELECT count(*) FROM audit_log WHERE action = 'consultation.status'`); n != 2 {
		t.Errorf("%d status changes in the audit log, want 2", n)
	}

	// Written back out, the form says what the workbook said, and loading
	// it again changes nothing.
	dir := t.TempDir()
	back := filepath.Join(dir, "back.xlsx")
	s.mustCLI(t, "form", "--consultation", followUp, "--format", "xlsform", "--out", back)
	if got, want := readForm(t, back), readForm(t, workbook); got != want {
		t.Errorf("the written form differs from the workbook:\n got %s\nwant %s", got, want)
	}
	if out := s.mustCLI(t, "load", back); !strings.Contains(out, "nothing changed") {
		t.Errorf("loading the written form printed %q, want nothing changed", out)
	}
	yml := filepath.Join(dir, "back.yaml")
	s.mustCLI(t, "form", "--consultation", followUp, "--format", "yaml", "--out", yml)
	if out := s.mustCLI(t, "load", yml); !strings.Contains(out, "nothing changed") {
		t.Errorf("loading the written YAML printed %q, want nothing changed", out)
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
}

func (s *server) mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	out, err := s.cli(args...)
	if err != nil {
		t.Fatalf("vaconsult %s: %v", strings.Join(args, " "), err)
	}
	return out
}

func idsOf(t *testing.T, detail reply, audience string) []float64 {
	t.Helper()
	for _, set := range detail.body["question_sets"].([]any) {
		set := set.(map[string]any)
		if set["audience"] == audience {
			var ids []float64
			for _, q := range set["questions"].([]any) {
				ids = append(ids, q.(map[string]any)["id"].(float64))
			}
			return ids
		}
	}
	t.Fatalf("no %s question set in %s", audience, detail.raw)
	return nil
}

// readForm reads an XLSForm workbook as JSON, its dates aside.
func readForm(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := xlsform.Read(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	f.OpensAt, f.ClosesAt = nil, nil
	b, _ := json.Marshal(f)
	return string(b)
}

// Problems of a workbook are listed row by row, and nothing is loaded.
func TestLoadXLSFormProblems(t *testing.T) {
	t.Parallel()
	dbURL := dbtest.NewDatabase(t)
	path := filepath.Join(t.TempDir(), "bad.xlsx")
	data, err := os.ReadFile(filepath.Join("..", "..", "xlsform", "testdata", followUp+".xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(path, data[:len(data)/2], 0o600)
	r := runCLI(t, dbURL, "load", path)
	wantRefusal(t, []string{"load", path}, r, "not an XLSForm", "not an Excel workbook")
	if n := count(t, dbURL, `SELECT count(*) FROM consultations`); n != 0 {
		t.Errorf("%d consultations after a refused load, want 0", n)
	}
}
