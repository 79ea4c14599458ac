package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store/domain"
)

// LoadResult tells what LoadConsultation did.
type LoadResult struct {
	Consultation *Consultation
	Created      bool // a new consultation; false when an existing one was updated
	Unchanged    bool // the consultation said the same already: nothing was written
}

// LoadOptions says who loads a file and how.
type LoadOptions struct {
	Actor string // for the audit log; "cli" when empty
	// Draft makes a consultation that the load creates a draft, invisible
	// to the public until an administrator opens it.
	Draft bool
	// CreateOnly refuses, with a conflict error, a file whose slug is taken.
	CreateOnly bool
	// CopiedFrom names the consultation the file was copied from, for the
	// audit log.
	CopiedFrom string
}

// LoadConsultation creates the consultation described by f, or brings an
// existing one with the same slug in line with it, as the command line
// does. See LoadConsultationWith.
func (s *Store) LoadConsultation(ctx context.Context, f *questionset.File) (*LoadResult, error) {
	return s.LoadConsultationWith(ctx, f, LoadOptions{})
}

// LoadConsultationWith creates the consultation described by f, or brings
// an existing one with the same slug in line with it. Loading the same
// file twice changes nothing and records nothing. It refuses, with a
// conflict error and changing nothing, to alter the wording, kind or
// choices of a question that already has submitted answers, or to remove
// such a question. A load never changes a consultation's status.
func (s *Store) LoadConsultationWith(ctx context.Context, f *questionset.File, opts LoadOptions) (*LoadResult, error) {
	if err := f.Validate(); err != nil {
		return nil, &Error{Kind: KindValidation, Code: "invalid_consultation_file", Message: err.Error()}
	}
	if opts.Actor == "" {
		opts.Actor = "cli"
	}
	var res LoadResult
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if done, err := s.loadUnchanged(ctx, tx, f, opts, &res); done || err != nil {
			return err
		}
		if err := checkFollows(ctx, tx, f); err != nil {
			return err
		}
		id, created, err := upsertConsultation(ctx, tx, f, opts.Draft)
		if err != nil {
			return err
		}
		for _, set := range f.QuestionSets {
			if err := loadQuestionSet(ctx, tx, id, set); err != nil {
				return err
			}
		}
		if err := loadPairs(ctx, tx, id, f); err != nil {
			return err
		}
		if err := auditLoad(ctx, tx, id, f.Slug, created, opts); err != nil {
			return err
		}
		res.Created = created
		res.Consultation, err = findConsultationByID(ctx, tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &res, nil
}

// loadUnchanged finds the consultation of f's slug. It reports true, with
// res filled in, when that consultation says what f says already; it
// refuses the slug when opts ask for a new consultation.
func (s *Store) loadUnchanged(ctx context.Context, tx pgx.Tx, f *questionset.File, opts LoadOptions, res *LoadResult) (bool, error) {
	existing, err := consultationForChange(ctx, tx, f.Slug)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if opts.CreateOnly {
		return false, &Error{Kind: KindConflict, Code: "slug_taken",
			Message: fmt.Sprintf("A consultation named %q exists already; choose another name, or edit that one.", f.Slug),
			Fields:  map[string]string{"slug": "taken"}}
	}
	if existing.QuestionSets, err = findQuestionSets(ctx, tx, existing.ID); err != nil {
		return false, err
	}
	if existing.Follows, err = consultationFollows(ctx, tx, existing.ID); err != nil {
		return false, err
	}
	if !sameFile(existing.File(), f) {
		return false, nil
	}
	res.Consultation, res.Unchanged = existing, true
	return true, nil
}

func auditLoad(ctx context.Context, tx pgx.Tx, id int64, slug string, created bool, opts LoadOptions) error {
	a := Audit{Actor: opts.Actor, Action: "consultation.update", ConsultationID: &id, Subject: slug}
	switch {
	case created && opts.CopiedFrom != "":
		a.Action, a.Details = "consultation.copy", map[string]any{"from": opts.CopiedFrom}
	case created:
		a.Action = "consultation.create"
	}
	return insertAudit(ctx, tx, a)
}

func upsertConsultation(ctx context.Context, tx pgx.Tx, f *questionset.File, draft bool) (id int64, created bool, err error) {
	phase := PhaseLive
	if draft {
		phase = PhaseDraft
	}
	// xmax = 0 only on a freshly inserted row: it tells insert from update.
	// The phase applies to a new consultation only.
	err = tx.QueryRow(ctx, `
		INSERT INTO consultations (slug, title, meeting, context, opens_at, closes_at, time_zone, self_registration,
			retention_days, phase, follows, attachments)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, nullif($9, 0), $10, nullif($11, ''), $12)
		ON CONFLICT (slug) DO UPDATE SET
			title = EXCLUDED.title, meeting = EXCLUDED.meeting, context = EXCLUDED.context,
			opens_at = EXCLUDED.opens_at, closes_at = EXCLUDED.closes_at,
			time_zone = EXCLUDED.time_zone, self_registration = EXCLUDED.self_registration,
			retention_days = EXCLUDED.retention_days, follows = EXCLUDED.follows, attachments = EXCLUDED.attachments,
			updated_at = now()
		RETURNING id, xmax = 0`,
		f.Slug, f.Title, textOrEmpty(f.Meeting), f.Context, f.OpensAt, f.ClosesAt, f.TimeZone, f.SelfRegistration,
		f.RetentionDays, phase, f.Follows, f.Attachments,
	).Scan(&id, &created)
	if err != nil {
		return 0, false, fmt.Errorf("load consultation: %w", err)
	}
	return id, created, nil
}

func textOrEmpty(t questionset.Text) questionset.Text {
	if t == nil {
		return questionset.Text{}
	}
	return t
}

func loadQuestionSet(ctx context.Context, tx pgx.Tx, consultationID int64, set questionset.QuestionSet) error {
	var setID int64
	err := tx.QueryRow(ctx, `
		INSERT INTO question_sets (consultation_id, audience, title, intro, kinds) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (consultation_id, audience) DO UPDATE SET title = EXCLUDED.title, intro = EXCLUDED.intro,
			kinds = EXCLUDED.kinds
		RETURNING id`, consultationID, set.Audience, set.Title, textOrEmpty(set.Intro), set.Kinds).Scan(&setID)
	if err != nil {
		return fmt.Errorf("load question set %s: %w", set.Audience, err)
	}
	if err := refuseDroppedKinds(ctx, tx, setID, set.Audience); err != nil {
		return err
	}
	existing, err := findQuestions(ctx, tx, setID)
	if err != nil {
		return err
	}
	for _, q := range set.Questions {
		if err := loadQuestion(ctx, tx, setID, set.Audience, existing, q); err != nil {
			return err
		}
	}
	return removeDroppedQuestions(ctx, tx, set, existing)
}

// loadPairs records which States Parties' question each survivors'
// question answers back to. Every pair of the consultation is cleared
// first, so that pairs swapped between two questions never meet the rule
// of one survivors' question per States' question half-way.
func loadPairs(ctx context.Context, tx pgx.Tx, consultationID int64, f *questionset.File) error {
	if _, err := tx.Exec(ctx, `UPDATE questions SET pairs_with = NULL
		WHERE pairs_with IS NOT NULL AND question_set_id IN (SELECT id FROM question_sets WHERE consultation_id = $1)`,
		consultationID); err != nil {
		return fmt.Errorf("clear question pairs: %w", err)
	}
	for _, set := range f.QuestionSets {
		for _, q := range set.Questions {
			if q.AnswersBackTo == 0 {
				continue
			}
			_, err := tx.Exec(ctx, `
				UPDATE questions q SET pairs_with = p.id
				FROM question_sets qs, question_sets ps JOIN questions p ON p.question_set_id = ps.id
				WHERE qs.id = q.question_set_id AND qs.consultation_id = $1 AND qs.audience = $2 AND q.number = $3
					AND ps.consultation_id = $1 AND ps.audience = $4 AND p.number = $5`,
				consultationID, set.Audience, q.Number, domain.AudienceStatesParties, q.AnswersBackTo)
			if err != nil {
				return fmt.Errorf("pair question %s %d: %w", set.Audience, q.Number, err)
			}
		}
	}
	return nil
}

// refuseDroppedKinds refuses a set that no longer admits a kind of
// respondent it has: their answers would be counted under no kind.
func refuseDroppedKinds(ctx context.Context, tx pgx.Tx, setID int64, audience domain.Audience) error {
	var kind string
	var n int
	err := tx.QueryRow(ctx, `SELECT r.kind, count(*) FROM respondents r JOIN question_sets qs ON qs.id = r.question_set_id
		WHERE qs.id = $1 AND NOT r.kind = ANY (qs.kinds) GROUP BY r.kind ORDER BY r.kind LIMIT 1`, setID).Scan(&kind, &n)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("check kinds: %w", err)
	}
	return Errorf(KindConflict, "kind_in_use",
		"the %s question set has %d respondent(s) of kind %q: keep %q in its kinds", audience, n, kind, kind)
}

