package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/internal/document"
)

// MaxAttachments is how many documents one response may hold.
const MaxAttachments = 3

// Attachment is a document attached to a response, without its content.
type Attachment struct {
	ID          int64
	ResponseID  int64
	Name        string
	Type        string // one of document's types, checked from the content
	Size        int64
	SHA256      string // hex
	Contributor string // who attached it; "" once their name is deleted
	CreatedAt   time.Time
}

// AttachmentFile is an attachment with its content.
type AttachmentFile struct {
	Attachment
	Content []byte
}

// Errors of attachments, each of its kind.
var (
	// ErrAttachmentType: the content is not a PDF, DOCX or ODT document.
	ErrAttachmentType = errors.New("attachment type not allowed")
	// ErrAttachmentTooLarge: the document is over document.MaxSize.
	ErrAttachmentTooLarge = errors.New("attachment too large")
	// ErrTooManyAttachments: the response holds MaxAttachments already.
	ErrTooManyAttachments = errors.New("too many attachments")
	// ErrAttachmentsNotAllowed: the consultation takes no documents.
	ErrAttachmentsNotAllowed = errors.New("attachments not allowed")
)

func attachmentTypeError() error {
	return withSentinel(Errorf(KindValidation, "attachment_type",
		"Attach a PDF, Word (DOCX) or OpenDocument (ODT) document; this file is none of them, whatever its name says."),
		ErrAttachmentType)
}

// AttachmentTooLarge is the error of a document over document.MaxSize.
func AttachmentTooLarge() error {
	return withSentinel(Errorf(KindTooLarge, "attachment_too_large",
		"A document may be at most %d MiB.", document.MaxSize>>20), ErrAttachmentTooLarge)
}

func tooManyAttachments() error {
	return withSentinel(Errorf(KindConflict, "too_many_attachments",
		"A response may hold at most %d documents: remove one before attaching another.", MaxAttachments),
		ErrTooManyAttachments)
}

func attachmentsNotAllowed() error {
	return withSentinel(Errorf(KindConflict, "attachments_not_allowed",
		"This consultation does not take documents: type your answers in the form."), ErrAttachmentsNotAllowed)
}

// AddAttachment checks content and attaches it, named name, to the
// principal's response, whose version it moves on (a submitted response
// then differs from what was submitted). It refuses content that is no
// document taken (ErrAttachmentType, validation), over document.MaxSize
// (ErrAttachmentTooLarge, too large), a consultation that takes no
// documents or is not open (conflict), and a fourth document
// (ErrTooManyAttachments, conflict).
func (s *Store) AddAttachment(ctx context.Context, p *Principal, name string, content []byte) (*Attachment, error) {
	if len(content) > document.MaxSize {
		return nil, AttachmentTooLarge()
	}
	typ, err := document.Detect(content)
	if err != nil {
		return nil, attachmentTypeError()
	}
	sum := sha256.Sum256(content)
	a := &Attachment{ResponseID: p.ResponseID, Name: document.CleanName(name, typ), Type: typ,
		Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:]), Contributor: p.ContributorName}
	err = s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockForAttachments(ctx, tx, p, s.now(), true); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM response_attachments WHERE response_id = $1`,
			p.ResponseID).Scan(&n); err != nil {
			return fmt.Errorf("add attachment: %w", err)
		}
		if n >= MaxAttachments {
			return tooManyAttachments()
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO response_attachments (response_id, name, content_type, size, sha256, content, contributor_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, created_at`,
			p.ResponseID, a.Name, a.Type, a.Size, sum[:], content, p.ContributorID).Scan(&a.ID, &a.CreatedAt)
		if err != nil {
			return fmt.Errorf("add attachment: %w", err)
		}
		if err := auditAttachment(ctx, tx, p, "response.attachment_add", a); err != nil {
			return err
		}
		return touchResponse(ctx, tx, p.ResponseID)
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// RemoveAttachment removes a document from the principal's response while
// the consultation is open. It returns ErrNotFound for a document of
// another response, and a conflict outside the opening times.
func (s *Store) RemoveAttachment(ctx context.Context, p *Principal, id int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		// A document stays removable where the consultation has stopped
		// taking them.
		if err := lockForAttachments(ctx, tx, p, s.now(), false); err != nil {
			return err
		}
		a := &Attachment{ID: id}
		err := tx.QueryRow(ctx, `DELETE FROM response_attachments WHERE id = $1 AND response_id = $2
			RETURNING name, encode(sha256, 'hex')`, id, p.ResponseID).Scan(&a.Name, &a.SHA256)
		if err != nil {
			return notFound(err)
		}
		if err := auditAttachment(ctx, tx, p, "response.attachment_remove", a); err != nil {
			return err
		}
		return touchResponse(ctx, tx, p.ResponseID)
	})
}

