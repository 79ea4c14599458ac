package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/store/domain"
)

// Passage is part of an answer's text: the characters from Start
// (inclusive) to End (exclusive), counted in characters (code points) from
// 0, and Text, those characters exactly.
type Passage struct {
	Start, End int
	Text       string
}

// QuoteInput is a quote a reviewer chooses: a submitted answer, whole when
// Passage is nil, with an optional note for the Co-Chairs.
type QuoteInput struct {
	ResponseID int64
	QuestionID int64
	Passage    *Passage
	Note       string
}

// Quote is a chosen quote, with what the reading's variant may tell of who
// gave it: in a public read, an anonymous answer's quote carries its
// audience and nothing else of its respondent (the fields marked
// "withheld" are then empty), and a confidential answer's is never read.
type Quote struct {
	ID          int64
	QuestionID  int64
	ResponseID  int64    // withheld: 0
	Passage     *Passage // nil for the whole answer
	Text        string   // what is quoted: the passage, or the whole answer's text
	Choice      string   // the answer's choice, the value; "" for a passage
	Language    string
	Note        string // the reviewers' own; "" in a public read
	Position    int
	ChosenBy    string // the reviewer's name; "" for the command line and in a public read
	ChosenAt    time.Time
	Audience    domain.Audience
	Attribution domain.Attribution
	Respondent  string                // withheld
	Kind        domain.RespondentKind // withheld
	Country     string                // ISO 3166-1 alpha-2; withheld
	CountryName string                // withheld
	Region      string                // withheld; "" also for a country outside the reference list
	// Translations of a whole answer, in an export's read: in the public
	// variant only those a person wrote or approved. None for a passage.
	Translations []Translation
}

// Withheld reports whether the read withholds who gave the quote.
func (q *Quote) Withheld() bool { return q.ResponseID == 0 }

// Public reports whether a public output may show the quote: a
// confidential answer's may be chosen, for the internal report only.
func (q *Quote) Public() bool { return q.Attribution != domain.AttributionConfidential }

// maxQuoteNote mirrors the check in the schema.
const maxQuoteNote = 1000

// QuotesSQL reads a question's chosen quotes in their order, with the
// answer they come from. Its parameters: @question and @public. It is a
// statement of the public outputs, so it keeps the public variant's rule
// (see public.go) word for word: no quote of a confidential answer leaves
// the database in a public read, and of an anonymous answer nothing but
// its audience.
const QuotesSQL = `SELECT q.id, q.question_id, coalesce(shown.response_id, 0), q.passage_start, q.passage_end,
		coalesce(q.passage, sa.text), CASE WHEN q.passage IS NULL THEN coalesce(sa.choice, '') ELSE '' END,
		sa.language, CASE WHEN @public THEN '' ELSE q.note END, q.position,
		CASE WHEN @public THEN '' ELSE coalesce(rv.name, '') END, q.chosen_at,
		r.audience, rs.attribution, coalesce(shown.name, ''), coalesce(shown.kind, ''), coalesce(shown.country, ''),
		coalesce(shown.country_name, ''), coalesce(shown.region, '')
	FROM quotes q
	JOIN submitted_answers sa ON sa.response_id = q.response_id AND sa.question_id = q.question_id
	JOIN responses rs ON rs.id = sa.response_id
	JOIN respondents r ON r.id = rs.respondent_id
	LEFT JOIN countries c ON c.iso2 = r.country
	LEFT JOIN reviewers rv ON rv.id = q.chosen_by
	LEFT JOIN LATERAL (SELECT rs.id AS response_id, r.name, r.kind, r.country,
		coalesce(c.name, r.country) AS country_name, coalesce(c.region, '') AS region, rs.submitted_at
		WHERE NOT @public OR rs.attribution = 'named') shown ON true
	WHERE q.question_id = @question
		AND rs.status = 'submitted' AND rs.excluded_at IS NULL AND NOT (@public AND rs.attribution = 'confidential')
	ORDER BY q.position, q.id`

// FindQuotes returns a question's chosen quotes in their order: every one,
// with everything of its respondent, for the review pages and the internal
// report; in a public read (public), only those the public variant allows,
// with what it allows. A question without quotes gives none.
func (s *Store) FindQuotes(ctx context.Context, questionID int64, public bool) ([]Quote, error) {
	return findQuotes(ctx, s.pool, questionID, public)
}

