package store

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"golang.org/x/crypto/bcrypt"

	"github.com/vaconsult/vaconsult/internal/bidi"
)

// Reviewer roles.
const (
	RoleAdmin   = "admin"    // everything, including accounts and verifying respondents
	RoleCoChair = "co-chair" // reads answers, tags themes, writes key points, exports
)

// Limits on reviewers' credentials and sessions.
const (
	MinPasswordLength   = 12
	maxPasswordBytes    = 72 // bcrypt reads no further
	ReviewerSessionTTL  = 12 * time.Hour
	reviewerTokenPrefix = "vcr_" // tells a reviewer token from an access link's at a glance
)

// bcryptCost is the work factor of password hashes: about a quarter of a
// second per hash on a small server.
var bcryptCost = 12

// Reviewer is a Co-Chair or administrator account.
type Reviewer struct {
	ID        int64
	Email     string
	Name      string
	Role      string
	CreatedAt time.Time
}

// IsAdmin reports whether the reviewer may do admin-only things.
func (r *Reviewer) IsAdmin() bool { return r.Role == RoleAdmin }

// Actor names the reviewer in the audit log.
func (r *Reviewer) Actor() string { return fmt.Sprintf("reviewer:%d", r.ID) }

// NewReviewer is what creating an account takes.
type NewReviewer struct {
	Email    string
	Name     string
	Role     string
	Password string
}

func (n *NewReviewer) normalise() error {
	n.Email = strings.ToLower(strings.TrimSpace(n.Email))
	n.Name = strings.TrimSpace(bidi.Strip(n.Name))
	fields := map[string]string{}
	if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email || len(n.Email) > MaxEmailLength {
		fields["email"] = "must be an email address"
	}
	checkReviewerName(fields, "name", n.Name)
	if n.Role != RoleAdmin && n.Role != RoleCoChair {
		fields["role"] = `must be "admin" or "co-chair"`
	}
	switch {
	case utf8.RuneCountInString(n.Password) < MinPasswordLength:
		fields["password"] = fmt.Sprintf("must be at least %d characters", MinPasswordLength)
	case len(n.Password) > maxPasswordBytes:
		fields["password"] = fmt.Sprintf("must be at most %d bytes", maxPasswordBytes)
	}
	if len(fields) > 0 {
		return &Error{Kind: KindValidation, Code: "validation_failed", Message: "Some fields are not valid.", Fields: fields}
	}
	return nil
}

// CreateReviewer creates an account with a bcrypt hash of its password. It
// returns a conflict error when the email is taken.
func (s *Store) CreateReviewer(ctx context.Context, n NewReviewer, actor string) (*Reviewer, error) {
	if err := n.normalise(); err != nil {
		return nil, err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(n.Password), bcryptCost)
	if err != nil {
		return nil, fmt.Errorf("hash password: %w", err)
	}
	var r *Reviewer
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		r, err = scanReviewer(tx.QueryRow(ctx, `INSERT INTO reviewers (email, name, role, password_hash)
			VALUES ($1, $2, $3, $4) RETURNING id, email, name, role, created_at`, n.Email, n.Name, n.Role, string(hash)))
		if isUniqueViolation(err, "reviewers_email") {
			return Errorf(KindConflict, "email_taken", "There is already an account for %s.", n.Email)
		}
		if err != nil {
			return fmt.Errorf("create reviewer: %w", err)
		}
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "reviewer.create", Subject: r.Actor(),
			Details: map[string]any{"role": r.Role}})
	})
	return r, err
}

// scanReviewer reads a row of id, email, name, role, created_at.
func scanReviewer(row pgx.Row) (*Reviewer, error) {
	var r Reviewer
	if err := row.Scan(&r.ID, &r.Email, &r.Name, &r.Role, &r.CreatedAt); err != nil {
		return nil, notFound(err)
	}
	return &r, nil
}

// FindReviewerByEmail returns the active account with that email, or
// ErrNotFound.
func (s *Store) FindReviewerByEmail(ctx context.Context, email string) (*Reviewer, error) {
	return scanReviewer(s.pool.QueryRow(ctx, `SELECT id, email, name, role, created_at FROM reviewers
		WHERE email = lower($1) AND disabled_at IS NULL`, strings.TrimSpace(email)))
}

// FindReviewers returns every active account, by name.
func (s *Store) FindReviewers(ctx context.Context) ([]*Reviewer, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, email, name, role, created_at FROM reviewers
		WHERE disabled_at IS NULL ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("find reviewers: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (*Reviewer, error) { return scanReviewer(r) })
}

// DisableReviewer closes an account: its sessions and tokens stop working.
func (s *Store) DisableReviewer(ctx context.Context, email, actor string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		r, err := scanReviewer(tx.QueryRow(ctx, `UPDATE reviewers SET disabled_at = now()
			WHERE email = lower($1) AND disabled_at IS NULL RETURNING id, email, name, role, created_at`, email))
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE reviewer_sessions SET revoked_at = now() WHERE reviewer_id = $1 AND revoked_at IS NULL`, r.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE reviewer_tokens SET revoked_at = now() WHERE reviewer_id = $1 AND revoked_at IS NULL`, r.ID); err != nil {
			return err
		}
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "reviewer.disable", Subject: r.Actor()})
	})
}

