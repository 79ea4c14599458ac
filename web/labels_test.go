package web_test

import (
	"net/http"
	"testing"

	"github.com/vaconsult/vaconsult/store/domain"
)

// A State invited by its country's name, with the contributor named after
// it, reads "Colombia" once, not "Colombia (Colombia) · signed in as
// Colombia"; names that differ are all shown.
func TestRespondentHeaderNamesEachOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	same := e.browser("en")
	wantRedirect(t, same.get("/r/"+e.invite(domain.AudienceStatesParties, "CO", "Colombia", "Colombia")), "/respond")
	p := same.get("/respond")
	wantStatus(t, p, http.StatusOK)
	wantContains(t, p, "Answering for <strong><bdi>Colombia</bdi></strong></p>")
	wantLacks(t, p, "(Colombia)", "signed in as <bdi>Colombia")

	other := e.browser("en")
	wantRedirect(t, other.get("/r/"+e.invite(domain.AudienceStatesParties, "KH", "Kingdom of Cambodia", "Sok Dara")), "/respond")
	wantContains(t, other.get("/respond"), "<strong><bdi>Kingdom of Cambodia</bdi></strong> (Cambodia) · signed in as <bdi>Sok Dara</bdi>")
}

// On the reviewers' pages a respondent named like its country is named
// once: "Colombia", not "Colombia, Colombia".
func TestReviewAnswerNamesEachOnce(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.submit(domain.AudienceStatesParties, "CO", "Colombia", "named", "A national registry.")
	e.submit(domain.AudienceStatesParties, "KH", "Kingdom of Cambodia", "named", "A database.")
	b := e.reviewer("co-chair")
	for _, path := range []string{"/review/c/" + e.c.Slug + "/q/1?audience=states-parties", "/review/c/" + e.c.Slug + "/country/CO"} {
		p := b.get(path)
		wantStatus(t, p, http.StatusOK)
		wantContains(t, p, `<p class="who-line"><strong><bdi>Colombia</bdi></strong></p>`)
		wantLacks(t, p, "<strong><bdi>Colombia</bdi></strong>, Colombia")
	}
	wantContains(t, b.get("/review/c/"+e.c.Slug+"/q/1?audience=states-parties"), "<strong><bdi>Kingdom of Cambodia</bdi></strong>, Cambodia")
}
