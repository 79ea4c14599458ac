package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// ExportAttachment is a document in an internal export, with its content.
type ExportAttachment struct {
	ReviewAttachment
	Content []byte
}

// Attachments passes each document of the consultation's submitted
// responses to fn, one at a time, in the export's snapshot, by response
// then in the order attached. The public variant passes none: a document
// can name its author whatever attribution was chosen.
func (e *Export) Attachments(ctx context.Context, fn func(*ExportAttachment) error) error {
	if e.Public {
		return nil
	}
	rows, err := e.tx.Query(ctx, `SELECT `+attachmentColumns+`, r.name, r.country, rs.attribution, a.content`+
		reviewAttachmentsFrom+` ORDER BY a.response_id, a.id`, pgx.NamedArgs{"consultation": e.Consultation.ID})
	if err != nil {
		return fmt.Errorf("export attachments: %w", err)
	}
	defer rows.Close()
	var a ExportAttachment
	for rows.Next() {
		if err := rows.Scan(&a.ID, &a.ResponseID, &a.Name, &a.Type, &a.Size, &a.SHA256, &a.Contributor, &a.CreatedAt,
			&a.Respondent, &a.Country, &a.Attribution, &a.Content); err != nil {
			return fmt.Errorf("export attachments: %w", err)
		}
		if err := fn(&a); err != nil {
			return err
		}
	}
	return rows.Err()
}
