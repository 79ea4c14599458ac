package export

import (
	"strings"

	"github.com/vaconsult/vaconsult/internal/bidi"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// eachPair passes every group of lined-up answers to fn, as each does for
// the answers: bidirectional controls out of names, countries and themes.
// A source without pairs passes none.
func (s *Source) eachPair(fn func(*store.PairGroup) error) error {
	if s.Pairs == nil {
		return nil
	}
	strip := func(a *store.PairAnswer) {
		a.Respondent = bidi.Strip(a.Respondent)
		for i, th := range a.Themes {
			a.Themes[i] = bidi.Strip(th)
		}
	}
	return s.Pairs(func(g *store.PairGroup) error {
		g.CountryName = bidi.Strip(g.CountryName)
		if g.State != nil {
			strip(g.State)
		}
		for i := range g.Survivors {
			strip(&g.Survivors[i])
		}
		return fn(g)
	})
}

// pairQuestion names a question of a pair with its text: "States Parties
// Q1: What tools…".
func (t *texts) pairQuestion(a domain.Audience, q *store.Question) string {
	return t.T("export.count.of", t.T("export.question.short", t.audience(a), q.Number), q.Text.In(t.lang))
}

// pairAnswer writes an answer in one cell: the choice, then the text.
func pairAnswer(a *store.PairAnswer) string {
	if a == nil {
		return ""
	}
	return strings.TrimSpace(a.ChoiceLabel + "\n" + a.Text)
}

// attributionNote says, in the internal variant, how an answer that is not
// named may be used, as the report says under its quotes; "" for a named
// answer. The public variant lines up named answers only.
func (t *texts) attributionNote(a *store.PairAnswer) string {
	switch a.Attribution {
	case domain.AttributionAnonymous:
		return t.T("export.note.anonymous")
	case domain.AttributionConfidential:
		return t.T("export.note.confidential")
	}
	return ""
}

// noted puts the attribution note, if any, on a line before s.
func (t *texts) noted(a *store.PairAnswer, s string) string {
	if note := t.attributionNote(a); note != "" {
		return "(" + note + ")\n" + s
	}
	return s
}

// pairColumns are the columns of the "States and survivors" sheet.
var pairColumns = []struct {
	title string
	width xlsxCol
}{
	{"export.col.country", 18}, {"export.pairs.col.states_question", 40}, {"export.pairs.col.state_answer", 60},
	{"export.pairs.col.state_themes", 20}, {"export.pairs.col.survivors_question", 40}, {"export.col.respondent", 28},
	{"export.pairs.col.survivors_answer", 60}, {"export.pairs.col.survivors_themes", 20},
}

// writePairsSheet writes the "States and survivors" sheet: for each pair
// of questions and each country, a row per survivors' answer with the
// State's answer beside it, or a single row with the State's answer when
// no survivor of the country answered. In the public variant only named
// answers are lined up (see store.PairsSQL), as the sheet says.
func writePairsSheet(x *xlsxFile, t *texts, src *Source) error {
	cols := make([]xlsxCol, len(pairColumns))
	header := make([]xcell, len(pairColumns))
	for i, c := range pairColumns {
		cols[i], header[i] = c.width, bold(t.T(c.title))
	}
	x.startSheet(sheetTitle(t.T("export.sheet.pairs")), cols, 4)
	bannerRow(x, t, src)
	x.add(xcell{v: t.T("export.pairs.title"), style: styleTitle})
	if src.Variant == Public {
		x.add(str(t.T("export.pairs.public_note")))
	} else {
		x.skip()
	}
	x.add(header...)
	row := make([]xcell, len(pairColumns))
	err := src.eachPair(func(g *store.PairGroup) error {
		row[0] = str(t.country(g.Country, g.CountryName))
		row[1] = wrap(t.pairQuestion(domain.AudienceStatesParties, &g.StatesQuestion))
		row[2], row[3] = xcell{}, xcell{}
		if g.State != nil {
			row[2], row[3] = wrap(t.noted(g.State, pairAnswer(g.State))), wrap(joinThemes(g.State.Themes))
		}
		row[4] = wrap(t.pairQuestion(domain.AudienceSurvivors, &g.SurvivorsQuestion))
		if len(g.Survivors) == 0 {
			row[5], row[6], row[7] = xcell{}, xcell{}, xcell{}
			x.add(row...)
		}
		for i := range g.Survivors {
			a := &g.Survivors[i]
			row[5], row[6], row[7] = wrap(t.noted(a, a.Respondent)), wrap(pairAnswer(a)), wrap(joinThemes(a.Themes))
			x.add(row...)
		}
		return x.err
	})
	if err != nil {
		return err
	}
	return x.err
}

// jsonPair is one group of the JSON export's "pairs": a pair of questions
// and a country, with the State's answer (null when none is shown) and
// its survivors' answers.
type jsonPair struct {
	StatesQuestion    jsonQuestionRef  `json:"states_question"`
	SurvivorsQuestion jsonQuestionRef  `json:"survivors_question"`
	Country           string           `json:"country"`
	CountryName       string           `json:"country_name"`
	State             *jsonPairAnswer  `json:"state"`
	Survivors         []jsonPairAnswer `json:"survivors"`
}

type jsonQuestionRef struct {
	ID     int64 `json:"id"`
	Number int   `json:"number"`
}

type jsonPairAnswer struct {
	Respondent  string                `json:"respondent"`
	Attribution domain.Attribution    `json:"attribution"`
	Kind        domain.RespondentKind `json:"kind"`
	Language    string                `json:"language"`
	Choice      string                `json:"choice,omitempty"`
	Text        string                `json:"text"`
	Themes      []string              `json:"themes"`
}

func jsonPairAnswerOf(a *store.PairAnswer) jsonPairAnswer {
	themes := a.Themes
	if themes == nil {
		themes = []string{}
	}
	return jsonPairAnswer{Respondent: a.Respondent, Attribution: a.Attribution, Kind: a.Kind, Language: a.Language,
		Choice: a.Choice, Text: a.Text, Themes: themes}
}

func jsonPairOf(g *store.PairGroup) jsonPair {
	p := jsonPair{StatesQuestion: jsonQuestionRef{ID: g.StatesQuestion.ID, Number: g.StatesQuestion.Number},
		SurvivorsQuestion: jsonQuestionRef{ID: g.SurvivorsQuestion.ID, Number: g.SurvivorsQuestion.Number},
		Country:           g.Country, CountryName: g.CountryName, Survivors: []jsonPairAnswer{}}
	if g.State != nil {
		a := jsonPairAnswerOf(g.State)
		p.State = &a
	}
	for i := range g.Survivors {
		p.Survivors = append(p.Survivors, jsonPairAnswerOf(&g.Survivors[i]))
	}
	return p
}
