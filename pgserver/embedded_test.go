package pgserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// childDirEnv marks a test binary re-executed as an unprivileged user and
// names the folder it works in.
const childDirEnv = "PGSERVER_TEST_CHILD_DIR"

// noServerEnv points the PG* variables at an empty folder, where no server
// answers, as on a machine without PostgreSQL running.
func noServerEnv(t *testing.T, dir string) {
	t.Helper()
	empty := filepath.Join(dir, "no-server")
	if err := os.MkdirAll(empty, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGHOST", empty)
	// Unset, not empty: initdb and postgres read PGPORT too, and reject "".
	t.Setenv("PGPORT", "")
	os.Unsetenv("PGPORT")
}

func TestResolveAsRootRefusesClearly(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root is refused")
	}
	dir := t.TempDir()
	noServerEnv(t, dir)
	dataDir := filepath.Join(dir, "data")

	_, err := Resolve(context.Background(), Options{DataDir: dataDir, CacheDir: filepath.Join(dir, "cache")})
	if !errors.Is(err, ErrRoot) {
		t.Fatalf("Resolve as root: err = %v, want ErrRoot", err)
	}
	for _, want := range []string{"refuses to run as root", "normal user", "DATABASE_URL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if _, err := os.Stat(dataDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("data folder touched before refusing: stat: %v", err)
	}
}

// TestEmbeddedAsUser runs the embedded scenario as the current user, or, as
// root (whom PostgreSQL refuses), re-executes itself as the user postgres.
func TestEmbeddedAsUser(t *testing.T) {
	if os.Geteuid() == 0 {
		runAsPostgresUser(t)
		return
	}
	dir := os.Getenv(childDirEnv)
	if dir == "" {
		dir = t.TempDir()
	}
	embeddedScenario(t, dir)
}

// embeddedScenario starts an embedded server, writes a row, restarts it on
// the same data folder and reads the row back.
func embeddedScenario(t *testing.T, dir string) {
	noServerEnv(t, dir)
	// embedded-postgres leaves a log file in the temporary folder when a
	// start fails; keep it in dir.
	tmp := filepath.Join(dir, "tmp")
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TMPDIR", tmp)
	checkFetchFailure(t, dir)
	o := Options{
		Database: "vaconsult_test",
		DataDir:  filepath.Join(dir, "postgres"),
		CacheDir: filepath.Join(dir, "cache"),
		Logf:     t.Logf,
	}
	ctx := context.Background()

	s := mustResolveEmbedded(t, o)
	execSQL(t, s.URL, "CREATE TABLE notes (body text)", "INSERT INTO notes VALUES ('kept')")

	_, err := Resolve(ctx, o)
	if err == nil || !strings.Contains(err.Error(), "already running") {
		t.Errorf("second Resolve on a data folder in use: err = %v, want it to say already running", err)
	}
	checkAttach(t, o)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}

	s = mustResolveEmbedded(t, o)
	defer s.Close()
	var body string
	if err := queryRow(t, s.URL, "SELECT body FROM notes").Scan(&body); err != nil {
		t.Fatalf("read back after restart: %v", err)
	}
	if body != "kept" {
		t.Errorf("body = %q, want %q", body, "kept")
	}
	checkMode(t, o.DataDir, 0o700)
	checkMode(t, filepath.Join(o.DataDir, passwordFile), 0o600)
	if _, err := os.Stat(o.CacheDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("installed binaries were used, yet the cache folder exists (stat: %v)", err)
	}
}

