package export

import (
	"archive/zip"
	"bufio"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/refdata/iso3166"
	"github.com/vaconsult/vaconsult/store"
)

// A copy of what a respondent submitted: a self-contained printable page
// (its style inline, no script, no request), and the same as a Word
// document. Both hold the consultation and question set, each question
// with its answer exactly as submitted, the attribution chosen, the
// receipt, the time in the consultation's time zone, and who submitted
// for whom.

// submissionCSS is the copy's whole style. It is constant, so that the
// pages may allow it by its hash alone (SubmissionStyleHash).
const submissionCSS = `
  :root { color-scheme: light; }
  body { font: 11pt/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", Arial, sans-serif;
    color: #0b0c0c; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
  h1, h2 { line-height: 1.25; }
  h1 { font-size: 1.6rem; margin: .2rem 0 .4rem; }
  h2 { font-size: 1.05rem; margin: 1.6rem 0 .4rem; }
  .caption { color: #444; margin: 0; }
  .qnum { display: block; font-size: .9rem; color: #444; }
  .facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 1rem 0;
    padding: .6rem .8rem; border: 1px solid #b1b4b6; }
  .facts div { display: contents; }
  .facts dt { font-weight: bold; }
  .facts dd { margin: 0; overflow-wrap: anywhere; }
  @media screen and (max-width: 36rem) {
    .facts { display: block; }
    .facts dd { margin-block-end: .4rem; }
  }
  .code { font-family: ui-monospace, Menlo, Consolas, monospace; letter-spacing: .05em; }
  .choice { font-weight: bold; margin: .2rem 0; }
  .answer { white-space: pre-wrap; overflow-wrap: anywhere; border-inline-start: 4px solid #b1b4b6;
    padding: .1rem .8rem; margin: .3rem 0; }
  .none, .note { color: #444; font-style: italic; }
  a { color: #1d70b8; }
  @page { size: A4; margin: 2cm 1.8cm; }
  @media print {
    body { margin: 0; max-width: none; font-size: 10pt; }
    .noprint { display: none; }
    section.question { break-inside: avoid-page; }
    h2 { break-after: avoid-page; }
    a { color: inherit; }
  }
`

