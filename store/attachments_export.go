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
	rows, err := e.tx.Query(ctx, `SELECT a.id, a.response_id, a.name, a.content_type, a.size, encode(a.sha256, 'hex'),
		coalesce(k.name, ''), a.created_at, r.name, r.country, rs.attribution, a.content
		FROM response_attachments a
		JOIN responses rs ON rs.id = a.response_id
		JOIN respondents r ON r.id = rs.respondent_id
		LEFT JOIN contributors k ON k.id = a.contributor_id
		WHERE rs.status = 'submitted' AND rs.excluded_at IS NULL -- neither withdrawn nor merged away
			AND r.consultation_id = @consultation ORDER BY a.response_id, a.id`, pgx.NamedArgs{"consultation": e.Consultation.ID})
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

// Documents returns the documents of the consultation's submitted
// responses by response, without their content, for the internal
// variant's list beside each answer; none in the public variant.
func (e *Export) Documents(ctx context.Context) (map[int64][]Attachment, error) {
	out := map[int64][]Attachment{}
	if e.Public {
		return out, nil
	}
	rows, err := e.tx.Query(ctx, `SELECT a.id, a.response_id, a.name, a.content_type, a.size, encode(a.sha256, 'hex'),
		coalesce(k.name, ''), a.created_at
		FROM response_attachments a
		JOIN responses rs ON rs.id = a.response_id
		JOIN respondents r ON r.id = rs.respondent_id
		LEFT JOIN contributors k ON k.id = a.contributor_id
		WHERE rs.status = 'submitted' AND rs.excluded_at IS NULL -- neither withdrawn nor merged away
			AND r.consultation_id = @consultation ORDER BY a.response_id, a.id`,
		pgx.NamedArgs{"consultation": e.Consultation.ID})
	if err != nil {
		return nil, fmt.Errorf("export documents: %w", err)
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Attachment, error) {
		var a Attachment
		err := scanAttachment(row, &a)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("export documents: %w", err)
	}
	for _, a := range list {
		out[a.ResponseID] = append(out[a.ResponseID], a)
	}
	return out, nil
}
