package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/translate"
)

// libreTranslate answers the LibreTranslate API's POST /translate as the
// service does, and keeps every text it was sent.
type libreTranslate struct {
	mu   sync.Mutex
	sent []string
}

func (s *libreTranslate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var in struct{ Q, Source, Target, Format string }
	if r.URL.Path != "/translate" || json.NewDecoder(r.Body).Decode(&in) != nil || in.Format != "text" {
		http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.sent = append(s.sent, in.Q)
	s.mu.Unlock()
	json.NewEncoder(w).Encode(map[string]string{"translatedText": fmt.Sprintf("[%s→%s] %s", in.Source, in.Target, in.Q)})
}

func (s *libreTranslate) texts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.sent...)
}

// A Co-Chair reads an answer in Spanish in French: they type a
// translation by hand, ask the configured service for a draft into
// English, which stays marked as machine-made until approved, and the
// report in French shows the translation beside the original, marked as
// one. An answer for the Co-Chairs only is never sent to the service.
func TestTranslationsOfAnAnswer(t *testing.T) {
	t.Parallel()
	e := newStoreEnv(t)
	service := &libreTranslate{}
	mt := httptest.NewServer(service)
	t.Cleanup(mt.Close)
	h, err := app.Router(app.RouterConfig{Store: e.st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Translator: translate.New(mt.URL, "")})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e.URL = srv.URL

	ctx := context.Background()
	q := e.questions(domain.AudienceSurvivors)[1]
	answerIn := func(name string, attribution domain.Attribution, text string) *store.Principal {
		p, err := e.st.Authenticate(ctx, e.invite(domain.AudienceSurvivors, "PE", name, name))
		if err != nil {
			t.Fatal(err)
		}
		var in []store.AnswerInput
		for _, qq := range e.questions(domain.AudienceSurvivors) {
			a := store.AnswerInput{QuestionID: qq.ID, Text: text, Language: "es"}
			if qq.TakesChoice() {
				a.Choice = qq.Choices[0].Value
			}
			in = append(in, a)
		}
		saved, err := e.st.SaveDraft(ctx, p, store.Draft{Answers: in})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.SubmitResponse(ctx, p, store.Submission{Version: saved.Version, Attribution: attribution, Language: "es"}); err != nil {
			t.Fatal(err)
		}
		return p
	}
	named := answerIn("Red peruana", domain.AttributionNamed, "Nos consultan poco.")
	secret := answerIn("Grupo privado", domain.AttributionConfidential, "Texto confidencial.")

	chair := e.coChair("chair@example.org", "Chair")
	trPage := fmt.Sprintf("/review/c/%s/answers/%d/%d/translations", e.c.Slug, named.ResponseID, q.ID)
	form := chair.get(trPage)
	wantStatus(t, form, http.StatusOK)
	wantContains(t, form, `lang="es"`, "Nos consultan poco.", "Ask the translation service for a draft")
	wantRedirect(t, chair.post(trPage, form, url.Values{"language": {"fr"}, "version": {"0"}, "text": {"On nous consulte peu."}}),
		trPage+"?saved=1#tr-fr")
	// A second save based on no translation: refused, nothing lost.
	wantStatus(t, chair.post(trPage, form, url.Values{"language": {"fr"}, "version": {"0"}, "text": {"Autre texte."}}), http.StatusConflict)

	wantRedirect(t, chair.post(trPage+"/machine", form, url.Values{"language": {"en"}, "version": {"0"}}), trPage+"?saved=1#tr-en")
	a, err := e.st.FindTranslatedAnswer(ctx, e.c.ID, named.ResponseID, q.ID)
	if err != nil || len(a.Translations) != 2 || !a.Translations[0].Machine || a.Translations[0].Text != "[es→en] Nos consultan poco." {
		t.Fatalf("translations = %+v, %v; want the machine's English draft and the French one", a, err)
	}
	// The public report leaves the unchecked draft out; approving it puts it in.
	pub := chair.get("/review/c/" + e.c.Slug + "/export?format=json&variant=public")
	if strings.Contains(pub.Body, "[es→en]") || !strings.Contains(pub.Body, "On nous consulte peu.") {
		t.Fatalf("the public JSON holds the unchecked draft, or lacks the French translation")
	}
	wantRedirect(t, chair.post(trPage, chair.get(trPage), url.Values{"language": {"en"}, "version": {"1"}, "text": {"We are rarely asked."}}),
		trPage+"?saved=1#tr-en")

	fr := chair.get("/review/c/" + e.c.Slug + "/export?format=html&variant=public&in=fr")
	wantContains(t, fr, "Nos consultan poco.", "On nous consulte peu.", "Traduction (français)")

	// The confidential answer: no button, and a request made anyway sends nothing.
	secretPage := fmt.Sprintf("/review/c/%s/answers/%d/%d/translations", e.c.Slug, secret.ResponseID, q.ID)
	sp := chair.get(secretPage)
	wantLacks(t, sp, "Ask the translation service for a draft")
	wantStatus(t, chair.post(secretPage+"/machine", sp, url.Values{"language": {"en"}, "version": {"0"}}), http.StatusConflict)
	for _, sent := range service.texts() {
		if strings.Contains(sent, "confidencial") {
			t.Fatalf("the confidential answer was sent to the translation service")
		}
	}
	if n := len(service.texts()); n != 1 {
		t.Fatalf("the service was sent %d texts, want 1", n)
	}
	wantStatus(t, chair.get(fmt.Sprintf("/review/c/%s/answers/%d/%d/translations", e.c.Slug, named.ResponseID+1000, q.ID)), http.StatusNotFound)
}
