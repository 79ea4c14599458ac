package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"time"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

type jsonHead struct {
	Consultation  jsonConsultation `json:"consultation"`
	Variant       Variant          `json:"variant"`
	Language      string           `json:"language"` // of the notice
	Notice        string           `json:"notice"`
	GeneratedAt   time.Time        `json:"generated_at"`
	ResponseRates []jsonRate       `json:"response_rates"`
	Questions     []jsonQuestion   `json:"questions"`
}

type jsonConsultation struct {
	Slug    string     `json:"slug"`
	Title   store.Text `json:"title"`
	Meeting store.Text `json:"meeting"`
}

type jsonRate struct {
	Audience  domain.Audience       `json:"audience"`
	Kind      domain.RespondentKind `json:"kind"` // "" in the public variant, which counts by audience only
	Region    string                `json:"region"`
	Invited   int                   `json:"invited"`
	Started   int                   `json:"started"`
	Submitted int                   `json:"submitted"`
}

type jsonQuestion struct {
	ID         int64           `json:"id"`
	Audience   domain.Audience `json:"audience"`
	Number     int             `json:"number"`
	Kind       string          `json:"kind"`
	Text       store.Text      `json:"text"`
	Answers    int             `json:"answers"`
	ByKind     []jsonCount     `json:"by_kind"`
	ByRegion   []jsonCount     `json:"by_region"`
	ByLanguage []jsonCount     `json:"by_language"`
	Choices    []jsonChoice    `json:"choices"`
	Themes     []jsonCount     `json:"themes"`
	KeyPoints  string          `json:"key_points"`
}

type jsonCount struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

type jsonChoice struct {
	Value   string     `json:"value"`
	Label   store.Text `json:"label"`
	Count   int        `json:"count"`
	Percent float64    `json:"percent"`
}

// jsonAnswer is one answer. Of an anonymous answer in the public variant,
// the response and the time of submission are left out, and the
// respondent, kind, country and region are empty.
type jsonAnswer struct {
	Response    *int64                `json:"response,omitempty"`
	Audience    domain.Audience       `json:"audience"`
	Respondent  string                `json:"respondent"` // "" when the respondent is not named
	Attribution domain.Attribution    `json:"attribution"`
	Kind        domain.RespondentKind `json:"kind"`
	Country     string                `json:"country"`
	CountryName string                `json:"country_name"`
	Region      string                `json:"region"`
	Language    string                `json:"language"`
	Question    int64                 `json:"question"`
	Number      int                   `json:"question_number"`
	Choice      string                `json:"choice,omitempty"`
	Text        string                `json:"text"`
	Themes      []string              `json:"themes"`
	// Translations added by reviewers; in the public variant only those
	// a person wrote or approved.
	Translations []jsonTranslation `json:"translations"`
	SubmittedAt  *time.Time        `json:"submitted_at,omitempty"`
}

// WriteJSON writes one JSON object: the per-question summaries, then the
// answers, streamed one by one into the "answers" array.
func WriteJSON(w io.Writer, src *Source) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var head bytes.Buffer
	enc := json.NewEncoder(&head)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(jsonHeadOf(src)); err != nil {
		return err
	}
	// The head is an object: reopen it, dropping its closing brace, to
	// append the answers.
	obj := bytes.TrimSuffix(head.Bytes(), []byte("\n"))
	bw.Write(obj[:len(obj)-1])
	bw.WriteString(`,"answers":[`)
	enc = json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	first := true
	err := src.each(func(r *store.ExportRow) error {
		if !first {
			bw.WriteByte(',')
		}
		first = false
		themes := r.Themes
		if themes == nil {
			themes = []string{}
		}
		a := jsonAnswer{Audience: r.Audience, Respondent: r.Respondent,
			Attribution: r.Attribution, Kind: r.Kind, Country: r.Country, CountryName: r.CountryName,
			Region: r.Region, Language: r.Language, Question: r.QuestionID, Number: r.QuestionNumber,
			Choice: r.Choice, Text: r.Text, Themes: themes, Translations: []jsonTranslation{}}
		for _, tr := range r.Translations {
			a.Translations = append(a.Translations, jsonTranslation{Language: tr.Language, Text: tr.Text, Machine: tr.Machine})
		}
		if !r.Withheld() {
			id, at := r.ResponseID, r.SubmittedAt.UTC()
			a.Response, a.SubmittedAt = &id, &at
		}
		return enc.Encode(a)
	})
	if err != nil {
		return err
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

func jsonHeadOf(src *Source) jsonHead {
	sum := summaryJSON(src.Summary)
	return jsonHead{Consultation: sum.Consultation, Variant: src.Variant, Language: src.texts().lang, Notice: src.texts().banner(src.Variant),
		GeneratedAt: src.GeneratedAt.UTC(), ResponseRates: sum.ResponseRates, Questions: sum.Questions}
}

// SummaryJSON is a summary as JSON: what the summary API answers, and the
// head of the JSON export.
type SummaryJSON struct {
	Consultation  jsonConsultation `json:"consultation"`
	ResponseRates []jsonRate       `json:"response_rates"`
	Questions     []jsonQuestion   `json:"questions"`
}

func summaryJSON(sum *store.Summary) SummaryJSON {
	c := sum.Consultation
	out := SummaryJSON{Consultation: jsonConsultation{Slug: c.Slug, Title: c.Title, Meeting: c.Meeting},
		ResponseRates: []jsonRate{}, Questions: []jsonQuestion{}}
	for _, r := range sum.Rates {
		out.ResponseRates = append(out.ResponseRates, jsonRate(r))
	}
	for _, q := range sum.Questions {
		jq := jsonQuestion{ID: q.Question.ID, Audience: q.Audience, Number: q.Question.Number, Kind: q.Question.Kind,
			Text: q.Question.Text, Answers: q.Answers, ByKind: counts(q.ByKind), ByRegion: counts(q.ByRegion),
			ByLanguage: counts(q.ByLanguage), Choices: []jsonChoice{}, Themes: []jsonCount{}, KeyPoints: q.KeyPoints}
		for _, ch := range q.Choices {
			jq.Choices = append(jq.Choices, jsonChoice(ch))
		}
		for _, t := range q.Themes {
			jq.Themes = append(jq.Themes, jsonCount{Value: t.Name, Count: t.Count})
		}
		out.Questions = append(out.Questions, jq)
	}
	return out
}

// Summary returns sum in the layout of the JSON export's head.
func Summary(sum *store.Summary) SummaryJSON { return summaryJSON(sum) }

func counts(cs []store.Count) []jsonCount {
	out := make([]jsonCount, 0, len(cs))
	for _, c := range cs {
		out = append(out, jsonCount{Value: c.Key, Count: c.Count})
	}
	return out
}

// jsonTranslation is a translation of an answer; machine marks one a
// machine translation service made and no person has checked.
type jsonTranslation struct {
	Language string `json:"language"`
	Text     string `json:"text"`
	Machine  bool   `json:"machine"`
}
