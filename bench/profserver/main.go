// Command profserver runs the vaconsult server exactly as `vaconsult serve`
// does, from the same environment variables, and also serves Go's profiles
// (net/http/pprof) on a second, loopback-only address, so that
// bench/run.sh can profile the server under load:
//
//	PPROF_ADDR=127.0.0.1:18091 DATABASE_URL=... LISTEN_ADDR=127.0.0.1:18090 profserver
//	go tool pprof -top 'http://127.0.0.1:18091/debug/pprof/profile?seconds=15'
//
// With POOL_MAX_CONNS=N it serves through a pgx pool of N connections
// instead of pgx's default, the greater of 4 and the number of CPUs, which
// `vaconsult serve` offers no way to change (pgserver refuses a DATABASE_URL
// with pool_max_conns). This shows what the pool size costs.
//
// It is a measuring tool, never a way to run the service: the profiles tell
// a lot about the program's insides.
package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof" // registers /debug/pprof/ on http.DefaultServeMux
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "profserver:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	pprofAddr := os.Getenv("PPROF_ADDR")
	if pprofAddr == "" {
		pprofAddr = "127.0.0.1:18091"
	}
	if err := checkLoopback(pprofAddr); err != nil {
		return err
	}
	cfg := app.ConfigFromEnv()
	logger := app.NewLogger(cfg.LogFormat)
	a, err := app.Open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer a.Close()
	if n := os.Getenv("POOL_MAX_CONNS"); n != "" {
		if err := resizePool(ctx, a, cfg.DatabaseURL, n); err != nil {
			return err
		}
		logger.Info("serving through a pool of " + n + " connections")
	}
	if err := a.Listen(); err != nil {
		return err
	}
	ps := &http.Server{Addr: pprofAddr, Handler: http.DefaultServeMux, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := ps.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			logger.Error("pprof server", "err", err)
		}
	}()
	defer ps.Close()
	fmt.Printf("vaconsult (profiled) serving at %s, profiles at http://%s/debug/pprof/\n", a.BaseURL(), pprofAddr)
	return a.Run(ctx)
}

// resizePool replaces the app's store by one on a pool of n connections.
func resizePool(ctx context.Context, a *app.App, dbURL, n string) error {
	if dbURL == "" {
		return fmt.Errorf("POOL_MAX_CONNS needs DATABASE_URL")
	}
	u, err := url.Parse(dbURL)
	if err != nil {
		return fmt.Errorf("DATABASE_URL: %w", err)
	}
	q := u.Query()
	q.Set("pool_max_conns", n)
	u.RawQuery = q.Encode()
	st, err := store.Open(ctx, u.String())
	if err != nil {
		return fmt.Errorf("POOL_MAX_CONNS=%s: %w", n, err)
	}
	a.Store.Close()
	a.Store = st
	return nil
}

// checkLoopback refuses to expose profiles beyond this machine.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("PPROF_ADDR %q: want host:port", addr)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("PPROF_ADDR %q: want a loopback address such as 127.0.0.1:18091", addr)
	}
	return nil
}
