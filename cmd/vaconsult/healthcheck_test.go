package main_test

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vaconsult/vaconsult/internal/dbtest"
)

// healthcheck runs `vaconsult healthcheck` with LISTEN_ADDR set to listen
// and returns its exit code and output.
func healthcheck(t *testing.T, listen string) (int, string) {
	t.Helper()
	cmd := exec.Command(binary, "healthcheck")
	cmd.Env = append(os.Environ(), "LISTEN_ADDR="+listen)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			return ee.ExitCode(), string(out)
		}
		t.Fatalf("healthcheck: %v", err)
	}
	return 0, string(out)
}

func TestHealthcheckAsksTheRealServer(t *testing.T) {
	t.Parallel()
	s := startServer(t, dbtest.NewDatabaseURL(t))
	u, _ := url.Parse(s.url)
	if code, out := healthcheck(t, u.Host); code != 0 || !strings.Contains(out, "ready") {
		t.Fatalf("healthcheck of a ready server: exit %d, %q; want 0", code, out)
	}
}

func TestHealthcheckFailsUnlessReady(t *testing.T) {
	t.Parallel()
	var ready atomic.Int32
	ready.Store(http.StatusOK)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/readyz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(int(ready.Load()))
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	// A server listening on every interface is asked on the loopback.
	if code, out := healthcheck(t, "0.0.0.0:"+port); code != 0 {
		t.Fatalf("healthcheck on 0.0.0.0: exit %d, %q; want 0", code, out)
	}
	ready.Store(http.StatusServiceUnavailable)
	if code, out := healthcheck(t, "127.0.0.1:"+port); code != 1 || !strings.Contains(out, "503") {
		t.Fatalf("healthcheck of a server without its database: exit %d, %q; want 1 naming the 503", code, out)
	}
	srv.Close()
	if code, out := healthcheck(t, "127.0.0.1:"+port); code != 1 {
		t.Fatalf("healthcheck with no server: exit %d, %q; want 1", code, out)
	}
}
