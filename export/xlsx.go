package export

import (
	"io"
	"strings"

	"github.com/vaconsult/vaconsult/store"
)

// answerColumns are the columns of a question's sheet: the catalog key of
// each title, and its width.
var answerColumns = []struct {
	title string
	width xlsxCol
}{
	{"export.col.response", 10}, {"export.col.respondent", 28}, {"export.col.attribution", 13},
	{"export.col.kind", 13}, {"export.col.country", 18}, {"export.region", 24}, {"export.col.language", 9},
	{"export.col.choice", 20}, {"export.answer", 90}, {"export.col.themes", 24}, {"export.col.translations", 60},
	{"export.col.submitted", 18},
}

// WriteXLSX writes a workbook: an overview sheet (response rates, answers,
// choice and theme counts per question), then one sheet per question with
// its answers, wrapped in readable column widths, all in the source's
// language. It streams: each row goes into the zip stream as it arrives.
// Every text is a text cell, written as it is: never a formula, and with
// no quote added.
func WriteXLSX(w io.Writer, src *Source) error {
	t := src.texts()
	// &P and &N are Excel's codes for the page and the number of pages.
	x := newXLSXFile(w, pageHeader(t, src.Variant), t.T("export.page", "&P", "&N"))
	writeOverview(x, t, src)
	if err := writeQuestionSheets(x, t, src); err != nil {
		return err
	}
	keywords := "public"
	if src.Variant == Internal {
		keywords = "Confidential"
	}
	return x.close(src.Consultation.Title.In(t.lang), keywords)
}

// pageHeader is printed at the top of every page of every sheet.
func pageHeader(t *texts, v Variant) string {
	if v == Internal {
		return t.T("export.header.internal")
	}
	return t.T("export.header.public")
}

func str(s string) xcell           { return xcell{v: s} }
func bold(s string) xcell          { return xcell{v: s, style: styleBold} }
func wrap(s string) xcell          { return xcell{v: s, style: styleWrap} }
func num[T int | int64](n T) xcell { return xcell{v: n} }

// bannerRow is the first row of every sheet: in the internal variant, it
// says the sheet is confidential.
func bannerRow(x *xlsxFile, t *texts, src *Source) {
	x.add(xcell{v: t.banner(src.Variant), style: styleBanner})
}

func writeOverview(x *xlsxFile, t *texts, src *Source) {
	x.startSheet(sheetTitle(t.T("export.sheet.overview")), []xlsxCol{34, 60, 16, 12, 12}, 0)
	bannerRow(x, t, src)
	c := src.Consultation
	x.add(xcell{v: c.Title.In(t.lang), style: styleTitle})
	x.add(str(c.Meeting.In(t.lang)))
	x.add(str(t.T("export.generated.variant", src.GeneratedAt.UTC().Format("2006-01-02 15:04"), t.T("export.variant."+string(src.Variant)))))
	x.skip()
	writeRates(x, t, src)
	x.skip()
	x.add(bold(t.T("export.answers_per_question")))
	x.add(bold(t.T("export.col.question")), bold(t.T("export.col.text")), bold(t.T("export.answers")), bold(t.T("export.col.sheet")))
	for _, q := range src.Summary.Questions {
		x.add(str(t.questionLabel(&q)), wrap(q.Question.Text.In(t.lang)), num(q.Answers), str(sheetName(t, &q)))
	}
	x.skip()
	x.add(bold(t.T("export.choices")))
	x.add(bold(t.T("export.col.question")), bold(t.T("export.col.choice")), bold(t.T("export.count")), bold(t.T("export.share.percent")))
	for _, q := range src.Summary.Questions {
		for _, ch := range q.Choices {
			x.add(str(t.questionLabel(&q)), str(ch.Label.In(t.lang)), num(ch.Count), xcell{v: ch.Percent})
		}
	}
	x.skip()
	x.add(bold(t.T("export.themes")))
	x.add(bold(t.T("export.col.question")), bold(t.T("export.theme")), bold(t.T("export.answers")))
	for _, q := range src.Summary.Questions {
		for _, th := range q.Themes {
			x.add(str(t.questionLabel(&q)), str(th.Name), num(th.Count))
		}
	}
}

