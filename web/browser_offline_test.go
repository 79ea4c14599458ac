package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/vaconsult/vaconsult/store/domain"
)

// The offline tests cut the connection at each step of answering and
// check that what the person typed survives a reload, that the service
// worker opens the form again without a connection, and that everything
// is saved, answer by answer, when the connection returns.

// waitEval polls a script until it returns "true".
func waitEval(tb *tab, what, js string) {
	tb.t.Helper()
	deadline := time.Now().Add(budget(waitBudget))
	for {
		got := tb.eval(js)
		if got == "true" {
			return
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("waited in vain for %s (%s)", what, got)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitState waits until a question's save state says the form's message
// msg (its data-msg-* name, as msgUnsaved), up to a placeholder, so that
// the test reads the same in every language.
func waitState(tb *tab, questionID int64, msg string) {
	tb.t.Helper()
	waitEval(tb, fmt.Sprintf("question %d to say %s", questionID, msg), fmt.Sprintf(`(() => {
		const el = document.getElementById("q-%d-state"), f = document.getElementById("answers");
		if (!el || !f || el.hidden) return el ? "hidden: " + el.textContent : "no state";
		return el.textContent.startsWith(f.dataset[%q].split("{")[0]) ? "true" : el.textContent; })()`, questionID, msg))
}

// waitKept waits until the service worker controls the page and keeps the
// form.
func waitKept(tb *tab) {
	tb.t.Helper()
	waitEval(tb, "the service worker to keep the form", `(() => {
		if (!navigator.serviceWorker.controller) return "not controlled";
		caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match("/respond")))))
			.then(hits => { window.keptForm = hits.some(Boolean); });
		return String(!!window.keptForm); })()`)
}

// offline cuts the tab from the network, service worker included, or
// joins it again.
func offline(tb *tab, off bool) {
	tb.t.Helper()
	tb.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		yes := true
		if _, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: &yes,
			MatchedNetworkConditions:    []*network.Conditions{{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}},
		}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.OverrideNetworkState, network.OverrideNetworkStateParams{
			Offline: off, DownloadThroughput: -1, UploadThroughput: -1})
		return err
	}))
}

// TestBrowserNothingTypedIsLost cuts the server off while typing, before
// an autosave, on "Save and come back later", on "Continue" and on the
// final submission; each time a reload without the server shows the text,
// marked as not saved yet where it is not, and it is saved once the
// server is back.
func TestBrowserNothingTypedIsLost(t *testing.T) {
	t.Parallel()
	for _, l := range []string{"en", "ar"} {
		t.Run(l, func(t *testing.T) {
			t.Parallel()
			e, live := newBrowserEnv(t)
			token := e.invite(domain.AudienceStatesParties, "PE", "Peru", "Rosa")
			qs := e.questions(domain.AudienceStatesParties)
			tb := newTab(t, e.URL, true)
			tb.open("/r/" + token + "?lang=" + l)
			tb.waitPage("respond")
			waitKept(tb)

			// cutAndReload reloads with the server away: the text must be
			// in its field, marked unsaved; then the server comes back and
			// the text is saved.
			cutAndReload := func(step string, id int64, want string) {
				t.Helper()
				tb.do(chromedp.Reload())
				tb.waitPage("respond")
				if got := tb.value(fmt.Sprintf("#q-%d-text", id)); got != want {
					t.Fatalf("%s: after a reload without the server the field holds %q, want %q", step, got, want)
				}
				waitState(tb, id, "msgUnsaved")
				if got := savedText(t, e, token, id); got == want {
					t.Fatalf("%s: the store holds the text already", step)
				}
				live.restart()
				waitState(tb, id, "msgSaved")
				if got := savedText(t, e, token, id); got != want {
					t.Fatalf("%s: after the server came back the store holds %q, want %q", step, got, want)
				}
				if got := unsavedCopy(tb, id); got != "" {
					t.Fatalf("%s: the browser still keeps %q as unsaved", step, got)
				}
			}

			// While typing: the server goes away before the first key.
			live.stop()
			tb.typeInto(fmt.Sprintf("#q-%d-text", qs[0].ID), "Typed while cut off")
			waitState(tb, qs[0].ID, "msgUnsaved")
			cutAndReload("typing", qs[0].ID, "Typed while cut off")

			// The autosave fails: typed, then the server goes before the pause
			// ends.
			tb.typeInto(fmt.Sprintf("#q-%d-text", qs[1].ID), "Autosave cut")
			live.stop()
			waitState(tb, qs[1].ID, "msgUnsaved")
			waitEval(tb, "the live region to say the text is not saved", `String(document.querySelector("[data-autosave-status]").textContent ===
				document.getElementById("answers").dataset.msgRetry)`)
			cutAndReload("autosave", qs[1].ID, "Autosave cut")

			// "Save and come back later", then "Continue", with the server
			// away: the page stays, with the text and the state.
			for i, button := range []string{"save", "continue"} {
				id := qs[2+i].ID
				live.stop()
				tb.typeInto(fmt.Sprintf("#q-%d-text", id), "Pressed "+button)
				tb.press(fmt.Sprintf(`button[value=%q]`, button))
				waitState(tb, id, "msgUnsaved")
				if got := tb.eval(`document.body.dataset.page`); got != "respond" {
					t.Fatalf("%s: the page is %q", button, got)
				}
				cutAndReload(button, id, "Pressed "+button)
			}

			// Continue goes through once saved; the submission with the server
			// away fails in the browser, and the form comes back without it,
			// with every answer as saved.
			tb.press(`button[value="continue"]`)
			tb.waitPage("check")
			live.stop()
			tb.press(`form[action="/respond/submit"] button`)
			time.Sleep(budget(time.Second))
			tb.open("/respond")
			tb.waitPage("respond")
			for i, want := range []string{"Typed while cut off", "Autosave cut", "Pressed save", "Pressed continue"} {
				if got := tb.value(fmt.Sprintf("#q-%d-text", qs[i].ID)); got != want {
					t.Fatalf("submission: the form kept offline shows %q for question %d, want %q", got, i+1, want)
				}
			}
			live.restart()
		})
	}
}

