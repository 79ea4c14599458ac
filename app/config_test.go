package app

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/internal/dbtest"
)

func TestPoolSizeFromEnvironment(t *testing.T) {
	t.Setenv("DATABASE_POOL_SIZE", "12")
	t.Setenv("EXPORT_CONCURRENCY", "3")
	c := ConfigFromEnv()
	if err := c.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if c.PoolSize != 12 || c.ExportConcurrency != 3 {
		t.Fatalf("pool size %d, exports %d; want 12 and 3", c.PoolSize, c.ExportConcurrency)
	}
	for _, bad := range []string{"0", "-1", "ten"} {
		t.Setenv("DATABASE_POOL_SIZE", bad)
		c := ConfigFromEnv()
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "DATABASE_POOL_SIZE") {
			t.Errorf("DATABASE_POOL_SIZE=%s: Validate = %v, want an error naming it", bad, err)
		}
	}
}

func TestWithPoolSize(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"postgres://u@db:5432/app?sslmode=disable", 10, "postgres://u@db:5432/app?pool_max_conns=10&sslmode=disable"},
		{"postgres://u@db/app?pool_max_conns=4", 10, "postgres://u@db/app?pool_max_conns=10"},
		{"host=db dbname=app", 6, "host=db dbname=app pool_max_conns=6"},
		{"postgres://u@db/app?pool_max_conns=4", 0, "postgres://u@db/app?pool_max_conns=4"},
	}
	for _, tt := range tests {
		if got := withPoolSize(tt.in, tt.n); got != tt.want {
			t.Errorf("withPoolSize(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// Exports hold a connection each while they stream: a pool no larger than
// the number of exports at once would leave none for saves.
func TestPoolSizeReachesThePoolAndBoundsExports(t *testing.T) {
	t.Parallel()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	url := dbtest.NewDatabaseURL(t)
	a, err := Open(context.Background(), Config{DatabaseURL: url, ListenAddr: DefaultListenAddr, LogFormat: "text",
		PoolSize: 7, ExportConcurrency: 3}, logger)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	got := a.Store.Pool().Config().MaxConns
	a.Close()
	if got != 7 {
		t.Fatalf("pool size = %d, want 7", got)
	}
	_, err = Open(context.Background(), Config{DatabaseURL: url, ListenAddr: DefaultListenAddr, LogFormat: "text",
		PoolSize: 3, ExportConcurrency: 3}, logger)
	if err == nil || !strings.Contains(err.Error(), "EXPORT_CONCURRENCY") {
		t.Fatalf("Open with as many exports as connections = %v, want an error naming EXPORT_CONCURRENCY", err)
	}
}
