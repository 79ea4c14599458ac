package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vaconsult/vaconsult/store/domain"
)

// A Co-Chair quotes a whole answer through a plain form without script,
// then, with the page's script, the passage selected in another (after
// characters that take two UTF-16 units, so that the place is counted in
// characters as the server counts them), and removes the first; the page
// says which answer is for the internal report only. By keyboard, in
// English and Arabic, under axe-core.
func TestBrowserQuotesChosenWholeAndByPassage(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	dir := filepath.Join(repoRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"en", "ar"} {
		t.Run(l, func(t *testing.T) {
			t.Parallel()
			e, _ := newBrowserEnv(t)
			ctx := context.Background()
			named := e.submit(domain.AudienceSurvivors, "KH", "Cambodian Survivors Network", "named",
				"We are asked 🙂.\nNobody listens to us.")
			secret := e.submit(domain.AudienceSurvivors, "CO", "Quiet Group", "confidential", "Only for the Co-Chairs.")
			q := e.questions(domain.AudienceSurvivors)[1]
			e.createCoChair()
			page := fmt.Sprintf("/review/c/%s/q/%d?audience=survivors", e.c.Slug, q.Number)
			whole := func(id int64) string {
				return fmt.Sprintf(`#answer-%d .quote-actions form:not(.quote-passage) button`, id)
			}

			// Without script: the whole answer, by its button.
			plain := newTab(t, e.URL, false)
			signInCoChair(plain, l)
			plain.open(page)
			plain.waitPage("review_question")
			if got := plain.eval(fmt.Sprintf(`String(document.querySelector("#answer-%d form.quote-passage").hidden)`, named.ResponseID)); got != "true" {
				t.Fatalf("the passage button shows without script")
			}
			if got := plain.text(fmt.Sprintf("#answer-%d-quote-note", secret.ResponseID)); got == "" {
				t.Fatalf("the confidential answer does not say it stays out of the public report")
			}
			plain.press(whole(secret.ResponseID))
			plain.waitPage("review_question")
			plain.waitFor("ol.quotes li")
			(&audit{t: t, axe: axe, dir: dir, lang: l, noScript: true}).check(plain, "review-quotes-plain")
			quotes, err := e.st.FindQuotes(ctx, q.ID, false)
			if err != nil || len(quotes) != 1 || quotes[0].Passage != nil || quotes[0].ResponseID != secret.ResponseID {
				t.Fatalf("quotes after the plain form = %+v, %v; want the whole confidential answer", quotes, err)
			}
			if pub, _ := e.st.FindQuotes(ctx, q.ID, true); len(pub) != 0 {
				t.Fatalf("public quotes = %+v, want none: the one chosen is confidential", pub)
			}

			// With script: a passage, selected, then the button reached by
			// keyboard.
			tb := newTab(t, e.URL, true)
			signInCoChair(tb, l)
			tb.open(page)
			tb.waitPage("review_question")
			passage := fmt.Sprintf("#answer-%d form.quote-passage button", named.ResponseID)
			tb.press(fmt.Sprintf("#answer-%d form.quote-passage button", secret.ResponseID))
			tb.waitFor(fmt.Sprintf("#answer-%d form.quote-passage .error", secret.ResponseID))
			tb.eval(fmt.Sprintf(`(() => { const node = document.querySelector("#answer-%d .quotable").firstChild;
				const i = node.data.indexOf("Nobody listens"), r = document.createRange();
				r.setStart(node, i); r.setEnd(node, i + "Nobody listens".length);
				getSelection().removeAllRanges(); getSelection().addRange(r); return ""; })()`, named.ResponseID))
			tb.press(passage)
			tb.waitPage("review_question")
			tb.waitFor("ol.quotes li + li")
			quotes, err = e.st.FindQuotes(ctx, q.ID, false)
			if err != nil || len(quotes) != 2 || quotes[1].Passage == nil {
				t.Fatalf("quotes after the passage = %+v, %v; want two, the second a passage", quotes, err)
			}
			if p := quotes[1].Passage; p.Start != 16 || p.End != 30 || p.Text != "Nobody listens" {
				t.Fatalf("passage = %+v, want characters 16 to 30, \"Nobody listens\"", p)
			}
			if got := tb.text(fmt.Sprintf("#quote-%d blockquote", quotes[1].ID)); got != "Nobody listens" {
				t.Fatalf("the list quotes %q, want the passage alone", got)
			}
			a := &audit{t: t, axe: axe, dir: dir, lang: l}
			a.check(tb, "review-quotes")

			tb.press(fmt.Sprintf(`#quote-%d form[action*="/remove"] button`, quotes[0].ID))
			tb.waitPage("review_question")
			tb.do(chromedp.WaitNotPresent(chromedp.CSS(fmt.Sprintf("#quote-%d", quotes[0].ID))))
			quotes, _ = e.st.FindQuotes(ctx, q.ID, false)
			if len(quotes) != 1 || quotes[0].ResponseID != named.ResponseID {
				t.Fatalf("quotes after the removal = %+v, want the passage alone", quotes)
			}
			if pub, _ := e.st.FindQuotes(ctx, q.ID, true); len(pub) != 1 || !strings.Contains(pub[0].Respondent, "Cambodian") {
				t.Fatalf("public quotes = %+v, want the named passage with its name", pub)
			}
			a.check(tb, "review-quotes-removed")
		})
	}
}
