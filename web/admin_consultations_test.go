package web_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vaconsult/vaconsult/store"
)

const followUp = "va-follow-up-2026"

// followUpWorkbook is the XLSForm of a 2026 follow-up consultation in
// English, French and Spanish.
func followUpWorkbook(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "xlsform", "testdata", followUp+".xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// uploadConsultation posts a consultation file as the list page's form
// does.
func (b *browser) uploadConsultation(from page, filename string, data []byte) page {
	b.e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	w.WriteField("csrf", hidden(b.e.t, from, "csrf"))
	fw, err := w.CreateFormFile("file", filename)
	if err != nil {
		b.e.t.Fatal(err)
	}
	fw.Write(data)
	w.Close()
	return b.doBody("POST", "/admin/consultations/upload", body.String(), "Content-Type", w.FormDataContentType(), "Accept-Language", b.lang)
}

// follow gets where a redirect points.
func (b *browser) follow(p page) page {
	b.e.t.Helper()
	if p.Status != http.StatusSeeOther {
		b.e.t.Fatalf("status = %d, want a redirect; body:\n%s", p.Status, p.Body)
	}
	return b.get(p.Header.Get("Location"))
}

// An administrator uploads a workbook with problems and reads them row by
// row, with nothing created; then the 2026 follow-up, which becomes a
// draft that only reviewers see, previews it in French without creating a
// respondent, opens it, extends and closes it, each in the audit log.
func TestAdminConsultationFromXLSForm(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	b := e.reviewer("admin")
	list := b.get("/admin/consultations")
	wantStatus(t, list, http.StatusOK)
	wantContains(t, list, e.c.Slug, `action="/admin/consultations/upload"`, `action="/admin/consultations/copy"`)

	bad := badWorkbook(t)
	got := b.uploadConsultation(list, "bad.xlsx", bad)
	wantStatus(t, got, http.StatusUnprocessableEntity)
	wantContains(t, got, "error-summary", "survey sheet, row 3:", "integer", "label::French (fr) is empty")
	if n := count(t, e, `SELECT count(*) FROM consultations`); n != 1 {
		t.Fatalf("%d consultations after a refused upload, want 1", n)
	}

	created := b.uploadConsultation(list, followUp+".xlsx", followUpWorkbook(t))
	wantRedirect(t, created, "/admin/c/"+followUp+"?created=1")
	overview := b.get("/admin/c/" + followUp)
	wantContains(t, overview, `id="status">Draft`, "/preview/survivors?lang=fr", `id="set-open"`)

	anon := e.browser("en")
	wantStatus(t, anon.get("/c/"+followUp), http.StatusNotFound)
	wantStatus(t, anon.get("/c/"+followUp+"/register"), http.StatusNotFound)
	if home := anon.get("/"); strings.Contains(home.Body, followUp) {
		t.Fatal("the home page lists the draft")
	}
	wantStatus(t, anon.get("/api/v1/consultations/"+followUp), http.StatusNotFound)

	preview := b.follow(b.get("/admin/c/" + followUp + "/preview/survivors?lang=fr"))
	wantStatus(t, preview, http.StatusOK)
	wantContains(t, preview, "Votre vie quotidienne s’est-elle améliorée depuis 2012 ?", "Moins bien",
		"Délégation d’exemple", `value="continue" class="button" disabled`)
	if n := count(t, e, `SELECT count(*) FROM respondents`); n != 0 {
		t.Fatalf("%d respondents after a preview, want 0", n)
	}
	b.lang = "en"
	b.get("/admin/consultations?lang=en")

	overview = b.get("/admin/c/" + followUp)
	opened := b.post("/admin/c/"+followUp+"/status", overview, url.Values{"status": {"open"}})
	wantRedirect(t, opened, "/admin/c/"+followUp+"?status=changed")
	wantStatus(t, anon.get("/c/"+followUp), http.StatusOK)

	overview = b.get("/admin/c/" + followUp)
	past := b.post("/admin/c/"+followUp+"/closing", overview, url.Values{"closes_at": {"2020-01-01T12:00"}})
	wantStatus(t, past, http.StatusUnprocessableEntity)
	wantContains(t, past, "error-summary", "#closes_at", `value="2020-01-01T12:00"`)
	later := time.Now().Add(30 * 24 * time.Hour).In(time.UTC).Format("2006-01-02T15:04")
	wantRedirect(t, b.post("/admin/c/"+followUp+"/closing", overview, url.Values{"closes_at": {later}}),
		"/admin/c/"+followUp+"?status=changed")
	wantRedirect(t, b.post("/admin/c/"+followUp+"/status", overview, url.Values{"status": {"closed"}}),
		"/admin/c/"+followUp+"?status=changed")
	c, err := e.st.FindConsultationBySlug(ctx, followUp)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Status(time.Now()); got != store.StatusClosed {
		t.Fatalf("status = %q, want closed", got)
	}
	if n := count(t, e, `SELECT count(*) FROM audit_log WHERE action IN ('consultation.status', 'consultation.closing')
		AND actor LIKE 'reviewer:%'`); n != 3 {
		t.Errorf("%d status and closing changes in the audit log, want 3", n)
	}

	// The form comes back out as XLSForm.
	x := b.get("/admin/c/" + followUp + "/form.xlsx")
	wantStatus(t, x, http.StatusOK)
	if !strings.HasPrefix(x.Body, "PK") {
		t.Fatal("form.xlsx is not a workbook")
	}
}

// badWorkbook has a question of an unknown type and a missing French
// label.
func badWorkbook(t *testing.T) []byte {
	t.Helper()
	wb := excelize.NewFile()
	defer wb.Close()
	sheets := map[string][][]string{
		"survey": {
			{"type", "name", "label", "label::French (fr)"},
			{"begin_group", "survivors", "Survivors", "Survivants"},
			{"integer", "age", "How old are you?", "Quel âge avez-vous ?"},
			{"text", "why", "Why?", ""},
			{"end_group", "", "", ""},
		},
		"settings": {{"form_id", "form_title"}, {"bad-form", "Bad"}},
	}
	for name, rows := range sheets {
		wb.NewSheet(name)
		for i, row := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			r := make([]any, len(row))
			for j, v := range row {
				r[j] = v
			}
			wb.SetSheetRow(name, cell, &r)
		}
	}
	var buf bytes.Buffer
	if _, err := wb.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func count(t *testing.T, e *env, sql string) int {
	t.Helper()
	var n int
	if err := e.st.Pool().QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var textInputRE = regexp.MustCompile(`<input type="text" id="[^"]*" name="([^"]+)" value="([^"]*)"`)

// textsForm returns what the texts page's form sends as it stands.
func textsForm(p page) url.Values {
	v := formValues(p)
	for _, m := range textInputRE.FindAllStringSubmatch(p.Body, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	return v
}

// Texts are edited one language at a time beside the English; the wording
// of a question with submitted answers is locked, as load locks it, while
// its hint may change; an empty English title is refused and changes
// nothing.
func TestAdminTexts(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	e.submit("survivors", "KH", "Cambodian Survivors Network", "named", "Text.")
	b := e.reviewer("admin")
	base := "/admin/c/" + e.c.Slug + "/texts/"

	fr := b.get(base + "fr")
	wantStatus(t, fr, http.StatusOK)
	wantContains(t, fr, "Assistance aux victimes", "readonly", "In English:")
	form := textsForm(fr)
	// Survivors are the second set; their first question is answered.
	form.Set("s1.q0.hint", "Choisissez, puis expliquez.")
	form.Set("s1.q0.text", "Une autre formulation ?")
	form.Set("s0.q0.text", "Quels outils employez-vous ?")
	wantRedirect(t, b.post(base+"fr", fr, form), "/admin/c/"+e.c.Slug+"?saved=1")
	c, err := e.st.FindConsultationBySlug(ctx, e.c.Slug)
	if err != nil {
		t.Fatal(err)
	}
	sv, _ := c.QuestionSet("survivors")
	sp, _ := c.QuestionSet("states-parties")
	if got := sv.Questions[0].Hint["fr"]; got != "Choisissez, puis expliquez." {
		t.Errorf("French hint = %q, want the new one", got)
	}
	if got := sv.Questions[0].Text["fr"]; got == "Une autre formulation ?" {
		t.Error("the wording of an answered question changed")
	}
	if got := sp.Questions[0].Text["fr"]; got != "Quels outils employez-vous ?" {
		t.Errorf("unanswered question's French text = %q, want the new one", got)
	}
	if n := count(t, e, `SELECT count(*) FROM audit_log WHERE action = 'consultation.update' AND actor LIKE 'reviewer:%'`); n != 1 {
		t.Errorf("%d edits in the audit log, want 1", n)
	}

	en := b.get(base + "en")
	form = textsForm(en)
	form.Set("title", "")
	refused := b.post(base+"en", en, form)
	wantStatus(t, refused, http.StatusUnprocessableEntity)
	wantContains(t, refused, "error-summary", `href="#title"`)
	if again, _ := e.st.FindConsultationBySlug(ctx, e.c.Slug); again.Title["en"] != e.c.Title["en"] {
		t.Errorf("title = %q after a refused save", again.Title["en"])
	}
	wantStatus(t, b.get(base+"de"), http.StatusNotFound)
}

// A consultation is copied for the next cycle as a draft, with its
// questions and translations and without answers or dates.
func TestAdminCopyConsultation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.submit("survivors", "KH", "Cambodian Survivors Network", "named", "Text.")
	b := e.reviewer("admin")
	list := b.get("/admin/consultations")
	wantRedirect(t, b.post("/admin/consultations/copy", list, url.Values{"from": {e.c.Slug}, "slug": {"va-impact-2027"}}),
		"/admin/c/va-impact-2027?created=1")
	c, err := e.st.FindConsultationBySlug(context.Background(), "va-impact-2027")
	if err != nil {
		t.Fatal(err)
	}
	if !c.IsDraft() || c.OpensAt != nil || c.ClosesAt != nil || len(c.QuestionSets) != 2 ||
		c.QuestionSets[1].Questions[0].Text["ar"] != e.c.QuestionSets[1].Questions[0].Text["ar"] {
		t.Errorf("copy = %+v", c)
	}
	// The copy keeps the pairs of questions, which its page lists.
	if got := c.QuestionPairs(); len(got) != 2 || got[0].States.Number != 1 || got[0].Survivors.Number != 1 ||
		got[1].States.Number != 4 || got[1].Survivors.Number != 3 {
		t.Errorf("copy's pairs = %+v, want States 1 with survivors 1, States 4 with survivors 3", got)
	}
	wantContains(t, b.get("/admin/c/va-impact-2027"), "Survivors’ question 1 answers back to States Parties’ question 1",
		"Survivors’ question 3 answers back to States Parties’ question 4")
	if n := count(t, e, `SELECT count(*) FROM respondents r JOIN consultations c ON c.id = r.consultation_id WHERE c.slug = 'va-impact-2027'`); n != 0 {
		t.Errorf("the copy has %d respondents, want 0", n)
	}
	taken := b.post("/admin/consultations/copy", list, url.Values{"from": {e.c.Slug}, "slug": {"va-impact-2027"}})
	wantStatus(t, taken, http.StatusConflict)
	wantContains(t, taken, "error-summary", "#copy-slug")
	bad := b.post("/admin/consultations/copy", list, url.Values{"from": {e.c.Slug}, "slug": {"Not A Slug"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity)
}
