package main_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeList writes an invitation list of n survivors' organisations (two
// people each) and one State, and returns its path.
func writeList(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("\uFEFFname,audience,country,contributor,email,language,notes\r\n")
	b.WriteString("Cambodia,states-parties,kh,Sok Dara,sok@example.org,en,capital\r\n")
	for i := 1; i < n; i++ {
		fmt.Fprintf(&b, "Red de Sobrevivientes %d,survivors,CO,Persona %d,p%d@example.org,es,\r\n", i/2, i, i)
	}
	path := filepath.Join(t.TempDir(), "invitations.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// invite --file imports a list of 200, writes one working link per new
// person to --links-out, and makes nothing on a second run.
func TestInviteFromFile(t *testing.T) {
	t.Parallel()
	dbURL := loaded(t)
	list := writeList(t, 200)
	out := filepath.Join(t.TempDir(), "links.csv")
	args := []string{"invite", "--consultation", "va-impact-2012", "--file", list, "--links-out", out}
	r := runCLI(t, dbURL, args...)
	if r.code != 0 {
		t.Fatalf("invite --file: exit %d\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"200 rows, 101 new respondents, 99 contributors added", "ignored the column(s) notes", "wrote 200 links to " + out} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	links := readLinks(t, out)
	if len(links) != 201 || strings.Join(links[0], ",") != "\uFEFFname,contributor,email,language,link" {
		t.Fatalf("links file: %d lines, header %q", len(links), links[0])
	}
	if got := links[1]; got[0] != "Cambodia" || got[1] != "Sok Dara" || got[2] != "sok@example.org" || got[3] != "en" ||
		!strings.HasPrefix(got[4], "http://consult.test/r/") {
		t.Fatalf("first link = %q", got)
	}
	if info, err := os.Stat(out); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("links file mode = %v (%v), want 0600: it holds working links", info.Mode(), err)
	}

	// Each link opens its own response through the API.
	srv := startServer(t, dbURL)
	for _, row := range [][]string{links[1], links[2], links[200]} {
		token := row[4][strings.LastIndex(row[4], "/")+1:]
		got := srv.call(t, "GET", "/api/v1/response", token, nil)
		if got.status != 200 || got.body["contributor"] != row[1] {
			t.Fatalf("link of %s: %d %s", row[1], got.status, got.raw)
		}
	}

	again := runCLI(t, dbURL, args...)
	if again.code != 0 || !strings.Contains(again.stderr, "0 new respondents, 0 contributors added to respondents already there, 200 already invited") {
		t.Fatalf("second run: exit %d\n%s", again.code, again.stderr)
	}
	if n := len(readLinks(t, out)); n != 1 {
		t.Fatalf("second run wrote %d lines, want the header only", n)
	}
	if n := count(t, dbURL, `SELECT count(*) FROM contributors`); n != 200 {
		t.Fatalf("contributors = %d, want 200", n)
	}
}

func readLinks(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// A list with bad rows imports nothing and names each bad line; --send
// without email configured sends nothing and says what to do instead.
func TestInviteFromFileRefusals(t *testing.T) {
	t.Parallel()
	dbURL := loaded(t)
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("audience,name,country,email\n"+
		"survivors,Good Network,CO,good@example.org\n"+
		"survivors,Bad Network,XX,bad\n"+
		"states-parties,\"Line\nBreak\",KH,\n"), 0o644)
	args := []string{"invite", "--consultation", "va-impact-2012", "--file", bad}
	r := runCLI(t, dbURL, args...)
	wantRefusal(t, args, r, "2 of 3 rows have problems; nothing was imported",
		"line 3: country must be the ISO 3166-1 alpha-2 code", "email must be an email address", "line 4: name must be on one line")
	if n := count(t, dbURL, `SELECT count(*) FROM respondents`); n != 0 {
		t.Fatalf("respondents after a refused list = %d, want 0", n)
	}

	send := []string{"invite", "--consultation", "va-impact-2012", "--file", writeList(t, 3), "--send"}
	wantRefusal(t, send, runCLI(t, dbURL, send...), "email is not configured", "--links-out")
	mixed := []string{"invite", "--consultation", "va-impact-2012", "--file", bad, "--name", "X"}
	wantRefusal(t, mixed, runCLI(t, dbURL, mixed...), "--name describe one invitation and cannot go with --file")
	big := filepath.Join(t.TempDir(), "big.csv")
	os.WriteFile(big, make([]byte, 5<<20+1), 0o644)
	tooBig := []string{"invite", "--consultation", "va-impact-2012", "--file", big}
	wantRefusal(t, tooBig, runCLI(t, dbURL, tooBig...), "larger than 5 MiB")
	if n := count(t, dbURL, `SELECT count(*) FROM contributors`); n != 0 {
		t.Fatalf("contributors after refusals = %d, want 0", n)
	}
}
