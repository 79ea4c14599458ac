package main

import (
	"testing"
	"unicode/utf8"
)

func TestTextGen(t *testing.T) {
	g := newTextGen(1, 0)
	prev := ""
	for range 50 {
		s := g.next(5000)
		if !utf8.ValidString(s) {
			t.Fatalf("text is not valid UTF-8: %q", s)
		}
		if len(s) < 250 || len(s) > 3000 {
			t.Errorf("text of %d bytes, want 300 to 3,000 (a little less after trimming)", len(s))
		}
		if s == prev {
			t.Errorf("two texts in a row are the same: %q", s)
		}
		prev = s
	}
	if got := utf8.RuneCountInString(newTextGen(2, 4000).next(100)); got > 100 {
		t.Errorf("text of %d characters, want at most 100", got)
	}
}
