package web_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The walks that must hold on what is deployed drive the browser against
// the real binary, built once for the package, rather than the handler
// in-process: its configuration, its background jobs and its command line
// are part of what they test.

var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
)

// vaconsultBinary builds cmd/vaconsult once and returns its path.
func vaconsultBinary(t *testing.T) string {
	t.Helper()
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "vaconsult-bin")
		if err != nil {
			binaryErr = err
			return
		}
		binaryPath = filepath.Join(dir, "vaconsult")
		if out, err := exec.Command("go", "build", "-o", binaryPath, "../cmd/vaconsult").CombinedOutput(); err != nil {
			binaryErr = fmt.Errorf("build vaconsult: %v\n%s", err, out)
		}
	})
	if binaryErr != nil {
		t.Fatal(binaryErr)
	}
	return binaryPath
}

// realServer is `vaconsult serve` on a port of its own choosing.
type realServer struct {
	t     *testing.T
	bin   string
	URL   string
	dbURL string
}

// startReal starts `vaconsult serve` on the database at dbURL with env
// added to its environment, and stops it at the end of the test.
func startReal(t *testing.T, dbURL string, env ...string) *realServer {
	t.Helper()
	s := &realServer{t: t, bin: vaconsultBinary(t), dbURL: dbURL}
	cmd := exec.Command(s.bin, "serve")
	cmd.Env = append(append(os.Environ(), "DATABASE_URL="+dbURL, "LISTEN_ADDR=127.0.0.1:0", "BASE_URL="), env...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	found := make(chan string, 1)
	go func() {
		lines := bufio.NewScanner(stdout)
		for lines.Scan() {
			if _, u, ok := strings.Cut(lines.Text(), "serving at "); ok {
				found <- u
			}
		}
	}()
	select {
	case s.URL = <-found:
	case <-time.After(budget(time.Minute)):
		t.Fatalf("vaconsult serve did not start:\n%s", stderr.String())
	}
	return s
}

// cli runs a vaconsult command on the server's database and returns what
// it printed; a failure ends the test.
func (s *realServer) cli(args ...string) string {
	s.t.Helper()
	cmd := exec.Command(s.bin, args...)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+s.dbURL, "BASE_URL="+s.URL)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		s.t.Fatalf("vaconsult %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return string(out)
}
