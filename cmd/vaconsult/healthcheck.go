package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/vaconsult/vaconsult/app"
)

// healthcheck asks the server on LISTEN_ADDR (or --listen) whether it is
// ready, for container health checks: the image has no curl. It returns
// nil, and the program exits 0, only when /readyz answers 200.
func healthcheck(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	addr := os.Getenv("LISTEN_ADDR")
	if addr == "" {
		addr = app.DefaultListenAddr
	}
	listen := fs.String("listen", addr, "address the server listens on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	target, err := readyzURL(*listen)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s", target, res.Status)
	}
	fmt.Fprintln(out, "ready")
	return nil
}

// readyzURL is the readiness address of a server listening on addr. A
// server listening on every interface (0.0.0.0, ::, or no host) is asked
// on the loopback.
func readyzURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("LISTEN_ADDR %q: want host:port, such as 127.0.0.1:8080", addr)
	}
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/readyz", nil
}
