package export

import (
	"bufio"
	"embed"
	"html/template"
	"io"

	"github.com/vaconsult/vaconsult/store"
)

//go:embed templates/report.html.tmpl
var templateFiles embed.FS

// report is parsed once: a broken template fails at start, not in a
// download.
var report = template.Must(template.ParseFS(templateFiles, "templates/report.html.tmpl"))

type htmlStart struct {
	Title, Meeting, Banner, Generated string
	Internal                          bool
	Rates                             []htmlRate
}

type htmlRate struct {
	Audience, Region            string
	Invited, Started, Submitted int
}

type htmlQuestion struct {
	ID               int64
	Audience         string
	Number           int
	Text             string
	Answers          int
	ByKind, ByRegion []store.Count
	Choices          []htmlChoice
	Themes           []store.Theme
	KeyPoints        string
	Internal         bool
}

type htmlChoice struct {
	Label   string
	Count   int
	Percent float64
	Width   int // of the bar, in pixels
}

type htmlQuote struct {
	Language, Choice, Text, Who, Country, Attribution string
}

// WriteHTML writes the Co-Chairs' printable report: per question the
// counts, choice shares, themes, key points and the quotes the variant
// allows. It holds no script and makes no request: it is one self-contained
// file, printable as it is.
func WriteHTML(w io.Writer, src *Source) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := report.ExecuteTemplate(bw, "start", htmlStartOf(src)); err != nil {
		return err
	}
	qs := src.Summary.Questions
	next := 0 // the next question whose section is not open yet
	open := func(upTo int64) error {
		for next < len(qs) {
			if next > 0 {
				if err := report.ExecuteTemplate(bw, "end", nil); err != nil {
					return err
				}
			}
			q := &qs[next]
			next++
			if err := report.ExecuteTemplate(bw, "question", htmlQuestionOf(src, q)); err != nil {
				return err
			}
			if q.Question.ID == upTo {
				return nil
			}
		}
		return nil
	}
	current := int64(-1)
	err := src.Rows(func(r *store.ExportRow) error {
		if r.QuestionID != current {
			current = r.QuestionID
			if err := open(current); err != nil {
				return err
			}
		}
		return report.ExecuteTemplate(bw, "quote", quoteOf(src, r))
	})
	if err != nil {
		return err
	}
	if err := open(0); err != nil { // the questions no one answered
		return err
	}
	if len(qs) > 0 {
		if err := report.ExecuteTemplate(bw, "end", nil); err != nil {
			return err
		}
	}
	if err := report.ExecuteTemplate(bw, "finish", htmlStartOf(src)); err != nil {
		return err
	}
	return bw.Flush()
}

func htmlStartOf(src *Source) htmlStart {
	c := src.Consultation
	s := htmlStart{Title: c.Title.In("en"), Meeting: c.Meeting.In("en"), Banner: src.banner(),
		Generated: src.GeneratedAt.UTC().Format("2 January 2006, 15:04 UTC"), Internal: src.Variant == Internal}
	for _, r := range src.Summary.Rates {
		s.Rates = append(s.Rates, htmlRate{Audience: audienceName(r.Audience), Region: regionName(r.Region),
			Invited: r.Invited, Started: r.Started, Submitted: r.Submitted})
	}
	return s
}

func htmlQuestionOf(src *Source, q *store.QuestionSummary) htmlQuestion {
	h := htmlQuestion{ID: q.Question.ID, Audience: audienceName(q.Audience), Number: q.Question.Number,
		Text: q.Question.Text.In("en"), Answers: q.Answers, Themes: q.Themes,
		KeyPoints: q.KeyPoints, Internal: src.Variant == Internal}
	for _, k := range q.ByKind {
		h.ByKind = append(h.ByKind, store.Count{Key: kindName(k.Key), Count: k.Count})
	}
	for _, r := range q.ByRegion {
		h.ByRegion = append(h.ByRegion, store.Count{Key: regionName(r.Key), Count: r.Count})
	}
	for _, c := range q.Choices {
		h.Choices = append(h.Choices, htmlChoice{Label: c.Label.In("en"), Count: c.Count, Percent: c.Percent,
			Width: int(c.Percent * 2)})
	}
	return h
}

func quoteOf(src *Source, r *store.ExportRow) htmlQuote {
	q := htmlQuote{Language: r.Language, Choice: r.ChoiceLabel, Text: r.Text, Who: respondentLabel(r), Country: r.CountryName}
	if src.Variant == Internal {
		switch r.Attribution {
		case store.AttributionAnonymous:
			q.Attribution = "anonymous: quote without the name"
		case store.AttributionConfidential:
			q.Attribution = "confidential: for the Co-Chairs only"
		}
	}
	return q
}