func findQuotes(ctx context.Context, db DBTX, questionID int64, public bool) ([]Quote, error) {
	rows, err := db.Query(ctx, QuotesSQL, pgx.NamedArgs{"question": questionID, "public": public})
	if err != nil {
		return nil, fmt.Errorf("find quotes: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Quote, error) {
		var q Quote
		var start, end *int
		err := row.Scan(&q.ID, &q.QuestionID, &q.ResponseID, &start, &end, &q.Text, &q.Choice, &q.Language,
			&q.Note, &q.Position, &q.ChosenBy, &q.ChosenAt, &q.Audience, &q.Attribution, &q.Respondent,
			&q.Kind, &q.Country, &q.CountryName, &q.Region)
		if start != nil && end != nil {
			q.Passage = &Passage{Start: *start, End: *end, Text: q.Text}
		}
		return q, err
	})
	if err != nil {
		return nil, fmt.Errorf("find quotes: %w", err)
	}
	return out, nil
}

// ChooseQuote adds a submitted answer, or a passage of it, to the end of
// its question's quotes, and returns the quote's id. Choosing what is
// chosen already changes nothing and returns that quote's id. It returns
// ErrNotFound (answer_not_found) when the response has no submitted answer
// to the question, and a *ValidationError when the passage is not the
// answer's text at its place, or the note is too long.
func (s *Store) ChooseQuote(ctx context.Context, actor string, in QuoteInput) (int64, error) {
	in.Note = strings.TrimSpace(in.Note)
	if err := checkQuoteInput(in); err != nil {
		return 0, err
	}
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		text, err := lockAnswerText(ctx, tx, in.ResponseID, in.QuestionID)
		if err != nil {
			return err
		}
		if in.Passage != nil && !isPassageOf(*in.Passage, text) {
			return &ValidationError{Code: "validation_failed", Key: "error.validation_failed",
				Problems: []Problem{{Field: "passage", Key: "quote.problem.passage"}}}
		}
		var start, end *int
		var passage *string
		if p := in.Passage; p != nil {
			start, end, passage = &p.Start, &p.End, &p.Text
		}
		err = tx.QueryRow(ctx, `SELECT id FROM quotes WHERE response_id = $1 AND question_id = $2
			AND passage_start IS NOT DISTINCT FROM $3 AND passage_end IS NOT DISTINCT FROM $4`,
			in.ResponseID, in.QuestionID, start, end).Scan(&id)
		if err == nil {
			return nil // chosen already
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("choose quote: %w", err)
		}
		err = tx.QueryRow(ctx, `INSERT INTO quotes (response_id, question_id, passage, passage_start, passage_end,
				note, position, chosen_by)
			VALUES ($1, $2, $3, $4, $5, $6,
				(SELECT coalesce(max(position), 0) + 1 FROM quotes WHERE question_id = $2), $7)
			RETURNING id`, in.ResponseID, in.QuestionID, passage, start, end, in.Note, reviewerID(actor)).Scan(&id)
		if err != nil {
			return fmt.Errorf("choose quote: %w", err)
		}
		return auditQuote(ctx, tx, actor, "quote.choose", in.QuestionID, id, map[string]any{
			"response": in.ResponseID, "passage": in.Passage != nil})
	})
	return id, err
}

func checkQuoteInput(in QuoteInput) error {
	e := &ValidationError{Code: "validation_failed", Key: "error.validation_failed"}
	if p := in.Passage; p != nil && (p.Start < 0 || p.End <= p.Start || utf8.RuneCountInString(p.Text) != p.End-p.Start) {
		e.add(Problem{Field: "passage", Key: "quote.problem.passage"})
	}
	if utf8.RuneCountInString(in.Note) > maxQuoteNote || !utf8.ValidString(in.Note) || strings.ContainsRune(in.Note, 0) {
		e.add(Problem{Field: "note", Key: "quote.problem.note", Args: []any{maxQuoteNote}})
	}
	return e.orNil()
}

// isPassageOf reports whether p is text's characters from p.Start to p.End.
// Characters are code points, as PostgreSQL counts them.
func isPassageOf(p Passage, text string) bool {
	r := []rune(text)
	return p.Start >= 0 && p.End <= len(r) && p.Start < p.End && string(r[p.Start:p.End]) == p.Text
}

