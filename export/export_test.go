package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

const slug = "va-impact-2012"

// Texts that let a test find each response's answers in a file.
const (
	namedText   = `=HYPERLINK("http://evil.example") He said "no",` + "\nthen left."
	anonText    = "ANON-TEXT: nadie nos preguntó"
	secretText  = "SECRET-TEXT-7f3a, for the Co-Chairs only"
	stateText   = "-STATE-TEXT: we count services"
	keyPoints   = "<script>alert(1)</script> Survivors are rarely asked."
	themeName   = "Access & <transport>"
	namedOrg    = "Named Network"
	anonOrg     = "Hidden Org"
	secretOrg   = "Secret Org"
	arabicWords = "نسأل الناجين"
)

// fixture is a consultation with a named, an anonymous and a confidential
// survivors' response, a State Party's response, a theme and key points.
func fixture(t *testing.T) *store.Store {
	t.Helper()
	st := dbtest.NewStore(t)
	ctx := context.Background()
	f, err := consultations.Default()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.LoadConsultation(ctx, f); err != nil {
		t.Fatal(err)
	}
	named, _ := submit(t, st, store.NewRespondent{Audience: "survivors", Name: namedOrg, Country: "KH"}, "named", "en", namedText+" "+arabicWords)
	submit(t, st, store.NewRespondent{Audience: "survivors", Name: anonOrg, Country: "CO"}, "anonymous", "es", anonText)
	submit(t, st, store.NewRespondent{Audience: "survivors", Name: secretOrg, Country: "KH"}, "confidential", "fr", secretText)
	submit(t, st, store.NewRespondent{Audience: "states-parties", Name: "Cambodia", Country: "KH"}, "named", "en", stateText)
	q2 := questionIDs(t, st)["survivors"][2]
	theme, err := st.CreateTheme(ctx, "cli", q2, themeName)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.TagAnswer(ctx, "cli", named.ResponseID, q2, theme.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.SetKeyPoints(ctx, "cli", q2, 0, keyPoints); err != nil {
		t.Fatal(err)
	}
	return st
}

// questionIDs returns the ids of the 2012 consultation's questions, by
// audience and number.
func questionIDs(t *testing.T, st *store.Store) map[domain.Audience]map[int]int64 {
	t.Helper()
	sum, err := st.Summary(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	sets := map[domain.Audience]map[int]int64{}
	for _, q := range sum.Questions {
		if sets[q.Audience] == nil {
			sets[q.Audience] = map[int]int64{}
		}
		sets[q.Audience][q.Question.Number] = q.Question.ID
	}
	return sets
}

// submit invites a respondent and submits an answer to every question of
// their audience, each with text (and a choice where one is needed). It
// returns the respondent and their receipt.
func submit(t *testing.T, st *store.Store, who store.NewRespondent, attribution domain.Attribution, lang, text string) (*store.Principal, string) {
	t.Helper()
	ctx := context.Background()
	who.Consultation = slug
	acc, err := st.Invite(ctx, who)
	if err != nil {
		t.Fatal(err)
	}
	p, err := st.Authenticate(ctx, acc.Token)
	if err != nil {
		t.Fatal(err)
	}
	var in []store.AnswerInput
	for n, id := range questionIDs(t, st)[who.Audience] {
		a := store.AnswerInput{QuestionID: id, Text: text}
		if who.Audience == "survivors" && n != 2 {
			a.Choice = map[int]string{1: "partly", 3: "no_difference"}[n]
		}
		in = append(in, a)
	}
	saved, err := st.SaveDraft(ctx, p, store.Draft{Version: 0, Answers: in})
	if err != nil {
		t.Fatal(err)
	}
	r, err := st.SubmitResponse(ctx, p, store.Submission{Version: saved.Version, Attribution: attribution, Language: lang})
	if err != nil {
		t.Fatal(err)
	}
	return p, r.Receipt
}

func run(t *testing.T, st *store.Store, f export.Format, v export.Variant) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := export.Run(context.Background(), st, "reviewer:1", slug, f, v, &buf); err != nil {
		t.Fatalf("export %s %s: %v", f, v, err)
	}
	return buf.Bytes()
}

// text returns what a file says: the bytes, or for a workbook the text of
// every cell of every sheet.
func text(t *testing.T, f export.Format, b []byte) string {
	t.Helper()
	if f == export.DOCX {
		return docxText(t, b)
	}
	if f != export.XLSX {
		return string(b)
	}
	var sb strings.Builder
	for _, sheet := range sheets(t, b) {
		for _, row := range sheet {
			sb.WriteString(strings.Join(row, "\t") + "\n")
		}
	}
	return sb.String()
}

// sheets reads a workbook back with excelize, sheet by sheet in order.
func sheets(t *testing.T, b []byte) [][][]string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("excelize cannot open the workbook: %v", err)
	}
	defer x.Close()
	var out [][][]string
	for _, name := range x.GetSheetList() {
		rows, err := x.GetRows(name)
		if err != nil {
			t.Fatalf("sheet %s: %v", name, err)
		}
		out = append(out, append([][]string{{name}}, rows...))
	}
	return out
}

