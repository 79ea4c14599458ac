// Package migrations holds the database schema as golang-migrate SQL files,
// embedded in the binary, and applies them, together with the tables of the
// message queue (River's own migrations, at the version this binary uses).
package migrations

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/golang-migrate/migrate/v4"
	_ "github.com/golang-migrate/migrate/v4/database/pgx/v5" // registers pgx5://
	"github.com/golang-migrate/migrate/v4/source/iofs"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// Files holds the SQL migrations.
//
//go:embed *.sql
var Files embed.FS

// Status describes the schema of a database.
type Status struct {
	Version uint // 0 when no migration has run
	Dirty   bool // a migration failed half-way
	Latest  uint // the newest version this binary knows
	// QueuePending: the message queue's tables are missing or older than
	// this binary's.
	QueuePending bool
}

// Pending reports whether migrations remain to be applied.
func (s Status) Pending() bool { return s.Version < s.Latest || s.QueuePending }

// Migrator applies the embedded migrations to one database.
type Migrator struct {
	m      *migrate.Migrate
	url    string
	latest uint
}

// New opens a migrator on the database at url (a postgres:// URL or a
// keyword/value connection string understood by pgx). It fails when the
// database cannot be reached.
func New(url string) (*Migrator, error) {
	src, err := iofs.New(Files, ".")
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	m, err := migrate.NewWithSourceInstance("iofs", src, pgx5URL(url))
	if err != nil {
		return nil, fmt.Errorf("migrations: open database: %w", err)
	}
	latest, err := latestVersion()
	if err != nil {
		return nil, err
	}
	return &Migrator{m: m, url: url, latest: latest}, nil
}

// pgx5URL rewrites a postgres:// URL to the scheme golang-migrate's pgx v5
// driver registers.
func pgx5URL(url string) string {
	for _, p := range []string{"postgres://", "postgresql://"} {
		if strings.HasPrefix(url, p) {
			return "pgx5://" + strings.TrimPrefix(url, p)
		}
	}
	return url
}

func latestVersion() (uint, error) {
	src, err := iofs.New(Files, ".")
	if err != nil {
		return 0, err
	}
	defer src.Close()
	v, err := src.First()
	if err != nil {
		return 0, fmt.Errorf("migrations: %w", err)
	}
	for {
		next, err := src.Next(v)
		if err != nil {
			return v, nil
		}
		v = next
	}
}

// Status returns the schema version of the database.
func (mg *Migrator) Status() (Status, error) {
	v, dirty, err := mg.m.Version()
	if errors.Is(err, migrate.ErrNilVersion) {
		return Status{Latest: mg.latest}, nil
	}
	if err != nil {
		return Status{}, fmt.Errorf("migrations: read version: %w", err)
	}
	st := Status{Version: v, Dirty: dirty, Latest: mg.latest}
	err = mg.withQueue(func(ctx context.Context, rm *rivermigrate.Migrator[pgx.Tx]) error {
		res, err := rm.Validate(ctx, nil)
		if err != nil {
			return err
		}
		st.QueuePending = !res.OK
		return nil
	})
	if err != nil {
		return Status{}, fmt.Errorf("migrations: read the message queue's version: %w", err)
	}
	return st, nil
}

// withQueue runs fn with River's migrator on this database.
func (mg *Migrator) withQueue(fn func(context.Context, *rivermigrate.Migrator[pgx.Tx]) error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	pool, err := pgxpool.New(ctx, mg.url)
	if err != nil {
		return err
	}
	defer pool.Close()
	rm, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return err
	}
	return fn(ctx, rm)
}

// Up applies every pending migration. It refuses a dirty schema or one newer
// than this binary, with a message that says what to do.
func (mg *Migrator) Up() error {
	st, err := mg.Status()
	if err != nil {
		return err
	}
	if err := st.check(); err != nil {
		return err
	}
	if err := mg.m.Up(); err != nil && !errors.Is(err, migrate.ErrNoChange) {
		return fmt.Errorf("migrations: up: %w", err)
	}
	err = mg.withQueue(func(ctx context.Context, rm *rivermigrate.Migrator[pgx.Tx]) error {
		_, err := rm.Migrate(ctx, rivermigrate.DirectionUp, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("migrations: the message queue's tables: %w", err)
	}
	return nil
}

// Down reverts the most recent migration.
func (mg *Migrator) Down() error {
	if err := mg.m.Steps(-1); err != nil {
		if errors.Is(err, migrate.ErrNoChange) || errors.Is(err, migrate.ErrNilVersion) {
			return nil
		}
		return fmt.Errorf("migrations: down: %w", err)
	}
	return nil
}

// Close releases the migrator's connection.
func (mg *Migrator) Close() error {
	srcErr, dbErr := mg.m.Close()
	return errors.Join(srcErr, dbErr)
}

// ErrSchema is returned for a schema the binary must not touch.
var ErrSchema = errors.New("database schema")

func (s Status) check() error {
	if s.Dirty {
		return fmt.Errorf("%w is dirty at version %d: a migration failed half-way. "+
			"Repair the database by hand (or restore a backup), then mark the version with "+
			"golang-migrate's force command and start again", ErrSchema, s.Version)
	}
	if s.Version > s.Latest {
		return fmt.Errorf("%w is at version %d, newer than this binary knows (%d): "+
			"run the newer vaconsult release, or migrate down with it first", ErrSchema, s.Version, s.Latest)
	}
	return nil
}

// Check returns an error when the schema is dirty or newer than this binary.
func (s Status) Check() error { return s.check() }
