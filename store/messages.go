package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
)

// Message kinds.
const (
	MessageInvitation = "invitation"
	MessageReminder   = "reminder"
	MessageReceipt    = "receipt"
	MessageLostLink   = "lost_link"
	MessageResults    = "results" // the results are published
)

// Message statuses: queued → sending → sent or failed.
const (
	MessageQueued  = "queued"
	MessageSending = "sending"
	MessageSent    = "sent"
	MessageFailed  = "failed"
)

// MessageMaxAttempts is how many times a message is tried when the mail
// server answers "try again later" (4xx) or cannot be reached. River's
// backoff grows as the fourth power of the attempt: the last try comes
// about four hours after the first.
const MessageMaxAttempts = 10

// ReplyInterrupted is the reply of a message found 'sending' when it is
// picked up again: the process sending it stopped during the SMTP
// transaction, so whether it arrived is unknown. It is marked failed rather
// than sent a second time.
const ReplyInterrupted = "interrupted; delivery unknown"

// Message is one email message and what became of it.
type Message struct {
	ID             int64
	ConsultationID int64
	ContributorID  int64
	Kind           string
	Email          string
	Language       string
	Status         string
	Attempts       int
	Reply          string
	CreatedAt      time.Time
	SentAt         *time.Time
	Contributor    string // the contributor's name
	Respondent     string // the respondent's name
}

// SendMessageArgs is the queue's job that sends one message. It carries the
// message's id only: everything else, above all a link's token, is read or
// made when the message is sent.
type SendMessageArgs struct {
	MessageID int64 `json:"message_id"`
}

// Kind names the job for River.
func (SendMessageArgs) Kind() string { return "send_message" }

// InsertOpts puts every message on the mail queue.
func (SendMessageArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: MailQueue, MaxAttempts: MessageMaxAttempts}
}

// MailQueue is the River queue the mail jobs run on.
const MailQueue = "mail"

// newMessage is a message to queue for a contributor.
type newMessage struct {
	ContributorID int64
	Kind          string
	Language      string
	Details       map[string]any
}

