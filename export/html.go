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
	// Translation is the whole answer's translation into the report's
	// language, and TranslationLabel says it is one.
	Translation, TranslationLabel string
	Note                          string // the reviewers', in the internal report only
	NoteLabel                     string
	ReportLang, ReportDir         string // of the footer, which the report writes
}

// WriteHTML writes the Co-Chairs' printable report, in the source's
// language: per question the counts, choice shares, themes, key points and
// the quotes the Co-Chairs chose, as the variant allows them, then the
// themes across questions and audiences, each with the answers tagged with
// it. It holds no script and makes no request: it is one self-contained
// file, printable as it is.
func WriteHTML(w io.Writer, src *Source) error {
	t := src.texts()
	bw := bufio.NewWriterSize(w, 64<<10)
	start := htmlStartOf(t, src)
	if err := report.ExecuteTemplate(bw, "start", start); err != nil {
		return err
	}
	for i := range src.Summary.Questions {
		if err := writeHTMLQuestion(bw, t, src, &src.Summary.Questions[i]); err != nil {
			return err
		}
	}
	if err := writeHTMLThemes(bw, t, src); err != nil {
		return err
	}
	if err := report.ExecuteTemplate(bw, "finish", start); err != nil {
		return err
	}
	return bw.Flush()
}

func writeHTMLQuestion(w io.Writer, t *texts, src *Source, q *store.QuestionSummary) error {
	if err := report.ExecuteTemplate(w, "question", htmlQuestionOf(t, src, q)); err != nil {
		return err
	}
	quotes, err := src.quotes(q.Question.ID)
	if err != nil {
		return err
	}
	if len(quotes) == 0 {
		if err := report.ExecuteTemplate(w, "noquotes", t); err != nil {
			return err
		}
	}
	labels := map[string]string{}
	for _, c := range q.Question.Choices {
		labels[c.Value] = c.Label.In(t.lang)
	}
	for i := range quotes {
		if err := report.ExecuteTemplate(w, "quote", quoteOf(t, src, &quotes[i], labels)); err != nil {
			return err
		}
	}
	return report.ExecuteTemplate(w, "end", nil)
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

func quoteOf(t *texts, src *Source, q *store.Quote, labels map[string]string) htmlQuote {
	who := q.Respondent
	if who == "" {
		who = t.or("export.who."+string(q.Audience), t.T("export.who.other"))
	}
	h := htmlQuote{Language: q.Language, Choice: labels[q.Choice], Text: q.Text, Who: who,
		Country: t.country(q.Country, q.CountryName), ReportLang: t.lang, ReportDir: lang.Dir(t.lang)}
	if src.Variant == Internal && q.Note != "" {
		h.Note, h.NoteLabel = q.Note, t.T("review.quote.note")
	}
	h.translate(t, q.Translations)
	h.Attribution = attributionNote(t, src, q.Attribution)
	return h
}

// translate adds the answer's translation into the report's language, if
// it has one, with a label that says it is one (and machine-made, until a
// person approved it).
func (h *htmlQuote) translate(t *texts, ts []store.Translation) {
	tr := translationIn(ts, t.lang)
	if tr == nil {
		return
	}
	h.Translation, h.TranslationLabel = tr.Text, t.T("export.translation", languageName(t.lang))
	if tr.Machine {
		h.TranslationLabel += " — " + t.T("export.translation.machine")
	}
}

// attributionNote is what the internal report says under an answer not to
// be named or given for the Co-Chairs only; the public report, nothing.
func attributionNote(t *texts, src *Source, a domain.Attribution) string {
	if src.Variant != Internal {
		return ""
	}
	switch a {
	case domain.AttributionAnonymous:
		return t.T("export.note.anonymous")
	case domain.AttributionConfidential:
		return t.T("export.note.confidential")
	}
	return ""
}

type htmlThemes struct {
	Themes            []store.ThemeSummary
	States, Survivors string // the audiences' names
	Internal          bool
	T                 func(key string, args ...any) string
}

// writeHTMLThemes writes the section of the themes across questions and
// audiences: each theme's answers counted per audience, then under each
// theme the quotes tagged with it, the States Parties' before the
// survivors', as the variant allows them.
func writeHTMLThemes(w io.Writer, t *texts, src *Source) error {
	themes := src.Summary.Themes
	err := report.ExecuteTemplate(w, "themes", htmlThemes{Themes: themes, States: t.audience(domain.AudienceStatesParties),
		Survivors: t.audience(domain.AudienceSurvivors), Internal: src.Variant == Internal, T: t.T})
	if err != nil {
		return err
	}
	for i := range themes {
		th := &themes[i]
		if th.Theme.Count == 0 {
			continue
		}
		if err := report.ExecuteTemplate(w, "theme", map[string]any{"Name": th.Theme.Name, "T": t.T}); err != nil {
			return err
		}
		var audience domain.Audience
		err := src.eachTagged(th, func(r *store.ExportRow) error {
			if r.Audience != audience {
				audience = r.Audience
				if err := report.ExecuteTemplate(w, "theme_audience", t.audience(audience)); err != nil {
					return err
				}
			}
			return report.ExecuteTemplate(w, "quote", rowQuoteOf(t, src, r))
		})
		if err != nil {
			return err
		}
	}
	return report.ExecuteTemplate(w, "end", nil)
}

// rowQuoteOf is an answer of the rows, tagged with a theme, as the report
// shows it under the theme: whole, with who gave it as the variant allows.
func rowQuoteOf(t *texts, src *Source, r *store.ExportRow) htmlQuote {
	q := htmlQuote{Language: r.Language, Choice: r.ChoiceLabel, Text: r.Text, Who: t.respondent(r),
		Country: t.country(r.Country, r.CountryName), ReportLang: t.lang, ReportDir: lang.Dir(t.lang)}
	q.translate(t, r.Translations)
	q.Attribution = attributionNote(t, src, r.Attribution)
	return q
}
