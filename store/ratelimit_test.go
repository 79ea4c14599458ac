package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/internal/dbtest"
)

// TestThrottlePrunesOldEvents: the events self-registrations count are
// forgotten once no limit looks at them any more, so that the table does
// not grow with every address that ever registered.
func TestThrottlePrunesOldEvents(t *testing.T) {
	t.Parallel()
	st := dbtest.NewStore(t)
	ctx := context.Background()
	_, err := st.Pool().Exec(ctx, `INSERT INTO rate_events (key, at) VALUES
		('register:192.0.2.1', now() - interval '3 days'), ('register:192.0.2.2', now() - interval '26 hours'),
		('register:192.0.2.3', now() - interval '10 minutes')`)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Throttle(ctx, "register:192.0.2.9", 5, time.Hour); err != nil {
		t.Fatal(err)
	}
	var keys []string
	rows, _ := st.Pool().Query(ctx, `SELECT key FROM rate_events ORDER BY key`)
	for rows.Next() {
		var k string
		rows.Scan(&k)
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{"register:192.0.2.3", "register:192.0.2.9"}
	if len(keys) != len(want) || keys[0] != want[0] || keys[1] != want[1] {
		t.Errorf("rate events after Throttle = %q, want %q: events older than a day are pruned", keys, want)
	}
}
