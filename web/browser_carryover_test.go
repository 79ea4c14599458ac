package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/paths"
)

// A State submitted its answers to the 2012 consultation; in the one that
// follows it, a contributor of the same State sees each of last year's
// answers quoted and marked under the empty questions, nothing filled in,
// starts from one, edits it and saves; the others stay empty and still
// offered. In English with the page's script, in Arabic (right to left)
// without it, under axe-core. The Co-Chairs' country view then shows both
// cycles.
func TestBrowserStartFromLastCycleAnswer(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	dir := filepath.Join(repoRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"en", "ar"} {
		t.Run(l, func(t *testing.T) {
			t.Parallel()
			js := l == "en"
			a := &audit{t: t, axe: axe, dir: dir, lang: l, noScript: !js}
			e, _ := newBrowserEnv(t)
			e.submitEach(domain.AudienceStatesParties, domain.KindState, "KH", "Cambodia", domain.AttributionNamed, "Cambodia 2012")
			next := e.nextCycle()
			qs := next.questions(domain.AudienceStatesParties)
			token := next.invite(domain.AudienceStatesParties, "KH", "Kingdom of Cambodia", "Sok Dara")

			tb := newTab(t, next.URL, js)
			tb.open("/r/" + token + "?lang=" + l)
			tb.waitPage("respond")
			tb.waitFor("#carry-all")
			if got := tb.eval(`document.documentElement.dir`); got != map[bool]string{true: "ltr", false: "rtl"}[l == "en"] {
				t.Fatalf("page direction = %q", got)
			}
			title := e.c.Title.In(l)
			for _, q := range qs {
				heading := tb.text(fmt.Sprintf("#q-%d-carry", q.ID))
				if !strings.Contains(heading, title) {
					t.Fatalf("question %d: the quote is headed %q, want the 2012 title %q", q.Number, heading, title)
				}
				if got := tb.value(fmt.Sprintf("#q-%d-text", q.ID)); got != "" {
					t.Fatalf("question %d is filled in with %q before any choice", q.Number, got)
				}
			}
			if got := tb.text(fmt.Sprintf("#q-%d .carry blockquote", qs[0].ID)); !strings.Contains(got, "Cambodia 2012 1") {
				t.Fatalf("the quote of question 1 says %q", got)
			}
			a.check(tb, "carry")

			first, second := fmt.Sprintf("#q-%d-text", qs[0].ID), fmt.Sprintf("#q-%d-text", qs[1].ID)
			tb.pressAndLoad(fmt.Sprintf("#q-%d-carry-start", qs[0].ID))
			tb.waitPage("respond")
			if got := tb.value(first); got != "Cambodia 2012 1" {
				t.Fatalf("question 1 after starting from last year's answer = %q", got)
			}
			if got := tb.value(second); got != "" {
				t.Fatalf("question 2 was filled in too: %q", got)
			}
			if n := tb.eval(`String(document.querySelectorAll(".carry").length)`); n != "3" {
				t.Fatalf("%s answers still offered, want 3 (all but question 1)", n)
			}
			a.check(tb, "carry-started")

			tb.typeInto(first, " Updated in 2013.")
			tb.pressAndLoad(`button[value="save"]`)
			tb.waitPage("respond")

			p, err := next.st.Authenticate(context.Background(), token)
			if err != nil {
				t.Fatal(err)
			}
			_, resp, err := next.st.FindRespondentResponse(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Answers) != 1 || resp.Answers[0].QuestionID != qs[0].ID || resp.Answers[0].Text != "Cambodia 2012 1 Updated in 2013." {
				t.Fatalf("answers saved = %+v, want question 1 only, edited", resp.Answers)
			}
			if !js {
				return
			}

			// The Co-Chairs read both cycles side by side, once it is submitted.
			var rest []store.AnswerInput
			for _, q := range qs[1:] {
				rest = append(rest, store.AnswerInput{QuestionID: q.ID, Text: fmt.Sprintf("Cambodia 2013 %d", q.Number)})
			}
			saved, err := next.st.SaveDraft(context.Background(), p, store.Draft{Version: resp.Version, Answers: rest})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := next.st.SubmitResponse(context.Background(), p, store.Submission{Version: saved.Version, Attribution: domain.AttributionNamed}); err != nil {
				t.Fatal(err)
			}
			e.createCoChair()
			rv := newTab(t, next.URL, true)
			signInCoChair(rv, l)
			rv.open(paths.ReviewCountry(nextSlug, "KH") + "?lang=" + l)
			rv.waitPage("review_country")
			body := rv.text("main")
			for _, want := range []string{"Cambodia 2012 1 Updated in 2013.", "Cambodia 2013 2", "Cambodia 2012 2", "Their answer in " + title} {
				if !strings.Contains(body, want) {
					t.Fatalf("the country view lacks %q", want)
				}
			}
			a.noScript = false
			a.check(rv, "country-cycles")
		})
	}
}
