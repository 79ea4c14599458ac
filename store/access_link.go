package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// AccessLinkEmailsPerHour is how many times a contributor may have their
// access link emailed from the page shown after registering, per hour.
const AccessLinkEmailsPerHour = 3

// ContributorEmail returns the email address a contributor gave, "" when
// none. It returns ErrNotFound for a contributor that does not exist.
func (s *Store) ContributorEmail(ctx context.Context, p *Principal) (string, error) {
	var email string
	err := s.pool.QueryRow(ctx, `SELECT email FROM contributors WHERE id = $1`, p.ContributorID).Scan(&email)
	if err != nil {
		return "", notFound(err)
	}
	return email, nil
}

// EmailAccessLink queues the contributor's access link for their email
// address, in language (the contributor's own when ""). Like a lost link,
// the message carries a new link made when it is sent, which replaces the
// current one: no token waits in the queue. It returns the address, a
// validation error (no_email) when the contributor gave none, and a
// rate_limited error past AccessLinkEmailsPerHour.
func (s *Store) EmailAccessLink(ctx context.Context, p *Principal, language string) (string, error) {
	email, err := s.ContributorEmail(ctx, p)
	if err != nil {
		return "", err
	}
	if email == "" {
		return "", Errorf(KindValidation, "no_email", "No email address was given for this contributor.")
	}
	if err := s.Throttle(ctx, fmt.Sprintf("accesslink:contributor:%d", p.ContributorID), AccessLinkEmailsPerHour, time.Hour); err != nil {
		return "", err
	}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		id, err := s.queueMessage(ctx, tx, newMessage{ContributorID: p.ContributorID, Kind: MessageLostLink, Language: language})
		if err != nil {
			return err
		}
		if id == 0 {
			return errors.New("email access link: contributor revoked")
		}
		return insertAudit(ctx, tx, Audit{Actor: "contributor", Action: "contributor.email_link", ConsultationID: &p.ConsultationID,
			Subject: fmt.Sprintf("contributor:%d", p.ContributorID), Details: map[string]any{"message": id}})
	})
	if err != nil {
		return "", fmt.Errorf("email access link: %w", err)
	}
	return email, nil
}
