package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// resultsEnv has four submissions, one of each kind of attribution and
// audience, and its results published.
type resultsEnv struct {
	*env
	named, anonymous, confidential, org *store.Principal
}

func newResultsEnv(e *env) *resultsEnv {
	e.t.Helper()
	r := &resultsEnv{env: e,
		named:        e.submit(domain.AudienceStatesParties, "CO", "Colombia", domain.AttributionNamed, "Colombia counts every survivor."),
		anonymous:    e.submit(domain.AudienceStatesParties, "KH", "Cambodia", domain.AttributionAnonymous, "Words of an anonymous State."),
		confidential: e.submit(domain.AudienceSurvivors, "SN", "Réseau sénégalais", domain.AttributionConfidential, "Words for the Co-Chairs only."),
		org:          e.submit(domain.AudienceSurvivors, "PE", "Red peruana de sobrevivientes", domain.AttributionNamed, "Peruvian network's words."),
	}
	return r
}

func (r *resultsEnv) publish() {
	r.t.Helper()
	for _, status := range []string{store.StatusClosed, store.StatusPublished} {
		if _, err := r.st.SetStatus(context.Background(), "cli", r.c.Slug, status); err != nil {
			r.t.Fatal(err)
		}
	}
}

func (r *resultsEnv) submissionPath(p *store.Principal) string {
	return fmt.Sprintf("/c/%s/results/%d", r.c.Slug, p.ResponseID)
}

// The results page is not found until an administrator publishes the
// results; then anyone reads the figures and the named submissions, and
// nothing of an anonymous or confidential one but its count.
func TestResultsPage(t *testing.T) {
	t.Parallel()
	r := newResultsEnv(newEnv(t))
	b := r.browser("en")
	results := "/c/" + r.c.Slug + "/results"
	wantStatus(t, b.get(results), http.StatusNotFound)
	wantStatus(t, b.get(r.submissionPath(r.named)), http.StatusNotFound)
	wantLacks(t, b.get("/c/"+r.c.Slug), results)

	r.publish()
	wantContains(t, b.get("/c/"+r.c.Slug), `href="`+results+`"`)
	page := b.get(results)
	wantStatus(t, page, http.StatusOK)
	wantContains(t, page, "Results of the consultation", "Colombia", "Red peruana de sobrevivientes",
		`href="`+r.submissionPath(r.named)+`"`, `href="`+r.submissionPath(r.org)+`"`)
	wantLacks(t, page, "Cambodia", "Réseau sénégalais", "Words of an anonymous State.", "Words for the Co-Chairs only.",
		r.submissionPath(r.anonymous), r.submissionPath(r.confidential))

	sub := b.get(r.submissionPath(r.named))
	wantStatus(t, sub, http.StatusOK)
	wantContains(t, sub, "Colombia", "Colombia counts every survivor.", `lang="en"`)
	for _, p := range []*store.Principal{r.anonymous, r.confidential} {
		wantStatus(t, b.get(r.submissionPath(p)), http.StatusNotFound)
	}
	wantStatus(t, b.get("/c/"+r.c.Slug+"/results/not-a-number"), http.StatusNotFound)

	fr := r.browser("fr").get(results)
	wantContains(t, fr, "Résultats de la consultation", "Red peruana de sobrevivientes")

	// Set back to closed, the results are not found again.
	if _, err := r.st.SetStatus(context.Background(), "cli", r.c.Slug, store.StatusClosed); err != nil {
		t.Fatal(err)
	}
	wantStatus(t, b.get(results), http.StatusNotFound)
}
