package export

import (
	"fmt"
	"io"

	"github.com/vaconsult/vaconsult/store"
)

// overviewSheet is the first sheet of a workbook.
const overviewSheet = "Overview"

// answerColumns are the columns of a question's sheet.
var answerColumns = []struct {
	title string
	width xlsxCol
}{
	{"Response", 10}, {"Respondent", 28}, {"Attribution", 13}, {"Kind", 13}, {"Country", 18},
	{"Region", 24}, {"Language", 9}, {"Choice", 20}, {"Answer", 90}, {"Themes", 24}, {"Submitted at (UTC)", 18},
}

// WriteXLSX writes a workbook: an overview sheet (response rates, answers,
// choice and theme counts per question), then one sheet per question with
// its answers, wrapped in readable column widths. It streams: each row goes
// into the zip stream as it arrives.
func WriteXLSX(w io.Writer, src *Source) error {
	x := newXLSXFile(w, pageHeader(src))
	writeOverview(x, src)
	if err := writeQuestionSheets(x, src); err != nil {
		return err
	}
	keywords := "public"
	if src.Variant == Internal {
		keywords = "Confidential"
	}
	return x.close(src.Consultation.Title.In("en"), keywords)
}

// pageHeader is printed at the top of every page of every sheet.
func pageHeader(src *Source) string {
	if src.Variant == Internal {
		return "CONFIDENTIAL — internal export for the Co-Chairs"
	}
	return "Public export"
}

func str(s string) xcell           { return xcell{v: s} }
func bold(s string) xcell          { return xcell{v: s, style: styleBold} }
func wrap(s string) xcell          { return xcell{v: s, style: styleWrap} }
func num[T int | int64](n T) xcell { return xcell{v: n} }

// bannerRow is the first row of every sheet: in the internal variant, it
// says the sheet is confidential.
func bannerRow(x *xlsxFile, src *Source) {
	x.add(xcell{v: src.banner(), style: styleBanner})
}

func writeOverview(x *xlsxFile, src *Source) {
	x.startSheet(overviewSheet, []xlsxCol{34, 60, 16, 12, 12}, 0)
	bannerRow(x, src)
	c := src.Consultation
	x.add(xcell{v: c.Title.In("en"), style: styleTitle})
	x.add(str(c.Meeting.In("en")))
	x.add(str(fmt.Sprintf("Generated %s UTC, %s variant", src.GeneratedAt.UTC().Format("2006-01-02 15:04"), src.Variant)))
	x.skip()
	x.add(bold("Response rates"))
	x.add(bold("Audience"), bold("Region"), bold("Invited or registered"), bold("Started"), bold("Submitted"))
	for _, r := range src.Summary.Rates {
		x.add(str(audienceName(r.Audience)), str(regionName(r.Region)), num(r.Invited), num(r.Started), num(r.Submitted))
	}
	x.skip()
	x.add(bold("Answers per question"))
	x.add(bold("Question"), bold("Text"), bold("Answers"), bold("Sheet"))
	for _, q := range src.Summary.Questions {
		x.add(str(questionLabel(&q)), wrap(q.Question.Text.In("en")), num(q.Answers), str(sheetName(&q)))
	}
	x.skip()
	x.add(bold("Choices"))
	x.add(bold("Question"), bold("Choice"), bold("Count"), bold("Share (%)"))
	for _, q := range src.Summary.Questions {
		for _, ch := range q.Choices {
			x.add(str(questionLabel(&q)), str(ch.Label.In("en")), num(ch.Count), xcell{v: ch.Percent})
		}
	}
	x.skip()
	x.add(bold("Themes"))
	x.add(bold("Question"), bold("Theme"), bold("Answers"))
	for _, q := range src.Summary.Questions {
		for _, t := range q.Themes {
			x.add(str(questionLabel(&q)), str(t.Name), num(t.Count))
		}
	}
}

// questionLabel names a question in the overview: "States Parties Q2".
func questionLabel(q *store.QuestionSummary) string {
	return fmt.Sprintf("%s Q%d", audienceName(q.Audience), q.Question.Number)
}

// sheetName names a question's sheet: at most 31 characters, as Excel
// wants, and none of []:*?/\.
func sheetName(q *store.QuestionSummary) string {
	prefix := map[string]string{"states-parties": "States Parties", "survivors": "Survivors"}[q.Audience]
	if prefix == "" {
		prefix = q.Audience
		if len(prefix) > 20 {
			prefix = prefix[:20]
		}
	}
	return fmt.Sprintf("%s Q%d", prefix, q.Question.Number)
}

// writeQuestionSheets writes one sheet per question as the answers arrive,
// question after question; a question no one answered gets its sheet too.
func writeQuestionSheets(x *xlsxFile, src *Source) error {
	qs := src.Summary.Questions
	next, current := 0, int64(-1)
	advance := func(upTo int64) {
		for next < len(qs) {
			q := &qs[next]
			next++
			startQuestionSheet(x, src, q)
			if q.Question.ID == upTo {
				return
			}
		}
	}
	row := make([]xcell, len(answerColumns))
	err := src.Rows(func(r *store.ExportRow) error {
		if r.QuestionID != current {
			current = r.QuestionID
			advance(current)
		}
		row[0] = num(r.ResponseID)
		row[1] = wrap(respondentLabel(r))
		row[2] = str(r.Attribution)
		row[3] = str(r.Kind)
		row[4] = str(r.CountryName)
		row[5] = str(r.Region)
		row[6] = str(r.Language)
		row[7] = wrap(r.ChoiceLabel)
		row[8] = wrap(r.Text)
		row[9] = wrap(joinThemes(r.Themes))
		row[10] = xcell{v: r.SubmittedAt, style: styleDate}
		x.add(row...)
		return x.err
	})
	if err != nil {
		return err
	}
	advance(0)
	return x.err
}

func startQuestionSheet(x *xlsxFile, src *Source, q *store.QuestionSummary) {
	cols := make([]xlsxCol, len(answerColumns))
	header := make([]xcell, len(answerColumns))
	for i, c := range answerColumns {
		cols[i], header[i] = c.width, bold(c.title)
	}
	x.startSheet(sheetName(q), cols, 3)
	bannerRow(x, src)
	x.add(xcell{v: questionLabel(q) + ": " + q.Question.Text.In("en"), style: styleTitle})
	x.add(header...)
}
