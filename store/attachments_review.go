package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/store/domain"
)

// ReviewAttachment is a document of a submitted response, as reviewers
// see it: with its respondent and the attribution the respondent chose.
type ReviewAttachment struct {
	Attachment
	Respondent  string
	Country     string
	Attribution domain.Attribution
}

// FindReviewAttachments returns the documents of the consultation's
// submitted responses, of one country when country is not "", by
// respondent then in the order attached.
func (s *Store) FindReviewAttachments(ctx context.Context, consultationID int64, country string) ([]ReviewAttachment, error) {
	rows, err := s.pool.Query(ctx, `SELECT a.id, a.response_id, a.name, a.content_type, a.size, encode(a.sha256, 'hex'),
		coalesce(k.name, ''), a.created_at, r.name, r.country, rs.attribution
		FROM response_attachments a
		JOIN responses rs ON rs.id = a.response_id
		JOIN respondents r ON r.id = rs.respondent_id
		LEFT JOIN contributors k ON k.id = a.contributor_id
		WHERE rs.status = 'submitted' AND rs.excluded_at IS NULL -- neither withdrawn nor merged away
			AND r.consultation_id = @consultation AND (@country = '' OR r.country = @country)
		ORDER BY r.name, r.id, a.id`, pgx.NamedArgs{"consultation": consultationID, "country": country})
	if err != nil {
		return nil, fmt.Errorf("find attachments: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ReviewAttachment, error) {
		var a ReviewAttachment
		err := row.Scan(&a.ID, &a.ResponseID, &a.Name, &a.Type, &a.Size, &a.SHA256, &a.Contributor, &a.CreatedAt,
			&a.Respondent, &a.Country, &a.Attribution)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("find attachments: %w", err)
	}
	return out, nil
}

// FindReviewAttachmentFile returns a document of one of the
// consultation's submitted responses with its content, or ErrNotFound.
func (s *Store) FindReviewAttachmentFile(ctx context.Context, consultationID, id int64) (*AttachmentFile, error) {
	var f AttachmentFile
	a := &f.Attachment
	err := s.pool.QueryRow(ctx, `SELECT a.id, a.response_id, a.name, a.content_type, a.size, encode(a.sha256, 'hex'),
		coalesce(k.name, ''), a.created_at, a.content
		FROM response_attachments a
		JOIN responses rs ON rs.id = a.response_id
		JOIN respondents r ON r.id = rs.respondent_id
		LEFT JOIN contributors k ON k.id = a.contributor_id
		WHERE rs.status = 'submitted' AND rs.excluded_at IS NULL -- neither withdrawn nor merged away
			AND r.consultation_id = @consultation AND a.id = @id`,
		pgx.NamedArgs{"consultation": consultationID, "id": id}).Scan(&a.ID, &a.ResponseID, &a.Name, &a.Type,
		&a.Size, &a.SHA256, &a.Contributor, &a.CreatedAt, &f.Content)
	if err != nil {
		return nil, notFound(err)
	}
	return &f, nil
}

// PublishedDocumentNames returns the names of the documents of a named,
// submitted response of the consultation, for its published page: a
// named respondent's documents may be listed under its name. Anonymous
// and confidential responses' documents are never read here, whatever is
// asked: a document can name its author.
func (s *Store) PublishedDocumentNames(ctx context.Context, consultationID, responseID int64) ([]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT a.name
		FROM response_attachments a
		JOIN responses rs ON rs.id = a.response_id
		JOIN respondents r ON r.id = rs.respondent_id
		WHERE a.response_id = $2 AND r.consultation_id = $1
			AND rs.status = 'submitted' AND rs.excluded_at IS NULL AND rs.attribution = 'named'
		ORDER BY a.id`, consultationID, responseID)
	if err != nil {
		return nil, fmt.Errorf("published documents: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("published documents: %w", err)
	}
	return names, nil
}
