package main_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/internal/dbtest"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "vaconsult-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "vaconsult")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build vaconsult: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is the real binary serving on a port of its own choosing.
type server struct {
	t     *testing.T
	cmd   *exec.Cmd
	url   string
	dbURL string
	done  chan error
}

func startServer(t *testing.T, dbURL string, env ...string) *server {
	t.Helper()
	cmd := exec.Command(binary, "serve")
	cmd.Env = append(append(os.Environ(), "DATABASE_URL="+dbURL, "LISTEN_ADDR=127.0.0.1:0", "BASE_URL="), env...)
	stdout, _ := cmd.StdoutPipe()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{t: t, cmd: cmd, dbURL: dbURL, done: make(chan error, 1)}
	lines := bufio.NewScanner(stdout)
	found := make(chan string, 1)
	go func() {
		for lines.Scan() {
			if _, u, ok := strings.Cut(lines.Text(), "serving at "); ok {
				found <- u
			}
		}
		s.done <- cmd.Wait()
	}()
	select {
	case s.url = <-found:
	case err := <-s.done:
		t.Fatalf("server exited before serving: %v\n%s", err, stderr.String())
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("server did not start\n%s", stderr.String())
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
	})
	return s
}

// stop sends SIGTERM and returns the exit error.
func (s *server) stop() error {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		return err
	case <-time.After(30 * time.Second):
		return fmt.Errorf("did not stop within 30s")
	}
}

// cli runs a vaconsult command against the server's database.
func (s *server) cli(args ...string) (string, error) {
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+s.dbURL, "BASE_URL="+s.url)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return string(out), fmt.Errorf("%v: %s", err, stderr.String())
	}
	return string(out), nil
}

func (s *server) invite(t *testing.T, args ...string) string {
	t.Helper()
	out, err := s.cli(append([]string{"invite", "--consultation", "va-impact-2012"}, args...)...)
	if err != nil {
		t.Fatalf("invite: %v", err)
	}
	link := strings.TrimSpace(out)
	if !strings.HasPrefix(link, s.url+"/r/") {
		t.Fatalf("invite printed %q, want a link under %s/r/", link, s.url)
	}
	return strings.TrimPrefix(link, s.url+"/r/")
}

type reply struct {
	status int
	body   map[string]any
	raw    string
}

func (s *server) call(t *testing.T, method, path, token string, body any) reply {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.url+path, r)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := reply{status: resp.StatusCode, raw: string(raw)}
	json.Unmarshal(raw, &out.body)
	return out
}

func (s *server) questionIDs(t *testing.T, audience string) []float64 {
	t.Helper()
	r := s.call(t, "GET", "/api/v1/consultations/va-impact-2012", "", nil)
	for _, set := range r.body["question_sets"].([]any) {
		set := set.(map[string]any)
		if set["audience"] != audience {
			continue
		}
		var ids []float64
		for _, q := range set["questions"].([]any) {
			ids = append(ids, q.(map[string]any)["id"].(float64))
		}
		return ids
	}
	t.Fatalf("no %s question set", audience)
	return nil
}

func answer(id float64, text string) map[string]any {
	return map[string]any{"question_id": id, "text": text}
}

func want(t *testing.T, r reply, status int) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d: %s", r.status, status, r.raw)
	}
}

// The whole life of a State Party's response, through the real binary.
func TestEndToEnd(t *testing.T) {
	t.Parallel()
	s := startServer(t, dbtest.NewDatabaseURL(t)) // serve creates the database
	tok := s.invite(t, "--audience", "states-parties", "--name", "Cambodia", "--country", "KH", "--contributor", "Sok")
	q := s.questionIDs(t, "states-parties")
	if len(q) != 4 {
		t.Fatalf("%d States Parties questions, want 4", len(q))
	}

	r := s.call(t, "PUT", "/api/v1/response", tok, map[string]any{"version": 0, "answers": []any{answer(q[0], "Our database")}})
	want(t, r, 200)
	if r.body["version"] != 1.0 {
		t.Fatalf("version = %v, want 1", r.body["version"])
	}
	r = s.call(t, "PUT", "/api/v1/response", tok, map[string]any{"version": 0, "answers": []any{answer(q[0], "Stale text")}})
	want(t, r, 409)
	if e := r.body["error"].(map[string]any); e["code"] != "version_conflict" || e["current_version"] != 1.0 {
		t.Fatalf("stale save: %s", r.raw)
	}
	r = s.call(t, "POST", "/api/v1/response/submit", tok, map[string]any{"version": 1, "attribution": "named"})
	want(t, r, 422)
	if fields := r.body["error"].(map[string]any)["fields"].(map[string]any); len(fields) != 3 {
		t.Fatalf("missing answers = %v, want questions 2, 3 and 4", fields)
	}
	r = s.call(t, "PUT", "/api/v1/response", tok, map[string]any{"version": 1, "answers": []any{
		answer(q[1], "A 2009 survey"), answer(q[2], "To plan"), answer(q[3], "We ask survivors")}})
	want(t, r, 200)
	first := s.call(t, "POST", "/api/v1/response/submit", tok, map[string]any{"version": 2, "attribution": "named"})
	want(t, first, 200)
	receipt, _ := first.body["receipt"].(string)
	if first.body["status"] != "submitted" || receipt == "" || first.body["submitted_at"] == nil {
		t.Fatalf("submit: %s", first.raw)
	}
	again := s.call(t, "POST", "/api/v1/response/submit", tok, map[string]any{"version": 2, "attribution": "named"})
	want(t, again, 200)
	if again.body["receipt"] != receipt {
		t.Fatalf("submitting twice gave receipt %v, want %s", again.body["receipt"], receipt)
	}
	r = s.call(t, "PUT", "/api/v1/response", tok, map[string]any{"version": 2, "answers": []any{answer(q[0], "Our database, updated monthly")}})
	want(t, r, 200)
	second := s.call(t, "POST", "/api/v1/response/submit", tok, map[string]any{"version": 3, "attribution": "anonymous"})
	want(t, second, 200)
	if second.body["receipt"] == receipt || second.body["attribution"] != "anonymous" || second.body["submitted_version"] != 3.0 {
		t.Fatalf("resubmission: %s", second.raw)
	}

	// The wording of an answered question cannot change from a file.
	f, _ := consultations.Files.ReadFile(consultations.DefaultFile)
	changed := strings.Replace(string(f), "What tools do you use to measure", "Which tools measure", 1)
	path := filepath.Join(t.TempDir(), "changed.yaml")
	os.WriteFile(path, []byte(changed), 0o600)
	if _, err := s.cli("load", path); err == nil || !strings.Contains(err.Error(), "cannot change") {
		t.Fatalf("load of reworded file: %v, want a refusal saying the wording cannot change", err)
	}
	if out, err := s.cli("load", writeTemp(t, f)); err != nil || !strings.Contains(out, "updated consultation va-impact-2012") {
		t.Fatalf("reload of the same file: %q %v", out, err)
	}
	// A withdrawn link stops working at once.
	if out, err := s.cli("revoke", s.url+"/r/"+tok); err != nil || !strings.Contains(out, "revoked the access link of Sok") {
		t.Fatalf("revoke: %q %v", out, err)
	}
	want(t, s.call(t, "GET", "/api/v1/response", tok, nil), 401)
	if _, err := s.cli("revoke", tok); err == nil {
		t.Fatal("revoking a revoked link succeeded")
	}
	if out, err := s.cli("migrate", "status"); err != nil || !strings.Contains(out, "up to date") {
		t.Fatalf("migrate status: %q %v", out, err)
	}
	if err := s.stop(); err != nil {
		t.Fatalf("SIGTERM: %v, want exit 0", err)
	}
}

