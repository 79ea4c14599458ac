package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/vaconsult/vaconsult/api"
	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/invitation"
	"github.com/vaconsult/vaconsult/store"
)

// errNoMail refuses --send where no mail server is configured: the
// messages would wait in the queue for a server that never sends them.
var errNoMail = errors.New("--send: email is not configured (set SMTP_URL and MAIL_FROM as serve has them); " +
	"use --links-out FILE to write the links for a mail merge instead")

// fileInvite is what `invite --file` needs besides the configuration.
type fileInvite struct {
	slug, path, linksOut string
	send                 bool
}

// inviteFile imports an invitation list: every row, or nothing when a row
// is invalid, each bad row named with its line. The new links go to
// --links-out, else to standard output as CSV, unless --send mails them.
func inviteFile(ctx context.Context, cfg app.Config, fi fileInvite, out io.Writer) error {
	if fi.send && cfg.Mail == nil {
		return fmt.Errorf("invite: %w", errNoMail)
	}
	if fi.linksOut != "" {
		if err := checkOutFile(fi.linksOut, "links.csv"); err != nil {
			return fmt.Errorf("invite: %s", strings.Replace(err.Error(), "--out", "--links-out", 1))
		}
	}
	f, err := readInvitationFile(fi.path)
	if err != nil {
		return err
	}
	st, closeDB, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	if _, err := findConsultation(ctx, st, fi.slug); err != nil {
		return fmt.Errorf("invite: %w", err)
	}
	res, err := st.ImportInvitations(ctx, fi.slug, f.Rows, store.ImportOptions{Actor: "cli", Source: filepath.Base(fi.path),
		SendInvitations: fi.send})
	if err != nil {
		return badRows(fi.path, err)
	}
	fmt.Fprintln(os.Stderr, describeImport(fi.path, f, res))
	if fi.send {
		// The emailed links replace these when they are sent.
		fmt.Fprintf(out, "%d invitations queued; serve sends them\n", res.Queued)
		return nil
	}
	return writeLinks(cfg, fi.linksOut, res.Links, out)
}

// readInvitationFile reads and parses the list, refusing a file too large
// before reading it.
func readInvitationFile(path string) (*invitation.File, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("invite: --file %s %s", path, fileProblem(err))
	}
	if info.Size() > invitation.MaxFileSize {
		return nil, fmt.Errorf("invite: %s: %w", path, &invitation.FileError{Code: "too_large"})
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("invite: --file %s %s", path, fileProblem(err))
	}
	f, err := invitation.Read(data)
	if err != nil {
		return nil, fmt.Errorf("invite: %s: %w", path, err)
	}
	return f, nil
}

// badRows lists every bad line of a refused import, in order, one a line.
func badRows(path string, err error) error {
	var e *store.Error
	if !errors.Is(err, store.ErrInvalidRows) || !errors.As(err, &e) {
		return fmt.Errorf("invite: %w", err)
	}
	lines := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		lines = append(lines, k)
	}
	slices.SortFunc(lines, func(a, b string) int { return lineNumber(a) - lineNumber(b) })
	var b strings.Builder
	fmt.Fprintf(&b, "invite: %s: %s", path, strings.TrimSuffix(e.Message, "."))
	for _, l := range lines {
		fmt.Fprintf(&b, "\n  %s: %s", l, e.Fields[l])
	}
	return errors.New(b.String())
}

func lineNumber(key string) int {
	n, _ := strconv.Atoi(strings.TrimPrefix(key, "line "))
	return n
}

// describeImport says what the import did, and which columns it ignored.
func describeImport(path string, f *invitation.File, res *store.ImportResult) string {
	var b strings.Builder
	fmt.Fprintf(&b, "imported %s: %d rows, %d new respondents, %d contributors added to respondents already there, %d already invited (unchanged)",
		path, len(res.Rows), res.New, res.Added, res.Existing)
	if len(f.Ignored) > 0 {
		fmt.Fprintf(&b, "; ignored the column(s) %s", strings.Join(f.Ignored, ", "))
	}
	fmt.Fprintf(&b, ".\n%d new access links, shown only this once.", len(res.Links))
	return b.String()
}

// writeLinks writes the new links as CSV to path, or to out when path is
// empty.
func writeLinks(cfg app.Config, path string, issued []store.IssuedLink, out io.Writer) error {
	base := cfg.BaseURL
	if base == "" {
		base = "http://" + cfg.ListenAddr
	}
	links := make([]invitation.Link, len(issued))
	for i, l := range issued {
		links[i] = invitation.Link{Name: l.Respondent, Contributor: l.Name, Email: l.Email, Language: l.Language,
			URL: api.AccessURL(base, l.Token)}
	}
	var buf bytes.Buffer
	if err := invitation.WriteLinks(&buf, links); err != nil {
		return err
	}
	if path == "" {
		_, err := out.Write(buf.Bytes())
		return err
	}
	// 0600: the file holds working access links.
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("invite: --links-out %s %s", path, fileProblem(err))
	}
	fmt.Fprintf(os.Stderr, "wrote %d links to %s\n", len(links), path)
	return nil
}
