package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/store/domain"
)

// Merge is what merging one registration into another did.
type Merge struct {
	From, Into   *Respondent
	Contributors int // contributors who now act for Into
	Answers      int // answers of From copied to questions Into had not answered
}

// MergeRespondents merges the registration from into the respondent into,
// two registrations of the same organisation: from's contributors act for
// into from now on, each with their own link; the answers from gave to
// questions into has not answered are saved into into's draft as a new
// version, in the name of whoever wrote them; from and every revision of
// its answers stay in the database, merged, and leave every count, list
// and export. Both must be in the consultation, of one audience, neither a
// State. It returns ErrNotFound for an unknown or merged respondent, a
// validation error for a pair that cannot merge, and audits the merge.
func (s *Store) MergeRespondents(ctx context.Context, actor string, consultationID, from, into int64) (*Merge, error) {
	if from == into {
		return nil, mergeRefused("into", "a registration cannot be merged into itself")
	}
	m := &Merge{}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rs, err := lockRespondents(ctx, tx, consultationID, from, into)
		if err != nil {
			return err
		}
		m.From, m.Into = rs[from], rs[into]
		if err := checkMerge(m.From, m.Into); err != nil {
			return err
		}
		if m.Answers, err = copyMissingAnswers(ctx, tx, from, into); err != nil {
			return err
		}
		if m.Contributors, err = moveContributors(ctx, tx, from, into); err != nil {
			return err
		}
		if err := markMerged(ctx, tx, from, into); err != nil {
			return err
		}
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "respondent.merge", ConsultationID: &consultationID,
			Subject: respondentSubject(from), Details: map[string]any{"into": into,
				"contributors": m.Contributors, "answers_copied": m.Answers}})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

func respondentSubject(id int64) string { return "respondent:" + strconv.FormatInt(id, 10) }

func mergeRefused(field, msg string) error {
	return &Error{Kind: KindValidation, Code: "merge_refused", Message: "These registrations cannot be merged: " + msg + ".",
		Fields: map[string]string{field: msg}}
}

func checkMerge(from, into *Respondent) error {
	switch {
	case from.Kind.IsState() || into.Kind.IsState():
		return mergeRefused("into", "States are invited once per country and are never merged")
	case from.Audience != into.Audience:
		return mergeRefused("into", "both must answer the same question set")
	}
	return nil
}

// copyMissingAnswers saves, in into's response, from's current answers to
// the questions into has no answer to, as one new version. It returns how
// many it copied.
func copyMissingAnswers(ctx context.Context, tx pgx.Tx, from, into int64) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `
		WITH src AS (
			SELECT a.* FROM answers a JOIN responses f ON f.id = a.response_id
			WHERE f.respondent_id = $1 AND (a.choice IS NOT NULL OR a.text <> '')
			  AND NOT EXISTS (SELECT 1 FROM answers b JOIN responses t ON t.id = b.response_id
				WHERE t.respondent_id = $2 AND b.question_id = a.question_id
				  AND (b.choice IS NOT NULL OR b.text <> ''))
		), v AS (
			UPDATE responses SET version = version + 1, updated_at = now()
			WHERE respondent_id = $2 AND EXISTS (SELECT 1 FROM src) RETURNING id, version
		), up AS (
			INSERT INTO answers AS a (response_id, question_id, question_set_id, choice, text, language, version, updated_by, updated_at)
			SELECT v.id, src.question_id, src.question_set_id, src.choice, src.text, src.language, v.version, src.updated_by, now()
			FROM src, v
			ON CONFLICT (response_id, question_id) DO UPDATE SET
				choice = EXCLUDED.choice, text = EXCLUDED.text, language = EXCLUDED.language, version = EXCLUDED.version,
				updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
			RETURNING a.response_id, a.question_id, a.choice, a.text, a.language, a.version, a.updated_by
		), rev AS (
			INSERT INTO answer_revisions (response_id, question_id, version, choice, text, language, contributor_id)
			SELECT response_id, question_id, version, choice, text, language, updated_by FROM up
			RETURNING 1
		)
		SELECT count(*) FROM rev`, from, into).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("merge answers: %w", err)
	}
	return n, nil
}