func writeTemp(t *testing.T, b []byte) string {
	path := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(path, b, 0o600)
	return path
}

// Two officials of one delegation save at the same time; on a conflict each
// reloads and saves again. Neither loses text.
func TestConcurrentContributors(t *testing.T) {
	t.Parallel()
	// A pool setting in DATABASE_URL reaches the pool, not the server.
	s := startServer(t, withQuery(dbtest.NewDatabaseURL(t), "pool_max_conns", "8"))
	a := s.invite(t, "--audience", "states-parties", "--name", "Colombia", "--country", "CO", "--contributor", "Ana")
	b := s.invite(t, "--audience", "states-parties", "--name", "Colombia", "--country", "CO", "--contributor", "Beto")
	q := s.questionIDs(t, "states-parties")
	var wg sync.WaitGroup
	for i, tok := range []string{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range 15 {
				for {
					cur := s.call(t, "GET", "/api/v1/response", tok, nil)
					r := s.call(t, "PUT", "/api/v1/response", tok, map[string]any{"version": cur.body["version"],
						"answers": []any{answer(q[i], fmt.Sprintf("official %d, draft %d", i, n))}})
					if r.status == 200 {
						break
					}
					if r.status != 409 {
						t.Errorf("save: %d %s", r.status, r.raw)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	r := s.call(t, "GET", "/api/v1/response", a, nil)
	for i, ans := range r.body["answers"].([]any) {
		if got := ans.(map[string]any)["text"]; got != fmt.Sprintf("official %d, draft 14", i) {
			t.Fatalf("answer %d = %v, want the last draft", i, got)
		}
	}
	if r.body["version"] != 30.0 {
		t.Fatalf("version = %v, want 30 (every save counted)", r.body["version"])
	}
}

func withQuery(raw, key, value string) string {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// SIGTERM lets a request already in flight finish before the process exits.
func TestSIGTERMDrainsInFlightRequests(t *testing.T) {
	t.Parallel()
	s := startServer(t, dbtest.NewDatabaseURL(t))
	tok := s.invite(t, "--audience", "survivors", "--name", "Org", "--country", "KH")
	q := s.questionIDs(t, "survivors")
	body, _ := json.Marshal(map[string]any{"version": 0, "answers": []any{answer(q[1], "sent slowly")}})

	pr, pw := io.Pipe()
	req, _ := http.NewRequestWithContext(context.Background(), "PUT", s.url+"/api/v1/response", pr)
	req.Header.Set("Authorization", "Bearer "+tok)
	req.ContentLength = int64(len(body))
	got := make(chan reply, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			got <- reply{status: -1, raw: err.Error()}
			return
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- reply{status: resp.StatusCode, raw: string(raw)}
	}()
	pw.Write(body[:10])
	time.Sleep(300 * time.Millisecond) // the server is now reading the body
	s.cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(300 * time.Millisecond)
	pw.Write(body[10:])
	pw.Close()
	r := <-got
	if r.status != 200 {
		t.Fatalf("in-flight save during shutdown: %d %s, want 200", r.status, r.raw)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("exit: %v, want 0", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not exit after SIGTERM")
	}
}

func TestVersionAndUsage(t *testing.T) {
	t.Parallel()
	out, err := exec.Command(binary, "version").Output()
	if err != nil || !strings.HasPrefix(string(out), "vaconsult ") {
		t.Fatalf("version: %q %v", out, err)
	}
	if err := exec.Command(binary, "frobnicate").Run(); err == nil {
		t.Fatal("an unknown command succeeded")
	}
}
