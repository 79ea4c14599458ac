package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// SignOff is where a response stands in its sign-off, as the contributor
// reading it sees it. A respondent with no approver has none: anyone may
// submit.
type SignOff struct {
	Approver    bool       // the contributor reading is an approver
	Approvers   []string   // the names of the respondent's approvers whose links work
	RequestedBy string     // who last asked for approval, while the request is pending
	RequestedAt *time.Time // when, while the request is pending
	ApprovedBy  string     // the approver who made the last submission, if one did
}

// Required reports whether the contributor reading must leave the
// submission to an approver.
func (s SignOff) Required() bool { return len(s.Approvers) > 0 && !s.Approver }

// Pending reports whether someone asked for approval since the last
// submission.
func (s SignOff) Pending() bool { return s.RequestedAt != nil }

// signOffStatements read, after the response is locked, whether the
// contributor of a lockKey is an approver, the respondent's approvers, and
// whether a request for approval is pending: in one statement, run after
// the lock is taken, so that it sees a role changed by a transaction the
// lock waited for. Each takes the key as $1.
type signOffStatements struct{ byContributor, byAccessToken, bySession string }

var signOffSQL = signOffStatements{
	byContributor: `SELECT k.approver,
			ARRAY(SELECT x.name FROM contributors x
				WHERE x.respondent_id = k.respondent_id AND x.approver AND x.revoked_at IS NULL ORDER BY x.id),
			rs.approval_requested_at IS NOT NULL
		FROM contributors k JOIN responses rs ON rs.respondent_id = k.respondent_id
		WHERE k.id = $1`,
	byAccessToken: `SELECT k.approver,
			ARRAY(SELECT x.name FROM contributors x
				WHERE x.respondent_id = k.respondent_id AND x.approver AND x.revoked_at IS NULL ORDER BY x.id),
			rs.approval_requested_at IS NOT NULL
		FROM contributors k JOIN responses rs ON rs.respondent_id = k.respondent_id
		WHERE k.token_hash = $1 AND k.revoked_at IS NULL`,
	bySession: `SELECT k.approver,
			ARRAY(SELECT x.name FROM contributors x
				WHERE x.respondent_id = k.respondent_id AND x.approver AND x.revoked_at IS NULL ORDER BY x.id),
			rs.approval_requested_at IS NOT NULL
		FROM contributors k JOIN responses rs ON rs.respondent_id = k.respondent_id
		WHERE k.id = (SELECT ws.contributor_id FROM web_sessions ws
				WHERE ws.token_hash = $1 AND ws.expires_at > now())
			AND k.revoked_at IS NULL`,
}

// lockedSignOff is what queueSignOff reads under the lock.
type lockedSignOff struct {
	approver  bool
	approvers []string
	pending   bool
}

// queueSignOff adds to b, after queueLock, the statement that reads the
// sign-off of the response key locks into so.
func queueSignOff(b *pgx.Batch, key lockKey, so *lockedSignOff) {
	stmt, arg := signOffSQL.byAccessToken, any(key.tokenHash)
	switch {
	case key.principal != nil:
		stmt, arg = signOffSQL.byContributor, key.principal.ContributorID
	case key.sessionHash != nil:
		stmt, arg = signOffSQL.bySession, key.sessionHash
	}
	b.Queue(stmt, arg).QueryRow(func(row pgx.Row) error {
		return row.Scan(&so.approver, &so.approvers, &so.pending)
	})
}

// required reports whether the contributor must leave the submission to
// an approver.
func (so *lockedSignOff) required() bool { return len(so.approvers) > 0 && !so.approver }

// approvalRequired is the refusal of a submission by a contributor who is
// not an approver of a respondent that has one.
func approvalRequired(approvers []string) *Error {
	e := Errorf(KindForbidden, "approval_required",
		"Only an approver may submit these answers (%s). Save them and send them for approval.", strings.Join(approvers, ", "))
	e.Data = map[string]any{"approvers": approvers}
	return e
}

// ApprovalRequest is a request for approval as recorded.
type ApprovalRequest struct {
	RequestedBy string
	RequestedAt time.Time
	Approvers   []string
	// Repeated says a request was pending already: its time moved on, and
	// the approvers, told of the first, are not written to again.
	Repeated bool
}

// RequestApproval records that who asks the respondent's approvers to
// approve and submit the answers, and queues an email to each approver
// with an address, other than who, in the same transaction. Asking again
// while a request is pending moves its time on and sends nothing. It
// refuses a respondent with no approver (no_approver) and a consultation
// that is not open, and costs two round trips, as a submission does.
func (s *Store) RequestApproval(ctx context.Context, who Saver) (*ApprovalRequest, error) {
	key, err := who.key()
	if err != nil {
		return nil, err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("request approval: %w", err)
	}
	defer conn.Release()
	lr, so := newLockedResponse(), &lockedSignOff{}
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	queueLock(b, key, lr)
	queueSignOff(b, key, so)
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		return nil, rollback(ctx, conn, lockError(err, key))
	}
	p := &lr.principal
	if err := lr.checkOpen(s.now()); err != nil {
		return nil, rollback(ctx, conn, err)
	}
	if len(so.approvers) == 0 {
		return nil, rollback(ctx, conn, Errorf(KindConflict, "no_approver",
			"These answers have no approver: submit them yourself when they are ready."))
	}
	out := &ApprovalRequest{RequestedBy: p.ContributorName, Approvers: so.approvers, Repeated: so.pending}
	b = &pgx.Batch{}
	b.Queue(`UPDATE responses SET approval_requested_by = $2, approval_requested_at = now() WHERE id = $1
		RETURNING approval_requested_at`, p.ResponseID, p.ContributorID).QueryRow(func(row pgx.Row) error {
		return row.Scan(&out.RequestedAt)
	})
	if !so.pending {
		queueApprovalMessages(b, p)
	}
	queueAudit(b, Audit{Actor: actor(p), Action: "response.approval_request", ConsultationID: &p.ConsultationID,
		Subject: fmt.Sprintf("response:%d", p.ResponseID), Details: map[string]any{"approvers": so.approvers, "repeated": so.pending}})
	b.Queue("COMMIT")
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		return nil, rollback(ctx, conn, fmt.Errorf("request approval: %w", err))
	}
	return out, nil
}