// queueMessage records a message for a contributor who has an email
// address, and its job, in tx: the message exists if and only if the
// action that causes it commits. It returns the new id, or 0 when the
// contributor has no address or their link is revoked.
func (s *Store) queueMessage(ctx context.Context, tx pgx.Tx, m newMessage) (int64, error) {
	details := m.Details
	if details == nil {
		details = map[string]any{}
	}
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO messages (consultation_id, contributor_id, kind, email, language, details)
		SELECT r.consultation_id, c.id, $2, c.email, COALESCE(NULLIF($3, ''), c.language), $4
		FROM contributors c JOIN respondents r ON r.id = c.respondent_id
		WHERE c.id = $1 AND c.email <> '' AND c.revoked_at IS NULL
		RETURNING id`, m.ContributorID, m.Kind, messageLanguage(m.Language), details).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("queue message: %w", err)
	}
	if _, err := s.queue.InsertTx(ctx, tx, SendMessageArgs{MessageID: id}, nil); err != nil {
		return 0, fmt.Errorf("queue message: %w", err)
	}
	return id, nil
}

// messageLanguages are the languages messages are written in.
var messageLanguages = map[string]bool{"en": true, "fr": true, "es": true, "ar": true}

// messageLanguage returns l when messages are written in it, else ""
// (the contributor's own language).
func messageLanguage(l string) string {
	if messageLanguages[l] {
		return l
	}
	return ""
}

// QueueInvitation queues an invitation for a contributor, in the
// transaction that invites them. The link is made when the message is sent
// (replacing the one made with the contributor, which nobody has seen), so
// no token waits in the queue. It returns the message's id, 0 when the
// contributor has no email address.
func (s *Store) QueueInvitation(ctx context.Context, tx pgx.Tx, contributorID int64, language string) (int64, error) {
	return s.queueMessage(ctx, tx, newMessage{ContributorID: contributorID, Kind: MessageInvitation, Language: language})
}

// queueInvitations queues an invitation for each new contributor with an
// address, in their language, inside the import's transaction, and marks
// their links as queued. The command line, the pages and the API all
// send through it. It returns how many it queued.
func (s *Store) queueInvitations(ctx context.Context, tx pgx.Tx, links []IssuedLink) (int, error) {
	n := 0
	for i, l := range links {
		if l.Email == "" {
			continue
		}
		id, err := s.QueueInvitation(ctx, tx, l.ContributorID, l.Language)
		if err != nil {
			return 0, err
		}
		if id != 0 {
			links[i].Queued = true
			n++
		}
	}
	return n, nil
}

// queueReceipt adds to b, in the submission's transaction, the copy of a
// submission for each contributor of the respondent with an address and
// a working link, so that every official of a delegation has what was
// filed: the messages (the submitter's in the page's language, the
// others' in their own) and their jobs on the mail queue, in one
// statement (what queueMessage does in two), with the queue's wake-up
// call.
func queueReceipt(b *pgx.Batch, p *Principal, language string) {
	args := SendMessageArgs{}
	opts := args.InsertOpts()
	b.Queue(`WITH m AS (
			INSERT INTO messages (consultation_id, contributor_id, kind, email, language, details)
			SELECT r.consultation_id, c.id, $2, c.email,
				CASE WHEN c.id = $1 THEN COALESCE(NULLIF($3, ''), c.language) ELSE c.language END, $4
			FROM contributors c JOIN respondents r ON r.id = c.respondent_id
			WHERE c.respondent_id = (SELECT respondent_id FROM contributors WHERE id = $1)
				AND c.email <> '' AND c.revoked_at IS NULL
			RETURNING id
		), j AS (
			INSERT INTO river_job (args, kind, max_attempts, queue)
			SELECT jsonb_build_object('message_id', m.id), $5, $6, $7 FROM m
			RETURNING queue
		)
		SELECT count(pg_notify(concat(current_schema(), '.river_insert'), json_build_object('queue', j.queue)::text)) FROM j`,
		p.ContributorID, MessageReceipt, messageLanguage(language), map[string]any{"response": p.ResponseID},
		args.Kind(), opts.MaxAttempts, opts.Queue)
}

// MessageFilter selects the messages of a consultation.
type MessageFilter struct {
	Consultation string // slug
	Status       string // one status, or all
	Limit        int    // at most this many, newest first; 200 when 0
}

// FindMessages returns a consultation's messages, newest first.
func (s *Store) FindMessages(ctx context.Context, f MessageFilter) ([]Message, error) {
	if f.Limit <= 0 {
		f.Limit = 200
	}
	rows, err := s.pool.Query(ctx, `SELECT m.id, m.consultation_id, m.contributor_id, m.kind, m.email, m.language, m.status,
			m.attempts, m.reply, m.created_at, m.sent_at, c.name, r.name
		FROM messages m
		JOIN consultations cn ON cn.id = m.consultation_id
		JOIN contributors c ON c.id = m.contributor_id
		JOIN respondents r ON r.id = c.respondent_id
		WHERE cn.slug = $1 AND ($2 = '' OR m.status = $2)
		ORDER BY m.id DESC LIMIT $3`, f.Consultation, f.Status, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("find messages: %w", err)
	}
	return pgx.CollectRows(rows, scanMessage)
}

// FindMessage returns one message.
func (s *Store) FindMessage(ctx context.Context, id int64) (*Message, error) {
	rows, err := s.pool.Query(ctx, `SELECT m.id, m.consultation_id, m.contributor_id, m.kind, m.email, m.language, m.status,
			m.attempts, m.reply, m.created_at, m.sent_at, c.name, r.name
		FROM messages m
		JOIN contributors c ON c.id = m.contributor_id
		JOIN respondents r ON r.id = c.respondent_id
		WHERE m.id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("find message: %w", err)
	}
	m, err := pgx.CollectExactlyOneRow(rows, scanMessage)
	if err != nil {
		return nil, notFound(err)
	}
	return &m, nil
}

// scanMessage reads the columns FindMessages and FindMessage select.
func scanMessage(row pgx.CollectableRow) (Message, error) {
	var m Message
	err := row.Scan(&m.ID, &m.ConsultationID, &m.ContributorID, &m.Kind, &m.Email, &m.Language, &m.Status,
		&m.Attempts, &m.Reply, &m.CreatedAt, &m.SentAt, &m.Contributor, &m.Respondent)
	return m, err
}

// MessageCounts is how many of a consultation's messages are in each status.
type MessageCounts map[string]int

// CountMessages returns how many of a consultation's messages are in each
// status.
func (s *Store) CountMessages(ctx context.Context, slug string) (MessageCounts, error) {
	rows, err := s.pool.Query(ctx, `SELECT m.status, count(*) FROM messages m
		JOIN consultations cn ON cn.id = m.consultation_id WHERE cn.slug = $1 GROUP BY m.status`, slug)
	if err != nil {
		return nil, fmt.Errorf("count messages: %w", err)
	}
	defer rows.Close()
	out := MessageCounts{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}

// oneLine keeps a mail server's reply to one line of reasonable length.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 500 {
		s = s[:500]
	}
	return strings.ToValidUTF8(s, "?")
}