// SubmissionStyleHash is the CSP source that allows the copy's inline
// style, and nothing else: 'sha256-…'.
var SubmissionStyleHash = func() string {
	sum := sha256.Sum256([]byte(submissionCSS))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

//go:embed templates/submission.html.tmpl
var submissionFiles embed.FS

var submissionTemplate = template.Must(template.ParseFS(submissionFiles, "templates/submission.html.tmpl"))

// CopyLink is a link the page version of a copy shows above it, left out
// when printed.
type CopyLink struct {
	Href, Text string
}

// localText is a text with the language it is written in.
type localText struct {
	Text, Lang, Dir string
}

func localIn(text store.Text, l string) localText {
	if s := text[l]; s != "" {
		return localText{Text: s, Lang: l, Dir: lang.Dir(l)}
	}
	return localText{Text: text["en"], Lang: "en", Dir: "ltr"}
}

type copyFact struct {
	Label, Value string
	LTR          bool // a code, read left to right in every language
}

type copyQuestion struct {
	Heading      string
	Text, Choice localText
	Answer       localText
	None         string
}

type copyPage struct {
	Lang, Dir, Heading, Intro, Receipt, NotKept string
	CSS                                         template.CSS
	Title, Set                                  localText
	Facts                                       []copyFact
	Questions                                   []copyQuestion
	Links                                       []CopyLink
}

// SubmissionFilename names a copy's file after its receipt: what the
// respondent quotes when they ask about it.
func SubmissionFilename(c *store.SubmissionCopy, ext string) string {
	return "submission-" + c.Receipt + "." + ext
}

// WriteSubmissionHTML writes the copy of a submission as one printable
// page in language l (A4 when printed), with links above it that printing
// leaves out. It returns the writer's error.
func WriteSubmissionHTML(w io.Writer, c *store.SubmissionCopy, l string, links []CopyLink) error {
	t := textsIn(l)
	p := copyPage{Lang: t.lang, Dir: lang.Dir(t.lang), Heading: t.T("copy.title"), Intro: t.T("copy.intro"),
		Receipt: c.Receipt, CSS: template.CSS(submissionCSS), Title: localIn(c.Consultation.Title, t.lang),
		Set: localIn(c.Set.Title, t.lang), Facts: copyFacts(t, c), Links: links}
	if !c.Kept {
		p.NotKept = t.T("copy.not_kept")
	}
	for i := range c.Set.Questions {
		q := &c.Set.Questions[i]
		a, _ := c.Answer(q.ID)
		cq := copyQuestion{Heading: t.T("form.question_number", q.Number), Text: localIn(q.Text, t.lang)}
		if a.Choice != "" {
			cq.Choice = choiceLabel(q, a.Choice, t.lang)
		}
		if a.Text != "" {
			al := a.Language
			if al == "" {
				al = t.lang
			}
			cq.Answer = localText{Text: a.Text, Lang: al, Dir: lang.Dir(al)}
		}
		if a.Choice == "" && a.Text == "" {
			cq.None = t.T("copy.not_answered")
		}
		p.Questions = append(p.Questions, cq)
	}
	bw := bufio.NewWriter(w)
	if err := submissionTemplate.ExecuteTemplate(bw, "submission", p); err != nil {
		return err
	}
	return bw.Flush()
}

// choiceLabel is the label of a question's option in l; an option the
// question no longer has keeps its stored value.
func choiceLabel(q *store.Question, value, l string) localText {
	for _, ch := range q.Choices {
		if ch.Value == value {
			return localIn(ch.Label, l)
		}
	}
	return localText{Text: value, Lang: "en", Dir: "ltr"}
}

// copyFacts are the facts at the top of a copy, in t's language.
func copyFacts(t *texts, c *store.SubmissionCopy) []copyFact {
	facts := []copyFact{
		{Label: t.T("copy.receipt"), Value: c.Receipt, LTR: true},
		{Label: t.T("copy.submitted_at"), Value: t.dateTime(c.SubmittedAt, c.Consultation.Location())},
		{Label: t.T("copy.submitted_by"), Value: c.Contributor},
		{Label: t.T("copy.respondent"), Value: c.Respondent},
	}
	if c.Approved {
		facts[2].Label = t.T("copy.approved_by")
	}
	if c.Country != "" {
		facts = append(facts, copyFact{Label: t.T("copy.country"), Value: iso3166.Name(t.lang, c.Country)})
	}
	return append(facts, copyFact{Label: t.T("copy.attribution"), Value: t.T("attribution." + string(c.Attribution))})
}

// dateTime writes at in loc with the month named in t's language and the
// zone's abbreviation, as the pages do: "25 May 2012, 18:00 CEST".
func (t *texts) dateTime(at time.Time, loc *time.Location) string {
	at = at.In(loc)
	month := t.T(fmt.Sprintf("month.%d", int(at.Month())))
	return t.T("time.datetime", at.Day(), month, at.Year(), at.Format("15:04"), at.Format("MST"))
}

// WriteSubmissionDOCX writes the copy of a submission as a Word document
// in language l, with what the printable page holds. Right to left in
// Arabic; an answer keeps its paragraphs and line breaks.
func WriteSubmissionDOCX(w io.Writer, c *store.SubmissionCopy, l string) error {
	t := textsIn(l)
	d := &docx{zw: zip.NewWriter(w), t: t, src: &Source{Consultation: c.Consultation, Language: t.lang, Summary: &store.Summary{}},
		title: t.T("copy.title") + " — " + c.Receipt, foot: c.Consultation.Title.In(t.lang) + " — " + c.Receipt}
	d.rtl = lang.Dir(t.lang) == "rtl"
	f, err := d.zw.Create("word/document.xml")
	if err != nil {
		return err
	}
	d.w = bufio.NewWriterSize(f, 64<<10)
	d.begin()
	d.para("Subtitle", c.Consultation.Title.In(t.lang))
	d.para("Title", t.T("copy.title"))
	d.para("Subtitle", c.Set.Title.In(t.lang))
	d.para("Muted", t.T("copy.intro"))
	var rows [][]string
	for _, f := range copyFacts(t, c) {
		rows = append(rows, []string{f.Label, f.Value})
	}
	d.table([]string{t.T("copy.receipt"), c.Receipt}, rows[1:])
	if !c.Kept {
		d.para("Muted", t.T("copy.not_kept"))
	} else {
		d.copyAnswers(t, c)
	}
	d.end()
	if d.err != nil {
		return d.err
	}
	return d.close()
}

func (d *docx) copyAnswers(t *texts, c *store.SubmissionCopy) {
	for i := range c.Set.Questions {
		q := &c.Set.Questions[i]
		a, _ := c.Answer(q.ID)
		d.para("Heading2", t.T("form.question_number", q.Number))
		d.para("Strong", q.Text.In(t.lang))
		if a.Choice != "" {
			d.para("Strong", "☒ "+choiceLabel(q, a.Choice, t.lang).Text)
		}
		if strings.TrimSpace(a.Text) != "" {
			d.text("Normal", a.Text, a.Language)
		}
		if a.Choice == "" && a.Text == "" {
			d.para("Muted", t.T("copy.not_answered"))
		}
	}
}
