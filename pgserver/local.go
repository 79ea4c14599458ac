package pgserver

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// resolveLocal tries the server psql would reach with no arguments: pgx reads
// the same PGHOST, PGPORT, PGUSER, PGPASSWORD and ~/.pgpass, and defaults to
// the usual Unix socket folders. It returns where it looked, and whether a
// server answered there: once one has, an error is for the user to fix rather
// than a reason to start another server.
func resolveLocal(ctx context.Context, o Options) (where string, answered bool, s *Server, err error) {
	cfg, err := pgx.ParseConfig("")
	if err != nil {
		return "the PG* environment variables", false, nil, err
	}
	where = describeHost(cfg)
	probeCtx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	conn, err := connectMaintenance(probeCtx, cfg)
	if err != nil {
		return where, false, nil, err
	}
	_ = conn.Close(ctx)

	cfg.Database = o.Database
	// The URL leaves the password out: pgx takes it again from PGPASSWORD or
	// ~/.pgpass, and the URL may end up in logs.
	s = &Server{URL: connURL(endpointOf(cfg), nil), Source: SourceLocal, where: describeConfig(cfg)}
	ensureCtx, cancel := context.WithTimeout(ctx, ensureTimeout)
	defer cancel()
	if err := EnsureDatabase(ensureCtx, s.URL); err != nil {
		return where, true, nil, fmt.Errorf("local PostgreSQL server (%s): %w; create the database (createdb %s) or set DATABASE_URL", s.where, err, o.Database)
	}
	return where, true, s, nil
}

// probeReason says in a few words why the local server at where was not
// used: a server that refused (often for want of a role named after the OS
// user) is told apart from no server at all.
func probeReason(where string, err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return fmt.Sprintf("the local server at %s refused: %s", where, pgErr.Message)
	}
	return "no local server answered at " + where
}
