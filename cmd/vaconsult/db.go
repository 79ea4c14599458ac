package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/migrations"
	"github.com/vaconsult/vaconsult/pgserver"
	"github.com/vaconsult/vaconsult/store"
)

// openDatabase finds the database the same way serve does, for the
// administrative commands. An embedded PostgreSQL that a running serve
// started is used as it is, so the commands work in a second terminal.
func openDatabase(ctx context.Context, cfg app.Config) (*pgserver.Server, error) {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	db, err := pgserver.Resolve(ctx, pgserver.Options{
		DatabaseURL: cfg.DatabaseURL, Database: "vaconsult", DataDir: cfg.DataDir, BinDir: cfg.PGBinDir,
		Attach: true,
		Logf:   func(format string, args ...any) { logger.Info(fmt.Sprintf(format, args...)) },
	})
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(os.Stderr, db.Describe())
	return db, nil
}

// openStore opens the database for a command that reads or writes data,
// and refuses a schema that is not this binary's own. Only serve and
// migrate up change the schema: a command run in passing must not migrate
// a database under a server of another version.
func openStore(ctx context.Context, cfg app.Config) (*store.Store, func(), error) {
	db, err := openDatabase(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	if err := checkSchema(db.URL); err != nil {
		db.Close()
		return nil, nil, err
	}
	st, err := store.Open(ctx, db.URL)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return st, func() { st.Close(); db.Close() }, nil
}

func migrateCmd(ctx context.Context, args []string, out io.Writer) error {
	cfg := app.ConfigFromEnv()
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	serverFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("migrate: want up, down or status")
	}
	db, err := openDatabase(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := migrations.New(pgserver.WithoutPoolSettings(db.URL))
	if err != nil {
		return err
	}
	defer m.Close()
	switch fs.Arg(0) {
	case "up":
		err = m.Up()
	case "down":
		err = m.Down()
	case "status":
	default:
		return fmt.Errorf("migrate: unknown action %q: want up, down or status", fs.Arg(0))
	}
	if err != nil {
		return err
	}
	st, err := m.Status()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "schema version %d of %d", st.Version, st.Latest)
	switch {
	case st.Dirty:
		fmt.Fprint(out, " (dirty: a migration failed half-way)")
	case st.Pending():
		fmt.Fprint(out, " (migrations pending: run vaconsult migrate up)")
	default:
		fmt.Fprint(out, " (up to date)")
	}
	fmt.Fprintln(out)
	return st.Check()
}

// checkSchema returns an error, saying what to do, unless the schema is
// exactly the one this binary knows.
func checkSchema(url string) error {
	m, err := migrations.New(pgserver.WithoutPoolSettings(url))
	if err != nil {
		return err
	}
	defer m.Close()
	st, err := m.Status()
	if err != nil {
		return err
	}
	if err := st.Check(); err != nil {
		return err
	}
	switch {
	case st.Version == 0:
		return fmt.Errorf("the database has no schema yet: run vaconsult migrate up (or start vaconsult serve, which creates it), then this command again")
	case st.Version == st.Latest && st.QueuePending:
		return fmt.Errorf("the database's message queue tables are missing or older than this vaconsult's: " +
			"run vaconsult migrate up (or start vaconsult serve, which migrates at start), then this command again")
	case st.Pending():
		return fmt.Errorf("the database schema is at version %d and this vaconsult needs version %d: "+
			"run vaconsult migrate up (or start vaconsult serve, which migrates at start), then this command again", st.Version, st.Latest)
	}
	return nil
}