// lockAnswerText returns the text of a submitted answer, locked so that a
// resubmission cannot change it under the quote being chosen, or
// answer_not_found.
func lockAnswerText(ctx context.Context, tx pgx.Tx, responseID, questionID int64) (string, error) {
	var text string
	err := tx.QueryRow(ctx, `SELECT sa.text FROM submitted_answers sa
		JOIN responses rs ON rs.id = sa.response_id
		WHERE sa.response_id = $1 AND sa.question_id = $2 AND rs.status = 'submitted' AND rs.excluded_at IS NULL
		FOR SHARE OF sa`, responseID, questionID).Scan(&text)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", errAnswerNotFound()
	}
	if err != nil {
		return "", fmt.Errorf("choose quote: %w", err)
	}
	return text, nil
}

func errAnswerNotFound() error {
	return Errorf(KindNotFound, "answer_not_found", "This response has no submitted answer to this question.")
}

// RemoveQuote takes a quote off its question's list. It returns
// ErrNotFound when the question has no such quote (one removed already).
func (s *Store) RemoveQuote(ctx context.Context, actor string, questionID, quoteID int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var response int64
		err := tx.QueryRow(ctx, `DELETE FROM quotes WHERE id = $1 AND question_id = $2 RETURNING response_id`,
			quoteID, questionID).Scan(&response)
		if err != nil {
			return notFound(err)
		}
		return auditQuote(ctx, tx, actor, "quote.remove", questionID, quoteID, map[string]any{"response": response})
	})
}

// SetQuoteNote writes the reviewers' note on a quote; an empty note
// clears it. It returns ErrNotFound when the question has no such quote,
// and a *ValidationError for a note over 1,000 characters.
func (s *Store) SetQuoteNote(ctx context.Context, actor string, questionID, quoteID int64, note string) error {
	note = strings.TrimSpace(note)
	if err := checkQuoteInput(QuoteInput{Note: note}); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE quotes SET note = $3 WHERE id = $1 AND question_id = $2`, quoteID, questionID, note)
		if err != nil {
			return fmt.Errorf("set quote note: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		// The note itself stays out of the log, as key points do.
		return auditQuote(ctx, tx, actor, "quote.note", questionID, quoteID,
			map[string]any{"length": utf8.RuneCountInString(note)})
	})
}

// MoveQuote moves a quote one place earlier (by < 0) or later (by > 0) in
// its question's list, changing places with its neighbour; the first quote
// moved earlier, or the last later, stays. It returns ErrNotFound when the
// question has no such quote.
func (s *Store) MoveQuote(ctx context.Context, actor string, questionID, quoteID int64, by int) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		// Two moves on one question take turns: each sees the order the
		// other left.
		rows, err := tx.Query(ctx, `SELECT id, position FROM quotes WHERE question_id = $1
			ORDER BY position, id FOR UPDATE`, questionID)
		if err != nil {
			return fmt.Errorf("move quote: %w", err)
		}
		ids, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (int64, error) {
			var id int64
			var pos int
			err := r.Scan(&id, &pos)
			return id, err
		})
		if err != nil {
			return fmt.Errorf("move quote: %w", err)
		}
		i := slices.Index(ids, quoteID)
		if i < 0 {
			return ErrNotFound
		}
		j := i + sign(by)
		if j < 0 || j >= len(ids) || j == i {
			return nil
		}
		ids[i], ids[j] = ids[j], ids[i]
		// Positions are written afresh, 1 to n, so that ties left by
		// concurrent choices are settled too.
		if _, err := tx.Exec(ctx, `UPDATE quotes q SET position = o.n
			FROM unnest($1::bigint[]) WITH ORDINALITY AS o(id, n) WHERE q.id = o.id`, ids); err != nil {
			return fmt.Errorf("move quote: %w", err)
		}
		return auditQuote(ctx, tx, actor, "quote.move", questionID, quoteID, map[string]any{"to": j + 1})
	})
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func auditQuote(ctx context.Context, tx pgx.Tx, actor, action string, questionID, quoteID int64, details map[string]any) error {
	cid, err := questionConsultation(ctx, tx, questionID)
	if err != nil {
		return err
	}
	details["question"] = questionID
	return insertAudit(ctx, tx, Audit{Actor: actor, Action: action, ConsultationID: &cid,
		Subject: fmt.Sprintf("quote:%d", quoteID), Details: details})
}
