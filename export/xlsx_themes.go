package export

import (
	"fmt"
	"strings"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// writeThemesSheet writes the sheet "Themes": each theme of the
// consultation with its answers counted per audience, question and region,
// then under each theme the answers tagged with it, the States Parties'
// before the survivors', so that what each said reads side by side. The
// answers carry what the variant may tell of who gave them, as on the
// questions' sheets.
func writeThemesSheet(x *xlsxFile, t *texts, src *Source) error {
	x.startSheet(sheetTitle(t.T("export.sheet.themes")), []xlsxCol{30, 18, 18, 10, 40, 40, 90}, 0)
	bannerRow(x, t, src)
	x.add(xcell{v: t.T("export.themes.across"), style: styleTitle})
	themes := src.Summary.Themes
	if len(themes) == 0 {
		x.add(str(t.T("export.themes.none")))
		return x.err
	}
	x.add(bold(t.T("export.theme")), bold(t.audience(domain.AudienceStatesParties)), bold(t.audience(domain.AudienceSurvivors)),
		bold(t.T("export.col.total")), bold(t.T("export.col.by_question")), bold(t.T("export.by_region")))
	for i := range themes {
		th := &themes[i]
		x.add(str(th.Theme.Name), num(th.States()), num(th.Survivors()), num(th.Theme.Count),
			wrap(t.byQuestion(th)), wrap(t.byRegion(th, src.Variant == Public)))
	}
	for i := range themes {
		th := &themes[i]
		if th.Theme.Count == 0 {
			continue
		}
		x.skip()
		x.add(bold(t.T("export.themes.tagged", th.Theme.Name)))
		x.add(bold(t.T("export.audience")), bold(t.T("export.col.question")), bold(t.T("export.col.respondent")),
			bold(t.T("export.col.attribution")), bold(t.T("export.col.country")), bold(t.T("export.region")), bold(t.T("export.answer")))
		err := src.eachTagged(th, func(r *store.ExportRow) error {
			region := xcell{}
			if r.Region != "" {
				region = str(t.region(r.Region, false))
			}
			x.add(str(t.audience(r.Audience)), str(t.T("export.question.short", t.audience(r.Audience), r.QuestionNumber)),
				wrap(t.respondent(r)), str(t.attribution(r.Attribution)), str(t.country(r.Country, r.CountryName)), region,
				wrap(r.Text))
			return x.err
		})
		if err != nil {
			return err
		}
	}
	return x.err
}

// writeKeyPointsSheet writes the sheet "Key points": the Co-Chairs' key
// points for each question, beside its text.
func writeKeyPointsSheet(x *xlsxFile, t *texts, src *Source) {
	x.startSheet(sheetTitle(t.T("export.sheet.key_points")), []xlsxCol{24, 60, 90}, 0)
	bannerRow(x, t, src)
	x.add(xcell{v: t.T("export.keypoints"), style: styleTitle})
	x.add(bold(t.T("export.col.question")), bold(t.T("export.col.text")), bold(t.T("export.keypoints")))
	for _, q := range src.Summary.Questions {
		kp := q.KeyPoints
		if kp == "" {
			kp = t.T("export.keypoints.none")
		}
		x.add(str(t.questionLabel(&q)), wrap(q.Question.Text.In(t.lang)), wrap(kp))
	}
}

// byQuestion writes a theme's counts per question in one cell:
// "States Parties Q1: 2; Survivors and their organisations Q2: 1".
func (t *texts) byQuestion(th *store.ThemeSummary) string {
	var parts []string
	for _, q := range th.ByQuestion {
		parts = append(parts, fmt.Sprintf("%s: %d", t.T("export.question.short", t.audience(q.Audience), q.Number), q.Count))
	}
	return strings.Join(parts, "; ")
}

// byRegion writes a theme's counts per region in one cell; in the public
// variant, the anonymous answers' count under "not given".
func (t *texts) byRegion(th *store.ThemeSummary, public bool) string {
	var parts []string
	for _, r := range th.ByRegion {
		parts = append(parts, fmt.Sprintf("%s: %d", t.region(r.Key, public), r.Count))
	}
	return strings.Join(parts, "; ")
}