func moveContributors(ctx context.Context, tx pgx.Tx, from, into int64) (int, error) {
	tag, err := tx.Exec(ctx, `UPDATE contributors SET respondent_id = $2 WHERE respondent_id = $1`, from, into)
	if err != nil {
		return 0, fmt.Errorf("merge contributors: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// markMerged leaves from, and its response, out of every count.
func markMerged(ctx context.Context, tx pgx.Tx, from, into int64) error {
	if _, err := tx.Exec(ctx, `UPDATE respondents SET merged_into = $2 WHERE id = $1`, from, into); err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	_, err := tx.Exec(ctx, `UPDATE responses SET excluded_at = now(), excluded_because = 'merged'
		WHERE respondent_id = $1 AND excluded_at IS NULL`, from)
	if err != nil {
		return fmt.Errorf("merge: %w", err)
	}
	return nil
}

// Removal is what removing a registration deleted.
type Removal struct {
	Respondent   *Respondent
	Contributors int  // contributors, and their links, deleted
	Drafts       int  // answers of the draft deleted, with their revisions
	Submitted    bool // the response had been submitted: its answers are in the audit log
}

// RemoveRespondent deletes a junk self-registration with its contributors
// and its drafts, every revision included. When it had submitted, its
// submitted answers are copied into the audit log entry of the removal
// before they go, so that the trail keeps them while they leave every
// count and export. An individual survivor's name is not written to the
// audit log, which is never changed and would keep it past the retention
// period. It returns ErrNotFound for an unknown or merged respondent, and
// a conflict for an invited respondent or one another registration was
// merged into.
func (s *Store) RemoveRespondent(ctx context.Context, actor string, consultationID, id int64) (*Removal, error) {
	var rm Removal
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rs, err := lockRespondents(ctx, tx, consultationID, id)
		if err != nil {
			return err
		}
		rm.Respondent = rs[id]
		if err := checkRemovable(ctx, tx, rm.Respondent); err != nil {
			return err
		}
		details, err := removalDetails(ctx, tx, rm.Respondent, &rm)
		if err != nil {
			return err
		}
		if err := deleteRespondent(ctx, tx, id, &rm); err != nil {
			return err
		}
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "respondent.remove", ConsultationID: &consultationID,
			Subject: respondentSubject(id), Details: details})
	})
	if err != nil {
		return nil, err
	}
	return &rm, nil
}

func checkRemovable(ctx context.Context, tx pgx.Tx, r *Respondent) error {
	if !r.SelfRegistered {
		return Errorf(KindConflict, "not_a_registration",
			"%s was invited, not self-registered: revoke its links instead of removing it.", r.Name)
	}
	var merged bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM respondents WHERE merged_into = $1)`, r.ID).Scan(&merged)
	if err != nil {
		return fmt.Errorf("remove respondent: %w", err)
	}
	if merged {
		return Errorf(KindConflict, "has_merged_registrations",
			"Other registrations were merged into %s: it holds their contributors and cannot be removed.", r.Name)
	}
	return nil
}

// removalDetails returns what the audit log keeps of a removed
// registration: who it was (an individual's name left out) and the
// answers it had submitted.
func removalDetails(ctx context.Context, tx pgx.Tx, r *Respondent, rm *Removal) (map[string]any, error) {
	resp, err := findResponseState(ctx, tx, r.ID)
	if err != nil {
		return nil, err
	}
	d := map[string]any{"audience": r.Audience, "kind": r.Kind, "country": r.Country, "verified": r.Verified,
		"registered_at": r.CreatedAt, "status": resp.Status}
	if r.Kind != domain.KindIndividual {
		d["name"] = r.Name
	}
	if resp.Status != domain.StatusSubmitted {
		return d, nil
	}
	rm.Submitted = true
	d["receipt"], d["attribution"], d["submitted_at"] = resp.Receipt, resp.Attribution, resp.SubmittedAt
	rows, err := tx.Query(ctx, `SELECT q.number, coalesce(sa.choice, ''), sa.text, sa.language
		FROM submitted_answers sa JOIN questions q ON q.id = sa.question_id
		WHERE sa.response_id = $1 ORDER BY q.number`, resp.ID)
	if err != nil {
		return nil, fmt.Errorf("remove respondent: %w", err)
	}
	answers, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (map[string]any, error) {
		var number int
		var choice, text, lang string
		err := row.Scan(&number, &choice, &text, &lang)
		return map[string]any{"question": number, "choice": choice, "text": text, "language": lang}, err
	})
	if err != nil {
		return nil, fmt.Errorf("remove respondent: %w", err)
	}
	d["submitted_answers"] = answers
	return d, nil
}

// deleteRespondent deletes the respondent and all that hangs on it. The
// revisions of its answers are append-only: the transaction names the one
// response whose revisions may go (see migration 0012).
func deleteRespondent(ctx context.Context, tx pgx.Tx, id int64, rm *Removal) error {
	var responseID int64
	if err := tx.QueryRow(ctx, `SELECT id FROM responses WHERE respondent_id = $1`, id).Scan(&responseID); err != nil {
		return fmt.Errorf("remove respondent: %w", notFound(err))
	}
	if _, err := tx.Exec(ctx, `SELECT set_config('vaconsult.removing_response', $1, true)`,
		strconv.FormatInt(responseID, 10)); err != nil {
		return fmt.Errorf("remove respondent: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM answer_revisions WHERE response_id = $1`, responseID); err != nil {
		return fmt.Errorf("remove revisions: %w", err)
	}
	err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM answers WHERE response_id = $1),
		(SELECT count(*) FROM contributors WHERE respondent_id = $2)`, responseID, id).Scan(&rm.Drafts, &rm.Contributors)
	if err != nil {
		return fmt.Errorf("remove respondent: %w", err)
	}
	// The response first: its answers name the contributors deleted next.
	if _, err := tx.Exec(ctx, `DELETE FROM responses WHERE id = $1`, responseID); err != nil {
		return fmt.Errorf("remove respondent: %w", err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM respondents WHERE id = $1`, id); err != nil {
		return fmt.Errorf("remove respondent: %w", err)
	}
	_, err = tx.Exec(ctx, `SELECT set_config('vaconsult.removing_response', '', true)`)
	return err
}