func TestAttributionRules(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	for _, f := range []export.Format{export.CSV, export.XLSX, export.JSON, export.HTML, export.DOCX} {
		t.Run(string(f), func(t *testing.T) {
			pub := text(t, f, run(t, st, f, export.Public))
			for _, want := range []string{namedOrg, "ANON-TEXT", "STATE-TEXT", arabicWords} {
				if !strings.Contains(pub, want) {
					t.Errorf("public %s lacks %q", f, want)
				}
			}
			for _, leak := range []string{anonOrg, secretOrg, "SECRET-TEXT", "7f3a", "CONFIDENTIAL — internal"} {
				if strings.Contains(pub, leak) {
					t.Errorf("public %s holds %q", f, leak)
				}
			}
			internal := text(t, f, run(t, st, f, export.Internal))
			for _, want := range []string{namedOrg, anonOrg, secretOrg, "SECRET-TEXT-7f3a", "ANON-TEXT"} {
				if !strings.Contains(internal, want) {
					t.Errorf("internal %s lacks %q", f, want)
				}
			}
		})
	}
}

func TestInternalIsConfidentialOnEverySheetAndPage(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	book := sheets(t, run(t, st, export.XLSX, export.Internal))
	if got, want := len(book), 1+4+3; got != want {
		t.Fatalf("sheets = %d, want %d (an overview and one per question)", got, want)
	}
	if got := book[0][0][0]; got != "Overview" {
		t.Fatalf("first sheet = %q, want Overview", got)
	}
	for _, sheet := range book {
		if !strings.HasPrefix(sheet[1][0], "CONFIDENTIAL") {
			t.Errorf("sheet %s starts with %q, want CONFIDENTIAL", sheet[0][0], sheet[1][0])
		}
	}
	pub := sheets(t, run(t, st, export.XLSX, export.Public))
	for _, sheet := range pub {
		if strings.Contains(sheet[1][0], "CONFIDENTIAL") {
			t.Errorf("public sheet %s says CONFIDENTIAL", sheet[0][0])
		}
	}

	html := string(run(t, st, export.HTML, export.Internal))
	// The banner is fixed in print, so it repeats on every printed page;
	// every question's section says it too.
	if !strings.Contains(html, `class="mark internal"`) || !strings.Contains(html, "position: fixed") {
		t.Error("internal report lacks the confidential banner that prints on every page")
	}
	if got, want := strings.Count(html, `<p class="conf">Confidential</p>`), 7; got != want {
		t.Errorf("sections marked confidential = %d, want %d", got, want)
	}
	if !strings.Contains(string(run(t, st, export.JSON, export.Internal)), `"notice":"CONFIDENTIAL`) {
		t.Error("internal JSON lacks its confidential notice")
	}
}

