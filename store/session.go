package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// SessionLifetime is how long a web session lasts after the access link
// that started it was opened. The link itself keeps working, so a person
// whose session ended opens it again.
const SessionLifetime = 30 * 24 * time.Hour

// StartSession checks an access token and starts a web session for its
// contributor. It returns the principal and the session's token, which is
// kept only as a hash. It returns an unauthorized error for a malformed,
// unknown or revoked access token.
func (s *Store) StartSession(ctx context.Context, accessToken string) (*Principal, string, error) {
	p, err := s.Authenticate(ctx, accessToken)
	if err != nil {
		return nil, "", err
	}
	token, err := s.CreateSession(ctx, p.ContributorID)
	if err != nil {
		return nil, "", err
	}
	return p, token, nil
}

// CreateSession starts a web session for a contributor and returns its
// token. It also removes sessions that have expired, so the table does not
// grow without end. Both statements travel in one batch, which PostgreSQL
// runs as one transaction: one round trip.
func (s *Store) CreateSession(ctx context.Context, contributorID int64) (string, error) {
	token, hash := newToken()
	b := &pgx.Batch{}
	b.Queue(`DELETE FROM web_sessions WHERE expires_at < now()`)
	b.Queue(`INSERT INTO web_sessions (token_hash, contributor_id, expires_at)
			VALUES ($1, $2, now() + make_interval(secs => $3))`, hash, contributorID, SessionLifetime.Seconds())
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	return token, nil
}

// SessionPrincipal returns the principal of a web session. It returns an
// unauthorized error when the session is unknown or expired, or when its
// contributor's access link has been revoked since.
func (s *Store) SessionPrincipal(ctx context.Context, sessionToken string) (*Principal, error) {
	if !plausibleToken(sessionToken) {
		return nil, ErrNoSession
	}
	p, err := scanPrincipal(s.pool.QueryRow(ctx, `
		SELECT c.id, c.name, r.id, rs.id, r.consultation_id, r.question_set_id, r.audience, cn.cache_version
		FROM web_sessions ws
		JOIN contributors c ON c.id = ws.contributor_id
		JOIN respondents r ON r.id = c.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations cn ON cn.id = r.consultation_id
		WHERE ws.token_hash = $1 AND ws.expires_at > now() AND c.revoked_at IS NULL`, hashToken(sessionToken)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrNoSession
	}
	if err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	return p, nil
}

// ErrNoSession: a web session that is unknown, ended or past its time.
var ErrNoSession = Errorf(KindUnauthorized, "no_session",
	"Your session has ended. Open your access link again to go on.")

// EndSession ends a web session. Ending an unknown session is not an error.
func (s *Store) EndSession(ctx context.Context, sessionToken string) error {
	if !plausibleToken(sessionToken) {
		return nil
	}
	if _, err := s.pool.Exec(ctx, `DELETE FROM web_sessions WHERE token_hash = $1`, hashToken(sessionToken)); err != nil {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}
