package pgserver

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// SQLSTATE codes this package reacts to.
const (
	codeInvalidCatalog    = "3D000" // database does not exist
	codeDuplicateDatabase = "42P04"
)

// EnsureDatabase creates the database named by url on the server url points
// at, when it does not exist yet. It connects to that server's "postgres"
// database, or to "template1" where "postgres" was dropped. It returns an
// error when url cannot be parsed, the server cannot be reached, or the user
// may not create databases; a database created meanwhile by someone else is
// not an error.
func EnsureDatabase(ctx context.Context, url string) error {
	// Parsed as a pool's URL, so that pool settings such as pool_max_conns
	// are understood rather than sent to the server.
	poolCfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return fmt.Errorf("ensure database: %w", err)
	}
	cfg := poolCfg.ConnConfig
	name := cfg.Database
	if name == "" {
		// Like libpq, the server then picks the database named after the user.
		name = cfg.User
	}
	// Connecting to the database itself first keeps servers working where the
	// user may reach its own database but not the maintenance ones.
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err == nil {
		return conn.Close(ctx)
	}
	if !hasCode(err, codeInvalidCatalog) {
		return fmt.Errorf("ensure database %q: %w", name, err)
	}
	return createDatabase(ctx, cfg, name)
}

// createDatabase creates name through a maintenance connection to the server
// cfg points at. It returns an error when that fails for any reason other
// than the database existing already.
func createDatabase(ctx context.Context, cfg *pgx.ConnConfig, name string) error {
	conn, err := connectMaintenance(ctx, cfg)
	if err != nil {
		return fmt.Errorf("create database %q: %w", name, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	if err != nil && !hasCode(err, codeDuplicateDatabase) {
		return fmt.Errorf("create database %q: %w", name, err)
	}
	return nil
}

// connectMaintenance connects to the "postgres" database of the server cfg
// points at, or to "template1" when "postgres" does not exist. It returns the
// connection error otherwise.
func connectMaintenance(ctx context.Context, cfg *pgx.ConnConfig) (*pgx.Conn, error) {
	c := cfg.Copy()
	c.Database = "postgres"
	conn, err := pgx.ConnectConfig(ctx, c)
	if err == nil || !hasCode(err, codeInvalidCatalog) {
		return conn, err
	}
	c.Database = "template1"
	return pgx.ConnectConfig(ctx, c)
}

// hasCode reports whether err carries the PostgreSQL error code code.
func hasCode(err error, code string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == code
}

// endpoint is what a connection URL names.
type endpoint struct {
	host, user, password, database string
	port                           uint16
}

// endpointOf returns the endpoint cfg points at, without a password.
func endpointOf(cfg *pgx.ConnConfig) endpoint {
	return endpoint{host: cfg.Host, port: cfg.Port, user: cfg.User, database: cfg.Database}
}

// connURL returns a postgres:// URL for e, with query added. Settings not
// written into it, such as a local server's TLS mode, come again from the
// PG* environment when pgx parses it.
func connURL(e endpoint, query url.Values) string {
	u := url.URL{Scheme: "postgres", Path: "/" + e.database}
	switch {
	case e.password != "":
		u.User = url.UserPassword(e.user, e.password)
	case e.user != "":
		u.User = url.User(e.user)
	}
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	port := strconv.Itoa(int(e.port))
	if isSocket(e.host) {
		q.Set("host", e.host)
		q.Set("port", port)
	} else {
		u.Host = net.JoinHostPort(e.host, port)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// describeConfig returns "host H:P, database D" or "socket DIR, database D"
// for cfg, leaving out user and password.
func describeConfig(cfg *pgx.ConnConfig) string {
	name := cfg.Database
	if name == "" {
		name = cfg.User
	}
	return fmt.Sprintf("%s, database %s", describeHost(cfg), name)
}

// describeHost returns "host H:P" or "socket DIR" for the server cfg points
// at; the port is named for a socket only when it is not the default.
func describeHost(cfg *pgx.ConnConfig) string {
	if !isSocket(cfg.Host) {
		return "host " + net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
	}
	if cfg.Port != 5432 {
		return fmt.Sprintf("socket %s port %d", cfg.Host, cfg.Port)
	}
	return "socket " + cfg.Host
}

// isSocket reports whether host names a Unix socket folder, as libpq does.
func isSocket(host string) bool {
	return strings.HasPrefix(host, "/")
}

// WithoutPoolSettings returns a URL without the pgxpool settings (pool_*
// query parameters), for clients that would send them to the server as
// run-time parameters, such as the migrations' driver.
func WithoutPoolSettings(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return raw
	}
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(k, "pool_") {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}
