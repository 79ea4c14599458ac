package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/vaconsult/vaconsult/api"
	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/xlsform"
)

func load(ctx context.Context, args []string, out io.Writer) error {
	cfg := app.ConfigFromEnv()
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	serverFlags(fs, &cfg)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("load: name one consultation file, such as consultations/2012-victim-assistance.yaml or a form.xlsx")
	}
	path := fs.Arg(0)
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("load: %s %s", path, fileProblem(err))
	}
	f, opts, err := readConsultationFile(path, data)
	if err != nil {
		return fileError(path, err)
	}
	st, closeDB, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	res, err := st.LoadConsultationWith(ctx, f, opts)
	if err != nil {
		return fmt.Errorf("load %s: %w", path, err)
	}
	verb, note := "updated", ""
	switch {
	case res.Unchanged:
		note = "; nothing changed"
	case res.Created && res.Consultation.IsDraft():
		verb, note = "created", "; a draft: vaconsult status --set open opens it"
	case res.Created:
		verb = "created"
	}
	fmt.Fprintf(out, "%s consultation %s (%d question sets%s)\n", verb, res.Consultation.Slug, len(res.Consultation.QuestionSets), note)
	return nil
}

// readConsultationFile reads a consultation from a YAML file or, for a
// name ending in .xlsx, an XLSForm workbook. A consultation first loaded
// from XLSForm is a draft: a form designer's workbook is checked in the
// preview before anyone answers it.
func readConsultationFile(path string, data []byte) (*questionset.File, store.LoadOptions, error) {
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		f, err := xlsform.Read(data)
		return f, store.LoadOptions{Draft: true}, err
	}
	f, err := questionset.Parse(data)
	return f, store.LoadOptions{}, err
}

// fileError says what is wrong with a consultation file: each problem on a
// line of its own, so that all can be fixed in one pass.
func fileError(path string, err error) error {
	var x *xlsform.Error
	if errors.As(err, &x) {
		lines := make([]string, len(x.Problems))
		for i, p := range x.Problems {
			lines[i] = p.String()
		}
		return fmt.Errorf("%s is not an XLSForm vaconsult can load; nothing was loaded. Change the following and load it again:\n  %s",
			path, strings.Join(lines, "\n  "))
	}
	var v *questionset.ValidationError
	if errors.As(err, &v) {
		return fmt.Errorf("%s is not a valid consultation file; change the following and load it again:\n  %s",
			path, strings.Join(v.Problems, "\n  "))
	}
	return fmt.Errorf("%s: %w", path, err)
}

func invite(ctx context.Context, args []string, out io.Writer) error {
	cfg := app.ConfigFromEnv()
	var in store.NewRespondent
	fs := flag.NewFlagSet("invite", flag.ContinueOnError)
	serverFlags(fs, &cfg)
	fs.StringVar(&cfg.BaseURL, "base-url", cfg.BaseURL, "public address of the site, for the link (env BASE_URL)")
	fs.StringVar(&in.Consultation, "consultation", "", "consultation slug (required)")
	fs.StringVar((*string)(&in.Audience), "audience", "", domain.OneOf(domain.Audiences...)+" (required)")
	fs.StringVar(&in.Name, "name", "", "the State, organisation or person (required)")
	fs.StringVar(&in.Country, "country", "", "ISO 3166-1 alpha-2 country code (required)")
	fs.StringVar((*string)(&in.Kind), "kind", "", domain.OneOf(domain.RespondentKinds...)+" (default: by audience)")
	fs.StringVar(&in.Contributor, "contributor", "", "the person who will use this link (default: --name)")
	fs.StringVar(&in.Email, "email", "", "the contributor's email address")
	fs.StringVar(&in.Language, "language", "", "the contributor's language for messages: en, fr, es, ar, ru or zh (default en)")
	fs.BoolVar(&in.Reissue, "reissue", false, "revoke the contributor's working link, if any, and issue a new one")
	fs.BoolVar(&in.Approver, "approver", false, "make the contributor an approver: then only approvers may submit the respondent's answers")
	var fi fileInvite
	fs.StringVar(&fi.path, "file", "", "an invitation list (.csv or .xlsx) to import instead of one invitation")
	fs.StringVar(&fi.linksOut, "links-out", "", "with --file: write the new links to this CSV file (default: standard output)")
	fs.BoolVar(&fi.send, "send", false, "email the invitation (serve sends it) instead of printing the link; with --file, to each new contributor with an address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fi.path != "" || fi.linksOut != "" {
		return inviteFromFile(ctx, cfg, fs, fi, out)
	}
	if err := required("invite", fs, "consultation", "audience", "name", "country"); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if in.Send = fi.send; in.Send && (in.Email == "" || cfg.Mail == nil) {
		if cfg.Mail == nil {
			return fmt.Errorf("invite: %w", errNoMail)
		}
		return fmt.Errorf("invite: --send needs --email, the address to send the invitation to")
	}
	st, closeDB, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	if _, err := findConsultation(ctx, st, in.Consultation); err != nil {
		return fmt.Errorf("invite: %w", err)
	}
	acc, err := st.Invite(ctx, in)
	if err != nil {
		return fmt.Errorf("invite: %w", inviteError(err, fs))
	}
	base := cfg.BaseURL
	if base == "" {
		base = "http://" + cfg.ListenAddr
	}
	fmt.Fprintln(os.Stderr, describeAccess(acc, in))
	if in.Send {
		// The emailed link replaces this one when it is sent: printing it
		// would hand out a link about to stop working.
		fmt.Fprintf(out, "invitation to %s queued; serve sends it\n", in.Email)
		return nil
	}
	fmt.Fprintln(out, api.AccessURL(base, acc.Token))
	return nil
}

