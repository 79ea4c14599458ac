// Package pgserver finds a PostgreSQL server for vaconsult, so that someone
// with only Go installed can run the server and its tests.
//
// Resolve tries, in order: the server named by DATABASE_URL; the server that
// psql would reach with no arguments; an embedded PostgreSQL that it starts
// itself, from locally installed binaries or from binaries fetched once. With
// Options.Attach, an embedded server another vaconsult already runs on the
// same data folder is used as it is.
package pgserver

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	embeddedpostgres "github.com/fergusstrange/embedded-postgres"
	"github.com/jackc/pgx/v5"
)

// Source says where the database came from.
type Source string

// The places a database can come from, in the order Resolve tries them.
const (
	SourceGiven    Source = "given"    // DATABASE_URL was set
	SourceLocal    Source = "local"    // the server psql would reach with no arguments
	SourceEmbedded Source = "embedded" // an embedded PostgreSQL we started
)

// DefaultDatabase is the database name used when Options.Database is empty.
const DefaultDatabase = "vaconsult"

// ErrRoot is returned when an embedded server is needed but the process runs
// as root: PostgreSQL's initdb and postgres refuse to, and their own message
// does not say what to do instead.
var ErrRoot = errors.New("PostgreSQL refuses to run as root: run vaconsult as a normal user, or set DATABASE_URL to a PostgreSQL server")

// Options says how to find or start a server. The zero value is usable.
type Options struct {
	DatabaseURL string // when set, used as is (Source given); nothing else happens
	Database    string // database name to use on a local or embedded server; default DefaultDatabase
	DataDir     string // embedded data folder; default DefaultDataDir()
	BinDir      string // folder holding initdb, pg_ctl and postgres; default: discovered
	CacheDir    string // where fetched binaries are cached; default os.UserCacheDir()/vaconsult
	Logf        func(format string, args ...any)
	// Attach connects to the embedded server already running on DataDir
	// (another vaconsult's) instead of refusing it, and leaves it running
	// on Close: the administrative commands work beside a running serve.
	Attach bool
	// NoEmbedded, when set, is returned (with where Resolve looked) instead
	// of starting an embedded server: where one would be a mistake, such as
	// in production.
	NoEmbedded error
}

// Server is a PostgreSQL database ready for connections.
type Server struct {
	URL     string // connection string for pgx, naming the database
	Source  Source
	DataDir string // the embedded server's folder; empty for other sources

	where     string // for Describe: "host h:p, database d" and the like, never a password
	version   string // major version of an embedded server
	port      uint32
	attached  bool // an embedded server another process started and stops
	ep        *embeddedpostgres.EmbeddedPostgres
	tmpDir    string   // embedded runtime folder, removed on Close
	logFile   *os.File // DataDir/postgres.log
	tempLog   string   // embedded-postgres's own log file, removed on Close
	closeOnce sync.Once
	closeErr  error
}

// Timeouts for talking to servers that may not be there at all.
const (
	probeTimeout  = 2 * time.Second
	ensureTimeout = 15 * time.Second
)

// Resolve finds or starts a PostgreSQL server as described in the package
// documentation and makes sure the database exists on it. It returns an
// error when DATABASE_URL is set but unusable, when the local server answers
// but the database cannot be created, when Options.NoEmbedded is set and an
// embedded server would be needed (that error), or when no embedded server
// can be started (ErrRoot when running as root).
func Resolve(ctx context.Context, o Options) (*Server, error) {
	o = o.withDefaults()
	if o.DatabaseURL != "" {
		return resolveGiven(ctx, o.DatabaseURL)
	}
	where, answered, s, err := resolveLocal(ctx, o)
	if err == nil || answered {
		return s, err
	}
	o.Logf("pgserver: %s (%v)", probeReason(where, err), err)
	if o.Attach {
		if s, running, err := attachEmbedded(ctx, o); running {
			return s, err
		}
	}
	if o.NoEmbedded != nil {
		return nil, fmt.Errorf("%w (%s)", o.NoEmbedded, probeReason(where, err))
	}
	if os.Geteuid() == 0 {
		// initdb's own refusal would reach the user as a wall of log text;
		// say at once what to do instead.
		return nil, fmt.Errorf("%w (%s)", ErrRoot, probeReason(where, err))
	}
	return StartEmbedded(ctx, o)
}

// resolveGiven uses url as it is, after making sure its database exists.
func resolveGiven(ctx context.Context, url string) (*Server, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	s := &Server{URL: url, Source: SourceGiven, where: describeConfig(cfg)}
	ctx, cancel := context.WithTimeout(ctx, ensureTimeout)
	defer cancel()
	if err := EnsureDatabase(ctx, url); err != nil {
		return nil, fmt.Errorf("DATABASE_URL (%s): %w", s.where, err)
	}
	return s, nil
}

// Describe returns one line saying which database is used and where it
// lives. It never includes a password.
func (s *Server) Describe() string {
	switch s.Source {
	case SourceGiven:
		return fmt.Sprintf("database: given by DATABASE_URL (%s)", s.where)
	case SourceLocal:
		return fmt.Sprintf("database: local PostgreSQL server (%s)", s.where)
	default:
		if s.attached {
			return fmt.Sprintf("database: embedded PostgreSQL %s in %s (port %d), already running for another vaconsult", s.version, s.DataDir, s.port)
		}
		return fmt.Sprintf("database: embedded PostgreSQL %s in %s (port %d)", s.version, s.DataDir, s.port)
	}
}

// Close stops an embedded server, waiting for it to shut down, and removes
// its temporary files; the data folder stays. It does nothing for other
// sources and when called again, and returns the error of the first stop.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		if s.ep == nil {
			return
		}
		s.closeErr = s.ep.Stop()
		s.cleanup()
	})
	return s.closeErr
}

// cleanup removes what an embedded server leaves behind once stopped.
func (s *Server) cleanup() {
	if s.logFile != nil {
		s.logFile.Close()
	}
	if s.tempLog != "" {
		os.Remove(s.tempLog)
	}
	if s.tmpDir != "" {
		os.RemoveAll(s.tmpDir)
	}
}

// withDefaults fills in the empty fields of o.
func (o Options) withDefaults() Options {
	if o.Database == "" {
		o.Database = DefaultDatabase
	}
	if o.DataDir == "" {
		o.DataDir = DefaultDataDir()
	}
	if o.CacheDir == "" {
		if dir, err := os.UserCacheDir(); err == nil {
			o.CacheDir = filepath.Join(dir, "vaconsult")
		} else {
			o.CacheDir = filepath.Join(os.TempDir(), "vaconsult-cache")
		}
	}
	if o.Logf == nil {
		o.Logf = func(string, ...any) {}
	}
	return o
}

// DefaultDataDir returns the folder the embedded server keeps its data in
// when Options.DataDir is empty: $XDG_DATA_HOME/vaconsult/postgres, else
// ~/.local/share/vaconsult/postgres; on macOS and Windows the user's
// application data folder. When no home folder is known it falls back to a
// folder under the current directory.
func DefaultDataDir() string {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		if dir, err := os.UserConfigDir(); err == nil {
			return filepath.Join(dir, "vaconsult", "postgres")
		}
	}
	if dir := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "vaconsult", "postgres")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "vaconsult", "postgres")
	}
	return filepath.Join(".vaconsult", "postgres")
}
