package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/questionset"
)

// Outgoing is a message about to be handed to the mail server, with what
// its text needs.
type Outgoing struct {
	Message
	Slug     string
	Title    Text
	ClosesAt *time.Time
	Location *time.Location
	// Token is the fresh access link's token of an invitation or a lost
	// link, made in the transaction that marked the message 'sending'; the
	// link it replaces stopped working then. It is never stored.
	Token   string
	Receipt string
	Answers []SentAnswer // a receipt's copy of the answers as submitted
	// Copy is a receipt's submission whole, for the copy the message
	// carries; nil for other messages.
	Copy *SubmissionCopy
	// ApprovedBy names, in a receipt, the approver who submitted; in a
	// request for approval, RequestedBy names who asks.
	ApprovedBy, RequestedBy string
}

// SentAnswer is one answer in a receipt's copy.
type SentAnswer struct {
	Number   int
	Question Text
	Choice   Text // the chosen answer's label, if any
	Text     string
}

// ErrMessageDone is returned by BeginSend for a message that must not be
// sent (again): sent already, given up, or found interrupted mid-send.
var ErrMessageDone = errors.New("message already sent or given up")

// MailRateError is returned by BeginSend when the rate limit is reached: a
// slot frees up after Wait.
type MailRateError struct{ Wait time.Duration }

func (e *MailRateError) Error() string { return fmt.Sprintf("mail rate limit: wait %s", e.Wait) }

// BeginSend claims a queued message for sending: it checks the rate limit
// (perMinute messages across every server; 0 for none), makes the link's
// token where the message carries one, and marks the message 'sending' with
// one more attempt, all in one transaction committed before the SMTP
// transaction starts. A message found 'sending' was interrupted by a crash:
// it is marked failed (ReplyInterrupted) and ErrMessageDone returned, so no
// message is ever sent twice.
func (s *Store) BeginSend(ctx context.Context, id int64, perMinute int) (*Outgoing, error) {
	var out *Outgoing
	var interrupted bool
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var status string
		err := tx.QueryRow(ctx, `SELECT status FROM messages WHERE id = $1 FOR UPDATE`, id).Scan(&status)
		if err != nil {
			return notFound(err)
		}
		switch status {
		case MessageSent, MessageFailed:
			return ErrMessageDone
		case MessageSending:
			interrupted = true
			return finishMessage(ctx, tx, id, MessageFailed, ReplyInterrupted)
		}
		if err := checkMailRate(ctx, tx, perMinute); err != nil {
			return err
		}
		if out, err = loadOutgoing(ctx, tx, id); err != nil {
			return err
		}
		if err := prepareOutgoing(ctx, tx, out); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE messages SET status = 'sending', attempts = attempts + 1,
			sending_at = clock_timestamp(), updated_at = now() WHERE id = $1`, id)
		return err
	})
	if interrupted && err == nil {
		return nil, ErrMessageDone
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkMailRate returns a MailRateError when perMinute messages were handed
// to the mail server in the last minute. The advisory lock makes the count
// and the claim that follows one step across every server.
func checkMailRate(ctx context.Context, tx pgx.Tx, perMinute int) error {
	if perMinute <= 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('vaconsult.mail.rate'))`); err != nil {
		return fmt.Errorf("mail rate: %w", err)
	}
	var n int
	var wait float64
	err := tx.QueryRow(ctx, `
		WITH recent AS (SELECT sending_at FROM messages
			WHERE sending_at > clock_timestamp() - interval '1 minute' ORDER BY sending_at DESC LIMIT $1)
		SELECT count(*), COALESCE(EXTRACT(EPOCH FROM min(sending_at) + interval '1 minute' - clock_timestamp()), 0)::float8
		FROM recent`, perMinute).Scan(&n, &wait)
	if err != nil {
		return fmt.Errorf("mail rate: %w", err)
	}
	if n >= perMinute {
		return &MailRateError{Wait: max(time.Duration(wait*float64(time.Second)), 100*time.Millisecond)}
	}
	return nil
}

func loadOutgoing(ctx context.Context, tx pgx.Tx, id int64) (*Outgoing, error) {
	var o Outgoing
	var revoked *time.Time
	var tz string
	err := tx.QueryRow(ctx, `SELECT m.id, m.consultation_id, m.contributor_id, m.kind, m.email, m.language,
			m.status, m.attempts, m.reply, m.created_at, c.name, r.name, c.revoked_at,
			cn.slug, cn.title, cn.closes_at, cn.time_zone
		FROM messages m
		JOIN contributors c ON c.id = m.contributor_id
		JOIN respondents r ON r.id = c.respondent_id
		JOIN consultations cn ON cn.id = m.consultation_id
		WHERE m.id = $1`, id).Scan(&o.ID, &o.ConsultationID, &o.ContributorID, &o.Kind, &o.Email, &o.Language,
		&o.Status, &o.Attempts, &o.Reply, &o.CreatedAt, &o.Contributor, &o.Respondent, &revoked,
		&o.Slug, &o.Title, &o.ClosesAt, &tz)
	if err != nil {
		return nil, fmt.Errorf("load message: %w", notFound(err))
	}
	if revoked != nil {
		return nil, errRevokedBeforeSending
	}
	o.Location = (&Consultation{TimeZone: tz}).Location()
	return &o, nil
}

