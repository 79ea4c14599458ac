package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vaconsult/vaconsult/api"
	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
)

func load(ctx context.Context, args []string, out io.Writer) error {
	cfg := app.ConfigFromEnv()
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	serverFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("load: want one consultation file")
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	f, err := questionset.Parse(data)
	if err != nil {
		return fmt.Errorf("%s: %w", fs.Arg(0), err)
	}
	st, closeDB, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	res, err := st.LoadConsultation(ctx, f)
	if err != nil {
		return err
	}
	verb := "updated"
	if res.Created {
		verb = "created"
	}
	fmt.Fprintf(out, "%s consultation %s (%d question sets)\n", verb, res.Consultation.Slug, len(res.Consultation.QuestionSets))
	return nil
}

func invite(ctx context.Context, args []string, out io.Writer) error {
	cfg := app.ConfigFromEnv()
	var in store.NewRespondent
	fs := flag.NewFlagSet("invite", flag.ContinueOnError)
	serverFlags(fs, &cfg)
	fs.StringVar(&cfg.BaseURL, "base-url", cfg.BaseURL, "public address of the site, for the link (env BASE_URL)")
	fs.StringVar(&in.Consultation, "consultation", "", "consultation slug (required)")
	fs.StringVar(&in.Audience, "audience", "", "states-parties or survivors (required)")
	fs.StringVar(&in.Name, "name", "", "the State, organisation or person (required)")
	fs.StringVar(&in.Country, "country", "", "ISO 3166-1 alpha-2 country code (required)")
	fs.StringVar(&in.Kind, "kind", "", "state, organisation or individual (default: by audience)")
	fs.StringVar(&in.Contributor, "contributor", "", "the person who will use this link (default: --name)")
	fs.StringVar(&in.Email, "email", "", "the contributor's email address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if in.Consultation == "" || in.Audience == "" || in.Name == "" || in.Country == "" {
		return fmt.Errorf("invite: --consultation, --audience, --name and --country are required")
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	st, closeDB, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	acc, err := st.Invite(ctx, in)
	if err != nil {
		return err
	}
	base := cfg.BaseURL
	if base == "" {
		base = "http://" + cfg.ListenAddr
	}
	what := "added contributor to"
	if acc.NewRespondent {
		what = "invited"
	}
	fmt.Fprintf(os.Stderr, "%s %s (%s, %s); access link for %s, shown only this once:\n",
		what, acc.Respondent.Name, acc.Respondent.Country, acc.Respondent.Audience, acc.Contributor.Name)
	fmt.Fprintln(out, api.AccessURL(base, acc.Token))
	return nil
}

// revoke withdraws an access link: the link or its token is given.
func revoke(ctx context.Context, args []string, out io.Writer) error {
	cfg := app.ConfigFromEnv()
	fs := flag.NewFlagSet("revoke", flag.ContinueOnError)
	serverFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("revoke: want one access link (or its token)")
	}
	link := fs.Arg(0)
	token := link[strings.LastIndex(link, "/")+1:]
	st, closeDB, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	c, err := st.RevokeAccessToken(ctx, token, "cli")
	if err != nil {
		return fmt.Errorf("revoke: no working access link matches: %w", err)
	}
	fmt.Fprintf(out, "revoked the access link of %s; run invite again to give them a new one\n", c.Name)
	return nil
}
