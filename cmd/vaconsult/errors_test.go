package main_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/internal/dbtest"
)

// result is what one run of the binary gave.
type result struct {
	stdout, stderr string
	code           int
}

// runCLI runs the binary with args against the database at dbURL, with
// stdin not a terminal.
func runCLI(t *testing.T, dbURL string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+dbURL, "BASE_URL=http://consult.test")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run %v: %v", args, err)
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

// loaded returns a migrated database holding the 2012 consultation.
func loaded(t *testing.T) string {
	t.Helper()
	dbURL := dbtest.NewDatabase(t)
	if r := runCLI(t, dbURL, "load", filepath.Join("..", "..", "consultations", "2012-victim-assistance.yaml")); r.code != 0 {
		t.Fatalf("load: %d %s", r.code, r.stderr)
	}
	return dbURL
}

// goValue matches what Go prints for values no one should read: maps,
// structs, pointers, bad format verbs, and bare store messages.
var goValue = regexp.MustCompile(`map\[|&\{|%!|\*store\.|0x[0-9a-f]{6,}|^vaconsult: Not found\.$|!!str|questionset\.`)

// wantRefusal checks that r failed with a readable message on stderr that
// contains each of wants.
func wantRefusal(t *testing.T, args []string, r result, wants ...string) {
	t.Helper()
	if r.code == 0 {
		t.Errorf("%v succeeded, want a refusal:\n%s", args, r.stdout)
		return
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	var msg string
	for i, l := range lines {
		if strings.HasPrefix(l, "vaconsult: ") {
			msg = strings.Join(lines[i:], "\n")
			break
		}
	}
	if msg == "" {
		t.Errorf("%v: no message on stderr:\n%s", args, r.stderr)
		return
	}
	if goValue.MatchString(msg) {
		t.Errorf("%v prints Go values rather than a sentence:\n%s", args, msg)
	}
	for _, want := range wants {
		if !strings.Contains(msg, want) {
			t.Errorf("%v: message lacks %q:\n%s", args, want, msg)
		}
	}
}

// Every refusal of load, invite, user, export and revoke is a sentence
// that names what to fix, with a non-zero exit status.
func TestCommandErrorsSayWhatToFix(t *testing.T) {
	t.Parallel()
	dbURL := loaded(t)
	dir := t.TempDir()
	badYAML := writeFile(t, dir, "bad.yaml", "format: [x\n")
	invalid := writeFile(t, dir, "invalid.yaml", "format: vaconsult/consultation/v1\nslug: Bad Slug\n")
	unknownKey := writeFile(t, dir, "typo.yaml", "format: vaconsult/consultation/v1\nslug: x\nrequried: true\n")
	sp := []string{"invite", "--consultation", "va-impact-2012", "--audience", "states-parties", "--name", "Cambodia"}
	tests := []struct {
		args  []string
		wants []string
	}{
		{[]string{"load"}, []string{"load: name one consultation file"}},
		{[]string{"load", filepath.Join(dir, "missing.yaml")}, []string{"missing.yaml does not exist"}},
		{[]string{"load", dir}, []string{dir, "is a directory"}},
		{[]string{"load", badYAML}, []string{"bad.yaml: not valid YAML: line 1"}},
		{[]string{"load", invalid}, []string{"invalid.yaml is not a valid consultation file", `slug: "Bad Slug" must be lowercase`, "question_sets: at least one"}},
		{[]string{"load", unknownKey}, []string{`line 3: unknown key "requried"`}},

		{[]string{"invite"}, []string{"--consultation, --audience, --name and --country are missing"}},
		{[]string{"invite", "--consultation", "va-impact-2012", "--name", "Cambodia"}, []string{"--audience and --country are missing"}},
		{[]string{"invite", "--consultation", "no-such", "--audience", "survivors", "--name", "X", "--country", "KH"},
			[]string{`no consultation "no-such"`, "--consultation", "va-impact-2012"}},
		{[]string{"invite", "--consultation", "va-impact-2012", "--audience", "donors", "--name", "X", "--country", "KH"},
			[]string{`--audience: Choose one of the question sets: "states-parties" or "survivors"`}},
		// The store's rules, in the English of the pages' catalog.
		{append(sp, "--country", "ZZ"), []string{"--country: Choose a country from the list"}},
		{append(sp, "--country", "KH", "--email", "not-an-address"), []string{"--email: Enter an email address in the correct format"}},
		{append(sp, "--country", "KH", "--kind", "organisation"), []string{"--kind: This question set takes answers only from:"}},
		{[]string{"invite", "--frobnicate"}, []string{"flag provided but not defined: -frobnicate"}},

		{[]string{"user"}, []string{"add, token, list, disable or reset-2fa"}},
		{[]string{"user", "promote"}, []string{`unknown action "promote"`, "add, token, list, disable or reset-2fa"}},
		{[]string{"user", "add", "--email", "chair@example.org"}, []string{"--name and --role are missing"}},
		{[]string{"user", "add", "--email", "chair@example.org", "--name", "Chair", "--role", "king"}, []string{`--role must be "admin" or "co-chair"`}},
		{[]string{"user", "add", "--email", "not-an-address", "--name", "Chair", "--role", "admin"}, []string{"--email must be an email address"}},
		{[]string{"user", "token"}, []string{"--email is missing"}},
		{[]string{"user", "token", "--email", "nobody@example.org"}, []string{"no reviewer account has the email nobody@example.org", "user list"}},
		{[]string{"user", "disable", "--email", "nobody@example.org"}, []string{"no active reviewer account has the email nobody@example.org"}},

		{[]string{"export", "--consultation", "va-impact-2012"}, []string{"--format, --variant and --out are missing"}},
		{[]string{"export", "--consultation", "no-such", "--format", "csv", "--variant", "public", "--out", filepath.Join(dir, "x.csv")},
			[]string{`no consultation "no-such"`, "va-impact-2012"}},
		{[]string{"export", "--consultation", "va-impact-2012", "--format", "pdf", "--variant", "public", "--out", filepath.Join(dir, "x.pdf")},
			[]string{`--format "pdf"`, "csv, xlsx, json, html or docx"}},
		{[]string{"export", "--consultation", "va-impact-2012", "--format", "csv", "--variant", "secret", "--out", filepath.Join(dir, "x.csv")},
			[]string{`--variant "secret"`, "public", "internal"}},
		{[]string{"export", "--consultation", "va-impact-2012", "--format", "csv", "--variant", "public", "--out", filepath.Join(dir, "no-folder", "x.csv")},
			[]string{"cannot write --out", "the folder " + filepath.Join(dir, "no-folder") + " does not exist"}},
		{[]string{"export", "--consultation", "va-impact-2012", "--format", "csv", "--variant", "public", "--out", dir},
			[]string{"is a folder: name a file in it, such as " + filepath.Join(dir, "export.csv")}},

		{[]string{"revoke"}, []string{"give the access link to withdraw"}},
		{[]string{"revoke", "http://consult.test/r/abc"}, []string{"no working access link matches"}},
	}
	for _, tt := range tests {
		wantRefusal(t, tt.args, runCLI(t, dbURL, tt.args...), tt.wants...)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 {
		t.Errorf("refused commands left files behind: %v", entries)
	}
	if n := count(t, dbURL, `SELECT count(*) FROM respondents`) + count(t, dbURL, `SELECT count(*) FROM reviewers`); n != 0 {
		t.Errorf("refused commands wrote %d rows", n)
	}
}

// A choice question takes no free text, so its file gives no max_length:
// load takes it as it is.
func TestLoadChoiceQuestionWithoutMaxLength(t *testing.T) {
	t.Parallel()
	dbURL := dbtest.NewDatabase(t)
	path := writeFile(t, t.TempDir(), "choice.yaml", `format: vaconsult/consultation/v1
slug: choice-only
title: {en: Choices}
context: {en: A consultation of one closed question.}
question_sets:
  - audience: survivors
    title: {en: Survivors}
    questions:
      - number: 1
        kind: choice
        text: {en: "Are you included?"}
        choices:
          - {value: "yes", label: {en: "Yes"}}
          - {value: "no", label: {en: "No"}}
`)
	r := runCLI(t, dbURL, "load", path)
	if r.code != 0 || !strings.Contains(r.stdout, "created consultation choice-only") {
		t.Fatalf("load: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func count(t *testing.T, dbURL, sql string) int {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
