package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store/domain"
)

// A passage that is not the answer's text at its place is refused, and the
// page says so beside the quotes, linked from the error summary; one that
// is, sent as a form sends line breaks (CR LF), is chosen. A quote removed
// already is gone with 404.
func TestQuotePassageFormsAreChecked(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	p := e.submit(domain.AudienceSurvivors, "KH", "Cambodian Survivors Network", "named", "We are asked.\nNobody listens.")
	ana := e.coChair("ana@example.org", "Ana Chair")
	qpath := "/review/c/" + e.c.Slug + "/q/2?audience=survivors"
	action := "/review/c/" + e.c.Slug + "/q/2/quotes?audience=survivors"
	page := ana.get(qpath)
	wantContains(t, page, "Quote in the report", "Quote the selected passage", "No quote chosen yet")
	response := strconv.FormatInt(p.ResponseID, 10)
	bad := ana.post(action, page, url.Values{"response": {response}, "start": {"0"}, "end": {"6"}, "passage": {"Nobody"}})
	wantStatus(t, bad, http.StatusUnprocessableEntity)
	wantContains(t, bad, `href="#quote"`, `id="quote"`, "is not a passage of the answer as it stands")
	wantRedirect(t, ana.post(action, page, url.Values{"response": {response}, "start": {"10"}, "end": {"20"}, "passage": {"ed.\r\nNobody"}}),
		qpath+"&done=1#answer-"+response)
	q := e.questions(domain.AudienceSurvivors)[1]
	quotes, err := e.st.FindQuotes(context.Background(), q.ID, false)
	if err != nil || len(quotes) != 1 || quotes[0].Text != "ed.\nNobody" {
		t.Fatalf("quotes = %+v, %v; want the passage across the line break", quotes, err)
	}
	note := "/review/c/" + e.c.Slug + "/q/2/quotes/" + strconv.FormatInt(quotes[0].ID, 10) + "/note?audience=survivors"
	wantRedirect(t, ana.post(note, page, url.Values{"note": {"Opens the section."}}),
		qpath+"&done=1#quote-"+strconv.FormatInt(quotes[0].ID, 10))
	wantContains(t, ana.get(qpath), "Opens the section.")
	long := ana.post(note, page, url.Values{"note": {strings.Repeat("n", 1001)}})
	wantStatus(t, long, http.StatusUnprocessableEntity)
	wantContains(t, long, `href="#quote"`, "A note must be at most 1,000 characters.")
	remove := "/review/c/" + e.c.Slug + "/q/2/quotes/" + strconv.FormatInt(quotes[0].ID, 10) + "/remove?audience=survivors"
	wantRedirect(t, ana.post(remove, page, url.Values{}), qpath+"&done=1#quotes")
	gone := ana.post(remove, page, url.Values{})
	wantStatus(t, gone, http.StatusNotFound)
	wantContains(t, gone, "That quote is no longer on the list")
}
