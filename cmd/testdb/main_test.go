package main

import (
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
)

// With TEST_DATABASE_URL unset and nothing answering at 127.0.0.1:5432,
// testdb starts one embedded PostgreSQL, hands its URL to the command and
// says so.
//
// The test makes "nothing answers" real with a network namespace of its own
// (where only a fresh loopback exists), and runs testdb there as the
// unprivileged postgres account, since PostgreSQL refuses to run as root.
func TestEmbeddedWhenNothingAnswers(t *testing.T) {
	u := isolationUser(t)
	dir, err := os.MkdirTemp("", "vaconsult-testdb-test")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	os.Chmod(dir, 0o755)
	bin := filepath.Join(dir, "testdb")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	script := `ip link set lo up && exec setpriv --reuid=` + u.Uid + ` --regid=` + u.Gid + ` --clear-groups ` +
		`env -i HOME=/tmp PATH=/usr/bin:/bin ` + bin + ` -- sh -c 'pg_isready -q -d "$TEST_DATABASE_URL" && echo "$TEST_DATABASE_URL"'`
	cmd := exec.Command("unshare", "--net", "sh", "-c", script)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("testdb: %v\n%s", err, stderr.String())
	}
	url := strings.TrimSpace(string(out))
	if !strings.Contains(url, "127.0.0.1") || strings.Contains(url, ":5432/") {
		t.Fatalf("TEST_DATABASE_URL = %q, want an embedded server on another loopback port", url)
	}
	if !strings.Contains(stderr.String(), "tests use embedded PostgreSQL") {
		t.Fatalf("testdb did not say which database the tests use:\n%s", stderr.String())
	}
}

// isolationUser returns the account to run as, or skips outside CI when the
// machine cannot make a network namespace (it needs root).
func isolationUser(t *testing.T) *user.User {
	t.Helper()
	var missing []string
	if os.Geteuid() != 0 {
		missing = append(missing, "root")
	}
	for _, tool := range []string{"unshare", "ip", "setpriv", "pg_isready"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing = append(missing, tool)
		}
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		missing = append(missing, "a postgres account")
	}
	if len(missing) > 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("this test needs %s", strings.Join(missing, ", "))
		}
		t.Skipf("this test needs %s", strings.Join(missing, ", "))
	}
	return u
}