// errRevokedBeforeSending gives up a message whose contributor's access was
// withdrawn after it was queued.
var errRevokedBeforeSending = Errorf(KindConflict, "revoked", "the access link was withdrawn before the message was sent")

// IsRevokedBeforeSending reports whether BeginSend refused a message whose
// contributor's access was withdrawn meanwhile.
func IsRevokedBeforeSending(err error) bool { return errors.Is(err, errRevokedBeforeSending) }

// prepareOutgoing makes what the message carries: a new link for an
// invitation or a lost link (the old one stops working, which the audit log
// records), the receipt and answers for a receipt.
func prepareOutgoing(ctx context.Context, tx pgx.Tx, o *Outgoing) error {
	switch o.Kind {
	case MessageInvitation, MessageLostLink:
		token, hash := newAccessToken()
		if _, err := tx.Exec(ctx, `UPDATE contributors SET token_hash = $2 WHERE id = $1`, o.ContributorID, hash); err != nil {
			return fmt.Errorf("new link: %w", err)
		}
		o.Token = token
		return insertAudit(ctx, tx, Audit{Actor: "system", Action: "contributor.relink", ConsultationID: &o.ConsultationID,
			Subject: fmt.Sprintf("contributor:%d", o.ContributorID), Details: map[string]any{"message": o.ID, "kind": o.Kind}})
	case MessageReceipt:
		return loadReceipt(ctx, tx, o)
	case MessageApprovalRequest:
		return loadApprovalRequest(ctx, tx, o)
	}
	return nil
}

// loadReceipt reads the contributor's response as last submitted.
func loadReceipt(ctx context.Context, tx pgx.Tx, o *Outgoing) error {
	var responseID int64
	err := tx.QueryRow(ctx, `SELECT rs.id, COALESCE(rs.receipt, ''),
			COALESCE((SELECT a.name FROM submissions s JOIN contributors a ON a.id = s.approved_by
				WHERE s.response_id = rs.id ORDER BY s.version DESC LIMIT 1), '')
		FROM responses rs
		JOIN contributors c ON c.respondent_id = rs.respondent_id WHERE c.id = $1`, o.ContributorID).Scan(&responseID, &o.Receipt, &o.ApprovedBy)
	if err != nil {
		return fmt.Errorf("load receipt: %w", err)
	}
	rows, err := tx.Query(ctx, `SELECT q.number, q.text, q.choices, sa.choice, sa.text
		FROM submitted_answers sa JOIN questions q ON q.id = sa.question_id
		WHERE sa.response_id = $1 ORDER BY q.number`, responseID)
	if err != nil {
		return fmt.Errorf("load receipt: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a SentAnswer
		var choices []questionset.Choice
		var choice *string
		if err := rows.Scan(&a.Number, &a.Question, &choices, &choice, &a.Text); err != nil {
			return fmt.Errorf("load receipt: %w", err)
		}
		for _, c := range choices {
			if choice != nil && c.Value == *choice {
				a.Choice = c.Label
			}
		}
		o.Answers = append(o.Answers, a)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("load receipt: %w", err)
	}
	return loadReceiptCopy(ctx, tx, o, responseID)
}

// MarkSent records that the mail server took the message, with its reply.
func (s *Store) MarkSent(ctx context.Context, id int64, reply string) error {
	return finishMessage(ctx, s.pool, id, MessageSent, reply)
}

// MarkFailed gives a message up, with the mail server's reply or the reason.
func (s *Store) MarkFailed(ctx context.Context, id int64, reply string) error {
	return finishMessage(ctx, s.pool, id, MessageFailed, reply)
}

// MarkRetry puts a message back in the queue after a temporary failure,
// with the server's reply; its job tries it again after a backoff.
func (s *Store) MarkRetry(ctx context.Context, id int64, reply string) error {
	_, err := s.pool.Exec(ctx, `UPDATE messages SET status = 'queued', reply = $2, updated_at = now()
		WHERE id = $1 AND status = 'sending'`, id, oneLine(reply))
	if err != nil {
		return fmt.Errorf("retry message: %w", err)
	}
	return nil
}

func finishMessage(ctx context.Context, db DBTX, id int64, status, reply string) error {
	_, err := db.Exec(ctx, `UPDATE messages SET status = $2, reply = $3, updated_at = now(),
			sent_at = CASE WHEN $2 = 'sent' THEN now() END
		WHERE id = $1 AND status IN ('queued', 'sending')`, id, status, oneLine(reply))
	if err != nil {
		return fmt.Errorf("mark message %s: %w", status, err)
	}
	return nil
}
