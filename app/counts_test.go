package app_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/internal/dbtest"
)

// TestCountsFolderFoldsOnStart checks that a server without email still
// folds the summary's counts: rows appended for one key become one row.
func TestCountsFolderFoldsOnStart(t *testing.T) {
	t.Parallel()
	st := dbtest.NewStore(t)
	ctx := context.Background()
	if _, err := st.Pool().Exec(ctx, `INSERT INTO rate_counts (consultation_id, audience, kind, country, verified, progress, n)
		SELECT 1, 'survivors', 'organisation', 'KH', true, 'invited', n FROM (VALUES (1), (1), (1), (-1)) v(n)`); err != nil {
		t.Fatal(err)
	}
	client, err := app.NewCountsFolder(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if err := client.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer client.Stop(context.Background()) //nolint:errcheck // the test is over
	deadline := time.Now().Add(30 * time.Second)
	for {
		var rows, n int
		if err := st.Pool().QueryRow(ctx, `SELECT count(*), coalesce(sum(n), 0) FROM rate_counts`).Scan(&rows, &n); err != nil {
			t.Fatal(err)
		}
		if rows == 1 && n == 2 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 30 s, %d rows adding up to %d; want 1 row of 2", rows, n)
		}
		time.Sleep(200 * time.Millisecond)
	}
}
