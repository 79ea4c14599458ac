package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// rateLockClass sets the rate limits' advisory locks apart from any other
// advisory lock taken on the database ("rate" in ASCII).
const rateLockClass = 0x72617465

// Throttle counts one event under key and refuses it with a rate_limited
// error when limit events were already counted within window. Refused
// events count too, so hammering keeps the door shut.
func (s *Store) Throttle(ctx context.Context, key string, limit int, window time.Duration) error {
	var n int
	err := s.withRateKeysLocked(ctx, []string{key}, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `
			WITH ins AS (INSERT INTO rate_events (key) VALUES ($1))
			SELECT count(*) FROM rate_events WHERE key = $1 AND at > now() - make_interval(secs => $2)`,
			key, window.Seconds()).Scan(&n)
	})
	if err != nil {
		return fmt.Errorf("throttle: %w", err)
	}
	if n >= limit {
		return Errorf(KindRateLimited, "too_many_requests",
			"Too many attempts from here. Wait %s, then try again.", describeWait(window))
	}
	return nil
}

func describeWait(d time.Duration) string {
	if d >= time.Hour {
		return fmt.Sprintf("%d hour(s)", int(d.Hours()))
	}
	return fmt.Sprintf("%d minutes", int(d.Minutes()))
}

// withRateKeysLocked runs fn in a transaction that holds a lock on each
// key until it ends. Counting and then recording is two steps: without
// the lock, parallel callers would all count before any of them recorded,
// and all pass. Keys are locked in one order, so that two callers never
// wait on each other.
func (s *Store) withRateKeysLocked(ctx context.Context, keys []string, fn func(tx pgx.Tx) error) error {
	keys = slices.Sorted(slices.Values(keys))
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for _, k := range keys {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, rateLockClass, k); err != nil {
				return err
			}
		}
		return fn(tx)
	})
}

// releaseRateEvents takes back one event under each key, counted at at by
// reserveSignIn.
func (s *Store) releaseRateEvents(ctx context.Context, keys []string, at time.Time) error {
	_, err := s.pool.Exec(ctx, `
		DELETE FROM rate_events WHERE ctid IN (
			SELECT DISTINCT ON (key) ctid FROM rate_events WHERE key = ANY($1) AND at = $2)`, keys, at)
	return err
}
