package store

import (
	"context"
	"fmt"
	"time"
)

// Throttle counts one event under key and refuses it with a rate_limited
// error when limit events were already counted within window. Refused
// events count too, so hammering keeps the door shut.
func (s *Store) Throttle(ctx context.Context, key string, limit int, window time.Duration) error {
	var n int
	err := s.pool.QueryRow(ctx, `
		WITH ins AS (INSERT INTO rate_events (key) VALUES ($1))
		SELECT count(*) FROM rate_events WHERE key = $1 AND at > now() - make_interval(secs => $2)`,
		key, window.Seconds()).Scan(&n)
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

// recordRateEvents counts one event under each key, and forgets events
// older than a day, so the table stays small.
func recordRateEvents(ctx context.Context, db DBTX, keys ...string) error {
	_, err := db.Exec(ctx, `
		WITH old AS (DELETE FROM rate_events WHERE at < now() - interval '1 day')
		INSERT INTO rate_events (key) SELECT unnest($1::text[])`, keys)
	return err
}