// checkPassword returns the active reviewer of email when password is
// theirs, and errBadSignIn otherwise, in about the same time whether the
// account exists or not.
func (s *Store) checkPassword(ctx context.Context, email, password string) (*Reviewer, error) {
	var r Reviewer
	var hash string
	err := s.pool.QueryRow(ctx, `SELECT id, email, name, role, created_at, password_hash FROM reviewers
		WHERE email = $1 AND disabled_at IS NULL`, email).Scan(&r.ID, &r.Email, &r.Name, &r.Role, &r.CreatedAt, &hash)
	if errors.Is(err, pgx.ErrNoRows) {
		hash = dummyHash() // spend the same time as for a real account
	} else if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) != nil || r.ID == 0 {
		return nil, errBadSignIn
	}
	return &r, nil
}

// dummyHash is a bcrypt hash of nothing anyone knows, compared against when
// the account does not exist.
// Made on first use: bcrypt is slow on purpose, and most runs of the
// program never sign anyone in.
var dummyHash = sync.OnceValue(func() string {
	h, _ := bcrypt.GenerateFromPassword([]byte("no account has this password"), bcryptCost)
	return string(h)
})

// startReviewerSession starts a session at stage for r, signed in from
// addr, and returns its token.
func (s *Store) startReviewerSession(ctx context.Context, r *Reviewer, stage, addr string) (string, error) {
	token, hash := newToken()
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM reviewer_sessions WHERE expires_at < now() - interval '1 day'`); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO reviewer_sessions (token_hash, reviewer_id, expires_at, stage, address)
			VALUES ($1, $2, now() + make_interval(secs => $3), $4, left($5, 64))`,
			hash, r.ID, sessionTTL(stage).Seconds(), stage, addr); err != nil {
			return err
		}
		return insertAudit(ctx, tx, Audit{Actor: r.Actor(), Action: "reviewer.sign_in", Details: map[string]any{"stage": stage}})
	})
	if err != nil {
		return "", fmt.Errorf("start session: %w", err)
	}
	return token, nil
}

// FindReviewerSession returns the reviewer of a live session that has
// given every factor, or an unauthorized error when the session is
// unknown, expired, revoked or still waiting for a factor.
func (s *Store) FindReviewerSession(ctx context.Context, token string) (*Reviewer, error) {
	rs, err := s.FindReviewerSessionAtAnyStage(ctx, token)
	if err != nil {
		return nil, err
	}
	if rs.Stage != StageFull {
		return nil, errNoReviewerSession
	}
	return rs.Reviewer, nil
}

// SignOut revokes a session and notes it in the audit log. Unknown or
// already revoked tokens are ignored.
func (s *Store) SignOut(ctx context.Context, token string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var id int64
		err := tx.QueryRow(ctx, `UPDATE reviewer_sessions SET revoked_at = now()
			WHERE token_hash = $1 AND revoked_at IS NULL RETURNING reviewer_id`, hashToken(token)).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("sign out: %w", err)
		}
		return insertAudit(ctx, tx, Audit{Actor: fmt.Sprintf("reviewer:%d", id), Action: "reviewer.sign_out"})
	})
}

// CreateReviewerToken issues a personal API token for the account with that
// email and returns it; only its hash is kept.
func (s *Store) CreateReviewerToken(ctx context.Context, email, actor string) (string, error) {
	r, err := s.FindReviewerByEmail(ctx, email)
	if err != nil {
		return "", err
	}
	raw, hash := newToken()
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO reviewer_tokens (reviewer_id, token_hash) VALUES ($1, $2)`, r.ID, hash); err != nil {
			return fmt.Errorf("create token: %w", err)
		}
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "reviewer.token", Subject: r.Actor()})
	})
	if err != nil {
		return "", err
	}
	return reviewerTokenPrefix + raw, nil
}

var errBadReviewerToken = Errorf(KindUnauthorized, "invalid_token", "This reviewer token is not valid, or has been revoked.")

// AuthenticateReviewerToken returns the reviewer a personal API token
// belongs to. It returns an unauthorized error for a malformed, unknown or
// revoked token, or a disabled account.
func (s *Store) AuthenticateReviewerToken(ctx context.Context, token string) (*Reviewer, error) {
	raw, ok := strings.CutPrefix(token, reviewerTokenPrefix)
	if !ok || !plausibleToken(raw) {
		return nil, errBadReviewerToken
	}
	r, err := scanReviewer(s.pool.QueryRow(ctx, `SELECT r.id, r.email, r.name, r.role, r.created_at
		FROM reviewer_tokens t JOIN reviewers r ON r.id = t.reviewer_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND r.disabled_at IS NULL`, hashToken(raw)))
	if errors.Is(err, ErrNotFound) {
		return nil, errBadReviewerToken
	}
	return r, err
}
