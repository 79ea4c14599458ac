package main_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A newcomer with no PostgreSQL server and no DATABASE_URL runs
// `vaconsult serve` as a normal user: it starts an embedded PostgreSQL with
// its data in the user's data folder, serves the 2012 consultation, stops
// cleanly on SIGTERM, and finds its data again on the next start.
//
// PostgreSQL refuses to run as root, so as root the test runs the binary as
// the unprivileged user "postgres" (as runuser would), with a home of its own in a temporary
// folder and PGHOST pointing at an empty folder so no local server answers.
func TestNewcomerRunsWithEmbeddedPostgres(t *testing.T) {
	t.Parallel()
	runAs := newcomerUser(t)
	root, err := os.MkdirTemp("", "vaconsult-newcomer")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	home, nosocket := filepath.Join(root, "home"), filepath.Join(root, "no-server")
	bin := filepath.Join(root, "vaconsult")
	for _, dir := range []string{home, nosocket} {
		os.MkdirAll(dir, 0o755)
	}
	copyFile(t, binary, bin)
	chownAll(t, root, runAs)

	first := startAs(t, runAs, bin, home, nosocket)
	if r := first.get(t, "/api/v1/consultations/va-impact-2012", ""); r.status != 200 {
		t.Fatalf("consultation: %d %s", r.status, r.raw)
	}
	token := first.registerSurvivor(t)
	if !strings.Contains(first.stderr.String(), "embedded PostgreSQL") {
		t.Fatalf("the server did not say it uses an embedded PostgreSQL:\n%s", first.stderr.String())
	}
	// The README's next step, in a second terminal while serve runs.
	link, stderr := cliAs(t, runAs, bin, home, nosocket, "BASE_URL="+first.url, "invite", "--consultation", "va-impact-2012",
		"--audience", "states-parties", "--name", "Cambodia", "--country", "KH", "--contributor", "Sok Dara")
	if !strings.Contains(stderr, "already running") {
		t.Errorf("invite did not say it used the running embedded PostgreSQL:\n%s", stderr)
	}
	invited, ok := strings.CutPrefix(strings.TrimSpace(link), first.url+"/r/")
	if !ok {
		t.Fatalf("invite printed %q, want a link under %s/r/", link, first.url)
	}
	if r := first.get(t, "/api/v1/response", invited); r.status != 200 {
		t.Fatalf("the link invite printed does not work against the running server: %d %s", r.status, r.raw)
	}
	first.stop(t)
	dataDir := filepath.Join(home, ".local", "share", "vaconsult", "postgres")
	if _, err := os.Stat(filepath.Join(dataDir, "data", "postmaster.pid")); !os.IsNotExist(err) {
		t.Fatalf("PostgreSQL still running after the server stopped (postmaster.pid: %v)", err)
	}

	second := startAs(t, runAs, bin, home, nosocket)
	if r := second.get(t, "/api/v1/response", token); r.status != 200 {
		t.Fatalf("after a restart the registration is gone: %d %s", r.status, r.raw)
	}
	second.stop(t)
}

// newcomerUser returns the account to run as: none when not root, else the
// unprivileged "postgres" account.
func newcomerUser(t *testing.T) *user.User {
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("running as root needs an unprivileged postgres account: %v", err)
		}
		t.Skip("as root, this test needs an unprivileged postgres account")
	}
	return u
}

type newcomerServer struct {
	cmd    *exec.Cmd
	url    string
	stderr *bytes.Buffer
	done   chan error
}

func startAs(t *testing.T, u *user.User, bin, home, pghost string) *newcomerServer {
	t.Helper()
	env := []string{"HOME=" + home, "PATH=/usr/local/bin:/usr/bin:/bin", "PGHOST=" + pghost, "LISTEN_ADDR=127.0.0.1:0"}
	cmd := exec.Command(bin, "serve")
	cmd.Env = env
	if u != nil {
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	}
	stdout, _ := cmd.StdoutPipe()
	s := &newcomerServer{cmd: cmd, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Signal(syscall.SIGTERM); <-s.done })
	found := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			if _, u, ok := strings.Cut(lines.Text(), "serving at "); ok {
				found <- u
			}
		}
		s.done <- cmd.Wait()
		close(s.done)
	}()
	select {
	case s.url = <-found:
	case err := <-s.done:
		t.Fatalf("server exited before serving: %v\n%s", err, s.stderr.String())
	case <-time.After(2 * time.Minute):
		t.Fatalf("server did not start within 2 minutes\n%s", s.stderr.String())
	}
	return s
}

// cliAs runs a vaconsult command as u, with the same home and PGHOST as
// startAs gives serve, plus env; it fails the test unless the command
// succeeds, and returns its stdout and stderr.
func cliAs(t *testing.T, u *user.User, bin, home, pghost string, env string, args ...string) (string, string) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = []string{"HOME=" + home, "PATH=/usr/local/bin:/usr/bin:/bin", "PGHOST=" + pghost, env}
	if u != nil {
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v while serve runs: %v\n%s", args, err, stderr.String())
	}
	return stdout.String(), stderr.String()
}

func (s *newcomerServer) get(t *testing.T, path, token string) reply {
	t.Helper()
	req, _ := http.NewRequest("GET", s.url+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return reply{status: resp.StatusCode, raw: string(raw)}
}

func (s *newcomerServer) registerSurvivor(t *testing.T) string {
	t.Helper()
	body := `{"audience":"survivors","kind":"individual","name":"Newcomer","country":"KH"}`
	resp, err := http.Post(s.url+"/api/v1/consultations/va-impact-2012/registrations", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		AccessToken string `json:"access_token"`
	}
	json.NewDecoder(resp.Body).Decode(&out)
	if resp.StatusCode != 201 || out.AccessToken == "" {
		t.Fatalf("registration: %d", resp.StatusCode)
	}
	return out.AccessToken
}

func (s *newcomerServer) stop(t *testing.T) {
	t.Helper()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v, want 0\n%s", err, s.stderr.String())
		}
	case <-time.After(time.Minute):
		t.Fatalf("did not stop within a minute after SIGTERM")
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o755); err != nil {
		t.Fatal(err)
	}
}

func chownAll(t *testing.T, root string, u *user.User) {
	t.Helper()
	if u == nil {
		return
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	err := filepath.Walk(root, func(path string, _ os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, uid, gid)
	})
	if err != nil {
		t.Fatal(fmt.Errorf("chown %s: %w", root, err))
	}
}

// As root, with no DATABASE_URL and no local server, serve stops at once
// and says what to do, instead of passing on initdb's error.
func TestServeAsRootWithoutDatabaseSaysWhatToDo(t *testing.T) {
	t.Parallel()
	if os.Geteuid() != 0 {
		t.Skip("only meaningful as root")
	}
	cmd := exec.Command(binary, "serve")
	cmd.Env = []string{"HOME=" + t.TempDir(), "PATH=/usr/bin:/bin", "PGHOST=" + t.TempDir(), "LISTEN_ADDR=127.0.0.1:0"}
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("serve as root without a database succeeded")
	}
	for _, want := range []string{"refuses to run as root", "normal user", "DATABASE_URL"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
