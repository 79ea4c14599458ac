// Package store is vaconsult's one place for SQL: it reads and writes
// consultations, respondents, responses and the audit log in PostgreSQL
// through pgx, and returns the domain types the rest of the program uses.
package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
)

// DBTX is what a query needs: a pool, a connection or a transaction, so one
// helper serves inside and outside a transaction.
type DBTX interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Store reads and writes vaconsult's data.
type Store struct {
	pool *pgxpool.Pool
	now  func() time.Time
	// queue inserts the message queue's jobs in the store's transactions;
	// the jobs are worked by serve (see app.Mailer).
	queue *river.Client[pgx.Tx]
	// cache keeps consultations in memory: see Consultation.
	cache *consultationCache
	// replica, when set, is where exports read: see UseReplica.
	replica *pgxpool.Pool
}

// Open connects to the database at url. It fails when the URL is invalid or
// the server does not answer.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("store: parse database URL: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	return New(pool), nil
}

// New wraps an open pool.
func New(pool *pgxpool.Pool) *Store {
	// An insert-only client: no queues, no workers, nothing started.
	q, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		panic(fmt.Sprintf("store: message queue: %v", err)) // only a bad configuration fails
	}
	return &Store{pool: pool, now: time.Now, queue: q, cache: &consultationCache{}}
}

// Close closes every connection.
func (s *Store) Close() {
	s.pool.Close()
	if s.replica != nil {
		s.replica.Close()
	}
}

// UseReplica makes exports read from the read replica at url (a hot
// standby of the database), leaving the primary's connections to the
// respondents; the export's entry in the audit log is still written to the
// primary. An export then shows what the replica has replayed, usually a
// fraction of a second behind. It fails when the URL is invalid or the
// replica does not answer.
func (s *Store) UseReplica(ctx context.Context, url string) error {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return fmt.Errorf("store: parse replica URL: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("store: connect to the replica: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return fmt.Errorf("store: connect to the replica: %w", err)
	}
	s.replica = pool
	return nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.pool.Ping(ctx) }

// Pool returns the underlying pool, for tools that need raw access.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// inTx runs fn in a transaction, committing when fn returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}
