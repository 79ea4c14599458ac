package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/store/domain"
)

// PairGroup is, for one pair of questions (a States Parties' question and
// the survivors' question that answers back to it) and one country, what
// the country's State answered beside what its survivors and their
// organisations answered.
type PairGroup struct {
	StatesQuestion    Question
	SurvivorsQuestion Question
	Country           string // ISO 3166-1 alpha-2
	CountryName       string
	State             *PairAnswer  // nil when the variant shows no answer of the country's State
	Survivors         []PairAnswer // in the order they were submitted
}

// PairAnswer is one answer of a PairGroup.
type PairAnswer struct {
	Respondent  string
	Attribution domain.Attribution
	Kind        domain.RespondentKind
	Language    string
	Choice      string // the value; see ChoiceLabel
	ChoiceLabel string // in the export's language, else English
	Text        string
	Themes      []string
}

// PairsSQL reads the answers of one pair of questions (@states_question,
// @survivors_question) country by country, the State's first. The States' side is the answer of the
// country's State (@state_kinds: a State Party or an observer State, one
// per country), not of the organisations that may answer the States'
// questions too. The public variant's rules (see public.go) apply; and
// since a pair is lined up by country, only answers whose country the
// variant shows are read: in the public variant an anonymous answer is in
// no pair, however its country is written elsewhere.
const PairsSQL = `SELECT shown.country, shown.country_name, sa.question_id = @states_question, shown.name, shown.kind,
		rs.attribution, sa.language, coalesce(sa.choice, ''), sa.text,
		coalesce((SELECT array_agg(t.name ORDER BY lower(t.name)) FROM answer_themes at
			JOIN themes t ON t.id = at.theme_id
			WHERE at.response_id = sa.response_id AND at.question_id = sa.question_id), '{}')
	FROM submitted_answers sa
	JOIN responses rs ON rs.id = sa.response_id
	JOIN respondents r ON r.id = rs.respondent_id
	LEFT JOIN countries c ON c.iso2 = r.country
	LEFT JOIN LATERAL (SELECT rs.id AS response_id, r.name, r.kind, r.country,
		coalesce(c.name, r.country) AS country_name, coalesce(c.region, '') AS region, rs.submitted_at
		WHERE NOT @public OR rs.attribution = 'named') shown ON true
	WHERE (sa.question_id = @survivors_question OR (sa.question_id = @states_question AND r.kind = ANY (@state_kinds)))
		AND rs.status = 'submitted' AND rs.excluded_at IS NULL AND NOT (@public AND rs.attribution = 'confidential')
		AND shown.country IS NOT NULL
	ORDER BY shown.country_name, shown.country, sa.question_id = @states_question DESC, sa.response_id`

// Pairs calls fn with one group per pair of questions and country where
// the variant shows an answer, pair by pair in the order of the States'
// questions, country by country in the order of their names. The group
// passed to fn is reused: fn must copy what it keeps. A group holds one
// country's answers to one question: a few, never the whole export.
func (e *Export) Pairs(ctx context.Context, fn func(*PairGroup) error) error {
	for _, p := range e.Consultation.QuestionPairs() {
		if err := e.pairGroups(ctx, p, fn); err != nil {
			return err
		}
	}
	return nil
}

func (e *Export) pairGroups(ctx context.Context, p QuestionPair, fn func(*PairGroup) error) error {
	rows, err := e.tx.Query(ctx, PairsSQL, pgx.NamedArgs{"states_question": p.States.ID, "survivors_question": p.Survivors.ID,
		"state_kinds": []string{string(domain.KindState), string(domain.KindObserverState)}, "public": e.Public})
	if err != nil {
		return fmt.Errorf("export pairs: %w", err)
	}
	g := PairGroup{StatesQuestion: p.States, SurvivorsQuestion: p.Survivors}
	flush := func() error {
		if g.Country == "" {
			return nil
		}
		return fn(&g)
	}
	var country, countryName, name, kind string
	var isState bool
	var a PairAnswer
	_, err = pgx.ForEachRow(rows, []any{&country, &countryName, &isState, &name, &kind, &a.Attribution, &a.Language,
		&a.Choice, &a.Text, &a.Themes}, func() error {
		if country != g.Country {
			if err := flush(); err != nil {
				return err
			}
			g.Country, g.CountryName, g.State, g.Survivors = country, countryName, nil, g.Survivors[:0]
		}
		a.Respondent, a.Kind = name, domain.RespondentKind(kind)
		q := &p.Survivors
		if isState {
			q = &p.States
		}
		a.ChoiceLabel = q.ChoiceLabel(a.Choice, e.Language)
		if isState {
			state := a
			g.State = &state
		} else {
			g.Survivors = append(g.Survivors, a)
		}
		a.Themes = nil
		return nil
	})
	if err != nil {
		return fmt.Errorf("export pairs: %w", err)
	}
	return flush()
}