// lockForAttachments locks the principal's response and refuses a change
// to its documents when the consultation is not open or, when adding,
// takes none.
func lockForAttachments(ctx context.Context, tx pgx.Tx, p *Principal, now time.Time, adding bool) error {
	lr, err := lockResponse(ctx, tx, p)
	if err != nil {
		return err
	}
	if err := lr.checkOpen(now); err != nil || !adding {
		return err
	}
	var allowed bool
	if err := tx.QueryRow(ctx, `SELECT attachments FROM consultations WHERE id = $1`,
		p.ConsultationID).Scan(&allowed); err != nil {
		return fmt.Errorf("attachments: %w", err)
	}
	if !allowed {
		return attachmentsNotAllowed()
	}
	return nil
}

// touchResponse moves the response's version on: its documents changed.
func touchResponse(ctx context.Context, tx pgx.Tx, responseID int64) error {
	_, err := tx.Exec(ctx, `UPDATE responses SET version = version + 1, updated_at = now() WHERE id = $1`, responseID)
	if err != nil {
		return fmt.Errorf("attachments: %w", err)
	}
	return nil
}

func scanAttachment(row pgx.Row, a *Attachment) error {
	return row.Scan(&a.ID, &a.ResponseID, &a.Name, &a.Type, &a.Size, &a.SHA256, &a.Contributor, &a.CreatedAt)
}

// FindAttachments returns the documents of the principal's response, the
// first attached first.
func (s *Store) FindAttachments(ctx context.Context, p *Principal) ([]Attachment, error) {
	return s.findAttachments(ctx, `SELECT a.id, a.response_id, a.name, a.content_type, a.size, encode(a.sha256, 'hex'),
		coalesce(k.name, ''), a.created_at
		FROM response_attachments a LEFT JOIN contributors k ON k.id = a.contributor_id
		WHERE a.response_id = $1 ORDER BY a.id`, p.ResponseID)
}

func (s *Store) findAttachments(ctx context.Context, sql string, args ...any) ([]Attachment, error) {
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("find attachments: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Attachment, error) {
		var a Attachment
		err := scanAttachment(row, &a)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("find attachments: %w", err)
	}
	return out, nil
}

// FindAttachmentFile returns a document of the principal's response with
// its content, or ErrNotFound.
func (s *Store) FindAttachmentFile(ctx context.Context, p *Principal, id int64) (*AttachmentFile, error) {
	return s.findAttachmentFile(ctx, `SELECT a.id, a.response_id, a.name, a.content_type, a.size, encode(a.sha256, 'hex'),
		coalesce(k.name, ''), a.created_at, a.content
		FROM response_attachments a LEFT JOIN contributors k ON k.id = a.contributor_id
		WHERE a.id = $1 AND a.response_id = $2`, id, p.ResponseID)
}

func (s *Store) findAttachmentFile(ctx context.Context, sql string, args ...any) (*AttachmentFile, error) {
	var f AttachmentFile
	a := &f.Attachment
	err := s.pool.QueryRow(ctx, sql, args...).Scan(&a.ID, &a.ResponseID, &a.Name, &a.Type, &a.Size, &a.SHA256,
		&a.Contributor, &a.CreatedAt, &f.Content)
	if err != nil {
		return nil, notFound(err)
	}
	return &f, nil
}

// queueAttachments adds to b the statement that reads a response's
// documents into out, for a page that shows them in its one batch.
func queueAttachments(b *pgx.Batch, responseID int64, out *[]Attachment) {
	b.Queue(`SELECT a.id, a.response_id, a.name, a.content_type, a.size, encode(a.sha256, 'hex'),
		coalesce(k.name, ''), a.created_at
		FROM response_attachments a LEFT JOIN contributors k ON k.id = a.contributor_id
		WHERE a.response_id = $1 ORDER BY a.id`, responseID).Query(func(rows pgx.Rows) (err error) {
		*out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Attachment, error) {
			var a Attachment
			err := scanAttachment(row, &a)
			return a, err
		})
		return err
	})
}

// auditAttachment records who attached or removed which document: its
// name and hash, never its content.
func auditAttachment(ctx context.Context, tx pgx.Tx, p *Principal, action string, a *Attachment) error {
	return insertAudit(ctx, tx, Audit{Actor: fmt.Sprintf("contributor:%d", p.ContributorID), Action: action,
		ConsultationID: &p.ConsultationID, Subject: respondentSubject(p.RespondentID),
		Details: map[string]any{"response": p.ResponseID, "attachment": a.ID, "name": a.Name, "sha256": a.SHA256}})
}
