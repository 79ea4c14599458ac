package web_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vaconsult/vaconsult/internal/dbtest"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/xlsform"
)

// From an empty database, in a real browser: an administrator imports the
// XLSForm of a 2026 follow-up in French and Spanish, previews it in both,
// opens it, sees it answered, closes it, and takes the form back out as
// XLSForm with every text intact. axe-core checks each page.
func TestBrowserConsultationLifecycle(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	dir := filepath.Join(repoRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	e := &env{t: t, st: dbtest.NewStore(t)}
	live := startLive(t, e.handler())
	e.URL = "http://" + live.addr
	secret := e.enrolledAdmin()
	workbook := filepath.Join(repoRoot(t), "xlsform", "testdata", followUp+".xlsx")
	a := &audit{t: t, axe: axe, dir: dir, lang: "en"}

	tb := newTab(t, e.URL, true)
	signInAdmin(tb, secret, "/admin/consultations?lang=en", "admin_consultations")
	a.check(tb, "admin-consultations-empty")

	tb.do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{workbook}))
	click(tb, "#upload")
	tb.waitPage("admin_consultation")
	a.check(tb, "admin-consultation-draft")
	if got := tb.text("#status"); got != "Draft" {
		t.Fatalf("status = %q, want Draft", got)
	}

	for lang, want := range map[string]string{
		"fr": "Votre vie quotidienne s’est-elle améliorée depuis 2012 ?",
		"es": "¿Ha mejorado su vida diaria desde 2012?",
	} {
		tb.open("/admin/c/" + followUp + "/preview/survivors?lang=" + lang)
		tb.waitPage("respond")
		if body := tb.text("main"); !strings.Contains(body, want) {
			t.Errorf("the %s preview lacks %q:\n%s", lang, want, body)
		}
		(&audit{t: t, axe: axe, dir: dir, lang: lang}).check(tb, "admin-preview")
	}
	var n int
	e.st.Pool().QueryRow(ctx, `SELECT count(*) FROM respondents`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d respondents after the previews, want 0", n)
	}

	tb.open("/admin/c/" + followUp + "?lang=en")
	tb.waitPage("admin_consultation")
	click(tb, "#set-open")
	tb.waitText("#status", "Open")

	answerFollowUp(t, e)
	tb.open("/admin/consultations")
	tb.waitPage("admin_consultations")
	if body := tb.text("main"); !strings.Contains(body, "1 submitted") {
		t.Errorf("the list does not show the submitted response:\n%s", body)
	}
	a.check(tb, "admin-consultations-answered")

	tb.open("/admin/c/" + followUp)
	tb.waitPage("admin_consultation")
	click(tb, "#set-closed")
	tb.waitText("#status", "Closed")
	a.check(tb, "admin-consultation-closed")

	got := fetchWorkbook(t, tb, "/admin/c/"+followUp+"/form.xlsx")
	original, err := os.ReadFile(workbook)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := formJSON(t, got), formJSON(t, original); g != w {
		t.Errorf("the exported form differs from the workbook imported:\n got %s\nwant %s", g, w)
	}
}

// answerFollowUp has a survivors' organisation answer and submit.
func answerFollowUp(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	acc, err := e.st.Invite(ctx, store.NewRespondent{Consultation: followUp, Audience: "survivors", Kind: "organisation",
		Name: "Red de Sobrevivientes", Country: "CO", Contributor: "Ana"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := e.st.Authenticate(ctx, acc.Token)
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.st.FindConsultationBySlug(ctx, followUp)
	if err != nil {
		t.Fatal(err)
	}
	set, _ := c.QuestionSet("survivors")
	saved, err := e.st.SaveDraft(ctx, p, store.Draft{Answers: []store.AnswerInput{
		{QuestionID: set.Questions[0].ID, Choice: "better", Text: "Hay más servicios."},
		{QuestionID: set.Questions[1].ID, Text: "Escuchar a los sobrevivientes."}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.st.SubmitResponse(ctx, p, store.Submission{Version: saved.Version, Attribution: "named"}); err != nil {
		t.Fatal(err)
	}
}

// fetchWorkbook downloads path in the browser's session.
func fetchWorkbook(t *testing.T, tb *tab, path string) []byte {
	t.Helper()
	b64, err := runStep(tb, chromedp.Evaluate[string](fmt.Sprintf(`fetch(%q).then(r => r.arrayBuffer()).then(b => {
		let s = ""; new Uint8Array(b).forEach(x => s += String.fromCharCode(x)); return btoa(s); })`, path),
		chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// formJSON reads a workbook's texts and questions, its dates aside.
func formJSON(t *testing.T, data []byte) string {
	t.Helper()
	f, err := xlsform.Read(data)
	if err != nil {
		t.Fatalf("read the workbook: %v", err)
	}
	f.OpensAt, f.ClosesAt = nil, nil
	b, _ := json.Marshal(f)
	return string(b)
}
