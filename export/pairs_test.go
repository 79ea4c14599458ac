package export_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/store"
)

// anonKHText is the answer of an anonymous survivors' organisation of
// Cambodia, a country the fixture's named answers name.
const anonKHText = "ANON-KH-TEXT we were not asked"

// pairsFixture adds to the fixture an anonymous State (Tajikistan) and an
// anonymous survivors' organisation of Cambodia.
func pairsFixture(t *testing.T) *store.Store {
	t.Helper()
	st := fixture(t)
	anonymousState(t, st)
	submit(t, st, store.NewRespondent{Audience: "survivors", Name: "Quiet Cambodian Group", Country: "KH"}, "anonymous", "en", anonKHText)
	return st
}

// pairsSheet returns the rows of the "States and survivors" sheet, after
// its banner, title, note and header.
func pairsSheet(t *testing.T, b []byte) [][]string {
	t.Helper()
	for _, s := range sheets(t, b) {
		if s[0][0] == "States and survivors" {
			if got := s[4]; len(got) < 8 || got[0] != "Country" || got[2] != "State’s answer" || got[6] != "Survivors’ answer" {
				t.Fatalf("header = %q", got)
			}
			return s[5:]
		}
	}
	t.Fatal("no States and survivors sheet")
	return nil
}

// pairRows writes each row as country | States' question | State's answer
// | survivors' question | respondent | survivors' answer.
func pairRows(rows [][]string) []string {
	var out []string
	for _, r := range rows {
		r = append(r, make([]string, 8)...)
		out = append(out, strings.Join([]string{r[0], r[1][:strings.Index(r[1], ":")], r[2],
			r[4][:strings.Index(r[4], ":")], r[5], r[6]}, " | "))
	}
	return out
}

func TestPairsSheet(t *testing.T) {
	t.Parallel()
	st := pairsFixture(t)

	// Public: Cambodia's named State beside its named organisation, on
	// each pair; nothing anonymous, nothing confidential, no Tajikistan.
	pub := pairsSheet(t, run(t, st, export.XLSX, export.Public))
	want := []string{
		"Cambodia | States Parties Q1 | " + stateText + " | Survivors and their organisations Q1 | " + namedOrg + " | Partly\n" + namedText + " " + arabicWords,
		"Cambodia | States Parties Q4 | " + stateText + " | Survivors and their organisations Q3 | " + namedOrg + " | No difference\n" + namedText + " " + arabicWords,
	}
	if got := pairRows(pub); !slices.Equal(got, want) {
		t.Errorf("public rows =\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	all := fmt.Sprint(pub)
	for _, leak := range []string{anonKHText, anonText, anonStateText, secretText, secretOrg, "Tajikistan", "Quiet Cambodian Group"} {
		if strings.Contains(all, leak) {
			t.Errorf("public sheet holds %q", leak)
		}
	}

	// Internal: every answer, the anonymous State on rows of its own;
	// each answer not to be named says so.
	rows := pairsSheet(t, run(t, st, export.XLSX, export.Internal))
	internal := fmt.Sprint(rows)
	for _, want := range []string{anonKHText, secretText, secretOrg, "Quiet Cambodian Group", "Tajikistan", anonStateText, anonText, "Colombia"} {
		if !strings.Contains(internal, want) {
			t.Errorf("internal sheet lacks %q", want)
		}
	}
	notes := map[string]string{}
	for _, r := range rows {
		r = append(r, make([]string, 8)...)
		if r[0] == "Tajikistan" {
			notes["state"] = r[2]
		}
		if strings.Contains(r[5], secretOrg) {
			notes["secret"] = r[5]
		}
		if strings.Contains(r[5], namedOrg) {
			notes["named"] = r[5]
		}
	}
	if want := "(anonymous: quote without the name)\n" + anonStateText; notes["state"] != want {
		t.Errorf("internal: the anonymous State's answer = %q, want %q", notes["state"], want)
	}
	if want := "(confidential: for the Co-Chairs only)\n" + secretOrg; notes["secret"] != want {
		t.Errorf("internal: the confidential respondent = %q, want %q", notes["secret"], want)
	}
	if notes["named"] != namedOrg {
		t.Errorf("internal: the named respondent = %q, want %q", notes["named"], namedOrg)
	}
}

func TestPairsJSON(t *testing.T) {
	t.Parallel()
	st := pairsFixture(t)
	type answer struct {
		Respondent  string   `json:"respondent"`
		Attribution string   `json:"attribution"`
		Text        string   `json:"text"`
		Themes      []string `json:"themes"`
	}
	type pair struct {
		States    struct{ Number int } `json:"states_question"`
		Survivors struct{ Number int } `json:"survivors_question"`
		Country   string               `json:"country"`
		State     *answer              `json:"state"`
		Answers   []answer             `json:"survivors"`
	}
	read := func(v export.Variant) (string, []pair) {
		b := run(t, st, export.JSON, v)
		var doc struct {
			Pairs []pair `json:"pairs"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s JSON: %v", v, err)
		}
		i := strings.Index(string(b), `"pairs":`)
		if i < 0 {
			t.Fatalf("%s JSON has no pairs section", v)
		}
		return string(b[i:]), doc.Pairs
	}

	raw, pub := read(export.Public)
	var got []string
	for _, p := range pub {
		var who []string
		for _, a := range p.Answers {
			who = append(who, a.Respondent+"/"+a.Attribution)
		}
		state := "none"
		if p.State != nil {
			state = p.State.Respondent + "/" + p.State.Text
		}
		got = append(got, fmt.Sprintf("%d↔%d %s %s %v", p.States.Number, p.Survivors.Number, p.Country, state, who))
	}
	want := []string{
		"1↔1 KH Cambodia/" + stateText + " [" + namedOrg + "/named]",
		"4↔3 KH Cambodia/" + stateText + " [" + namedOrg + "/named]",
	}
	if !slices.Equal(got, want) {
		t.Errorf("public pairs =\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	for _, leak := range []string{anonKHText, anonStateText, secretText, "TJ", "Tajikistan", "anonymous", "confidential"} {
		if strings.Contains(raw, leak) {
			t.Errorf("public pairs hold %q", leak)
		}
	}

	raw, internal := read(export.Internal)
	countries := map[string]int{}
	for _, p := range internal {
		countries[p.Country] += len(p.Answers)
		if p.Country == "TJ" && (p.State == nil || p.State.Text != anonStateText || len(p.Answers) != 0) {
			t.Errorf("internal TJ pair = %+v, want the anonymous State alone", p)
		}
	}
	// Cambodia: the named, the confidential and the anonymous
	// organisations, on each of the two pairs; Colombia: one, twice.
	if countries["KH"] != 6 || countries["CO"] != 2 || countries["TJ"] != 0 {
		t.Errorf("internal survivors' answers by country = %v", countries)
	}
	if !strings.Contains(raw, anonKHText) || !strings.Contains(raw, secretText) {
		t.Errorf("internal pairs lack the anonymous or the confidential answer")
	}
}
