package store

import (
	"context"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"golang.org/x/crypto/bcrypt"
)

// Stages of a reviewer's session.
const (
	StageSecondFactor = "second-factor" // the password was right; the code is still to come
	StageEnrol        = "enrol"         // an administrator must enrol a second factor first
	StageFull         = "full"          // every factor given
)

// ReviewerSession is one of a reviewer's signed-in browsers.
type ReviewerSession struct {
	ID        int64
	Reviewer  *Reviewer
	Stage     string
	Address   string // where it was signed in from
	CreatedAt time.Time
	ExpiresAt time.Time
	Current   bool // the browser asking
}

var errNoReviewerSession = Errorf(KindUnauthorized, "not_signed_in", "Sign in to continue.")

// FindReviewerSessionAtAnyStage returns a live session, whether or not it
// has given every factor, or an unauthorized error when it is unknown,
// expired or revoked.
func (s *Store) FindReviewerSessionAtAnyStage(ctx context.Context, token string) (*ReviewerSession, error) {
	if !plausibleToken(token) {
		return nil, errNoReviewerSession
	}
	var rs ReviewerSession
	var r Reviewer
	err := s.pool.QueryRow(ctx, `SELECT s.id, s.stage, s.address, s.created_at, s.expires_at,
			r.id, r.email, r.name, r.role, r.created_at
		FROM reviewer_sessions s JOIN reviewers r ON r.id = s.reviewer_id
		WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND r.disabled_at IS NULL`,
		hashToken(token)).Scan(&rs.ID, &rs.Stage, &rs.Address, &rs.CreatedAt, &rs.ExpiresAt,
		&r.ID, &r.Email, &r.Name, &r.Role, &r.CreatedAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errNoReviewerSession
	}
	if err != nil {
		return nil, fmt.Errorf("find session: %w", err)
	}
	rs.Reviewer, rs.Current = &r, true
	return &rs, nil
}

// FindReviewerSessions returns the live sessions of r, newest first, with
// the one of currentToken marked.
func (s *Store) FindReviewerSessions(ctx context.Context, r *Reviewer, currentToken string) ([]*ReviewerSession, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, stage, address, created_at, expires_at, token_hash = $2
		FROM reviewer_sessions WHERE reviewer_id = $1 AND revoked_at IS NULL AND expires_at > now()
		ORDER BY created_at DESC, id DESC`, r.ID, hashToken(currentToken))
	if err != nil {
		return nil, fmt.Errorf("find sessions: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (*ReviewerSession, error) {
		rs := &ReviewerSession{Reviewer: r}
		return rs, row.Scan(&rs.ID, &rs.Stage, &rs.Address, &rs.CreatedAt, &rs.ExpiresAt, &rs.Current)
	})
}

// RevokeReviewerSession ends one of r's sessions. It returns ErrNotFound
// for a session that is not r's or has ended already.
func (s *Store) RevokeReviewerSession(ctx context.Context, r *Reviewer, id int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE reviewer_sessions SET revoked_at = now()
			WHERE id = $1 AND reviewer_id = $2 AND revoked_at IS NULL AND expires_at > now()`, id, r.ID)
		if err != nil {
			return fmt.Errorf("revoke session: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return insertAudit(ctx, tx, Audit{Actor: r.Actor(), Action: "reviewer.session_revoke",
			Details: map[string]any{"session": id}})
	})
}

// ChangePassword sets r's password to next when current is right, and
// ends every other session of r: whoever else was signed in must sign in
// again. It returns a validation error naming "current" or "password".
func (s *Store) ChangePassword(ctx context.Context, r *Reviewer, currentToken, current, next string) error {
	var hash string
	if err := s.pool.QueryRow(ctx, `SELECT password_hash FROM reviewers WHERE id = $1`, r.ID).Scan(&hash); err != nil {
		return fmt.Errorf("change password: %w", notFound(err))
	}
	fields := map[string]string{}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(current)) != nil {
		fields["current"] = "is not your current password"
	}
	switch {
	case utf8.RuneCountInString(next) < MinPasswordLength:
		fields["password"] = fmt.Sprintf("must be at least %d characters", MinPasswordLength)
	case len(next) > maxPasswordBytes:
		fields["password"] = fmt.Sprintf("must be at most %d bytes", maxPasswordBytes)
	}
	if len(fields) > 0 {
		return &Error{Kind: KindValidation, Code: "validation_failed", Message: "Some fields are not valid.", Fields: fields}
	}
	newHash, err := bcrypt.GenerateFromPassword([]byte(next), bcryptCost)
	if err != nil {
		return fmt.Errorf("hash password: %w", err)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE reviewers SET password_hash = $2 WHERE id = $1`, r.ID, string(newHash)); err != nil {
			return fmt.Errorf("change password: %w", err)
		}
		tag, err := tx.Exec(ctx, `UPDATE reviewer_sessions SET revoked_at = now()
			WHERE reviewer_id = $1 AND token_hash <> $2 AND revoked_at IS NULL`, r.ID, hashToken(currentToken))
		if err != nil {
			return fmt.Errorf("change password: %w", err)
		}
		return insertAudit(ctx, tx, Audit{Actor: r.Actor(), Action: "reviewer.password",
			Details: map[string]any{"sessions_ended": tag.RowsAffected()}})
	})
}
