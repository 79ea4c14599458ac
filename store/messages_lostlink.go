package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// Limits on lost-link requests: per address of the requester, refused
// openly (that says nothing of who is invited); per email address, dropped
// silently, so that nobody can flood a delegate's mailbox.
const (
	LostLinksPerHourFromAddress = 10
	LostLinksPerHourToEmail     = 3
)

// LostLinkArgs is the queue's job that answers a lost-link request: it
// looks for the consultation's contributors with this email address and
// queues a new link for each. A request does the same work whether or not
// the address is known, so that neither the answer nor its time tells.
type LostLinkArgs struct {
	ConsultationID int64  `json:"consultation_id"`
	Email          string `json:"email"`
	Language       string `json:"language"`
}

// Kind names the job for River.
func (LostLinkArgs) Kind() string { return "lost_link" }

// InsertOpts puts the job on the mail queue.
func (LostLinkArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: MailQueue, MaxAttempts: 5}
}

// LostLinkRequest is someone asking for a new access link by email.
type LostLinkRequest struct {
	Consultation string // slug
	Email        string
	Language     string // of the page or the request, for the message
	From         string // the requester's address, for the limit
}

// RequestLostLink records a lost-link request: when the email address
// belongs to a contributor of the consultation, a new link will be emailed
// to it and the old one stop working. The answer is the same whether or
// not it does. It refuses a malformed address (validation_failed), an
// unknown consultation (not found) and a requester past
// LostLinksPerHourFromAddress (rate_limited).
func (s *Store) RequestLostLink(ctx context.Context, in LostLinkRequest) error {
	email := strings.TrimSpace(in.Email)
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > 254 || strings.ContainsAny(email, "\r\n") {
		return &Error{Kind: KindValidation, Code: "validation_failed", Message: "Some fields are not valid.",
			Fields: map[string]string{"email": "must be an email address, such as name@example.org"}}
	}
	c, err := s.FindConsultationBySlug(ctx, in.Consultation)
	if err != nil {
		return err
	}
	if err := s.Throttle(ctx, "lostlink:from:"+in.From, LostLinksPerHourFromAddress, time.Hour); err != nil {
		return err
	}
	key := "lostlink:email:" + emailKey(email)
	if err := s.Throttle(ctx, key, LostLinksPerHourToEmail, time.Hour); err != nil {
		if errors.Is(err, ErrRateLimited) {
			return nil // dropped: the requester learns nothing
		}
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		_, err := s.queue.InsertTx(ctx, tx, LostLinkArgs{ConsultationID: c.ID, Email: email, Language: messageLanguage(in.Language)}, nil)
		if err != nil {
			return fmt.Errorf("lost link: %w", err)
		}
		return insertAudit(ctx, tx, Audit{Actor: "visitor", Action: "lost_link.request", ConsultationID: &c.ID,
			Details: map[string]any{"email": emailKey(email)}})
	})
}

// emailKey names an email address in rate counts and the audit log
// without writing it out.
func emailKey(email string) string {
	h := sha256.Sum256([]byte(strings.ToLower(email)))
	return hex.EncodeToString(h[:8])
}

// AnswerLostLink queues a lost-link message for each working contributor
// of the consultation with this email address (in any case), and returns
// how many.
func (s *Store) AnswerLostLink(ctx context.Context, a LostLinkArgs) (int, error) {
	var n int
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT c.id FROM contributors c JOIN respondents r ON r.id = c.respondent_id
			WHERE r.consultation_id = $1 AND lower(c.email) = lower($2) AND c.revoked_at IS NULL
			ORDER BY c.id FOR UPDATE OF c`, a.ConsultationID, a.Email)
		if err != nil {
			return fmt.Errorf("lost link: %w", err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("lost link: %w", err)
		}
		for _, id := range ids {
			if _, err := s.queueMessage(ctx, tx, newMessage{ContributorID: id, Kind: MessageLostLink, Language: a.Language}); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}
