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
// administrative commands.
func openDatabase(ctx context.Context, cfg app.Config) (*pgserver.Server, error) {
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	db, err := pgserver.Resolve(ctx, pgserver.Options{
		DatabaseURL: cfg.DatabaseURL, Database: "vaconsult", DataDir: cfg.DataDir, BinDir: cfg.PGBinDir,
		Logf: func(format string, args ...any) { logger.Info(fmt.Sprintf(format, args...)) },
	})
	if err != nil {
		return nil, err
	}
	fmt.Fprintln(os.Stderr, db.Describe())
	return db, nil
}

// openStore opens the database and checks that its schema is current.
func openStore(ctx context.Context, cfg app.Config) (*store.Store, func(), error) {
	db, err := openDatabase(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	if err := app.Migrate(db.URL); err != nil {
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
