package export_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// responseOf returns the response of the respondent named name.
func responseOf(t *testing.T, st *store.Store, name string) int64 {
	t.Helper()
	var id int64
	err := st.Pool().QueryRow(context.Background(), `SELECT rs.id FROM responses rs
		JOIN respondents r ON r.id = rs.respondent_id WHERE r.name = $1`, name).Scan(&id)
	if err != nil {
		t.Fatalf("response of %s: %v", name, err)
	}
	return id
}

// themesFixture is the fixture with an anonymous State Party, and one
// theme on answers of both audiences: a named and an anonymous State's,
// and a named, an anonymous and a confidential survivors' answer.
func themesFixture(t *testing.T) *store.Store {
	t.Helper()
	st := fixture(t)
	anonymousState(t, st)
	ctx := context.Background()
	c, err := st.FindConsultationBySlug(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	th, err := st.CreateTheme(ctx, "cli", c.ID, "Data collection")
	if err != nil {
		t.Fatal(err)
	}
	q := questionIDs(t, st)
	for _, tag := range []struct {
		who      string
		audience domain.Audience
	}{{"Cambodia", "states-parties"}, {anonStateName, "states-parties"}, {namedOrg, "survivors"}, {anonOrg, "survivors"}, {secretOrg, "survivors"}} {
		number := map[domain.Audience]int{"states-parties": 1, "survivors": 2}[tag.audience]
		if err := st.TagAnswer(ctx, "cli", responseOf(t, st, tag.who), q[tag.audience][number], th.ID); err != nil {
			t.Fatalf("tag %s: %v", tag.who, err)
		}
	}
	return st
}

// sheetNamed returns the rows of the workbook's sheet of that name.
func sheetNamed(t *testing.T, book [][][]string, name string) [][]string {
	t.Helper()
	for _, s := range book {
		if s[0][0] == name {
			return s[1:]
		}
	}
	t.Fatalf("no sheet %q", name)
	return nil
}

// The sheet "Themes" counts each theme's answers per audience and lists
// them, the States' beside the survivors'; the public one leaves out the
// confidential answer and all that would point to an anonymous one.
func TestXLSXThemesSheet(t *testing.T) {
	t.Parallel()
	st := themesFixture(t)
	tests := []struct {
		variant      export.Variant
		counts       string // Data collection: States, survivors, total
		holds, lacks []string
	}{
		{export.Public, "2|2|4", []string{stateText, anonStateText, anonText, "A State Party (anonymous)"},
			[]string{secretText, secretOrg, anonOrg, anonStateName, anonStateContributor, "Tajikistan"}},
		{export.Internal, "2|3|5", []string{secretText, secretOrg, anonOrg, anonStateName, "Tajikistan"}, nil},
	}
	for _, tt := range tests {
		rows := sheetNamed(t, sheets(t, run(t, st, export.XLSX, tt.variant)), "Themes")
		var counted bool
		var all strings.Builder
		for _, r := range rows {
			all.WriteString(strings.Join(r, "|") + "\n")
			if len(r) >= 4 && r[0] == "Data collection" {
				counted = true
				if got := strings.Join(r[1:4], "|"); got != tt.counts {
					t.Errorf("%s: Data collection counts = %s, want %s", tt.variant, got, tt.counts)
				}
			}
		}
		if !counted {
			t.Fatalf("%s: no counts for Data collection:\n%s", tt.variant, all.String())
		}
		for _, want := range append(tt.holds, "Answers tagged with “Data collection”", "States Parties Q1: 2") {
			if !strings.Contains(all.String(), want) {
				t.Errorf("%s Themes sheet lacks %q:\n%s", tt.variant, want, all.String())
			}
		}
		for _, leak := range tt.lacks {
			if strings.Contains(all.String(), leak) {
				t.Errorf("%s Themes sheet holds %q", tt.variant, leak)
			}
		}
		if isoTJ.MatchString(all.String()) && tt.variant == export.Public {
			t.Errorf("public Themes sheet holds the country code TJ")
		}
	}
}

// The sheet "Key points" has the Co-Chairs' key points beside each
// question; the CSV repeats them on each answer to the question.
func TestKeyPointsInXLSXAndCSV(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	rows := sheetNamed(t, sheets(t, run(t, st, export.XLSX, export.Public)), "Key points")
	var found bool
	for _, r := range rows {
		if len(r) == 3 && r[0] == "Survivors and their organisations Q2" && r[2] == keyPoints {
			found = true
		}
	}
	if !found {
		t.Errorf("Key points sheet = %q, want the key points of Survivors Q2", rows)
	}
	recs := csvRecords(t, run(t, st, export.CSV, export.Public))
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, rec := range recs[1:] {
		want := ""
		if rec[col["audience"]] == "survivors" && rec[col["question number"]] == "2" {
			want = keyPoints
		}
		if got := rec[col["key points"]]; got != want {
			t.Errorf("CSV key points of %s Q%s = %q, want %q", rec[col["audience"]], rec[col["question number"]], got, want)
		}
	}
}

// The JSON export's and the summary's "themes" count per audience, the
// public variant without the confidential answer and with the anonymous
// ones under no region.
func TestJSONThemesSection(t *testing.T) {
	t.Parallel()
	st := themesFixture(t)
	for _, tt := range []struct {
		variant                  export.Variant
		states, survivors, noReg int
	}{{export.Public, 2, 2, 2}, {export.Internal, 2, 3, 0}} {
		var doc struct {
			Themes []struct {
				Name       string `json:"name"`
				Answers    int    `json:"answers"`
				ByAudience []struct {
					Audience string `json:"audience"`
					Count    int    `json:"count"`
				} `json:"by_audience"`
				ByRegion []struct {
					Value string `json:"value"`
					Count int    `json:"count"`
				} `json:"by_region"`
			} `json:"themes"`
		}
		if err := json.Unmarshal(run(t, st, export.JSON, tt.variant), &doc); err != nil {
			t.Fatal(err)
		}
		var seen bool
		for _, th := range doc.Themes {
			if th.Name != "Data collection" {
				continue
			}
			seen = true
			if len(th.ByAudience) != 2 || th.ByAudience[0].Count != tt.states || th.ByAudience[1].Count != tt.survivors ||
				th.Answers != tt.states+tt.survivors {
				t.Errorf("%s: Data collection = %+v, want %d States' and %d survivors' answers", tt.variant, th, tt.states, tt.survivors)
			}
			noRegion := 0
			for _, r := range th.ByRegion {
				if r.Value == "" {
					noRegion = r.Count
				}
			}
			if noRegion != tt.noReg {
				t.Errorf("%s: answers under no region = %d, want %d", tt.variant, noRegion, tt.noReg)
			}
		}
		if !seen {
			t.Errorf("%s JSON has no theme Data collection: %+v", tt.variant, doc.Themes)
		}
	}
}

// The report sets, under each theme, what States said beside what
// survivors said, as the variant allows.
func TestReportThemesAcrossAudiences(t *testing.T) {
	t.Parallel()
	st := themesFixture(t)
	pub := string(run(t, st, export.HTML, export.Public))
	section := pub[strings.Index(pub, "Answers tagged with “Data collection”"):]
	for _, want := range []string{"Answers tagged with “Data collection”", "<h4>States Parties</h4>",
		"<h4>Survivors and their organisations</h4>", "ANON-STATE-TEXT", "ANON-TEXT", "A State Party (anonymous)"} {
		if !strings.Contains(section, want) {
			t.Errorf("public report's themes lack %q", want)
		}
	}
	if strings.Index(section, "<h4>States Parties</h4>") > strings.Index(section, "<h4>Survivors and their organisations</h4>") {
		t.Errorf("the survivors' answers come before the States'")
	}
	for _, leak := range []string{secretText, secretOrg, anonOrg, anonStateName, "Tajikistan"} {
		if strings.Contains(pub, leak) {
			t.Errorf("public report holds %q", leak)
		}
	}
	internal := string(run(t, st, export.HTML, export.Internal))
	if section := internal[strings.Index(internal, `id="themes-across"`):]; !strings.Contains(section, secretText) {
		t.Errorf("internal report's themes lack the confidential answer")
	}
}

// The Word report sets the themes' answers side by side too, as the
// variant allows.
func TestWordReportThemesAcrossAudiences(t *testing.T) {
	t.Parallel()
	st := themesFixture(t)
	pub := docxText(t, run(t, st, export.DOCX, export.Public))
	section := pub[strings.Index(pub, "Answers tagged with “Data collection”"):]
	for _, want := range []string{"ANON-STATE-TEXT", "ANON-TEXT", "A State Party (anonymous)", "States Parties", "Survivors and their organisations"} {
		if !strings.Contains(section, want) {
			t.Errorf("public Word report's themes lack %q", want)
		}
	}
	for _, leak := range []string{secretText, secretOrg, anonOrg, anonStateName, "Tajikistan"} {
		if strings.Contains(pub, leak) {
			t.Errorf("public Word report holds %q", leak)
		}
	}
	if internal := docxText(t, run(t, st, export.DOCX, export.Internal)); !strings.Contains(internal, secretText) {
		t.Errorf("internal Word report lacks the confidential answer")
	}
}
