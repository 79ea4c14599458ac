// Package dbtest gives each test a database of its own on the test
// PostgreSQL server, cloned from a template that is migrated once per schema,
// so test packages can run in parallel and commit freely.
package dbtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/migrations"
	"github.com/vaconsult/vaconsult/refdata"
	"github.com/vaconsult/vaconsult/store"
)

// DefaultURL is the server tests use when TEST_DATABASE_URL is unset.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// ServerURL returns the URL of the test server's maintenance database.
func ServerURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultURL
}

// withDatabase returns ServerURL with its database replaced by name.
func withDatabase(name string) string {
	u, err := url.Parse(ServerURL())
	if err != nil || u.Scheme == "" {
		panic(fmt.Sprintf("TEST_DATABASE_URL must be a postgres:// URL: %v", err))
	}
	u.Path = "/" + name
	return u.String()
}

// NewDatabase creates a migrated database for t, with the reference data
// loaded, and drops it when t ends. It returns its URL.
func NewDatabase(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	admin, err := pgx.Connect(ctx, ServerURL())
	if err != nil {
		t.Fatalf("connect to the test PostgreSQL server at %s: %v (set TEST_DATABASE_URL)", redact(ServerURL()), err)
	}
	defer admin.Close(ctx)
	tmpl, err := ensureTemplate(ctx, admin)
	if err != nil {
		t.Fatalf("template database: %v", err)
	}
	name := "vaconsult_test_" + randomSuffix()
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+ident(name)+" TEMPLATE "+ident(tmpl)); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() { dropDatabase(t, name) })
	return withDatabase(name)
}

// NewStore opens a store on a new test database and closes it when t ends.
func NewStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), NewDatabase(t))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(st.Close)
	return st
}

func dropDatabase(t testing.TB, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := pgx.Connect(ctx, ServerURL())
	if err != nil {
		t.Logf("drop test database: %v", err)
		return
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+ident(name)+" WITH (FORCE)"); err != nil {
		t.Logf("drop test database: %v", err)
	}
}

// ensureTemplate creates, once per schema and reference data, a migrated
// template database. An advisory lock keeps parallel test packages from
// building it twice.
func ensureTemplate(ctx context.Context, admin *pgx.Conn) (string, error) {
	name := "vaconsult_tmpl_" + schemaHash()
	if _, err := admin.Exec(ctx, "SELECT pg_advisory_lock(4815162342)"); err != nil {
		return "", err
	}
	defer admin.Exec(ctx, "SELECT pg_advisory_unlock(4815162342)") //nolint:errcheck
	var exists bool
	if err := admin.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	building := name + "_building"
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+ident(building)+" WITH (FORCE)"); err != nil {
		return "", err
	}
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+ident(building)); err != nil {
		return "", err
	}
	if err := prepare(ctx, withDatabase(building)); err != nil {
		return "", err
	}
	// Renamed only when complete, so a failed build is never used.
	if _, err := admin.Exec(ctx, "ALTER DATABASE "+ident(building)+" RENAME TO "+ident(name)); err != nil {
		return "", err
	}
	return name, nil
}

func prepare(ctx context.Context, url string) error {
	m, err := migrations.New(url)
	if err != nil {
		return err
	}
	err = m.Up()
	if cerr := m.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	st, err := store.Open(ctx, url)
	if err != nil {
		return err
	}
	defer st.Close()
	countries, err := refdata.StatesParties()
	if err != nil {
		return err
	}
	_, err = st.LoadCountries(ctx, countries)
	return err
}

// schemaHash names the template after the migrations and reference data, so
// a changed schema gets a new template instead of a stale one.
func schemaHash() string {
	h := sha256.New()
	fs.WalkDir(migrations.Files, ".", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := fs.ReadFile(migrations.Files, path)
			h.Write([]byte(path))
			h.Write(b)
		}
		return nil
	})
	countries, _ := refdata.StatesParties()
	fmt.Fprint(h, countries)
	return hex.EncodeToString(h.Sum(nil))[:12]
}

func randomSuffix() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func ident(s string) string { return pgx.Identifier{s}.Sanitize() }

func redact(u string) string {
	if p, err := url.Parse(u); err == nil {
		return p.Redacted()
	}
	return "(unparseable URL)"
}

// NewDatabaseURL returns the URL of a database that does not exist yet on
// the test server, for tests of programs that create their own; it is
// dropped when t ends.
func NewDatabaseURL(t testing.TB) string {
	t.Helper()
	name := "vaconsult_test_" + randomSuffix()
	t.Cleanup(func() { dropDatabase(t, name) })
	return withDatabase(name)
}
