package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"golang.org/x/term"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/store"
)

const userUsage = "user: say what to do: add, token, list, disable or reset-2fa (such as vaconsult user list)"

// userFlags are the flags each user action needs.
var userFlags = map[string][]string{
	"add":       {"email", "name", "role"},
	"token":     {"email"},
	"list":      nil,
	"disable":   {"email"},
	"reset-2fa": {"email"},
}

func userCmd(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New(userUsage)
	}
	need, known := userFlags[args[0]]
	if !known {
		return fmt.Errorf("user: unknown action %q: want add, token, list, disable or reset-2fa", args[0])
	}
	cfg := app.ConfigFromEnv()
	fs := flag.NewFlagSet("user "+args[0], flag.ContinueOnError)
	serverFlags(fs, &cfg)
	var n store.NewReviewer
	fs.StringVar(&n.Email, "email", "", "the reviewer's email address")
	fs.StringVar(&n.Name, "name", "", "the reviewer's name (add)")
	fs.StringVar(&n.Role, "role", "", "admin or co-chair (add)")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := required("user "+args[0], fs, need...); err != nil {
		return err
	}
	st, closeDB, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer closeDB()
	switch args[0] {
	case "add":
		return explain(userAdd(ctx, st, n, out), fs)
	case "token":
		return userToken(ctx, st, n.Email, out)
	case "list":
		return userList(ctx, st, out)
	case "reset-2fa":
		return userResetSecondFactor(ctx, st, n.Email, out)
	default:
		return userDisable(ctx, st, n.Email, out)
	}
}

func userDisable(ctx context.Context, st *store.Store, email string, out io.Writer) error {
	err := st.DisableReviewer(ctx, email, "cli")
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("user disable: no active reviewer account has the email %s (never created, or disabled already): vaconsult user list shows the accounts", email)
	}
	if err != nil {
		return fmt.Errorf("user disable %s: %w", email, err)
	}
	fmt.Fprintf(out, "disabled %s: their sessions and tokens no longer work\n", email)
	return nil
}

// userResetSecondFactor removes a reviewer's second factor, for one who
// lost their device and their recovery codes.
func userResetSecondFactor(ctx context.Context, st *store.Store, email string, out io.Writer) error {
	err := st.ResetSecondFactor(ctx, email, "cli")
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("user reset-2fa: no active reviewer account has the email %s: vaconsult user list shows the accounts", email)
	}
	if err != nil {
		return fmt.Errorf("user reset-2fa %s: %w", email, err)
	}
	fmt.Fprintf(out, "removed the second factor of %s and ended their sessions: they set up a new one at their next sign-in (administrators must)\n", email)
	return nil
}

// userAdd prompts for the password on a terminal; otherwise it generates
// one and prints it once.
func userAdd(ctx context.Context, st *store.Store, n store.NewReviewer, out io.Writer) error {
	generated := !term.IsTerminal(int(os.Stdin.Fd()))
	if generated {
		n.Password = generatePassword()
	} else {
		p, err := promptPassword()
		if err != nil {
			return err
		}
		n.Password = p
	}
	r, err := st.CreateReviewer(ctx, n, "cli")
	if err != nil {
		return fmt.Errorf("user add: %w", err)
	}
	fmt.Fprintf(out, "created %s <%s> as %s\n", r.Name, r.Email, r.Role)
	if generated {
		fmt.Fprintf(out, "password (shown only this once): %s\n", n.Password)
	}
	return nil
}

func promptPassword() (string, error) {
	fd := int(os.Stdin.Fd())
	fmt.Fprintf(os.Stderr, "Password (at least %d characters): ", store.MinPasswordLength)
	p1, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", err
	}
	fmt.Fprint(os.Stderr, "Same password again: ")
	p2, err := term.ReadPassword(fd)
	fmt.Fprintln(os.Stderr)
	if err != nil {
		return "", err
	}
	if string(p1) != string(p2) {
		return "", fmt.Errorf("user add: the two passwords differ: run the command again and type the same password twice")
	}
	return string(p1), nil
}

// generatePassword returns 26 random base32 characters (130 bits).
func generatePassword() string { return rand.Text() }

func userToken(ctx context.Context, st *store.Store, email string, out io.Writer) error {
	token, err := st.CreateReviewerToken(ctx, email, "cli")
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("user token: no reviewer account has the email %s: check --email (vaconsult user list shows the accounts)", email)
	}
	if err != nil {
		return fmt.Errorf("user token for %s: %w", email, err)
	}
	fmt.Fprintln(os.Stderr, "personal API token, shown only this once; send it as Authorization: Bearer <token>")
	fmt.Fprintln(out, token)
	return nil
}

func userList(ctx context.Context, st *store.Store, out io.Writer) error {
	rs, err := st.FindReviewers(ctx)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(out)
	for _, r := range rs {
		fmt.Fprintf(w, "%s\t%s\t%s\n", r.Email, r.Role, r.Name)
	}
	return w.Flush()
}
