package web_test

import (
	"fmt"
	"testing"

	"github.com/vaconsult/vaconsult/store/domain"
)

// The character counter says "1 character", not "1 characters", and uses
// each of Arabic's forms, as the person types.
func TestBrowserCharacterCountPlurals(t *testing.T) {
	t.Parallel()
	e, _ := newBrowserEnv(t)
	token := e.invite(domain.AudienceStatesParties, "KH", "Cambodia", "Sok Dara")
	q := e.questions(domain.AudienceStatesParties)[0]
	field, counter := fmt.Sprintf("#q-%d-text", q.ID), fmt.Sprintf("#q-%d-count", q.ID)
	tb := newTab(t, e.URL, true)
	tb.open("/r/" + token)
	tb.waitPage("respond")

	// fill puts text leaving left characters, as typing would.
	fill := func(left int) string {
		t.Helper()
		return tb.eval(fmt.Sprintf(`(function () {
			var a = document.querySelector(%q);
			a.value = "x".repeat(%d);
			a.dispatchEvent(new Event("input"));
			return document.querySelector(%q).textContent;
		})()`, field, q.MaxLength-left, counter))
	}
	tests := []struct {
		left int
		want string
	}{
		{1, "You have 1 character remaining"},
		{2, "You have 2 characters remaining"},
		{-1, "You have 1 character too many"},
		{-3, "You have 3 characters too many"},
	}
	for _, tt := range tests {
		if got := fill(tt.left); got != tt.want {
			t.Errorf("English, %d left: %q, want %q", tt.left, got, tt.want)
		}
	}

	tb.open("/respond?lang=ar")
	tb.waitPage("respond")
	for _, tt := range []struct {
		left int
		want string
	}{
		{0, "لم يتبقَّ لكم أي حرف"},
		{1, "المتبقي لكم حرف واحد"},
		{2, "المتبقي لكم حرفان"},
		{3, "المتبقي لكم 3 أحرف"},
		{11, "المتبقي لكم 11 حرفًا"},
		{100, "المتبقي لكم 100 حرف"},
		{-2, "تجاوزتم الحد بحرفين"},
	} {
		if got := fill(tt.left); got != tt.want {
			t.Errorf("Arabic, %d left: %q, want %q", tt.left, got, tt.want)
		}
	}

	tb.open("/respond?lang=fr")
	tb.waitPage("respond")
	for _, tt := range []struct {
		left int
		want string
	}{
		{0, "Il vous reste 0 caractère"},
		{1, "Il vous reste 1 caractère"},
		{2, "Il vous reste 2 caractères"},
	} {
		if got := fill(tt.left); got != tt.want {
			t.Errorf("French, %d left: %q, want %q", tt.left, got, tt.want)
		}
	}
}
