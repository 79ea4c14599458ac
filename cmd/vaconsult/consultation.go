package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/xlsform"
)

// formCmd writes a consultation back out as a file that load takes:
// loading it again changes nothing.
func formCmd(ctx context.Context, args []string, out io.Writer) error {
	cfg := app.ConfigFromEnv()
	fs := flag.NewFlagSet("form", flag.ContinueOnError)
	serverFlags(fs, &cfg)
	slug := fs.String("consultation", "", "consultation slug (required)")
	format := fs.String("format", "", "xlsform or yaml (required)")
	path := fs.String("out", "", "file to write (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := required("form", fs, "consultation", "format", "out"); err != nil {
		return err
	}
	write, err := formWriter(*format)
	if err != nil {
		return err
	}
	if err := checkOutFile(*path, *slug+map[string]string{"xlsform": ".xlsx", "yaml": ".yaml"}[*format]); err != nil {
		return fmt.Errorf("form: %w", err)
	}
	st, closeDB, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	c, err := findConsultation(ctx, st, *slug)
	if err != nil {
		return fmt.Errorf("form: %w", err)
	}
	n, err := writeAtomically(*path, func(w io.Writer) error { return write(w, c.File()) })
	if err != nil {
		return fmt.Errorf("form: cannot write --out %s: the folder %s %s", *path, filepath.Dir(*path), fileProblem(err))
	}
	fmt.Fprintf(out, "wrote %s (%s, %d bytes)\n", *path, *format, n)
	return nil
}

func formWriter(format string) (func(io.Writer, *questionset.File) error, error) {
	switch format {
	case "xlsform":
		return xlsform.Write, nil
	case "yaml":
		return func(w io.Writer, f *questionset.File) error {
			b, err := questionset.Marshal(f)
			if err == nil {
				_, err = w.Write(b)
			}
			return err
		}, nil
	}
	return nil, fmt.Errorf("form: --format %q is not a format vaconsult writes: want xlsform or yaml", format)
}

// statusCmd prints a consultation's status, or sets it with --set.
func statusCmd(ctx context.Context, args []string, out io.Writer) error {
	cfg := app.ConfigFromEnv()
	fs := flag.NewFlagSet("status", flag.ContinueOnError)
	serverFlags(fs, &cfg)
	slug := fs.String("consultation", "", "consultation slug (required)")
	set := fs.String("set", "", "draft, open, closed or published: change the status at once")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := required("status", fs, "consultation"); err != nil {
		return err
	}
	st, closeDB, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	c, err := findConsultation(ctx, st, *slug)
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	if *set != "" {
		if c, err = st.SetStatus(ctx, "cli", *slug, *set); err != nil {
			return fmt.Errorf("status: --set %s: %w", *set, err)
		}
	}
	printStatus(out, c, time.Now())
	return nil
}

func printStatus(out io.Writer, c *store.Consultation, now time.Time) {
	fmt.Fprintf(out, "%s: %s\n", c.Slug, c.Status(now))
	loc := c.Location()
	if c.OpensAt != nil {
		fmt.Fprintf(out, "opens_at: %s\n", c.OpensAt.In(loc).Format(time.RFC3339))
	}
	if c.ClosesAt != nil {
		fmt.Fprintf(out, "closes_at: %s\n", c.ClosesAt.In(loc).Format(time.RFC3339))
	}
}
