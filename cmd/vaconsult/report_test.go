package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/internal/dbtest"
)

// soffice returns LibreOffice's command, the word processor the report's
// Word documents are opened with here; without it the test cannot run,
// which under CI is a failure, not a skip.
func soffice(t *testing.T) string {
	t.Helper()
	path, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("LibreOffice (soffice) is not installed: .ci/run installs libreoffice-writer-nogui")
		}
		t.Skip("LibreOffice (soffice) is not installed")
	}
	return path
}

// convert has LibreOffice open a document and save it as another format
// (txt or pdf), with a profile of its own so that tests may run at once.
func convert(t *testing.T, soffice, file, to string) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless",
		"--convert-to", to, "--outdir", dir, file)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("LibreOffice cannot convert %s to %s: %v\n%s", file, to, err, out)
	}
	ext, _, _ := strings.Cut(to, ":")
	converted := filepath.Join(dir, strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))+"."+ext)
	b, err := os.ReadFile(converted)
	if err != nil {
		t.Fatalf("LibreOffice wrote no %s: %v", ext, err)
	}
	return string(b)
}

// vaconsult report writes the Co-Chairs' report as a Word document that a
// word processor opens: in English with the named answer and without the
// confidential one, and in Arabic, printed to PDF.
func TestReportCommandWritesAWordDocument(t *testing.T) {
	t.Parallel()
	office := soffice(t)
	s := startServer(t, dbtest.NewDatabaseURL(t))
	answerAndSubmit(t, s, s.invite(t, "--audience", "states-parties", "--name", "Colombia", "--country", "CO"))
	secret := s.invite(t, "--audience", "states-parties", "--name", "Peru", "--country", "PE")
	q := s.questionIDs(t, "states-parties")
	r := s.call(t, "PUT", "/api/v1/response", secret, map[string]any{"version": 0, "answers": []any{
		answer(q[0], "CONFIDENTIAL-WORDS"), answer(q[1], "x"), answer(q[2], "x"), answer(q[3], "x")}})
	want(t, r, 200)
	want(t, s.call(t, "POST", "/api/v1/response/submit", secret, map[string]any{"version": r.body["version"], "attribution": "confidential"}), 200)

	dir := t.TempDir()
	en, ar := filepath.Join(dir, "report-en.docx"), filepath.Join(dir, "report-ar.docx")
	if out, err := s.cli("report", "--consultation", "va-impact-2012", "--format", "docx", "--out", en); err != nil || !strings.Contains(out, "public variant") {
		t.Fatalf("report: %q %v", out, err)
	}
	if out, err := s.cli("report", "--consultation", "va-impact-2012", "--format", "docx", "--lang", "ar", "--out", ar); err != nil {
		t.Fatalf("report in Arabic: %q %v", out, err)
	}
	text := convert(t, office, en, "txt:Text")
	for _, want := range []string{"Victim assistance: measuring and reporting impact", "Co-Chairs’ report", "Colombia", "We ask survivors"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report as LibreOffice reads it lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "CONFIDENTIAL-WORDS") || strings.Contains(text, "Peru") {
		t.Errorf("the public report holds the confidential answer or its respondent:\n%s", text)
	}
	if pdf := convert(t, office, ar, "pdf"); !strings.HasPrefix(pdf, "%PDF") {
		t.Errorf("the Arabic report did not print to PDF")
	}
	if _, err := s.cli("report", "--consultation", "va-impact-2012", "--format", "csv", "--out", filepath.Join(dir, "x.csv")); err == nil ||
		!strings.Contains(err.Error(), "want docx (a Word document) or html") {
		t.Errorf("report --format csv: %v", err)
	}
}
