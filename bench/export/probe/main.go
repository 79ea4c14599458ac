// Command probe helps bench/export/run.sh: it times the store's Summary,
// PublicSummary and Dashboard, and prints the SQL the CSV export runs, for
// PostgreSQL's own COPY to run beside it.
//
//	probe summary --runs 5 --variant internal  # prints the best and median time, in seconds
//	probe summary --runs 5 --full              # the recount from every answer, the earlier query
//	probe dashboard --runs 5
//	probe copy-sql --variant public
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/vaconsult/vaconsult/store"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: probe summary|dashboard|copy-sql [flags]")
		os.Exit(2)
	}
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	url := fs.String("database-url", os.Getenv("DATABASE_URL"), "PostgreSQL URL (env DATABASE_URL)")
	slug := fs.String("consultation", "va-impact-2012", "consultation slug")
	runs := fs.Int("runs", 5, "summary, dashboard: how many times to run it")
	variant := fs.String("variant", "public", "summary, copy-sql: public or internal")
	full := fs.Bool("full", false, "summary: recount every answer (store.FullSummary) instead of reading the kept counts")
	fs.Parse(os.Args[2:])
	ctx := context.Background()
	st, err := store.Open(ctx, *url)
	if err != nil {
		fail(err)
	}
	defer st.Close()
	switch os.Args[1] {
	case "summary":
		summary := st.Summary
		if *variant == "public" {
			summary = st.PublicSummary
		}
		if *full {
			summary = func(ctx context.Context, slug string) (*store.Summary, error) {
				return st.FullSummary(ctx, slug, *variant == "public")
			}
		}
		err = timeRuns(*runs, func() error {
			_, err := summary(ctx, *slug)
			return err
		})
	case "dashboard":
		err = timeRuns(*runs, func() error {
			_, err := st.Dashboard(ctx, *slug)
			return err
		})
	case "copy-sql":
		err = copySQL(ctx, st, *slug, *variant == "public")
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "probe:", err)
	os.Exit(1)
}

// timeRuns prints the best and the median of runs calls of f.
func timeRuns(runs int, f func() error) error {
	var times []time.Duration
	for range max(runs, 1) {
		start := time.Now()
		if err := f(); err != nil {
			return err
		}
		times = append(times, time.Since(start))
	}
	slices.Sort(times)
	fmt.Printf("%.3f %.3f\n", times[0].Seconds(), times[len(times)/2].Seconds())
	return nil
}

// copySQL prints one COPY statement per question, in the order the export
// reads them: the export's own query, without its batches.
func copySQL(ctx context.Context, st *store.Store, slug string, public bool) error {
	sum, err := st.Summary(ctx, slug)
	if err != nil {
		return err
	}
	for _, q := range sum.Questions {
		fmt.Printf("COPY (%s) TO STDOUT WITH (FORMAT csv);\n", store.ExportCopySQL(q.Question.ID, public))
	}
	return nil
}