// checkAttach resolves o again with Attach, as the administrative commands
// do beside a running serve: it reaches the running server's data, and its
// Close leaves that server running.
func checkAttach(t *testing.T, o Options) {
	t.Helper()
	o.Attach = true
	s, err := Resolve(context.Background(), o)
	if err != nil {
		t.Fatalf("Resolve with Attach beside a running server: %v", err)
	}
	if d := s.Describe(); !strings.Contains(d, "already running") {
		t.Errorf("Describe() = %q, want it to say the server was already running", d)
	}
	var body string
	if err := queryRow(t, s.URL, "SELECT body FROM notes").Scan(&body); err != nil || body != "kept" {
		t.Fatalf("read through the attached server: %q, %v", body, err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close of an attached server: %v", err)
	}
	if runningPID(filepath.Join(o.DataDir, clusterFolder)) == 0 {
		t.Fatal("closing an attached server stopped the server another process runs")
	}
}

// checkFetchFailure pretends no PostgreSQL is installed and binaries cannot
// be fetched (a repository without them), and checks that the download is
// announced and the error says what to do.
func checkFetchFailure(t *testing.T, dir string) {
	repo := httptest.NewServer(http.NotFoundHandler())
	defer repo.Close()
	oldRepo, oldDiscover := repositoryURL, discover
	repositoryURL, discover = repo.URL, func() []string { return nil }
	defer func() { repositoryURL, discover = oldRepo, oldDiscover }()

	var logged strings.Builder
	o := Options{
		DataDir:  filepath.Join(dir, "unfetched"),
		CacheDir: filepath.Join(dir, "unfetched-cache"),
		Logf:     func(format string, args ...any) { fmt.Fprintf(&logged, format+"\n", args...) },
	}
	_, err := Resolve(context.Background(), o)
	t.Logf("without binaries: %v", err)
	if err == nil || !strings.Contains(err.Error(), "install PostgreSQL, or set DATABASE_URL") {
		t.Errorf("Resolve without binaries: err = %v, want advice to install PostgreSQL", err)
	}
	if want := "downloading PostgreSQL " + string(embeddedVersion(fetchMajor)) + " once into " + o.CacheDir; !strings.Contains(logged.String(), want) {
		t.Errorf("log %q does not say %q", logged.String(), want)
	}
}

// mustResolveEmbedded resolves o and fails the test unless it started an
// embedded server described without its password.
func mustResolveEmbedded(t *testing.T, o Options) *Server {
	t.Helper()
	s, err := Resolve(context.Background(), o)
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if got, want := s.Source, SourceEmbedded; got != want {
		t.Fatalf("Source = %q, want %q", got, want)
	}
	d := s.Describe()
	wantPrefix := "database: embedded PostgreSQL " + s.version + " in " + o.DataDir + " (port "
	if !strings.HasPrefix(d, wantPrefix) {
		t.Errorf("Describe() = %q, want it to start %q", d, wantPrefix)
	}
	cfg, err := pgx.ParseConfig(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(d, cfg.Password) {
		t.Errorf("Describe() = %q shows the password", d)
	}
	return s
}

func execSQL(t *testing.T, url string, statements ...string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, sql := range statements {
		if _, err := conn.Exec(ctx, sql); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
}

func queryRow(t *testing.T, url, sql string) pgx.Row {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	return conn.QueryRow(ctx, sql)
}

func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != want {
		t.Errorf("%s has mode %v, want %v", path, got, want)
	}
}

// runAsPostgresUser re-executes this test binary as the user postgres, in a
// folder that user owns, and fails when the child fails. Outside CI it skips
// when runuser or that user is missing.
func runAsPostgresUser(t *testing.T) {
	runuser, err := exec.LookPath("runuser")
	if err != nil {
		skipOutsideCI(t, "runuser is missing")
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		skipOutsideCI(t, "no user postgres")
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)

	dir, err := os.MkdirTemp("", "pgserver-embedded-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// The go build folder holding the test binary is root's alone.
	bin := filepath.Join(dir, "pgserver.test")
	copyExecutable(t, bin)
	for _, p := range []string{dir, bin} {
		if err := os.Chown(p, uid, gid); err != nil {
			t.Fatal(err)
		}
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, runuser, "-u", "postgres", "--", bin,
		"-test.run", "^TestEmbeddedAsUser$", "-test.v", "-test.count=1")
	// initdb fails when it cannot read its working folder.
	cmd.Dir = dir
	cmd.Env = append(childEnv(), childDirEnv+"="+dir)
	out, err := cmd.CombinedOutput()
	t.Logf("as user postgres:\n%s", out)
	if err != nil {
		t.Fatalf("child test as user postgres: %v", err)
	}
	if !strings.Contains(string(out), "--- PASS: TestEmbeddedAsUser") {
		t.Fatal("child test did not run")
	}
}

// childEnv returns the environment without coverage output settings, which
// name a folder the child may not write.
func childEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOCOVERDIR=") {
			env = append(env, kv)
		}
	}
	return env
}

func skipOutsideCI(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatal(why)
	}
	t.Skip(why)
}

// copyExecutable copies the running test binary to dst.
func copyExecutable(t *testing.T, dst string) {
	t.Helper()
	src, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o755)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// Where an embedded server would be a mistake (production), Resolve says
// so before touching the data folder, also as root.
func TestResolveRefusesEmbeddedWhenTold(t *testing.T) {
	dir := t.TempDir()
	noServerEnv(t, dir)
	dataDir := filepath.Join(dir, "data")
	refusal := errors.New("not in production")
	_, err := Resolve(context.Background(), Options{DataDir: dataDir, NoEmbedded: refusal})
	if !errors.Is(err, refusal) {
		t.Fatalf("Resolve with NoEmbedded: err = %v, want the refusal", err)
	}
	if !strings.Contains(err.Error(), "no local server answered") {
		t.Errorf("error %q does not say where it looked", err)
	}
	if _, err := os.Stat(dataDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("data folder touched before refusing: stat: %v", err)
	}
}

func TestPostmasterPort(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		pid     string
		want    uint16
		wantErr bool
	}{
		{"4242\n/data\n1700000000\n54321\n\n127.0.0.1\n  1234  5678\nready   \n", 54321, false},
		{"4242\n/data\n", 0, true},
		{"4242\n/data\n1700000000\nx\n", 0, true},
	} {
		os.WriteFile(filepath.Join(dir, "postmaster.pid"), []byte(c.pid), 0o600)
		got, err := postmasterPort(dir)
		if got != c.want || (err != nil) != c.wantErr {
			t.Errorf("postmasterPort(%q) = %d, %v; want %d (error: %v)", c.pid, got, err, c.want, c.wantErr)
		}
	}
}