// writeRates writes the response rates: by audience, kind of respondent
// and region, or in the public variant by audience only (see
// store.ResponseRate).
func writeRates(x *xlsxFile, t *texts, src *Source) {
	x.add(bold(t.T("export.rates")))
	counts := []xcell{bold(t.T("export.invited")), bold(t.T("export.started")), bold(t.T("export.submitted"))}
	if src.Variant == Public {
		x.add(str(t.T("export.rates.public")))
		x.add(append([]xcell{bold(t.T("export.audience")), {}}, counts...)...)
	} else {
		x.add(append([]xcell{bold(t.T("export.audience")), bold(t.T("export.col.kind")), bold(t.T("export.region"))}, counts...)...)
	}
	for _, r := range src.Summary.Rates {
		if src.Variant == Public {
			x.add(str(t.audience(r.Audience)), xcell{}, num(r.Invited), num(r.Started), num(r.Submitted))
			continue
		}
		x.add(str(t.audience(r.Audience)), str(t.kinds(string(r.Kind))), str(t.region(r.Region, false)),
			num(r.Invited), num(r.Started), num(r.Submitted))
	}
}

// sheetName names a question's sheet: "States Parties Q2".
func sheetName(t *texts, q *store.QuestionSummary) string {
	return sheetTitle(t.T("export.question.short", t.or("export.sheet."+string(q.Audience), string(q.Audience)), q.Question.Number))
}

// sheetTitle fits a name to what Excel accepts of a sheet's: at most 31
// characters, none of []:*?/\, and no apostrophe at either end.
func sheetTitle(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '-'
		}
		return r
	}, s)
	s = strings.Trim(s, "'")
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}

// writeQuestionSheets writes one sheet per question as the answers arrive,
// question after question; a question no one answered gets its sheet too.
func writeQuestionSheets(x *xlsxFile, t *texts, src *Source) error {
	qs := src.Summary.Questions
	next, current := 0, int64(-1)
	advance := func(upTo int64) {
		for next < len(qs) {
			q := &qs[next]
			next++
			startQuestionSheet(x, t, src, q)
			if q.Question.ID == upTo {
				return
			}
		}
	}
	row := make([]xcell, len(answerColumns))
	err := src.each(func(r *store.ExportRow) error {
		if r.QuestionID != current {
			current = r.QuestionID
			advance(current)
		}
		row[0], row[11] = xcell{}, xcell{}
		if !r.Withheld() {
			row[0] = num(r.ResponseID)
			row[11] = xcell{v: r.SubmittedAt, style: styleDate}
		}
		row[1] = wrap(t.respondent(r))
		row[2] = str(t.attribution(r.Attribution))
		row[3] = str(t.kind(r.Kind))
		row[4] = str(t.country(r.Country, r.CountryName))
		row[5] = xcell{}
		if r.Region != "" {
			row[5] = str(t.region(r.Region, false))
		}
		row[6] = str(r.Language)
		row[7] = wrap(r.ChoiceLabel)
		row[8] = wrap(r.Text)
		row[9] = wrap(joinThemes(r.Themes))
		row[10] = wrap(t.translations(r.Translations))
		x.add(row...)
		return x.err
	})
	if err != nil {
		return err
	}
	advance(0)
	return x.err
}

func startQuestionSheet(x *xlsxFile, t *texts, src *Source, q *store.QuestionSummary) {
	cols := make([]xlsxCol, len(answerColumns))
	header := make([]xcell, len(answerColumns))
	for i, c := range answerColumns {
		cols[i], header[i] = c.width, bold(t.T(c.title))
	}
	x.startSheet(sheetName(t, q), cols, 3)
	bannerRow(x, t, src)
	x.add(xcell{v: t.T("export.count.of", t.questionLabel(q), q.Question.Text.In(t.lang)), style: styleTitle})
	x.add(header...)
}