func loadQuestion(ctx context.Context, tx pgx.Tx, setID int64, audience domain.Audience, existing []Question, q questionset.Question) error {
	choices := q.Choices
	if choices == nil {
		choices = []questionset.Choice{}
	}
	// A choice question takes no free text and its file gives no limit, but
	// the column holds one for every question: this one limits nothing.
	if q.MaxLength == 0 {
		q.MaxLength = questionset.DefaultMaxLength
	}
	for _, old := range existing {
		if old.Number == q.Number && !sameWording(old, q) {
			if err := refuseIfAnswered(ctx, tx, old, audience); err != nil {
				return err
			}
		}
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO questions (question_set_id, number, kind, required, max_length, text, hint, choices, key)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (question_set_id, number) DO UPDATE SET
			key = EXCLUDED.key, kind = EXCLUDED.kind, required = EXCLUDED.required, max_length = EXCLUDED.max_length,
			text = EXCLUDED.text, hint = EXCLUDED.hint, choices = EXCLUDED.choices`,
		setID, q.Number, q.Kind, q.Required, q.MaxLength, q.Text, textOrEmpty(q.Hint), choices, q.Key)
	if err != nil {
		return fmt.Errorf("load question %s %d: %w", audience, q.Number, err)
	}
	return nil
}

// sameWording compares what a respondent read when answering: the question
// in every language, its kind and its choices.
func sameWording(old Question, q questionset.Question) bool {
	if old.Kind != q.Kind || !reflect.DeepEqual(map[string]string(old.Text), map[string]string(q.Text)) {
		return false
	}
	if len(old.Choices) == 0 && len(q.Choices) == 0 {
		return true
	}
	return reflect.DeepEqual(old.Choices, q.Choices)
}

func refuseIfAnswered(ctx context.Context, tx pgx.Tx, q Question, audience domain.Audience) error {
	var n int
	err := tx.QueryRow(ctx, `SELECT count(*) FROM submitted_answers WHERE question_id = $1`, q.ID).Scan(&n)
	if err != nil {
		return fmt.Errorf("count submitted answers: %w", err)
	}
	if n > 0 {
		return Errorf(KindConflict, "question_answered",
			"question %d of the %s question set already has %d submitted answer(s): its wording, kind and choices cannot change; "+
				"restore the wording in the file, or load the changed questions as a new consultation", q.Number, audience, n)
	}
	return nil
}

func removeDroppedQuestions(ctx context.Context, tx pgx.Tx, set questionset.QuestionSet, existing []Question) error {
	for _, old := range existing {
		if old.Number <= len(set.Questions) {
			continue
		}
		var answered bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM answers WHERE question_id = $1)`, old.ID).Scan(&answered); err != nil {
			return fmt.Errorf("check answers: %w", err)
		}
		if answered {
			return Errorf(KindConflict, "question_answered",
				"question %d of the %s question set has answers and cannot be removed", old.Number, set.Audience)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM questions WHERE id = $1`, old.ID); err != nil {
			return fmt.Errorf("remove question: %w", err)
		}
	}
	return nil
}