// inviteFromFile checks the flags of `invite --file` and runs it.
func inviteFromFile(ctx context.Context, cfg app.Config, fs *flag.FlagSet, fi fileInvite, out io.Writer) error {
	if err := required("invite --file", fs, "consultation", "file"); err != nil {
		return err
	}
	var single []string
	for _, name := range []string{"audience", "name", "country", "kind", "contributor", "email", "language", "reissue", "approver"} {
		if v := fs.Lookup(name).Value.String(); v != "" && v != "false" {
			single = append(single, "--"+name)
		}
	}
	if fi.send && fi.linksOut != "" {
		return fmt.Errorf("invite: --send emails the links and --links-out writes them to a file for a mail merge: choose one")
	}
	if len(single) > 0 {
		return fmt.Errorf("invite: %s describe one invitation and cannot go with --file, whose rows say who is invited; drop them, or drop --file",
			andList(single))
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	fi.slug = fs.Lookup("consultation").Value.String()
	return inviteFile(ctx, cfg, fi, out)
}

// inviteError says what to do about a refused invitation.
func inviteError(err error, fs *flag.FlagSet) error {
	var e *store.Error
	if errors.Is(err, store.ErrContributorExists) && errors.As(err, &e) {
		return fmt.Errorf("%s already has a working access link for %s: to replace it, run the same invite with --reissue "+
			"(the old link stops working); for another person, give their name with --contributor", e.Data["contributor"], e.Data["respondent"])
	}
	return explain(err, fs)
}

// describeAccess says for whom the link is: which contributor, which
// respondent, and whether the respondent already existed under another
// name than the one given.
func describeAccess(acc *store.Access, in store.NewRespondent) string {
	r, c := acc.Respondent, acc.Contributor
	var b strings.Builder
	switch {
	case acc.NewRespondent:
		fmt.Fprintf(&b, "invited %s (%s, %s) with contributor %s", r.Name, r.Country, r.Audience, c.Name)
	case !strings.EqualFold(strings.TrimSpace(in.Name), r.Name):
		fmt.Fprintf(&b, "%s (%s, %s) already exists, so no new respondent was made for --name %q: added contributor %s to %s",
			r.Name, r.Country, r.Audience, strings.TrimSpace(in.Name), c.Name, r.Name)
	default:
		fmt.Fprintf(&b, "%s (%s, %s) already exists: added contributor %s to it", r.Name, r.Country, r.Audience, c.Name)
	}
	if acc.Revoked != nil {
		fmt.Fprintf(&b, "; revoked the earlier access link of %s", acc.Revoked.Name)
	}
	if in.Approver {
		fmt.Fprintf(&b, "; %s is an approver: only approvers may submit %s's answers", c.Name, r.Name)
	}
	fmt.Fprintf(&b, ".\nAccess link of %s for %s, shown only this once:", c.Name, r.Name)
	return b.String()
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
		return fmt.Errorf("revoke: give the access link to withdraw (or its token), such as vaconsult revoke https://consult.example.org/r/TOKEN")
	}
	link := fs.Arg(0)
	token := link[strings.LastIndex(link, "/")+1:]
	st, closeDB, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	c, err := st.RevokeAccessToken(ctx, token, "cli")
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("revoke: no working access link matches the one given: check that it was copied whole; it may have been revoked already")
	}
	if err != nil {
		return fmt.Errorf("revoke: %w", err)
	}
	fmt.Fprintf(out, "revoked the access link of %s; run invite again to give them a new one\n", c.Name)
	return nil
}