// queueApprovalMessages adds to b an email to each of the respondent's
// approvers with an address, other than the one asking, and their jobs on
// the mail queue, in one statement (as queueReceipt does).
func queueApprovalMessages(b *pgx.Batch, p *Principal) {
	args := SendMessageArgs{}
	opts := args.InsertOpts()
	b.Queue(`WITH m AS (
			INSERT INTO messages (consultation_id, contributor_id, kind, email, language, details)
			SELECT r.consultation_id, c.id, $3, c.email, c.language, jsonb_build_object('requested_by', $2::bigint)
			FROM contributors c JOIN respondents r ON r.id = c.respondent_id
			WHERE c.respondent_id = $1 AND c.approver AND c.id <> $2 AND c.email <> '' AND c.revoked_at IS NULL
			RETURNING id
		), j AS (
			INSERT INTO river_job (args, kind, max_attempts, queue)
			SELECT jsonb_build_object('message_id', m.id), $4, $5, $6 FROM m
			RETURNING queue
		)
		SELECT count(pg_notify(concat(current_schema(), '.river_insert'), json_build_object('queue', j.queue)::text)) FROM j`,
		p.RespondentID, p.ContributorID, MessageApprovalRequest, args.Kind(), opts.MaxAttempts, opts.Queue)
}

// MessageApprovalRequest is the kind of the message that tells an approver
// a contributor asks for approval.
const MessageApprovalRequest = "approval_request"

// findSignOff adds to b the statement that reads the sign-off of p's
// response for the pages, into so: one more statement in the batch that
// reads the response, no more round trips.
func findSignOff(b *pgx.Batch, p *Principal, so *SignOff) {
	b.Queue(`SELECT k.approver,
			ARRAY(SELECT x.name FROM contributors x
				WHERE x.respondent_id = k.respondent_id AND x.approver AND x.revoked_at IS NULL ORDER BY x.id),
			COALESCE(rq.name, ''), rs.approval_requested_at,
			COALESCE((SELECT a.name FROM submissions s JOIN contributors a ON a.id = s.approved_by
				WHERE s.response_id = rs.id ORDER BY s.version DESC LIMIT 1), '')
		FROM contributors k JOIN responses rs ON rs.respondent_id = k.respondent_id
		LEFT JOIN contributors rq ON rq.id = rs.approval_requested_by
		WHERE k.id = $1`, p.ContributorID).QueryRow(func(row pgx.Row) error {
		return row.Scan(&so.Approver, &so.Approvers, &so.RequestedBy, &so.RequestedAt, &so.ApprovedBy)
	})
}

// SetApprover makes a contributor an approver of their respondent, or a
// drafter. It locks the response first, so that a submission under way
// finishes before the change or sees it.
func (s *Store) SetApprover(ctx context.Context, contributorID int64, approver bool, byActor string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		consultationID, err := setApprover(ctx, tx, contributorID, approver)
		if err != nil {
			return err
		}
		return insertAudit(ctx, tx, Audit{Actor: byActor, Action: "contributor.approver", ConsultationID: &consultationID,
			Subject: fmt.Sprintf("contributor:%d", contributorID), Details: map[string]any{"approver": approver}})
	})
}

// setApprover sets the contributor's role in tx, the response locked
// first, and returns the consultation's id.
func setApprover(ctx context.Context, tx pgx.Tx, contributorID int64, approver bool) (int64, error) {
	var consultationID int64
	err := tx.QueryRow(ctx, `SELECT r.consultation_id FROM contributors k
		JOIN respondents r ON r.id = k.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		WHERE k.id = $1 FOR UPDATE OF rs`, contributorID).Scan(&consultationID)
	if err != nil {
		return 0, fmt.Errorf("set approver: %w", notFound(err))
	}
	if _, err := tx.Exec(ctx, `UPDATE contributors SET approver = $2 WHERE id = $1`, contributorID, approver); err != nil {
		return 0, fmt.Errorf("set approver: %w", err)
	}
	return consultationID, nil
}

// lockForApprovers locks the responses of the respondents that get an
// approver, so that a submission under way finishes first or sees it.
func lockForApprovers(ctx context.Context, tx pgx.Tx, respondentIDs []int64, approvers []bool) error {
	var ids []int64
	for i, a := range approvers {
		if a {
			ids = append(ids, respondentIDs[i])
		}
	}
	if len(ids) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `SELECT 1 FROM responses WHERE respondent_id = ANY($1) ORDER BY id FOR UPDATE`, ids); err != nil {
		return fmt.Errorf("lock responses: %w", err)
	}
	return nil
}

// loadApprovalRequest reads who asked for the approval a message tells of.
func loadApprovalRequest(ctx context.Context, tx pgx.Tx, o *Outgoing) error {
	err := tx.QueryRow(ctx, `SELECT COALESCE(k.name, '') FROM messages m
		LEFT JOIN contributors k ON k.id = (m.details->>'requested_by')::bigint
		WHERE m.id = $1`, o.ID).Scan(&o.RequestedBy)
	if err != nil {
		return fmt.Errorf("load approval request: %w", err)
	}
	return nil
}
