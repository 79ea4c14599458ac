package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store/domain"
)

// Text is a text in several languages.
type Text = questionset.Text

// Consultation statuses. Upcoming, open and closed follow from the
// opening and closing times of a live consultation; draft and published are
// set by an administrator.
const (
	StatusDraft     = string(domain.ConsultationDraft)
	StatusUpcoming  = string(domain.ConsultationUpcoming)
	StatusOpen      = string(domain.ConsultationOpen)
	StatusClosed    = string(domain.ConsultationClosed)
	StatusPublished = string(domain.ConsultationPublished)
)

// Phases, as the consultations table stores them: what an administrator
// sets, beside the dates.
const (
	PhaseDraft     = string(domain.ConsultationDraft)
	PhaseLive      = "live"
	PhasePublished = "published"
)

// Consultation is one consultation with, when loaded by slug, its question
// sets.
type Consultation struct {
	ID               int64
	Slug             string
	Title            Text
	Meeting          Text
	Context          Text
	OpensAt          *time.Time
	ClosesAt         *time.Time
	TimeZone         string
	SelfRegistration bool
	Phase            string // PhaseDraft, PhaseLive or PhasePublished
	QuestionSets     []QuestionSet

	// Follows is the slug of the earlier consultation this one follows,
	// "" for none; read only with the question sets.
	Follows string
	// Attachments says respondents may attach documents, which may stand
	// in for typed answers.
	Attachments bool
}

// StatusAt says what a respondent meets at t: upcoming (a draft, too, takes
// no answers yet), open, or closed (a published consultation, too).
func (c *Consultation) StatusAt(t time.Time) string {
	switch s := c.Status(t); s {
	case StatusDraft:
		return StatusUpcoming
	case StatusPublished:
		return StatusClosed
	default:
		return s
	}
}

// Status returns the consultation's status at t: draft, upcoming, open,
// closed or published.
func (c *Consultation) Status(t time.Time) string {
	switch {
	case c.Phase == PhaseDraft:
		return StatusDraft
	case c.Phase == PhasePublished:
		return StatusPublished
	case c.OpensAt != nil && t.Before(*c.OpensAt):
		return StatusUpcoming
	case c.ClosesAt != nil && !t.Before(*c.ClosesAt):
		return StatusClosed
	default:
		return StatusOpen
	}
}

// IsDraft reports whether the consultation is a draft, which only
// reviewers may see.
func (c *Consultation) IsDraft() bool { return c.Phase == PhaseDraft }

