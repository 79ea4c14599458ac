package export_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/store"
)

// An anonymous State Party: one State per country, so its country, region
// or any stable id would name it.
const (
	anonStateName        = "Dushanbe Delegation Office"
	anonStateContributor = "Rustam Contributorov"
	anonStateText        = "ANON-STATE-TEXT we measure little"
)

// anonymousState adds to the fixture an anonymous answer from Tajikistan,
// the only respondent of its region, and returns its receipt.
func anonymousState(t *testing.T, st *store.Store) string {
	t.Helper()
	_, receipt := submit(t, st, store.NewRespondent{Audience: "states-parties", Name: anonStateName, Country: "TJ",
		Contributor: anonStateContributor}, "anonymous", "en", anonStateText)
	return receipt
}

// plain returns every byte a file holds, a workbook's unzipped.
func plain(t *testing.T, f export.Format, b []byte) string {
	t.Helper()
	if f != export.XLSX && f != export.DOCX {
		return string(b)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, part := range zr.File {
		rc, err := part.Open()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(&sb, rc)
		rc.Close()
	}
	return sb.String()
}

var isoTJ = regexp.MustCompile(`\bTJ\b`)

func TestAnonymousStateIsUnidentifiableInPublicExports(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	receipt := anonymousState(t, st)
	for _, f := range []export.Format{export.CSV, export.XLSX, export.JSON, export.HTML, export.DOCX} {
		t.Run(string(f), func(t *testing.T) {
			pub := plain(t, f, run(t, st, f, export.Public))
			if !strings.Contains(pub, anonStateText) {
				t.Fatalf("public %s lacks the anonymous State's answer", f)
			}
			for _, leak := range []string{"Tajikistan", "Caucasus", anonStateName, anonStateContributor, receipt} {
				if strings.Contains(pub, leak) {
					t.Errorf("public %s holds %q", f, leak)
				}
			}
			if isoTJ.MatchString(pub) {
				t.Errorf("public %s holds the country code TJ", f)
			}
			internal := plain(t, f, run(t, st, f, export.Internal))
			for _, want := range []string{"Tajikistan", "Caucasus", anonStateName} {
				if !strings.Contains(internal, want) {
					t.Errorf("internal %s lacks %q", f, want)
				}
			}
			if (f == export.CSV || f == export.JSON) && !isoTJ.MatchString(internal) {
				t.Errorf("internal %s lacks the country code", f)
			}
		})
	}
}

// anonRowCSV returns, by column name, the fields of the CSV row holding
// the anonymous State's answer to one question.
func anonRowCSV(t *testing.T, b []byte) map[string]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs[1:] {
		if rec[13] == anonStateText {
			out := map[string]string{}
			for i, h := range recs[0] {
				out[h] = rec[i]
			}
			return out
		}
	}
	t.Fatal("no CSV row holds the anonymous State's answer")
	return nil
}

func TestAnonymousRowsCarryOnlyTheirAudience(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	anonymousState(t, st)

	row := anonRowCSV(t, run(t, st, export.CSV, export.Public))
	if row["audience"] != "states-parties" || row["attribution"] != "anonymous" {
		t.Errorf("CSV row = %v, want its audience and attribution", row)
	}
	for _, col := range []string{"response", "respondent", "kind", "country", "country code", "region", "submitted at"} {
		if row[col] != "" {
			t.Errorf("public CSV: %s = %q, want nothing", col, row[col])
		}
	}
	if row := anonRowCSV(t, run(t, st, export.CSV, export.Internal)); row["response"] == "" || row["kind"] != "state" ||
		row["country code"] != "TJ" || row["respondent"] != anonStateName {
		t.Errorf("internal CSV row = %v, want the response, kind, country and name", row)
	}

	var doc struct {
		Answers []map[string]any `json:"answers"`
	}
	if err := json.Unmarshal(run(t, st, export.JSON, export.Public), &doc); err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, a := range doc.Answers {
		if a["text"] != anonStateText {
			continue
		}
		seen++
		if a["audience"] != "states-parties" {
			t.Errorf("JSON answer audience = %v", a["audience"])
		}
		for _, key := range []string{"response", "respondent", "kind", "country", "country_name", "region", "submitted_at"} {
			if v, ok := a[key]; ok && v != "" && v != nil {
				t.Errorf("public JSON: %s = %v, want nothing", key, v)
			}
		}
	}
	if seen != 4 {
		t.Errorf("public JSON holds %d answers of the anonymous State, want 4", seen)
	}

	for _, sheet := range sheets(t, run(t, st, export.XLSX, export.Public)) {
		for _, r := range sheet {
			if len(r) < 9 || r[8] != anonStateText {
				continue
			}
			// Response, Respondent, Attribution, Kind, Country, Region, …
			if r[0] != "" || r[3] != "" || r[4] != "" || r[5] != "" {
				t.Errorf("public XLSX row = %q, want no id, kind, country or region", r)
			}
			if r[1] != "A State Party (anonymous)" {
				t.Errorf("public XLSX respondent = %q, want only the audience", r[1])
			}
		}
	}
}
