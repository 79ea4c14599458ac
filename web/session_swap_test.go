package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store/domain"
)

// Someone who answers for one respondent and opens another's access link
// (sent by a stranger as "your link", say) is asked first, with both
// names, and keeps answering for the first unless they confirm.
func TestAccessLinkDoesNotSwapSessionSilently(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	mine := e.invite(domain.AudienceSurvivors, "KH", "Landmine Survivors Network", "Chan Sopheap")
	theirs := e.invite(domain.AudienceSurvivors, "CO", "Intruders Association", "Mallory")
	b := e.browser("en")
	wantRedirect(t, b.get("/r/"+mine), "/respond")
	before := b.get("/respond")
	wantContains(t, before, "Landmine Survivors Network")

	ask := b.get("/r/" + theirs)
	wantStatus(t, ask, http.StatusOK)
	wantContains(t, ask, "Landmine Survivors Network", "Chan Sopheap", "Intruders Association", "Mallory",
		`action="/r/`+theirs+`"`)
	if c := ask.Header.Values("Set-Cookie"); strings.Contains(strings.Join(c, "\n"), "vaconsult_session=") {
		t.Fatalf("opening another link set the session cookie before asking: %v", c)
	}
	// Not confirming keeps the session as it was.
	wantContains(t, b.get("/respond"), "Landmine Survivors Network")

	// A confirmation without the page's CSRF token changes nothing.
	wantStatus(t, b.do("POST", "/r/"+theirs, url.Values{}), http.StatusForbidden)
	wantContains(t, b.get("/respond"), "Landmine Survivors Network")

	// Confirming switches.
	wantRedirect(t, b.post("/r/"+theirs, ask, url.Values{}), "/respond")
	wantContains(t, b.get("/respond"), "Intruders Association")

	// The same person's own link again opens without a question.
	wantRedirect(t, b.get("/r/"+theirs), "/respond")
	// A revoked or unknown link is still refused, on the question too.
	wantStatus(t, b.do("POST", "/r/"+strings.Repeat("x", 43), url.Values{"csrf": {hidden(t, ask, "csrf")}}), http.StatusNotFound)
}

// Every page of the respond flow says for whom one is answering.
func TestRespondPagesNameTheRespondent(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	token := e.invite(domain.AudienceStatesParties, "KH", "Cambodia", "Sok Chea")
	b := e.browser("en")
	b.get("/r/" + token)
	p := b.get("/respond")
	cont := answerForm(p, e.questions(domain.AudienceStatesParties), "Answer")
	cont.Set("action", "continue")
	wantRedirect(t, b.do("POST", "/respond", cont), "/respond/check")
	check := b.get("/respond/check")
	wantRedirect(t, b.post("/respond/submit", check, url.Values{"version": {hidden(t, check, "version")},
		"attribution": {"named"}}), "/respond/confirmation")
	for _, path := range []string{"/respond", "/respond/check", "/respond/confirmation"} {
		wantContains(t, b.get(path), `class="who"`, "<bdi>Cambodia</bdi>", "Sok Chea")
	}
}
