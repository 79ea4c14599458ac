package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/store"
)

// auditCmd writes the audit log of a consultation (with the entries of no
// consultation, such as sign-ins), oldest first, as CSV or JSON, read in
// keyset-paged batches so that a long log streams in constant memory.
func auditCmd(ctx context.Context, args []string, out io.Writer) error {
	cfg := app.ConfigFromEnv()
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	serverFlags(fs, &cfg)
	var f store.AuditFilter
	fs.StringVar(&f.Consultation, "consultation", "", "consultation slug (required)")
	since := fs.String("since", "", "only entries from this time on, in RFC 3339 (such as 2026-05-01T00:00:00Z)")
	fs.StringVar(&f.Action, "action", "", `only this action, or those starting with a prefix ending in "." (such as respondent.)`)
	fs.StringVar(&f.Actor, "actor", "", "only this actor (such as cli or reviewer:3)")
	format := fs.String("format", "csv", "csv or json")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := required("audit", fs, "consultation"); err != nil {
		return err
	}
	if *since != "" {
		t, err := time.Parse(time.RFC3339, *since)
		if err != nil {
			return fmt.Errorf("audit: --since %q is not an RFC 3339 time, such as 2026-05-01T00:00:00Z", *since)
		}
		f.Since = t
	}
	if *format != "csv" && *format != "json" {
		return fmt.Errorf("audit: --format %q: want csv or json", *format)
	}
	st, closeDB, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	if _, err := findConsultation(ctx, st, f.Consultation); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	w := newAuditWriter(*format, out)
	f.Oldest, f.Limit = true, store.MaxAuditPage
	for {
		page, err := st.FindAudit(ctx, f)
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		for i := range page {
			if err := w.write(&page[i]); err != nil {
				return err
			}
		}
		if len(page) < f.Limit {
			return w.close()
		}
		f.After = page[len(page)-1].ID
	}
}

// auditWriter writes entries in one format.
type auditWriter struct {
	bw    *bufio.Writer
	csv   *csv.Writer // nil for JSON
	count int
}

var auditColumns = []string{"id", "at", "actor", "actor_name", "action", "consultation", "subject", "details"}

func newAuditWriter(format string, out io.Writer) *auditWriter {
	w := &auditWriter{bw: bufio.NewWriter(out)}
	if format == "csv" {
		w.csv = csv.NewWriter(w.bw)
	}
	return w
}

func (w *auditWriter) write(e *store.AuditEntry) error {
	if w.csv != nil {
		if w.count == 0 {
			if err := w.csv.Write(auditColumns); err != nil {
				return err
			}
		}
		w.count++
		details, err := json.Marshal(e.Details)
		if err != nil {
			return err
		}
		// Names and subjects come from people: a spreadsheet must not run them.
		return w.csv.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(time.RFC3339Nano),
			export.Neutralise(e.Actor), export.Neutralise(e.ActorName), e.Action, e.Consultation,
			export.Neutralise(e.Subject), export.Neutralise(string(details))})
	}
	sep := ",\n"
	if w.count == 0 {
		sep = "[\n"
	}
	w.count++
	b, err := json.Marshal(auditJSON{ID: e.ID, At: e.At.UTC(), Actor: e.Actor, ActorName: e.ActorName, Action: e.Action,
		Consultation: e.Consultation, Subject: e.Subject, Details: e.Details})
	if err != nil {
		return err
	}
	_, err = w.bw.WriteString(sep + string(b))
	return err
}

type auditJSON struct {
	ID           int64          `json:"id"`
	At           time.Time      `json:"at"`
	Actor        string         `json:"actor"`
	ActorName    string         `json:"actor_name"`
	Action       string         `json:"action"`
	Consultation string         `json:"consultation"`
	Subject      string         `json:"subject"`
	Details      map[string]any `json:"details"`
}

func (w *auditWriter) close() error {
	if w.csv != nil {
		if w.count == 0 {
			if err := w.csv.Write(auditColumns); err != nil {
				return err
			}
		}
		w.csv.Flush()
		if err := w.csv.Error(); err != nil {
			return err
		}
	} else {
		end := "\n]\n"
		if w.count == 0 {
			end = "[]\n"
		}
		if _, err := w.bw.WriteString(end); err != nil {
			return err
		}
	}
	return w.bw.Flush()
}

// retentionCmd says how long a consultation keeps its respondents'
// personal data and, with --delete, deletes it once that time is over.
func retentionCmd(ctx context.Context, args []string, out io.Writer) error {
	cfg := app.ConfigFromEnv()
	fs := flag.NewFlagSet("retention", flag.ContinueOnError)
	serverFlags(fs, &cfg)
	slug := fs.String("consultation", "", "consultation slug (required)")
	del := fs.Bool("delete", false, "delete the respondents' personal data, once the retention period is over")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := required("retention", fs, "consultation"); err != nil {
		return err
	}
	st, closeDB, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	if _, err := findConsultation(ctx, st, *slug); err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	if !*del {
		r, err := st.FindRetention(ctx, *slug)
		if err != nil {
			return fmt.Errorf("retention: %w", err)
		}
		fmt.Fprintln(out, describeRetention(r, time.Now()))
		return nil
	}
	d, err := st.DeletePersonalData(ctx, "cli", *slug)
	var e *store.Error
	if errors.As(err, &e) && e.Kind == store.KindConflict {
		return fmt.Errorf("retention: nothing deleted: %s", e.Message)
	}
	if err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	fmt.Fprintf(out, "deleted the names of %d individual survivor(s), the names of %d contributor(s), %d email address(es) "+
		"and %d email message(s); %d access link(s) and %d session(s) ended. The answers, their attribution and the counts are kept.\n",
		d.Individuals, d.Contributors, d.Emails, d.Messages, d.Links, d.Sessions)
	return nil
}

func describeRetention(r *store.Retention, now time.Time) string {
	switch {
	case r.DeletedAt != nil:
		return fmt.Sprintf("%s: personal data deleted on %s", r.Slug, r.DeletedAt.UTC().Format("2006-01-02 15:04Z"))
	case r.Days == 0:
		return fmt.Sprintf("%s: no retention period; set retention_days in its file to have one", r.Slug)
	case r.DueAt == nil:
		return fmt.Sprintf("%s: personal data kept %d days after closing; it has no closing time yet", r.Slug, r.Days)
	case r.Due(now):
		return fmt.Sprintf("%s: the retention period ended on %s; vaconsult retention --consultation %s --delete deletes the personal data",
			r.Slug, r.DueAt.UTC().Format("2006-01-02 15:04Z"), r.Slug)
	}
	return fmt.Sprintf("%s: personal data kept until %s", r.Slug, r.DueAt.UTC().Format("2006-01-02 15:04Z"))
}
