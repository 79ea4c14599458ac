// Command vaconsult-gen fills a consultation with generated respondents and
// submitted responses, for measuring summaries and exports at scale:
//
//	vaconsult-gen --database-url URL --consultation va-impact-2012 --responses 100000
//
// It migrates the database and loads the 2012 consultation when they are
// missing, then writes every row with COPY. Its data is invented: it must
// never be pointed at a real consultation's database.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/migrations"
	"github.com/vaconsult/vaconsult/refdata"
	"github.com/vaconsult/vaconsult/store"
)

type options struct {
	url       string
	slug      string
	responses int
	drafts    int
	seed      uint64
}

func main() {
	var o options
	flag.StringVar(&o.url, "database-url", os.Getenv("DATABASE_URL"), "PostgreSQL URL (env DATABASE_URL)")
	flag.StringVar(&o.slug, "consultation", "va-impact-2012", "consultation slug")
	flag.IntVar(&o.responses, "responses", 100000, "submitted responses to add")
	flag.IntVar(&o.drafts, "drafts", -1, "draft responses to add, never shown to reviewers (default: a tenth of --responses)")
	flag.Uint64Var(&o.seed, "seed", 2012, "random seed: the same seed gives the same texts")
	flag.Parse()
	if o.drafts < 0 {
		o.drafts = o.responses / 10
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "vaconsult-gen:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	if o.url == "" {
		return fmt.Errorf("--database-url or DATABASE_URL is required")
	}
	if o.responses < 0 {
		return fmt.Errorf("--responses must not be negative")
	}
	if err := migrate(o.url); err != nil {
		return err
	}
	st, err := store.Open(ctx, o.url)
	if err != nil {
		return err
	}
	defer st.Close()
	p, err := newPlan(ctx, st, o)
	if err != nil {
		return err
	}
	start := time.Now()
	if err := p.write(ctx, st.Pool()); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "added %d submitted and %d draft responses (%d States Parties) to %s in %s\n",
		o.responses, o.drafts, p.states, o.slug, time.Since(start).Round(time.Millisecond))
	return nil
}

func migrate(url string) error {
	m, err := migrations.New(url)
	if err != nil {
		return err
	}
	defer m.Close()
	return m.Up()
}

// prepare loads the reference data, and the consultation when it is the
// default one and missing.
func prepare(ctx context.Context, st *store.Store, slug string) (*store.Consultation, error) {
	countries, err := refdata.StatesParties()
	if err != nil {
		return nil, err
	}
	if _, err := st.LoadCountries(ctx, countries); err != nil {
		return nil, err
	}
	c, err := st.FindConsultationBySlug(ctx, slug)
	if !errors.Is(err, store.ErrNotFound) {
		return c, err
	}
	f, err := consultations.Default()
	if err != nil {
		return nil, err
	}
	if f.Slug != slug {
		return nil, fmt.Errorf("no consultation %q: load it first with vaconsult load", slug)
	}
	res, err := st.LoadConsultation(ctx, f)
	if err != nil {
		return nil, err
	}
	return res.Consultation, nil
}
