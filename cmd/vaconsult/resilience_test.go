package main_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Nothing acknowledged is lost, whatever dies. The real binary serves a
// private PostgreSQL cluster that the test starts itself; respondents save
// and submit without pause while the test kills the server (SIGKILL),
// stops PostgreSQL at once (pg_ctl -m immediate) and kills the postmaster
// (SIGKILL), restarting each. Every save and submission the server
// acknowledged must then be in the database with its exact content, and
// the server, never restarted for PostgreSQL's outages, must be saving
// again once PostgreSQL is back. The figures are in the README.
func TestResilienceNothingAcknowledgedIsLost(t *testing.T) {
	t.Parallel()
	pg := startCluster(t)
	srv := startServer(t, pg.url("vaconsult"))
	load := newLoad(t, srv.url, 12)
	load.start()

	var fig resilienceFigures
	time.Sleep(1500 * time.Millisecond)

	// The server dies mid-save, and a new one starts on the same database.
	srv.cmd.Process.Kill()
	<-srv.done
	killed := time.Now()
	srv = startServer(t, pg.url("vaconsult"))
	load.setURL(srv.url)
	fig.serverKill = load.waitForAck(t, killed)
	time.Sleep(1500 * time.Millisecond)

	// PostgreSQL stops at once, as on a power cut of its machine, then
	// comes back; the same server goes on.
	load.statusesSince()
	pg.ctl(t, "stop", "-m", "immediate")
	time.Sleep(time.Second)
	fig.outageStatuses = load.statusesSince()
	began := time.Now()
	pg.ctl(t, "start", "-w", "-t", "30")
	back := time.Now()
	fig.immediateStart, fig.immediateStop = back.Sub(began), load.waitForAck(t, back)
	time.Sleep(1500 * time.Millisecond)

	// The postmaster itself is killed; its backends die with it, and a new
	// one recovers from the write-ahead log.
	pg.killPostmaster(t)
	time.Sleep(500 * time.Millisecond)
	began = time.Now()
	pg.startAfterCrash(t)
	back = time.Now()
	fig.crashStart, fig.postmasterKill = back.Sub(began), load.waitForAck(t, back)
	time.Sleep(time.Second)
	load.stop()

	select {
	case err := <-srv.done:
		t.Fatalf("the server exited while PostgreSQL was away (%v): it must wait for it", err)
	default:
	}
	if r := getStatus(t, srv.url+"/readyz"); r != http.StatusOK {
		t.Errorf("/readyz after the outages = %d, want 200", r)
	}
	fig.saves, fig.submissions = load.acked()
	fig.lost = load.verify(t, pg.url("vaconsult"))
	t.Logf("resilience: %s", fig)
	if fig.saves < 100 || fig.submissions < 10 {
		t.Errorf("only %d saves and %d submissions were acknowledged: the load did not run", fig.saves, fig.submissions)
	}
}

type resilienceFigures struct {
	saves, submissions, lost                  int
	serverKill, immediateStop, postmasterKill time.Duration // to the first acknowledgement
	immediateStart, crashStart                time.Duration // PostgreSQL's own start, with its recovery
	outageStatuses                            map[string]int
}

func (f resilienceFigures) String() string {
	return fmt.Sprintf("%d acknowledged saves and %d submissions, %d lost; first acknowledgement %.2f s after the server's SIGKILL "+
		"(its restart included); after an immediate stop PostgreSQL started in %.2f s and the first acknowledgement came %.2f s later; "+
		"after its postmaster's SIGKILL it started in %.2f s (retries included) and the first acknowledgement came %.2f s later; "+
		"answers while it was down: %v",
		f.saves, f.submissions, f.lost, f.serverKill.Seconds(), f.immediateStart.Seconds(), f.immediateStop.Seconds(),
		f.crashStart.Seconds(), f.postmasterKill.Seconds(), f.outageStatuses)
}

// cluster is a PostgreSQL cluster of the test's own, in a temporary folder,
// run as an unprivileged user when the test runs as root (PostgreSQL
// refuses root).
type cluster struct {
	bin, dir, sock string
	port           int
	as             *user.User
}

func startCluster(t *testing.T) *cluster {
	t.Helper()
	bin := pgBinDir(t)
	root, err := os.MkdirTemp("", "vaconsult-resilience")
	if err != nil {
		t.Fatal(err)
	}
	c := &cluster{bin: bin, dir: filepath.Join(root, "data"), sock: root, port: freePort(t), as: newcomerUser(t)}
	chownAll(t, root, c.as)
	t.Cleanup(func() {
		c.run(context.Background(), "pg_ctl", "stop", "-D", c.dir, "-m", "immediate")
		os.RemoveAll(root)
	})
	if out, err := c.run(context.Background(), "initdb", "-D", c.dir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-instructions"); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	conf := fmt.Sprintf("\nport = %d\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '%s'\nmax_connections = 50\n",
		c.port, c.sock)
	f, err := os.OpenFile(filepath.Join(c.dir, "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(conf)
	f.Close()
	c.ctl(t, "start", "-w", "-t", "30")
	return c
}

// pgBinDir finds initdb and pg_ctl as the embedded server does, or skips
// (fails under CI).
func pgBinDir(t *testing.T) string {
	t.Helper()
	var dirs []string
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(found)))
	for _, d := range append(dirs, found...) {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("the resilience test needs PostgreSQL's initdb and pg_ctl")
	}
	t.Skip("no PostgreSQL server programs (initdb, pg_ctl) on this machine")
	return ""
}

func (c *cluster) url(db string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", c.port, db)
}

// run runs one of PostgreSQL's programs as the cluster's user.
func (c *cluster) run(ctx context.Context, prog string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, prog), args...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LC_ALL=C.UTF-8"}
	if c.as != nil {
		uid, _ := strconv.Atoi(c.as.Uid)
		gid, _ := strconv.Atoi(c.as.Gid)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	}
	return cmd.CombinedOutput()
}

func (c *cluster) ctl(t *testing.T, action string, args ...string) {
	t.Helper()
	all := append([]string{action, "-D", c.dir, "-l", filepath.Join(c.sock, "postgres.log")}, args...)
	if out, err := c.run(context.Background(), "pg_ctl", all...); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.sock, "postgres.log"))
		t.Fatalf("pg_ctl %s: %v\n%s\n%s", action, err, out, log)
	}
}

// killPostmaster sends SIGKILL to the postmaster, whose pid is the first
// line of postmaster.pid.
func (c *cluster) killPostmaster(t *testing.T) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
}

// startAfterCrash starts PostgreSQL again after its postmaster was killed:
// until the orphaned backends have noticed and left, the shared memory is
// in use and the new postmaster refuses, so it tries again.
func (c *cluster) startAfterCrash(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		out, err := c.run(context.Background(), "pg_ctl", "start", "-w", "-t", "30", "-D", c.dir, "-l", filepath.Join(c.sock, "postgres.log"))
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("PostgreSQL did not start again after its postmaster was killed: %v\n%s", err, out)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func getStatus(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
