// Command vaconsult serves consultations on victim assistance and manages
// them from the command line.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `vaconsult: consultation questionnaires for victim assistance

Usage:
  vaconsult serve [--listen ADDR] [--base-url URL] [--data-dir DIR] [--allow-embedded]
  vaconsult migrate up|down|status
  vaconsult load FILE.yaml|FILE.xlsx
  vaconsult form --consultation SLUG --format xlsform|yaml --out FILE
  vaconsult status --consultation SLUG [--set draft|open|closed|published]
  vaconsult invite --consultation SLUG --audience states-parties|survivors --name NAME --country CC
                   [--kind state|observer-state|organisation|individual] [--contributor PERSON] [--email E] [--language L] [--reissue]
                   [--send]
  vaconsult invite --consultation SLUG --file invitations.csv|.xlsx [--send] [--links-out links.csv]
  vaconsult remind --consultation SLUG [--only not-started|started] [--dry-run]
  vaconsult export --consultation SLUG --format csv|xlsx|json|html|docx --variant public|internal --out FILE
                   [--lang en|fr|es|ar|ru|zh]
  vaconsult report --consultation SLUG --format docx|html --out FILE [--lang en|fr|es|ar|ru|zh] [--variant public|internal]
  vaconsult catalog export --lang LANG --format xliff|po [--out FILE]
  vaconsult catalog import --lang LANG [--format xliff|po] [--out FILE] FILE
  vaconsult revoke LINK
  vaconsult registration list --consultation SLUG
  vaconsult registration verify|remove --consultation SLUG --id N
  vaconsult registration merge --consultation SLUG --id N --into M
  vaconsult audit --consultation SLUG [--since RFC3339] [--action A] [--actor X] [--format csv|json]
  vaconsult retention --consultation SLUG [--delete]
  vaconsult user add --email E --name N --role admin|co-chair
  vaconsult user token --email E
  vaconsult user list | disable --email E
  vaconsult version

Configuration comes from the environment (DATABASE_URL, LISTEN_ADDR, BASE_URL,
VACONSULT_DATA_DIR, VACONSULT_PG_BINDIR, LOG_FORMAT, SMTP_URL, MAIL_FROM,
MAIL_RATE_PER_MINUTE, MAIL_RESCUE_AFTER); flags override it.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "vaconsult:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(os.Stderr, usage)
		return flag.ErrHelp
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, out)
	case "migrate":
		return migrateCmd(ctx, rest, out)
	case "load":
		return load(ctx, rest, out)
	case "form":
		return formCmd(ctx, rest, out)
	case "status":
		return statusCmd(ctx, rest, out)
	case "invite":
		return invite(ctx, rest, out)
	case "remind":
		return remind(ctx, rest, out)
	case "export":
		return exportCmd(ctx, rest, out)
	case "report":
		return reportCmd(ctx, rest, out)
	case "catalog":
		return catalogCmd(rest, out)
	case "revoke":
		return revoke(ctx, rest, out)
	case "user":
		return userCmd(ctx, rest, out)
	case "registration":
		return registrationCmd(ctx, rest, out)
	case "audit":
		return auditCmd(ctx, rest, out)
	case "retention":
		return retentionCmd(ctx, rest, out)
	case "healthcheck":
		return healthcheck(ctx, rest, out)
	case "version":
		fmt.Fprintln(out, "vaconsult", version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(out, usage)
		return nil
	default:
		fmt.Fprint(os.Stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}
