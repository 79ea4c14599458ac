package web_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/form"
)

// answerLanguage returns the recorded language of the answer to a question.
func answerLanguage(t *testing.T, st *store.Store, questionID int64) string {
	t.Helper()
	var l string
	err := st.Pool().QueryRow(context.Background(), `SELECT language FROM answers WHERE question_id = $1`, questionID).Scan(&l)
	if err != nil {
		t.Fatalf("language of the answer to question %d: %v", questionID, err)
	}
	return l
}

// A delegation reading the form in French may answer in Spanish: the form
// asks, and each answer keeps the language it was written in.
func TestFormAsksTheLanguageOfTheAnswers(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.browser("fr")
	wantRedirect(t, b.get("/r/"+e.invite(domain.AudienceStatesParties, "AR", "Argentina", "Lucía")), "/respond")
	qs := e.questions(domain.AudienceStatesParties)
	p := b.get("/respond")
	wantContains(t, p, `<label for="answer-lang" class="strong">Je réponds en</label>`,
		`<option value="fr" lang="fr" selected>Français</option>`, `<option value="es" lang="es">Español</option>`)

	// Nothing said: the page's language.
	v := formValues(p)
	v.Set(form.TextName(qs[0].ID), "Une enquête nationale.")
	v.Set("action", "save")
	wantRedirect(t, b.do("POST", "/respond", v), "/respond?saved=1")
	if got := answerLanguage(t, e.st, qs[0].ID); got != "fr" {
		t.Errorf("answer saved from a French page without a choice is in %q, want fr", got)
	}

	// "I am answering in Spanish", without the script and with it.
	v = formValues(b.get("/respond"))
	v.Set(form.LanguageName, "es")
	v.Set(form.TextName(qs[1].ID), "La encuesta de 2009.")
	v.Set("action", "save")
	wantRedirect(t, b.do("POST", "/respond", v), "/respond?saved=1")
	if got := answerLanguage(t, e.st, qs[1].ID); got != "es" {
		t.Errorf("answer saved in Spanish is in %q, want es", got)
	}
	p = b.get("/respond")
	wantContains(t, p, `<option value="es" lang="es" selected>Español</option>`)
	v = formValues(p)
	v.Set(form.LanguageName, "ar")
	v.Set(form.TextName(qs[2].ID), "نستخدم النتائج.")
	wantStatus(t, b.do("POST", "/respond/draft", v, "Accept", "application/json"), 200)
	if got := answerLanguage(t, e.st, qs[2].ID); got != "ar" {
		t.Errorf("answer autosaved in Arabic is in %q, want ar", got)
	}

	// A language not offered: the error summary says so, nothing changes.
	v = formValues(b.get("/respond"))
	v.Set(form.LanguageName, "xx")
	v.Set(form.TextName(qs[3].ID), "Never saved")
	v.Set("action", "save")
	bad := b.do("POST", "/respond", v)
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	wantContains(t, bad, `href="#answer-lang"`, "Choisissez l’une des langues proposées pour vos réponses", "Never saved")
	var n int
	e.st.Pool().QueryRow(context.Background(), `SELECT count(*) FROM answers WHERE question_id = $1`, qs[3].ID).Scan(&n)
	if n != 0 {
		t.Errorf("an answer with an unknown language was saved")
	}
}
