package web_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store/domain"
)

// A delegation submits in English and in Arabic, opens the copy of what
// it submitted from the receipt, and finds each answer exactly as typed,
// paragraphs kept, on a page made to print; after a resubmission both
// submissions are in the history, the first one's copy unchanged. Without
// script, keyboard and links only, under axe-core.
func TestBrowserSubmissionCopy(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	dir := filepath.Join(repoRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	e, _ := newBrowserEnv(t)
	texts := map[string]string{
		"en": "We count every survivor reached.\n\nA second paragraph,\nwith a line break kept.",
		"ar": "نحصي كل ناجٍ نصل إليه.\n\nفقرة ثانية،\nمع سطر جديد.",
	}
	for i, l := range []string{"en", "ar"} {
		t.Run(l, func(t *testing.T) {
			t.Parallel()
			a := &audit{t: t, axe: axe, dir: dir, lang: l, noScript: true}
			token := e.invite(domain.AudienceStatesParties, []string{"KH", "JO"}[i], []string{"Cambodia", "Jordan"}[i], "Official "+l)
			tb := newTab(t, e.URL, false)
			tb.open("/?lang=" + l)
			tb.open("/r/" + token)
			tb.waitPage("respond")
			qs := e.questions(domain.AudienceStatesParties)
			answer := func(n int) string { return fmt.Sprintf("%d. %s", n, texts[l]) }
			for _, q := range qs {
				setValue(tb, fmt.Sprintf("#q-%d-text", q.ID), answer(q.Number))
			}
			tb.pressAndLoad(`button[value="continue"]`)
			tb.waitPage("check")
			tb.tabTo(`input[name="attribution"]`)
			tb.keys(" ")
			tb.pressAndLoad(`form[action="/respond/submit"] button`)
			tb.waitPage("confirmation")
			first := strings.TrimSpace(tb.text(".receipt"))

			tb.pressAndLoad(`a[href^="/respond/copy?format=html"]`)
			tb.waitPage("submission_copy")
			checkCopy(t, tb, l, first, len(qs), answer)
			a.check(tb, "submission-copy")

			// Resubmit with the first answer changed: two submissions, the
			// first one's copy as it was.
			tb.open("/respond")
			tb.waitPage("respond")
			setValue(tb, fmt.Sprintf("#q-%d-text", qs[0].ID), "Changed.")
			tb.pressAndLoad(`button[value="continue"]`)
			tb.waitPage("check")
			tb.pressAndLoad(`form[action="/respond/submit"] button`)
			tb.waitPage("confirmation")
			second := strings.TrimSpace(tb.text(".receipt"))
			tb.pressAndLoad(`a[href="/respond/submissions"]`)
			tb.waitPage("submissions")
			a.check(tb, "submissions")
			rows := tb.eval(`[...document.querySelectorAll("table.submissions tbody th .receipt")].map(e => e.textContent).join(" ")`)
			if rows != second+" "+first {
				t.Fatalf("history = %q, want %s then %s", rows, second, first)
			}
			tb.pressAndLoad(fmt.Sprintf(`a[href="/respond/copy?format=html&receipt=%s"]`, first))
			tb.waitPage("submission_copy")
			checkCopy(t, tb, l, first, len(qs), answer)
		})
	}
}

// checkCopy checks the copy shown: its receipt, each answer's text exactly
// as submitted, its language's direction, and its print styles.
func checkCopy(t *testing.T, tb *tab, l, receipt string, n int, answer func(int) string) {
	t.Helper()
	if got := tb.text(".facts .code"); got != receipt {
		t.Errorf("the copy's receipt = %q, want %q", got, receipt)
	}
	raw := tb.eval(`JSON.stringify([...document.querySelectorAll(".answer")].map(e => e.innerText))`)
	var got []string
	if err := json.Unmarshal([]byte(raw), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("the copy shows %d answers, want %d", len(got), n)
	}
	for i, g := range got {
		if want := answer(i + 1); g != want {
			t.Errorf("answer %d in the copy = %q, want %q as submitted", i+1, g, want)
		}
	}
	if dir := tb.eval(`document.documentElement.dir`); dir != map[string]string{"en": "ltr", "ar": "rtl"}[l] {
		t.Errorf("the copy in %s is %s", l, dir)
	}
	print := tb.eval(`String([...document.styleSheets].some(s => [...s.cssRules].some(r => r.type === CSSRule.PAGE_RULE)) &&
		[...document.styleSheets].some(s => [...s.cssRules].some(r => r.media && r.media.mediaText === "print")))`)
	if print != "true" {
		t.Errorf("the copy has no @page rule or print styles")
	}
	if n := tb.eval(`String(document.scripts.length)`); n != "0" {
		t.Errorf("the copy holds %s scripts", n)
	}
}

// setValue puts a text into a field, as pasted: line breaks included.
func setValue(tb *tab, sel, text string) {
	tb.t.Helper()
	js, _ := json.Marshal(text)
	tb.eval(fmt.Sprintf(`document.querySelector(%q).value = %s, ""`, sel, js))
}