func TestCSV(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	b := run(t, st, export.CSV, export.Internal)
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("CSV starts with % x, want a UTF-8 byte-order mark", b[:3])
	}
	if !bytes.Contains(b, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(b, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("CSV line ends are not all CRLF (RFC 4180)")
	}
	// RFC 4180: a field with a quote, a comma or a line break is quoted,
	// with its quotes doubled.
	if !bytes.Contains(b, []byte(`He said ""no"",`+"\r\nthen")) {
		t.Error(`CSV does not quote a field holding ", a comma and a line break`)
	}
	r := csv.NewReader(bytes.NewReader(b[3:]))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	// 3 survivors × 3 questions + 1 State × 4 questions, and the header.
	if got, want := len(recs), 1+9+4; got != want {
		t.Fatalf("records = %d, want %d", got, want)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	for _, want := range []string{"consultation", "audience", "respondent", "kind", "country", "region", "language",
		"question number", "question text", "choice", "answer", "themes", "submitted at"} {
		if _, ok := col[want]; !ok {
			t.Fatalf("no column %q in %v", want, recs[0])
		}
	}
	var sawNamed, sawState, sawTheme bool
	for _, rec := range recs[1:] {
		answer := rec[col["answer"]]
		switch {
		case strings.Contains(answer, "HYPERLINK"):
			sawNamed = true
			if !strings.HasPrefix(answer, "'=HYPERLINK") {
				t.Errorf("formula not neutralised: %q", answer[:20])
			}
			if !strings.Contains(answer, `"no",`+"\nthen") {
				t.Errorf("quotes, comma and line break not kept: %q", answer)
			}
		case strings.Contains(answer, "STATE-TEXT"):
			sawState = true
			if !strings.HasPrefix(answer, "'-") {
				t.Errorf("leading minus not neutralised: %q", answer)
			}
		}
		if rec[col["themes"]] == themeName {
			sawTheme = true
		}
	}
	if !sawNamed || !sawState || !sawTheme {
		t.Errorf("named %v, state %v, theme %v: want all", sawNamed, sawState, sawTheme)
	}
}

func TestNeutralise(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+33 1": "'+33 1", "-x": "'-x", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "\rx": "'\rx",
		"": "", "plain": "plain", "a=b": "a=b", "'quoted": "'quoted",
	} {
		if got := export.Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestXLSXCellsAndCounts(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	book := sheets(t, run(t, st, export.XLSX, export.Public))
	var names []string
	for _, s := range book {
		names = append(names, s[0][0])
	}
	if got, want := strings.Join(names, ","), "Overview,States Parties Q1,States Parties Q2,States Parties Q3,States Parties Q4,Survivors Q1,Survivors Q2,Survivors Q3"; got != want {
		t.Fatalf("sheets = %s, want %s", got, want)
	}
	q2 := book[6] // Survivors Q2: name row, banner, title, header, answers
	if got, want := q2[3][1], "Respondent"; got != want {
		t.Fatalf("header = %v", q2[3])
	}
	if got, want := len(q2)-4, 2; got != want {
		t.Fatalf("answers on Survivors Q2 = %d, want %d (the confidential one left out)", got, want)
	}
	if got := q2[4][1]; got != namedOrg {
		t.Errorf("first respondent = %q, want %q", got, namedOrg)
	}
	// Its kind is withheld too: only the audience is left.
	if got := q2[5][1]; got != "A survivor or an organisation (anonymous)" {
		t.Errorf("anonymous respondent shown as %q", got)
	}
	if got := q2[4][9]; got != themeName {
		t.Errorf("themes = %q, want %q", got, themeName)
	}
	overview := text(t, export.XLSX, run(t, st, export.XLSX, export.Public))
	for _, want := range []string{"Response rates", "Partly", "No difference", themeName} {
		if !strings.Contains(overview, want) {
			t.Errorf("workbook lacks %q", want)
		}
	}
}

func TestJSON(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	var doc struct {
		Variant   string `json:"variant"`
		Questions []struct {
			Number    int    `json:"number"`
			Audience  string `json:"audience"`
			Answers   int    `json:"answers"`
			KeyPoints string `json:"key_points"`
			Choices   []struct {
				Value   string  `json:"value"`
				Count   int     `json:"count"`
				Percent float64 `json:"percent"`
			} `json:"choices"`
			Themes []struct {
				Value string `json:"value"`
				Count int    `json:"count"`
			} `json:"themes"`
		} `json:"questions"`
		Answers []struct {
			Respondent string   `json:"respondent"`
			Text       string   `json:"text"`
			Themes     []string `json:"themes"`
		} `json:"answers"`
	}
	if err := json.Unmarshal(run(t, st, export.JSON, export.Public), &doc); err != nil {
		t.Fatalf("JSON does not parse: %v", err)
	}
	if got, want := len(doc.Questions), 7; got != want {
		t.Fatalf("questions = %d, want %d", got, want)
	}
	if got, want := len(doc.Answers), 2*3+4; got != want {
		t.Fatalf("answers = %d, want %d", got, want)
	}
	q := doc.Questions[4] // Survivors Q1
	if q.Audience != "survivors" || q.Number != 1 || q.Answers != 2 {
		t.Fatalf("survivors Q1 = %+v, want 2 answers", q)
	}
	if got := q.Choices[1]; got.Value != "partly" || got.Count != 2 || got.Percent != 100 {
		t.Errorf("partly = %+v, want 2 at 100%%", got)
	}
	if q2 := doc.Questions[5]; q2.KeyPoints != keyPoints || len(q2.Themes) != 1 || q2.Themes[0].Count != 1 {
		t.Errorf("survivors Q2 key points and themes = %+v", q2)
	}
}

func TestHTMLEscapesAndHasNoScript(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	for _, v := range []export.Variant{export.Public, export.Internal} {
		html := string(run(t, st, export.HTML, v))
		if strings.Contains(strings.ToLower(html), "<script") {
			t.Errorf("%s report holds a script", v)
		}
		if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s report does not escape the key points", v)
		}
		if !strings.Contains(html, "Access &amp; &lt;transport&gt;") {
			t.Errorf("%s report does not escape the theme", v)
		}
		for _, external := range []string{"http://", "https://", "src=", "@import", "url("} {
			if strings.Contains(strings.ReplaceAll(html, "http://evil.example", ""), external) {
				t.Errorf("%s report refers to something outside the file: %q", v, external)
			}
		}
		if !strings.Contains(html, "@media print") {
			t.Errorf("%s report has no print stylesheet", v)
		}
	}
}

// The report is a document of its own, read on screen and printed: a
// title, its landmarks (one header, one main, one footer, every part of
// it inside them) and a stylesheet for each medium, in the file itself.
func TestHTMLHasLandmarksAndStyles(t *testing.T) {
	t.Parallel()
	st := fixture(t)
	for _, v := range []export.Variant{export.Public, export.Internal} {
		html := string(run(t, st, export.HTML, v))
		for _, want := range []string{"<main>", "</main>", "@media screen", "@media print", "<style>"} {
			if strings.Count(html, want) != 1 {
				t.Errorf("%s report holds %q %d times, want once", v, want, strings.Count(html, want))
			}
		}
		title := html[strings.Index(html, "<title>")+len("<title>") : strings.Index(html, "</title>")]
		if strings.TrimSpace(title) == "" {
			t.Errorf("%s report has an empty title", v)
		}
		body := html[strings.Index(html, "<body"):]
		body = body[strings.Index(body, ">")+1 : strings.Index(body, "</body>")]
		header, main, footer := strings.Index(body, "<header>"), strings.Index(body, "<main>"), strings.LastIndex(body, "<footer")
		if strings.TrimSpace(body[:header]) != "" || header > main || main > footer ||
			strings.TrimSpace(body[strings.Index(body, "</header>")+len("</header>"):main]) != "" ||
			strings.TrimSpace(body[strings.Index(body, "</main>")+len("</main>"):footer]) != "" {
			t.Errorf("%s report: something stands outside its header, main and footer:\n%s", v, body[:min(len(body), 600)])
		}
	}
}

func TestUnknownConsultationWritesNothing(t *testing.T) {
	t.Parallel()
	st := dbtest.NewStore(t)
	var buf bytes.Buffer
	err := export.Run(context.Background(), st, "cli", "no-such", export.CSV, export.Public, &buf)
	if store.KindOf(err) != store.KindNotFound || buf.Len() != 0 {
		t.Fatalf("err = %v, %d bytes written; want not found and nothing", err, buf.Len())
	}
}

func TestParse(t *testing.T) {
	t.Parallel()
	if _, err := export.ParseFormat("pdf"); store.KindOf(err) != store.KindValidation {
		t.Errorf("ParseFormat(pdf) = %v, want a validation error", err)
	}
	if _, err := export.ParseVariant("secret"); store.KindOf(err) != store.KindValidation {
		t.Errorf("ParseVariant(secret) = %v, want a validation error", err)
	}
	if got, want := export.Filename(slug, export.Public, export.CSV, mustDay(t)), "va-impact-2012-public-2026-11-28.csv"; got != want {
		t.Errorf("Filename = %q, want %q", got, want)
	}
}

func mustDay(t *testing.T) time.Time {
	t.Helper()
	d, err := time.Parse("2006-01-02", "2026-11-28")
	if err != nil {
		t.Fatal(err)
	}
	return d
}
