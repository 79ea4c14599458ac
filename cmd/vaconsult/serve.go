package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/vaconsult/vaconsult/app"
)

// buildVersion is set at link time: -ldflags "-X main.buildVersion=v1.2.3".
var buildVersion = ""

func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "dev-" + s.Value[:12]
			}
		}
	}
	return "dev"
}

// serverFlags registers the flags that override the environment.
func serverFlags(fs *flag.FlagSet, cfg *app.Config) {
	fs.StringVar(&cfg.DatabaseURL, "database-url", cfg.DatabaseURL, "PostgreSQL URL (env DATABASE_URL)")
	fs.StringVar(&cfg.DataDir, "data-dir", cfg.DataDir, "embedded PostgreSQL's data folder (env VACONSULT_DATA_DIR)")
	fs.StringVar(&cfg.PGBinDir, "pg-bindir", cfg.PGBinDir, "PostgreSQL binaries for the embedded server (env VACONSULT_PG_BINDIR)")
}

func serve(ctx context.Context, args []string, out io.Writer) error {
	cfg := app.ConfigFromEnv()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	serverFlags(fs, &cfg)
	fs.StringVar(&cfg.ListenAddr, "listen", cfg.ListenAddr, "address to listen on (env LISTEN_ADDR)")
	fs.StringVar(&cfg.BaseURL, "base-url", cfg.BaseURL, "public address of the site (env BASE_URL)")
	fs.BoolVar(&cfg.AllowEmbedded, "allow-embedded", false, "start an embedded PostgreSQL even when BASE_URL is https")
	if err := fs.Parse(args); err != nil {
		return err
	}
	logger := app.NewLogger(cfg.LogFormat)
	a, err := app.Open(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Listen(); err != nil {
		return err
	}
	fmt.Fprintf(out, "vaconsult %s serving at %s\n", version(), a.BaseURL())
	if err := a.Run(ctx); err != nil {
		return err
	}
	logger.Info("stopped")
	return nil
}