// TestBrowserFormWorksOfflineFromTheStart opens the form once online, then
// opens it again with the browser offline from the start: the service
// worker shows it, the person writes two answers, one of which another
// contributor changed meanwhile; when the connection returns the other is
// saved and the conflict is shown beside its question, nothing overwritten.
// Signing out then forgets the kept form and the copy of the answers.
func TestBrowserFormWorksOfflineFromTheStart(t *testing.T) {
	t.Parallel()
	axe := axeSource(t)
	for _, l := range []string{"en", "ar"} {
		t.Run(l, func(t *testing.T) {
			t.Parallel()
			e, live := newBrowserEnv(t)
			ana := e.invite(domain.AudienceStatesParties, "CO", "Colombia", "Ana")
			bruno := e.invite(domain.AudienceStatesParties, "CO", "Colombia", "Bruno")
			qs := e.questions(domain.AudienceStatesParties)
			tb := newTab(t, e.URL, true)
			tb.open("/r/" + bruno + "?lang=" + l)
			tb.waitPage("respond")
			waitKept(tb)
			// Saved with "Save and come back later": the form kept is the one
			// that shows it.
			tb.typeInto(fmt.Sprintf("#q-%d-text", qs[2].ID), "Saved before leaving")
			tb.press(`button[value="save"]`)
			tb.do(chromedp.WaitVisible(chromedp.CSS(".notice")))
			waitEval(tb, "the kept form to show the saved text", `(() => {
				caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match("/respond")))))
					.then(hits => hits.find(Boolean).text()).then(html => { window.keptSaved = html.includes("Saved before leaving"); });
				return String(!!window.keptSaved); })()`)
			tb.open("/respond/check")
			tb.waitPage("check")
			tb.open("/")

			// The worker keeps the form and static files, nothing else.
			waitEval(tb, "the list of what the worker keeps", `(() => {
				caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys()))))
					.then(rs => { window.keptURLs = rs.flat().map(r => new URL(r.url).pathname); });
				return String(!!window.keptURLs); })()`)
			for _, u := range strings.Split(tb.eval(`window.keptURLs.join(" ")`), " ") {
				if u != "/respond" && !strings.HasPrefix(u, "/static/") {
					t.Errorf("the service worker keeps %s", u)
				}
			}

			// Ana saves question 1 while Bruno is offline.
			other := e.browser("en")
			wantRedirect(t, other.get("/r/"+ana), "/respond")
			v := hiddenValues(other.get("/respond"))
			v.Set(fmt.Sprintf("q-%d-text", qs[0].ID), "Ana's words")
			wantStatus(t, other.do("POST", "/respond/draft", v, "Accept", "application/json"), 200)

			offline(tb, true)
			live.stop()
			tb.open("/respond")
			tb.waitPage("respond")
			if got := tb.eval(`document.documentElement.lang + " " + document.documentElement.dir`); !strings.HasPrefix(got, l) {
				t.Fatalf("the kept form is in %q", got)
			}
			if got := tb.value(fmt.Sprintf("#q-%d-text", qs[2].ID)); got != "Saved before leaving" {
				t.Fatalf("the kept form shows %q for question 3", got)
			}
			tb.typeInto(fmt.Sprintf("#q-%d-text", qs[0].ID), "Bruno's words")
			tb.typeInto(fmt.Sprintf("#q-%d-text", qs[1].ID), "Bruno offline")
			waitState(tb, qs[0].ID, "msgUnsaved")
			waitState(tb, qs[1].ID, "msgUnsaved")
			waitEval(tb, "the live region to say there is no connection", `String(document.querySelector("[data-autosave-status]").textContent ===
				document.getElementById("answers").dataset.msgOffline)`)
			a := &audit{t: t, axe: axe, lang: l, narrow: true}
			a.check(tb, "respond-offline")

			// A reload, still offline: both texts come back.
			tb.do(chromedp.Reload())
			tb.waitPage("respond")
			waitState(tb, qs[1].ID, "msgUnsaved")
			if got := tb.value(fmt.Sprintf("#q-%d-text", qs[0].ID)); got != "Bruno's words" {
				t.Fatalf("after an offline reload question 1 holds %q", got)
			}

			// Back online: question 2 is saved, question 1 is in conflict,
			// Ana's text untouched, Bruno's kept.
			live.restart()
			offline(tb, false)
			waitState(tb, qs[1].ID, "msgSaved")
			waitState(tb, qs[0].ID, "msgHere")
			if got := savedText(t, e, bruno, qs[1].ID); got != "Bruno offline" {
				t.Fatalf("question 2 holds %q", got)
			}
			if got := savedText(t, e, ana, qs[0].ID); got != "Ana's words" {
				t.Fatalf("question 1 holds %q, want Ana's text untouched", got)
			}
			if got := unsavedCopy(tb, qs[0].ID); got != "Bruno's words" {
				t.Fatalf("the browser keeps %q of Bruno's text", got)
			}
			a.check(tb, "respond-conflict")

			// Signing out forgets the kept form and the copy.
			tb.press(".foot form button")
			tb.waitPage("home")
			waitEval(tb, "the kept form and the copy to go", `(() => {
				caches.keys().then(ks => { window.cacheCount = ks.length; });
				return String(window.cacheCount === 0 && localStorage.length === 0); })()`)
		})
	}
}
