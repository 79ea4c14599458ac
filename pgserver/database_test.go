package pgserver

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// defaultTestURL is the server the project's machines run; TEST_DATABASE_URL
// overrides it.
const defaultTestURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// mustTestServer returns the URL of a running server for tests that need
// one. Outside CI it skips the test when none answers; in CI a missing server
// is a failure.
func mustTestServer(t *testing.T) string {
	t.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		base = defaultTestURL
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no test database: %v", err)
		}
		t.Skipf("no test database (set TEST_DATABASE_URL): %v", err)
	}
	conn.Close(ctx)
	return base
}

// withDatabase returns base with its database replaced by name.
func withDatabase(t *testing.T, base, name string) string {
	t.Helper()
	if !strings.HasPrefix(base, "postgres://") && !strings.HasPrefix(base, "postgresql://") {
		return base + " dbname=" + name
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// uniqueName returns a database name no other test run uses; the capital and
// hyphen make sure the name is quoted.
func uniqueName(prefix string) string {
	return fmt.Sprintf("pgserver_%s-T%d", prefix, time.Now().UnixNano())
}

// dropAtCleanup drops database name on the server base points at when the
// test ends.
func dropAtCleanup(t *testing.T, base, name string) {
	t.Helper()
	t.Cleanup(func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("drop %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("drop %s: %v", name, err)
		}
	})
}

// countDatabases returns how many databases are called name.
func countDatabases(t *testing.T, base, name string) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, "SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEnsureDatabaseCreatesOnceAndIsIdempotent(t *testing.T) {
	base := mustTestServer(t)
	name := uniqueName("ensure")
	dropAtCleanup(t, base, name)
	target := withDatabase(t, base, name)
	ctx := context.Background()

	if got := countDatabases(t, base, name); got != 0 {
		t.Fatalf("before: %d databases named %q, want 0", got, name)
	}
	for i := range 2 {
		if err := EnsureDatabase(ctx, target); err != nil {
			t.Fatalf("EnsureDatabase call %d: %v", i+1, err)
		}
	}
	if got := countDatabases(t, base, name); got != 1 {
		t.Fatalf("after: %d databases named %q, want 1", got, name)
	}
	conn, err := pgx.Connect(ctx, target)
	if err != nil {
		t.Fatalf("connect to created database: %v", err)
	}
	conn.Close(ctx)
}

func TestEnsureDatabaseReportsUnreachableServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := EnsureDatabase(ctx, "postgres://nobody:secret@127.0.0.1:1/x?sslmode=disable")
	if err == nil {
		t.Fatal("EnsureDatabase on a closed port succeeded")
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("error shows the password: %v", err)
	}
}

func TestResolveGivenUsesURLAsIs(t *testing.T) {
	base := mustTestServer(t)
	name := uniqueName("given")
	dropAtCleanup(t, base, name)
	given := withDatabase(t, base, name)

	s, err := Resolve(context.Background(), Options{DatabaseURL: given, DataDir: t.TempDir()})
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	defer s.Close()
	if got, want := s.Source, SourceGiven; got != want {
		t.Errorf("Source = %q, want %q", got, want)
	}
	if s.URL != given {
		t.Errorf("URL = %q, want it as given", s.URL)
	}
	d := s.Describe()
	if !strings.HasPrefix(d, "database: given by DATABASE_URL (") || !strings.Contains(d, "database "+name+")") {
		t.Errorf("Describe() = %q", d)
	}
	if got := countDatabases(t, base, name); got != 1 {
		t.Errorf("%d databases named %q, want 1", got, name)
	}
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
}

func TestDescribeGivenHidesPassword(t *testing.T) {
	cfg, err := pgx.ParseConfig("postgres://u:hunter2@db.example:6543/app")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Source: SourceGiven, where: describeConfig(cfg)}
	if got, want := s.Describe(), "database: given by DATABASE_URL (host db.example:6543, database app)"; got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
}

// TestResolveLocalUsesPGEnvironment points the PG* variables at the test
// server, as a user whose psql reaches it with no arguments would have them.
func TestResolveLocalUsesPGEnvironment(t *testing.T) {
	base := mustTestServer(t)
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("PGHOST", cfg.Host)
	t.Setenv("PGPORT", fmt.Sprint(cfg.Port))
	t.Setenv("PGUSER", cfg.User)
	t.Setenv("PGPASSWORD", cfg.Password)
	t.Setenv("PGDATABASE", "")
	name := uniqueName("local")
	dropAtCleanup(t, base, name)

	s, err := Resolve(context.Background(), Options{Database: name, DataDir: t.TempDir()})
	if err != nil {
		t.Fatalf("Resolve: %v", err)
	}
	defer s.Close()
	if got, want := s.Source, SourceLocal; got != want {
		t.Fatalf("Source = %q, want %q", got, want)
	}
	want := fmt.Sprintf("database: local PostgreSQL server (%s, database %s)", describeHost(cfg), name)
	if got := s.Describe(); got != want {
		t.Errorf("Describe() = %q, want %q", got, want)
	}
	if cfg.Password != "" && strings.Contains(s.URL, cfg.Password) {
		t.Errorf("URL %q holds the password from the environment", s.URL)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, s.URL)
	if err != nil {
		t.Fatalf("connect to %s: %v", s.URL, err)
	}
	conn.Close(ctx)
}

func TestConnURLRoundTrips(t *testing.T) {
	// Keep a password from the environment out of the parsed results.
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", "/nonexistent")
	cases := []endpoint{
		{host: "/var/run/postgresql", port: 5432, user: "alice", database: "vaconsult"},
		{host: "::1", port: 5433, user: "bob", password: "p@ss/w:rd", database: "my db"},
		{host: "127.0.0.1", port: 41234, user: "vaconsult", password: "x", database: "vaconsult"},
	}
	for _, e := range cases {
		u := connURL(e, nil)
		cfg, err := pgx.ParseConfig(u)
		if err != nil {
			t.Errorf("ParseConfig(%q): %v", u, err)
			continue
		}
		got := endpointOf(cfg)
		got.password = cfg.Password
		if got != e {
			t.Errorf("connURL(%+v) = %q, parses back as %+v", e, u, got)
		}
	}
}