// Location returns the consultation's time zone, UTC when it is unknown.
func (c *Consultation) Location() *time.Location {
	if loc, err := time.LoadLocation(c.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// QuestionSet returns the set for audience.
func (c *Consultation) QuestionSet(audience domain.Audience) (*QuestionSet, bool) {
	for i := range c.QuestionSets {
		if c.QuestionSets[i].Audience == audience {
			return &c.QuestionSets[i], true
		}
	}
	return nil, false
}

// QuestionSet is the questions put to one audience.
type QuestionSet struct {
	ID        int64
	Audience  domain.Audience
	Title     Text
	Intro     Text
	Questions []Question

	// Kinds are the kinds of respondent the set admits, each counted
	// apart: see questionset.AdmissibleKinds.
	Kinds []domain.RespondentKind
}

// Admits reports whether the set admits respondents of kind.
func (qs *QuestionSet) Admits(kind domain.RespondentKind) bool {
	return slices.Contains(qs.Kinds, kind)
}

// Question is one question of a set.
type Question struct {
	ID        int64
	Number    int
	Key       string // names the question across cycles
	Kind      string
	Required  bool
	MaxLength int
	Text      Text
	Hint      Text
	Choices   []questionset.Choice

	// PairsWith is, on a survivors' question, the ID of the States
	// Parties' question it answers back to; 0 when it stands alone.
	PairsWith int64
}

// HasChoice reports whether value is one of the question's choices.
func (q *Question) HasChoice(value string) bool {
	for _, c := range q.Choices {
		if c.Value == value {
			return true
		}
	}
	return false
}

// ChoiceLabel returns the label of the choice value in lang, else
// English; "" for no choice.
func (q *Question) ChoiceLabel(value, lang string) string {
	for _, c := range q.Choices {
		if c.Value == value {
			return c.Label.In(lang)
		}
	}
	return ""
}

// QuestionPair is a States Parties' question and the survivors' question
// that answers back to it.
type QuestionPair struct {
	States    Question
	Survivors Question
}

// QuestionPairs returns the consultation's pairs in the order of the
// States' questions.
func (c *Consultation) QuestionPairs() []QuestionPair {
	backBy := map[int64]Question{}
	for _, qs := range c.QuestionSets {
		for _, q := range qs.Questions {
			if q.PairsWith != 0 {
				backBy[q.PairsWith] = q
			}
		}
	}
	var out []QuestionPair
	if sp, ok := c.QuestionSet(domain.AudienceStatesParties); ok {
		for _, q := range sp.Questions {
			if sq, ok := backBy[q.ID]; ok {
				out = append(out, QuestionPair{States: q, Survivors: sq})
			}
		}
	}
	return out
}

// TakesText reports whether the question has a free-text part.
func (q *Question) TakesText() bool { return q.Kind != questionset.KindChoice }

// TakesChoice reports whether the question has a closed part.
func (q *Question) TakesChoice() bool { return q.Kind != questionset.KindText }

// scanConsultation reads a row of the consultations' columns in table
// order: id, slug, title, meeting, context, opens_at, closes_at,
// time_zone, self_registration, phase, attachments, and then follows when
// withFollows.
func scanConsultation(row pgx.Row, withFollows ...bool) (*Consultation, error) {
	var c Consultation
	dest := []any{&c.ID, &c.Slug, &c.Title, &c.Meeting, &c.Context,
		&c.OpensAt, &c.ClosesAt, &c.TimeZone, &c.SelfRegistration, &c.Phase, &c.Attachments}
	if len(withFollows) > 0 && withFollows[0] {
		dest = append(dest, &c.Follows)
	}
	err := row.Scan(dest...)
	if err != nil {
		return nil, notFound(err)
	}
	return &c, nil
}

// FindConsultations returns every consultation, without question sets, the
// soonest to close first.
func (s *Store) FindConsultations(ctx context.Context) ([]*Consultation, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT id, slug, title, meeting, context, opens_at, closes_at, time_zone, self_registration, phase, attachments
		FROM consultations
		ORDER BY closes_at NULLS LAST, opens_at, slug`)
	if err != nil {
		return nil, fmt.Errorf("find consultations: %w", err)
	}
	return collectConsultations(rows)
}

// FindListedConsultations returns the consultations the public sees:
// every one but the drafts, the soonest to close first.
func (s *Store) FindListedConsultations(ctx context.Context) ([]*Consultation, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT id, slug, title, meeting, context, opens_at, closes_at, time_zone, self_registration, phase, attachments
		FROM consultations
		WHERE phase <> 'draft'
		ORDER BY closes_at NULLS LAST, opens_at, slug`)
	if err != nil {
		return nil, fmt.Errorf("find consultations: %w", err)
	}
	return collectConsultations(rows)
}

func collectConsultations(rows pgx.Rows) ([]*Consultation, error) {
	defer rows.Close()
	var out []*Consultation
	for rows.Next() {
		c, err := scanConsultation(rows)
		if err != nil {
			return nil, fmt.Errorf("find consultations: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CountConsultations returns how many consultations exist.
func (s *Store) CountConsultations(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT count(*) FROM consultations`).Scan(&n)
	return n, err
}

// FindConsultationBySlug returns the consultation with its question sets and
// questions, or ErrNotFound.
func (s *Store) FindConsultationBySlug(ctx context.Context, slug string) (*Consultation, error) {
	return findConsultationBySlug(ctx, s.pool, slug)
}

// findConsultationBySlug is FindConsultationBySlug on a pool or inside a
// transaction, whose snapshot it then shares.
func findConsultationBySlug(ctx context.Context, db DBTX, slug string) (*Consultation, error) {
	c, err := scanConsultation(db.QueryRow(ctx, `
		SELECT id, slug, title, meeting, context, opens_at, closes_at, time_zone, self_registration, phase, attachments,
			coalesce(follows, '')
		FROM consultations WHERE slug = $1`, slug), true)
	if err != nil {
		return nil, err
	}
	if c.QuestionSets, err = findQuestionSets(ctx, db, c.ID); err != nil {
		return nil, err
	}
	return c, nil
}

// FindConsultationByID returns the consultation with its question sets and
// questions, or ErrNotFound.
func (s *Store) FindConsultationByID(ctx context.Context, id int64) (*Consultation, error) {
	return findConsultationByID(ctx, s.pool, id)
}

// findConsultationByID returns the consultation with its question sets.
func findConsultationByID(ctx context.Context, db DBTX, id int64) (*Consultation, error) {
	c, err := scanConsultation(db.QueryRow(ctx, `
		SELECT id, slug, title, meeting, context, opens_at, closes_at, time_zone, self_registration, phase, attachments,
			coalesce(follows, '')
		FROM consultations WHERE id = $1`, id), true)
	if err != nil {
		return nil, err
	}
	if c.QuestionSets, err = findQuestionSets(ctx, db, c.ID); err != nil {
		return nil, err
	}
	return c, nil
}

func findQuestionSets(ctx context.Context, db DBTX, consultationID int64) ([]QuestionSet, error) {
	rows, err := db.Query(ctx, `SELECT id, audience, title, intro, kinds FROM question_sets
		WHERE consultation_id = $1 ORDER BY audience`, consultationID)
	if err != nil {
		return nil, fmt.Errorf("find question sets: %w", err)
	}
	sets, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (QuestionSet, error) {
		var qs QuestionSet
		err := r.Scan(&qs.ID, &qs.Audience, &qs.Title, &qs.Intro, &qs.Kinds)
		return qs, err
	})
	if err != nil {
		return nil, fmt.Errorf("find question sets: %w", err)
	}
	for i := range sets {
		if sets[i].Questions, err = findQuestions(ctx, db, sets[i].ID); err != nil {
			return nil, err
		}
	}
	return sets, nil
}

func findQuestions(ctx context.Context, db DBTX, questionSetID int64) ([]Question, error) {
	rows, err := db.Query(ctx, `SELECT id, number, kind, required, max_length, text, hint, choices, coalesce(pairs_with, 0), key
		FROM questions WHERE question_set_id = $1 ORDER BY number`, questionSetID)
	if err != nil {
		return nil, fmt.Errorf("find questions: %w", err)
	}
	qs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (Question, error) {
		var q Question
		err := r.Scan(&q.ID, &q.Number, &q.Kind, &q.Required, &q.MaxLength, &q.Text, &q.Hint, &q.Choices, &q.PairsWith, &q.Key)
		return q, err
	})
	if err != nil {
		return nil, fmt.Errorf("find questions: %w", err)
	}
	return qs, nil
}
