package export_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/store"
)

// TestNeutraliseHiddenFormulas: a spreadsheet skips leading spaces, line
// breaks and invisible characters before it reads a formula, and takes a
// fullwidth equals sign for an equals sign; such cells are quoted too.
func TestNeutraliseHiddenFormulas(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		" =1+1", "  +33", "\n=cmd", "\u00A0=1", "\u200B=1+2", "\u200D-2", "\u2060@x", "\uFEFF=cmd",
		"\uFF1D1+2", "\uFF0B1", "\uFF0D1", "\uFF20SUM(A1)", " \u200B \uFF1DHYPERLINK(\"x\")", "\u202E=1",
	} {
		if got := export.Neutralise(in); got != "'"+in {
			t.Errorf("Neutralise(%q) = %q, want it quoted", in, got)
		}
	}
	for _, in := range []string{" plain", "\u200Bword", "a =b", "\uFF21", "   "} {
		if got := export.Neutralise(in); got != in {
			t.Errorf("Neutralise(%q) = %q, want it unchanged", in, got)
		}
	}
}

// TestInternalCSVSaysConfidential: every row of the internal CSV carries
// its classification, so that rows copied elsewhere keep it; the public
// CSV's rows say public.
func TestInternalCSVSaysConfidential(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	for v, want := range map[export.Variant]string{export.Internal: "CONFIDENTIAL", export.Public: "public"} {
		recs := csvRecords(t, run(t, st, export.CSV, v))
		last := len(recs[0]) - 1
		if got := recs[0][last]; got != "classification" {
			t.Fatalf("%s CSV: last column = %q, want classification", v, got)
		}
		for _, rec := range recs[1:] {
			if !strings.HasPrefix(rec[last], want) {
				t.Errorf("%s CSV: row classification = %q, want %s", v, rec[last], want)
			}
		}
	}
}

func csvRecords(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	return recs
}

// TestBidiControlsOnlyInAnswers: an override in a name would show it as
// another name and turn the columns beside it around; names lose theirs,
// in the store and in every export, while answers keep what was typed.
func TestBidiControlsOnlyInAnswers(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	const spoofed, answer = "Evil\u202Ekrowten\u202C Org\u2066", "We said \u202Bthis\u202C as typed."
	submit(t, st, store.NewRespondent{Audience: "survivors", Name: spoofed, Country: "KH", Contributor: "Ana\u2067 Lee"},
		"named", "en", answer)
	// The store takes the controls out of names as they come in; a name
	// stored before it did keeps them, and the exports must still drop them.
	if _, err := st.Pool().Exec(t.Context(), `UPDATE respondents SET name = $1 WHERE name = 'Evilkrowten Org'`, spoofed); err != nil {
		t.Fatal(err)
	}
	var stored string
	if err := st.Pool().QueryRow(t.Context(), `SELECT c.name FROM contributors c WHERE c.name LIKE 'Ana%'`).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != "Ana Lee" {
		t.Errorf("contributor stored as %q, want %q", stored, "Ana Lee")
	}
	for _, f := range []export.Format{export.CSV, export.XLSX, export.JSON, export.HTML, export.DOCX} {
		s := text(t, f, run(t, st, f, export.Internal))
		if !strings.Contains(s, "Evilkrowten Org") {
			t.Errorf("%s: the name without its controls is missing", f)
		}
		if strings.Contains(s, "\u202E") || strings.Contains(s, "\u2066") || strings.Contains(s, "\u2067") {
			t.Errorf("%s: a name keeps a bidirectional control", f)
		}
		if f != export.HTML && !strings.Contains(s, answer) {
			t.Errorf("%s: the answer lost what was typed", f)
		}
	}
}
