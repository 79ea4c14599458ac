package questionset

import (
	"errors"
	"strings"
	"testing"
)

func TestKeysDefaultToTheNumber(t *testing.T) {
	f, err := Parse([]byte(valid))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	for _, set := range f.QuestionSets {
		for _, q := range set.Questions {
			if got, want := q.Key, DefaultKey(q.Number); got != want {
				t.Errorf("%s question %d key = %q, want %q", set.Audience, q.Number, got, want)
			}
		}
	}
	if f.Follows != "" {
		t.Errorf("follows = %q, want none", f.Follows)
	}
}

func TestKeysAndFollowsRead(t *testing.T) {
	data := edit(t, "      - number: 2\n        kind: choice_comment",
		"      - number: 2\n        key: baselines\n        kind: choice_comment")
	data = []byte(strings.Replace(string(data), "self_registration: true\n", "self_registration: true\nfollows: vaconsult-2011\n", 1))
	f, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got, want := f.Follows, "vaconsult-2011"; got != want {
		t.Errorf("follows = %q, want %q", got, want)
	}
	qs := f.QuestionSets[0].Questions
	if qs[0].Key != "q1" || qs[1].Key != "baselines" {
		t.Errorf("keys = %q, %q, want q1, baselines", qs[0].Key, qs[1].Key)
	}
	// What Marshal writes reads back the same.
	out, err := Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse(out)
	if err != nil {
		t.Fatalf("Parse(Marshal): %v\n%s", err, out)
	}
	if again.Follows != f.Follows || again.QuestionSets[0].Questions[1].Key != "baselines" {
		t.Errorf("round trip lost key or follows:\n%s", out)
	}
}

func TestKeysAndFollowsRefused(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"duplicate key", edit(t, "      - number: 2\n        kind: choice_comment",
			"      - number: 2\n        key: q1\n        kind: choice_comment"),
			`question_sets[0].questions[1].key: "q1" already used by questions[0]`},
		{"key taken by a later default", edit(t, "        required: true\n",
			"        required: true\n        key: q2\n"),
			`question_sets[0].questions[1].key: "q2" already used by questions[0]`},
		{"malformed key", edit(t, "      - number: 2\n        kind: choice_comment",
			"      - number: 2\n        key: 2nd question\n        kind: choice_comment"),
			`question_sets[0].questions[1].key: "2nd question" must start with a letter`},
		{"follows itself", edit(t, "self_registration: true\n", "self_registration: true\nfollows: test-consultation\n"),
			"follows: a consultation cannot follow itself"},
		{"follows no slug", edit(t, "self_registration: true\n", "self_registration: true\nfollows: Last Year\n"),
			`follows: "Last Year" is not the name of a consultation`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.data)
			var verr *ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("Parse error = %v, want a *ValidationError", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestKeysMayRepeatAcrossSets(t *testing.T) {
	// Each audience's set has a question 1, keyed q1 by default: keys are
	// unique within a set only.
	f, err := Parse([]byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	if f.QuestionSets[0].Questions[0].Key != f.QuestionSets[1].Questions[0].Key {
		t.Fatal("both first questions should default to the same key")
	}
}
