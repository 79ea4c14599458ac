package form

import (
	"net/url"
	"testing"
)

func TestReviewFilterRoundTrip(t *testing.T) {
	v, _ := url.ParseQuery("audience=survivors&kind=organisation&region=Americas&country=co&language=es&theme=7&page=3&done=1")
	f := ParseReviewFilter(v)
	want := ReviewFilter{Audience: "survivors", Kind: "organisation", Region: "Americas", Country: "CO", Language: "es", Theme: 7, Page: 3}
	if f != want {
		t.Fatalf("filter = %+v, want %+v", f, want)
	}
	if got, want := f.Query(), "audience=survivors&country=CO&kind=organisation&language=es&page=3&region=Americas&theme=7"; got != want {
		t.Fatalf("query = %q, want %q", got, want)
	}
	if got, want := f.WithTheme(9), "audience=survivors&country=CO&kind=organisation&language=es&region=Americas&theme=9"; got != want {
		t.Fatalf("with theme = %q, want %q", got, want)
	}
	if !f.Active() {
		t.Fatal("a filter with fields is not active")
	}
}

func TestReviewFilterDropsWhatItCannotRead(t *testing.T) {
	v, _ := url.ParseQuery("audience=survivors&country=Colombia&theme=x&page=-2")
	f := ParseReviewFilter(v)
	if f != (ReviewFilter{Audience: "survivors"}) {
		t.Fatalf("filter = %+v, want only the audience", f)
	}
	if f.Active() {
		t.Fatal("an audience alone narrows nothing")
	}
	if got, want := f.WithPage(2), "audience=survivors&page=2"; got != want {
		t.Fatalf("page 2 = %q, want %q", got, want)
	}
}

func TestParseEdit(t *testing.T) {
	v, _ := url.ParseQuery("keypoints=One.%0D%0A%0D%0ATwo.&keypoints_version=3&version=x")
	if got, want := ParseEdit(v, "keypoints", "keypoints_version"), (Edit{Text: "One.\n\nTwo.", Version: 3}); got != want {
		t.Fatalf("edit = %+v, want %+v", got, want)
	}
	for _, q := range []string{"name=A", "name=A&version=x", "name=A&version=-2", "name=A&version=99999999999999999999"} {
		v, _ := url.ParseQuery(q)
		if got := ParseEdit(v, "name", "version"); got != (Edit{Text: "A"}) {
			t.Errorf("%s: edit = %+v, want version 0", q, got)
		}
	}
}
