package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/store"
)

const registrationUsage = "registration: say what to do: list, verify, merge or remove (such as vaconsult registration list --consultation SLUG)"

// registrationFlags are the flags each registration action needs.
var registrationFlags = map[string][]string{
	"list":   {"consultation"},
	"verify": {"consultation", "id"},
	"merge":  {"consultation", "id", "into"},
	"remove": {"consultation", "id"},
}

// registrationCmd lists the self-registrations of a consultation, and
// verifies, merges or removes one, each in the audit log as "cli".
func registrationCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(registrationUsage)
	}
	need, known := registrationFlags[args[0]]
	if !known {
		return fmt.Errorf("registration: unknown action %q: want list, verify, merge or remove", args[0])
	}
	cfg := app.ConfigFromEnv()
	fs := flag.NewFlagSet("registration "+args[0], flag.ContinueOnError)
	serverFlags(fs, &cfg)
	slug := fs.String("consultation", "", "consultation slug")
	id := fs.Int64("id", 0, "the registration, by the number `list` shows (verify, merge, remove)")
	into := fs.Int64("into", 0, "the respondent to merge the registration into (merge)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := required("registration "+args[0], fs, need...); err != nil {
		return err
	}
	st, closeDB, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	c, err := findConsultation(ctx, st, *slug)
	if err != nil {
		return fmt.Errorf("registration: %w", err)
	}
	switch args[0] {
	case "list":
		return listRegistrations(ctx, st, c.Slug, out)
	case "verify":
		return verifyRegistration(ctx, st, c, *id, out)
	case "merge":
		return mergeRegistration(ctx, st, c, *id, *into, out)
	default:
		return removeRegistration(ctx, st, c, *id, out)
	}
}

func listRegistrations(ctx context.Context, st *store.Store, slug string, out io.Writer) error {
	regs, err := st.FindRegistrations(ctx, slug)
	if err != nil {
		return fmt.Errorf("registration list: %w", err)
	}
	if len(regs) == 0 {
		fmt.Fprintln(out, "no self-registrations")
		return nil
	}
	fmt.Fprintln(out, "id\tverified\tstatus\taudience\tkind\tcountry\tname\tregistered\tcontributors")
	for _, r := range regs {
		var people []string
		for _, c := range r.Contributors {
			people = append(people, strings.TrimSpace(c.Name+" "+angled(c.Email)))
		}
		fmt.Fprintf(out, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, yesNo(r.Verified), r.Status, r.Audience, r.Kind,
			r.Country, r.Name, r.CreatedAt.UTC().Format("2006-01-02 15:04Z"), strings.Join(people, "; "))
	}
	return nil
}

func angled(email string) string {
	if email == "" {
		return ""
	}
	return "<" + email + ">"
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// respondentIn returns the respondent id of the consultation, or an error
// that says how to find the right number.
func respondentIn(ctx context.Context, st *store.Store, c *store.Consultation, id int64) (*store.Respondent, error) {
	r, err := st.FindRespondentByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && r.ConsultationID != c.ID) {
		return nil, fmt.Errorf("no respondent %d in %s: vaconsult registration list --consultation %s shows the numbers", id, c.Slug, c.Slug)
	}
	return r, err
}

func verifyRegistration(ctx context.Context, st *store.Store, c *store.Consultation, id int64, out io.Writer) error {
	r, err := respondentIn(ctx, st, c, id)
	if err != nil {
		return fmt.Errorf("registration verify: %w", err)
	}
	if err := st.VerifyRespondent(ctx, "cli", id); err != nil {
		return fmt.Errorf("registration verify: %w", err)
	}
	fmt.Fprintf(out, "verified %s (%s)\n", r.Name, r.Country)
	return nil
}

func mergeRegistration(ctx context.Context, st *store.Store, c *store.Consultation, id, into int64, out io.Writer) error {
	m, err := st.MergeRespondents(ctx, "cli", c.ID, id, into)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("registration merge: --id %d or --into %d is no respondent of %s, or was merged already: "+
			"vaconsult registration list --consultation %s shows the numbers", id, into, c.Slug, c.Slug)
	}
	if err != nil {
		return fmt.Errorf("registration merge: %w", err)
	}
	fmt.Fprintf(out, "merged %s into %s: %d contributor(s) now act for %s, %d answer(s) copied; every earlier version is kept\n",
		m.From.Name, m.Into.Name, m.Contributors, m.Into.Name, m.Answers)
	return nil
}

func removeRegistration(ctx context.Context, st *store.Store, c *store.Consultation, id int64, out io.Writer) error {
	rm, err := st.RemoveRespondent(ctx, "cli", c.ID, id)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("registration remove: no respondent %d in %s, or it was merged into another: "+
			"vaconsult registration list --consultation %s shows the numbers", id, c.Slug, c.Slug)
	}
	if err != nil {
		return fmt.Errorf("registration remove: %w", err)
	}
	fmt.Fprintf(out, "removed %s (%s) with %d contributor(s) and %d draft answer(s)", rm.Respondent.Name, rm.Respondent.Country,
		rm.Contributors, rm.Drafts)
	if rm.Submitted {
		fmt.Fprint(out, "; its submitted answers are kept in the audit log only")
	}
	fmt.Fprintln(out)
	return nil
}
