package export

import (
	"bufio"
	"embed"
	"html/template"
	"io"
	"strings"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

//go:embed templates/report.html.tmpl
var templateFiles embed.FS

// report is parsed once: a broken template fails at start, not in a
// download.
var report = template.Must(template.ParseFS(templateFiles, "templates/report.html.tmpl"))

type htmlStart struct {
	Lang, Dir                         string
	Title, Meeting, Banner, Generated string
	Introduction, Conclusions         string
	Internal                          bool
	Rates                             []htmlRate
	T                                 func(key string, args ...any) string
}

type htmlRate struct {
	Audience, Kind, Region      string
	Invited, Started, Submitted int
}

type htmlQuestion struct {
	ID        int64
	Heading   string
	Text      string
	Answers   string
	ByKind    string
	ByRegion  []store.Count
	Choices   []htmlChoice
	Themes    []store.Theme
	KeyPoints string
	Internal  bool
	T         func(key string, args ...any) string
}

type htmlChoice struct {
	Label   string
	Count   int
	Percent float64
	Width   int // of the bar, in pixels
}

type htmlQuote struct {
	Language, Choice, Text, Who, Country, Attribution string
	// Translation is the answer's translation into the report's
	// language, and TranslationLabel says it is one.
	Translation, TranslationLabel string
	ReportLang, ReportDir         string // of the footer, which the report writes
}

// WriteHTML writes the Co-Chairs' printable report, in the source's
// language: per question the counts, choice shares, themes, key points and
// the quotes the variant allows. It holds no script and makes no request:
// it is one self-contained file, printable as it is.
func WriteHTML(w io.Writer, src *Source) error {
	t := src.texts()
	bw := bufio.NewWriterSize(w, 64<<10)
	start := htmlStartOf(t, src)
	if err := report.ExecuteTemplate(bw, "start", start); err != nil {
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
			if err := report.ExecuteTemplate(bw, "question", htmlQuestionOf(t, src, q)); err != nil {
				return err
			}
			if q.Question.ID == upTo {
				return nil
			}
		}
		return nil
	}
	current := int64(-1)
	err := src.each(func(r *store.ExportRow) error {
		if r.QuestionID != current {
			current = r.QuestionID
			if err := open(current); err != nil {
				return err
			}
		}
		return report.ExecuteTemplate(bw, "quote", quoteOf(t, src, r))
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
	if err := report.ExecuteTemplate(bw, "finish", start); err != nil {
		return err
	}
	return bw.Flush()
}

func htmlStartOf(t *texts, src *Source) htmlStart {
	c := src.Consultation
	s := htmlStart{Lang: t.lang, Dir: lang.Dir(t.lang), Title: c.Title.In(t.lang), Meeting: c.Meeting.In(t.lang),
		Banner: t.banner(src.Variant), Generated: src.GeneratedAt.UTC().Format("2006-01-02 15:04 UTC"),
		Introduction: src.Introduction, Conclusions: src.Conclusions, Internal: src.Variant == Internal, T: t.T}
	for _, r := range src.Summary.Rates {
		s.Rates = append(s.Rates, htmlRate{Audience: t.audience(r.Audience), Kind: t.kinds(string(r.Kind)), Region: t.region(r.Region, false),
			Invited: r.Invited, Started: r.Started, Submitted: r.Submitted})
	}
	return s
}

func htmlQuestionOf(t *texts, src *Source, q *store.QuestionSummary) htmlQuestion {
	public := src.Variant == Public
	h := htmlQuestion{ID: q.Question.ID, Heading: t.T("export.question", t.audience(q.Audience), q.Question.Number),
		Text: q.Question.Text.In(t.lang), Answers: t.T("export.answers.count", q.Answers), Themes: q.Themes,
		KeyPoints: q.KeyPoints, Internal: !public, T: t.T}
	var kinds []string
	for _, k := range q.ByKind {
		kinds = append(kinds, t.T("export.count.of", t.kinds(k.Key), k.Count))
	}
	h.ByKind = strings.Join(kinds, "; ")
	for _, r := range q.ByRegion {
		h.ByRegion = append(h.ByRegion, store.Count{Key: t.region(r.Key, public), Count: r.Count})
	}
	for _, c := range q.Choices {
		h.Choices = append(h.Choices, htmlChoice{Label: c.Label.In(t.lang), Count: c.Count, Percent: c.Percent,
			Width: int(c.Percent * 2)})
	}
	return h
}

func quoteOf(t *texts, src *Source, r *store.ExportRow) htmlQuote {
	q := htmlQuote{Language: r.Language, Choice: r.ChoiceLabel, Text: r.Text, Who: t.respondent(r),
		Country: t.country(r.Country, r.CountryName), ReportLang: t.lang, ReportDir: lang.Dir(t.lang)}
	if tr := translationIn(r.Translations, t.lang); tr != nil {
		q.Translation, q.TranslationLabel = tr.Text, t.T("export.translation", languageName(t.lang))
		if tr.Machine {
			q.TranslationLabel += " — " + t.T("export.translation.machine")
		}
	}
	if src.Variant == Internal {
		switch r.Attribution {
		case domain.AttributionAnonymous:
			q.Attribution = t.T("export.note.anonymous")
		case domain.AttributionConfidential:
			q.Attribution = t.T("export.note.confidential")
		}
	}
	return q
}
