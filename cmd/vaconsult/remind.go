package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/store"
)

// remind queues a reminder for every invited contributor with an email
// address whose response is not submitted, at most one per address in 24
// hours; serve sends them.
func remind(ctx context.Context, args []string, out io.Writer) error {
	cfg := app.ConfigFromEnv()
	var req store.ReminderRequest
	fs := flag.NewFlagSet("remind", flag.ContinueOnError)
	serverFlags(fs, &cfg)
	fs.StringVar(&req.Consultation, "consultation", "", "consultation slug (required)")
	fs.StringVar(&req.Only, "only", "", "not-started or started; both when left out")
	fs.BoolVar(&req.DryRun, "dry-run", false, "count the reminders, queue none")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := required("remind", fs, "consultation"); err != nil {
		return err
	}
	if req.Only != store.RemindAll && req.Only != store.RemindNotStarted && req.Only != store.RemindStarted {
		return fmt.Errorf("remind: --only %q: want not-started or started, or leave it out for both", req.Only)
	}
	st, closeDB, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	if _, err := findConsultation(ctx, st, req.Consultation); err != nil {
		return fmt.Errorf("remind: %w", err)
	}
	req.Actor = "cli"
	res, err := st.Remind(ctx, req)
	if err != nil {
		return fmt.Errorf("remind: %w", err)
	}
	verb := "queued"
	if req.DryRun {
		verb = "would be queued (dry run: none was)"
	}
	fmt.Fprintf(out, "%d reminders %s; %d people left out, reminded in the last 24 hours\n", res.Queued, verb, res.RecentlyAsked)
	return nil
}
