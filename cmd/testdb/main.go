// Command testdb runs a command, usually the tests, with TEST_DATABASE_URL
// set to a PostgreSQL database, so that the tests run on a machine with only
// Go installed:
//
//	go run ./cmd/testdb -- go test ./...
//
// It uses TEST_DATABASE_URL when set; else the server at 127.0.0.1:5432 as
// user postgres when it answers within 2 seconds; else one embedded server
// for the whole run, with its data in a temporary folder removed at exit. It
// exits with the command's exit code, or 1 when no database can be had.
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/vaconsult/vaconsult/pgserver"
)

// defaultURL is the server the project's machines and CI run.
const defaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

func main() {
	os.Exit(run(os.Args[1:]))
}

// run returns the exit code: the command's, 1 when no database can be had,
// 2 on bad usage.
func run(args []string) int {
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		fmt.Fprintln(os.Stderr, "usage: testdb [--] command [argument...]")
		return 2
	}
	// Caught from the start: dying while the embedded server starts would
	// leave it running, since pg_ctl puts it in a session of its own.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(signals)

	db, err := pickDatabase()
	if err != nil {
		fmt.Fprintf(os.Stderr, "testdb: %v\n", err)
		return 1
	}
	defer db.close()
	select {
	case sig := <-signals:
		return 128 + int(sig.(syscall.Signal))
	default:
	}
	fmt.Fprintf(os.Stderr, "testdb: %s\n", db.why)
	return runCommand(args, db.url, signals)
}

// testDB is the database the tests will use.
type testDB struct {
	url   string
	why   string // which database and why, without a password
	close func()
}

// pickDatabase returns the database for this run. It returns an error when
// none answers and no embedded server can start, as when running as root.
func pickDatabase() (*testDB, error) {
	if url := os.Getenv("TEST_DATABASE_URL"); url != "" {
		return &testDB{url: url, why: "tests use TEST_DATABASE_URL (" + describe(url) + ")", close: func() {}}, nil
	}
	err := ping(defaultURL)
	if err == nil {
		why := "tests use the PostgreSQL server at 127.0.0.1:5432 (user postgres, database postgres), as TEST_DATABASE_URL is unset"
		return &testDB{url: defaultURL, why: why, close: func() {}}, nil
	}
	return startEmbedded(pingReason(err))
}

// startEmbedded starts one embedded server in a temporary folder; reason
// says why the server at 127.0.0.1:5432 was not used. It returns an error
// when the server does not start.
func startEmbedded(reason string) (*testDB, error) {
	dir, err := os.MkdirTemp("", "vaconsult-testdb-")
	if err != nil {
		return nil, err
	}
	logf := func(format string, args ...any) { fmt.Fprintf(os.Stderr, "testdb: "+format+"\n", args...) }
	srv, err := pgserver.StartEmbedded(context.Background(), pgserver.Options{Database: "postgres", DataDir: dir, Logf: logf})
	if err != nil {
		os.RemoveAll(dir)
		if errors.Is(err, pgserver.ErrRoot) {
			return nil, fmt.Errorf("no database for the tests: TEST_DATABASE_URL is unset, %s, and PostgreSQL refuses to run as root, so no embedded server can start. Set TEST_DATABASE_URL, start PostgreSQL on 127.0.0.1:5432, or run as a normal user", reason)
		}
		return nil, fmt.Errorf("no database for the tests: TEST_DATABASE_URL is unset, %s, and the embedded server did not start: %w", reason, err)
	}
	why := fmt.Sprintf("tests use %s, as TEST_DATABASE_URL is unset and %s", strings.TrimPrefix(srv.Describe(), "database: "), reason)
	closeAll := func() {
		if err := srv.Close(); err != nil {
			fmt.Fprintf(os.Stderr, "testdb: stop embedded PostgreSQL: %v\n", err)
		}
		os.RemoveAll(dir)
	}
	return &testDB{url: srv.URL, why: why, close: closeAll}, nil
}

// ping returns nil when url's server accepts a connection within 2 seconds.
func ping(url string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return err
	}
	return conn.Close(ctx)
}

// pingReason says in a few words why the server at 127.0.0.1:5432 was not
// used.
func pingReason(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return "the server at 127.0.0.1:5432 refused user postgres (" + pgErr.Message + ")"
	}
	return "nothing answered at 127.0.0.1:5432 within 2s"
}

// describe returns the host and database url names, leaving out user and
// password.
func describe(url string) string {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return "unparsable"
	}
	host := "host " + net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
	if strings.HasPrefix(cfg.Host, "/") {
		host = "socket " + cfg.Host
	}
	return host + ", database " + cfg.Database
}

// runCommand runs args with TEST_DATABASE_URL set to url, passing on the
// signals that arrive meanwhile, and returns its exit code: 128 plus the
// signal number when a signal ended it, 127 when it did not start.
func runCommand(args []string, url string, signals <-chan os.Signal) int {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	// The last value of a repeated variable wins.
	cmd.Env = append(os.Environ(), "TEST_DATABASE_URL="+url)
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "testdb: %v\n", err)
		return 127
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case sig := <-signals:
				cmd.Process.Signal(sig)
			case <-done:
				return
			}
		}
	}()
	err := cmd.Wait()
	close(done)
	return exitCode(err)
}

// exitCode returns the exit code a shell would report for err from Wait.
func exitCode(err error) int {
	var exitErr *exec.ExitError
	if err == nil {
		return 0
	}
	if !errors.As(err, &exitErr) {
		return 1
	}
	if ws, ok := exitErr.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return exitErr.ExitCode()
}
