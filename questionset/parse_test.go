package questionset

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// header and sets make up a small valid file; each test case below changes one
// piece of it and names the problem it expects.
const header = `format: vaconsult/consultation/v1
slug: test-consultation
title: {en: Test, fr: Essai}
meeting: {en: A meeting}
context: {en: Some context}
time_zone: Europe/Zurich
opens_at: 2012-03-22T00:00:00+01:00
closes_at: 2012-05-25T18:00:00+02:00
self_registration: true
`

const sets = `question_sets:
  - audience: states-parties
    title: {en: States Parties}
    questions:
      - number: 1
        kind: text
        required: true
        text: {en: "First?", fr: "Première ?"}
        hint: {en: A hint.}
      - number: 2
        kind: choice_comment
        max_length: 5000
        text: {en: "Second?", fr: "Deuxième ?", es: "¿Segunda?"}
        choices:
          - {value: "yes", label: {en: "Yes"}}
          - {value: "no", label: {en: "No"}}
  - audience: survivors
    title: {en: Survivors}
    questions:
      - number: 1
        kind: choice
        text: {en: "Third?", fr: "Troisième ?"}
        choices:
          - {value: a, label: {en: A}}
          - {value: b, label: {en: B}}
`

const valid = header + sets

// edit returns valid with old replaced by new, failing the test unless old
// occurs exactly once, so that a case cannot silently test nothing.
func edit(t *testing.T, old, new string) []byte {
	t.Helper()
	if n := strings.Count(valid, old); n != 1 {
		t.Fatalf("%q occurs %d times in the valid file, want 1", old, n)
	}
	return []byte(strings.Replace(valid, old, new, 1))
}

func TestParseValid(t *testing.T) {
	f, err := Parse([]byte(valid))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got, want := f.Slug, "test-consultation"; got != want {
		t.Errorf("slug = %q, want %q", got, want)
	}
	want := time.Date(2012, 3, 22, 0, 0, 0, 0, time.FixedZone("", 3600))
	if f.OpensAt == nil || !f.OpensAt.Equal(want) {
		t.Errorf("opens_at = %v, want %v", f.OpensAt, want)
	}
	if got := len(f.QuestionSets); got != 2 {
		t.Fatalf("question sets = %d, want 2", got)
	}
	if got, want := f.QuestionSets[0].Questions[1].Choices[0].Value, "yes"; got != want {
		t.Errorf("first choice value = %q, want %q", got, want)
	}
}

func TestParseInvalid(t *testing.T) {
	const q0 = "question_sets[0].questions[0]"
	const q1 = "question_sets[0].questions[1]"
	const s1q0 = "question_sets[1].questions[0]"
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		{"wrong format", "format: vaconsult/consultation/v1", "format: vaconsult/consultation/v2",
			[]string{`format: is "vaconsult/consultation/v2", want "vaconsult/consultation/v1"`}},
		{"no format", "format: vaconsult/consultation/v1\n", "",
			[]string{`format: is "", want "vaconsult/consultation/v1"`}},
		{"no slug", "slug: test-consultation\n", "",
			[]string{"slug: required"}},
		{"slug with capitals", "slug: test-consultation", "slug: Test-Consultation",
			[]string{`slug: "Test-Consultation" must be lowercase letters and digits in words joined by single hyphens`}},
		{"slug with double hyphen", "slug: test-consultation", "slug: test--consultation",
			[]string{`slug: "test--consultation" must be lowercase letters and digits in words joined by single hyphens`}},
		{"slug ending in hyphen", "slug: test-consultation", "slug: test-",
			[]string{`slug: "test-" must be lowercase letters and digits in words joined by single hyphens`}},
		{"slug too long", "slug: test-consultation", "slug: " + strings.Repeat("a", 65),
			[]string{"slug: is 65 characters long, at most 64 allowed"}},
		{"no title", "title: {en: Test, fr: Essai}\n", "",
			[]string{`title: required, with an "en" text`}},
		{"title without English", "title: {en: Test, fr: Essai}", "title: {fr: Essai}",
			[]string{`title: missing "en" text`}},
		{"title with blank English", "title: {en: Test, fr: Essai}", `title: {en: " ", fr: Essai}`,
			[]string{`title: missing "en" text`}},
		{"no context", "context: {en: Some context}\n", "",
			[]string{`context: required, with an "en" text`}},
		{"context without English", "context: {en: Some context}", "context: {es: Un contexto}",
			[]string{`context: missing "en" text`}},
		{"meeting without English", "meeting: {en: A meeting}", "meeting: {fr: Une réunion}",
			[]string{`meeting: missing "en" text`}},
		{"unknown time zone", "time_zone: Europe/Zurich", "time_zone: Europe/Atlantis",
			[]string{`time_zone: unknown time zone "Europe/Atlantis"`}},
		{"local time zone", "time_zone: Europe/Zurich", "time_zone: Local",
			[]string{`time_zone: "Local" depends on the server; name a zone such as "Europe/Zurich"`}},
		{"closes before it opens", "closes_at: 2012-05-25T18:00:00+02:00", "closes_at: 2012-03-01T00:00:00+01:00",
			[]string{"closes_at: 2012-03-01T00:00:00+01:00 is not after opens_at 2012-03-22T00:00:00+01:00"}},
		{"closes when it opens", "closes_at: 2012-05-25T18:00:00+02:00", "closes_at: 2012-03-21T23:00:00Z",
			[]string{"closes_at: 2012-03-21T23:00:00Z is not after opens_at 2012-03-22T00:00:00+01:00"}},
		{"no question sets", sets, "question_sets: []\n",
			[]string{"question_sets: at least one question set is required"}},
		{"question sets missing", sets, "",
			[]string{"question_sets: at least one question set is required"}},
		{"unknown audience", "audience: survivors", "audience: donors",
			[]string{`question_sets[1].audience: unknown audience "donors", want "states-parties" or "survivors"`}},
		{"no audience", "  - audience: survivors\n    title", "  - title",
			[]string{`question_sets[1].audience: required ("states-parties" or "survivors")`}},
		{"audience twice", "audience: survivors", "audience: states-parties",
			[]string{`question_sets[1].audience: "states-parties" already used by question_sets[0]`}},
		{"set title without English", "title: {en: Survivors}", "title: {fr: Survivants}",
			[]string{`question_sets[1].title: missing "en" text`}},
		{"set without title", "    title: {en: Survivors}\n", "",
			[]string{`question_sets[1].title: required, with an "en" text`}},
		{"set intro without English", "    title: {en: Survivors}\n", "    title: {en: Survivors}\n    intro: {fr: Bienvenue}\n",
			[]string{`question_sets[1].intro: missing "en" text`}},
		{"set without questions", `    title: {en: Survivors}
    questions:
      - number: 1
        kind: choice
        text: {en: "Third?", fr: "Troisième ?"}
        choices:
          - {value: a, label: {en: A}}
          - {value: b, label: {en: B}}
`, "    title: {en: Survivors}\n    questions: []\n",
			[]string{"question_sets[1].questions: at least one question is required"}},
		{"numbers with a gap", "      - number: 2", "      - number: 3",
			[]string{q1 + ".number: is 3, want 2 (questions are numbered 1, 2, 3… in order)"}},
		{"numbers from zero", "      - number: 1\n        kind: choice\n", "      - number: 0\n        kind: choice\n",
			[]string{s1q0 + ".number: is 0, want 1 (questions are numbered 1, 2, 3… in order)"}},
		{"unknown kind", "kind: choice\n", "kind: multiple_choice\n",
			[]string{s1q0 + `.kind: unknown kind "multiple_choice", want text, choice or choice_comment`}},
		{"no kind", "        kind: text\n", "",
			[]string{q0 + ".kind: required (text, choice or choice_comment)"}},
		{"max_length too large", "max_length: 5000", "max_length: 100001",
			[]string{q1 + ".max_length: is 100001, want 1 to 100000"}},
		{"max_length negative", "max_length: 5000", "max_length: -1",
			[]string{q1 + ".max_length: is -1, want 1 to 100000"}},
		{"max_length ignored for choice", "        kind: choice\n", "        kind: choice\n        max_length: -1\n",
			nil},
		{"choices on text", "        kind: text\n", "        kind: text\n        choices: [{value: a, label: {en: A}}, {value: b, label: {en: B}}]\n",
			[]string{q0 + `.choices: not allowed for kind "text"`}},
		{"choice_comment without choices", `        choices:
          - {value: "yes", label: {en: "Yes"}}
          - {value: "no", label: {en: "No"}}
`, "",
			[]string{q1 + `.choices: required for kind "choice_comment"`}},
		{"choice without choices", `        choices:
          - {value: a, label: {en: A}}
          - {value: b, label: {en: B}}
`, "",
			[]string{s1q0 + `.choices: required for kind "choice"`}},
		{"a single choice", "          - {value: b, label: {en: B}}\n", "",
			[]string{s1q0 + `.choices: at least 2 required for kind "choice", got 1`}},
		{"choice value with capitals", `{value: "no", label`, `{value: "No", label`,
			[]string{q1 + `.choices[1].value: "No" must be lowercase letters, digits and underscores`}},
		{"choice value with a hyphen", "{value: b,", "{value: dont-know,",
			[]string{s1q0 + `.choices[1].value: "dont-know" must be lowercase letters, digits and underscores`}},
		{"choice without value", "{value: b,", "{",
			[]string{s1q0 + ".choices[1].value: required"}},
		{"choice value twice", "{value: b,", "{value: a,",
			[]string{s1q0 + `.choices[1].value: "a" already used by choices[0]`}},
		{"choice label without English", "label: {en: B}", "label: {fr: B}",
			[]string{s1q0 + `.choices[1].label: missing "en" text`}},
		{"choice without label", "{value: b, label: {en: B}}", "{value: b}",
			[]string{s1q0 + `.choices[1].label: required, with an "en" text`}},
		{"question without text", "        text: {en: \"First?\", fr: \"Première ?\"}\n", "",
			[]string{q0 + `.text: required, with an "en" text`}},
		{"question text without English", `text: {en: "First?", fr: "Première ?"}`, `text: {fr: "Première ?"}`,
			[]string{q0 + `.text: missing "en" text`}},
		{"hint without English", "hint: {en: A hint.}", "hint: {fr: Un conseil.}",
			[]string{q0 + `.hint: missing "en" text`}},
		{"unknown language", "title: {en: Test, fr: Essai}", "title: {en: Test, de: Test}",
			[]string{`title.de: unknown language "de", want one of en, fr, es, ar, zh, ru`}},
		{"region subtag", `text: {en: "Third?", fr: "Troisième ?"}`, `text: {en: "Third?", fr-CH: "Troisième ?"}`,
			[]string{s1q0 + `.text.fr-CH: unknown language "fr-CH", want one of en, fr, es, ar, zh, ru`}},
		{"empty translation", `text: {en: "First?", fr: "Première ?"}`, `text: {en: "First?", fr: ""}`,
			[]string{q0 + ".text.fr: empty; leave the language out instead"}},
		{"NUL byte", `text: {en: "First?", fr: "Première ?"}`, `text: {en: "First\0?"}`,
			[]string{q0 + ".text.en: contains a NUL byte"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(edit(t, tt.old, tt.new))
			if got := problems(t, err); !slices.Equal(got, tt.want) {
				t.Errorf("problems =\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

// problems returns the problems of err, failing the test when err is neither
// nil nor a *ValidationError.
func problems(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("error %v (%T) is not a *ValidationError", err, err)
	}
	return verr.Problems
}

func TestParseListsEveryProblem(t *testing.T) {
	data := strings.NewReplacer(
		"slug: test-consultation", "slug: Test",
		"time_zone: Europe/Zurich", "time_zone: Mars/Olympus",
		"{value: b,", "{value: a,",
	).Replace(valid)
	_, err := Parse([]byte(data))
	want := []string{
		`slug: "Test" must be lowercase letters and digits in words joined by single hyphens`,
		`time_zone: unknown time zone "Mars/Olympus"`,
		`question_sets[1].questions[0].choices[1].value: "a" already used by choices[0]`,
	}
	if got := problems(t, err); !slices.Equal(got, want) {
		t.Fatalf("problems =\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
	if msg := err.Error(); !strings.Contains(msg, want[0]+"; "+want[1]+"; "+want[2]) {
		t.Errorf("Error() = %q, want every problem joined by semicolons", msg)
	}
}

func TestParseStrict(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     string // in the error message
	}{
		{"unknown top-level key", "slug: test-consultation", "slug: test-consultation\ncloses: 2012-05-25", `line 3: unknown key "closes": check its spelling`},
		{"misspelt question key", "required: true", "requried: true", `line 16: unknown key "requried"`},
		{"unknown choice key", "{value: a, label: {en: A}}", "{value: a, label: {en: A}, score: 1}", `unknown key "score"`},
		{"text as a plain string", "title: {en: Test, fr: Essai}", "title: Test", `line 3: "Test" cannot be read here: want texts by language`},
		{"number as a word", "number: 2", "number: two", `"two" cannot be read here: want a whole number`},
		{"key given twice", "slug: test-consultation", "slug: test-consultation\nslug: other", `"slug" already defined`},
		{"not a time", "opens_at: 2012-03-22T00:00:00+01:00", "opens_at: next spring", `"next spring" is not a date and time of the form 2012-05-25T18:00:00+02:00`},
		{"not YAML", "title: {en: Test, fr: Essai}", "title: {en: Test", "not valid YAML: line "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse(edit(t, tt.old, tt.new))
			if err == nil {
				t.Fatalf("Parse succeeded, want an error containing %q", tt.want)
			}
			if f != nil {
				t.Errorf("Parse returned a file along with error %v", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %q, want it to contain %q", err, tt.want)
			}
			// Whoever edits the file knows YAML, not Go.
			for _, goTerm := range []string{"questionset.", "!!", "unmarshal", "2006"} {
				if strings.Contains(err.Error(), goTerm) {
					t.Errorf("error = %q speaks of %q", err, goTerm)
				}
			}
		})
	}
}

func TestParseNotOneDocument(t *testing.T) {
	tests := []struct {
		name string
		data string
		want string
	}{
		{"empty", "", "empty file"},
		{"only a comment", "# nothing yet\n", "empty file"},
		{"two documents", valid + "---\n" + valid, "more than one YAML document"},
		{"invalid UTF-8", strings.Replace(valid, "Essai", "Ess\xffai", 1), "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.data))
			if err == nil || !strings.Contains(strings.ToLower(err.Error()), strings.ToLower(tt.want)) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestParseDefaults(t *testing.T) {
	data := strings.NewReplacer(
		"time_zone: Europe/Zurich\n", "",
		"max_length: 5000", "max_length: 0",
		"        kind: choice\n", "        kind: choice\n        max_length: 0\n",
		"kind: text\n", "kind: text\n        max_length: 250\n",
	).Replace(valid)
	f, err := Parse([]byte(data))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got, want := f.TimeZone, "UTC"; got != want {
		t.Errorf("time_zone = %q, want %q", got, want)
	}
	tests := []struct {
		name string
		q    Question
		want int
	}{
		{"explicit, text", f.QuestionSets[0].Questions[0], 250},
		{"default, choice_comment", f.QuestionSets[0].Questions[1], DefaultMaxLength},
		{"choice has no free text", f.QuestionSets[1].Questions[0], 0},
	}
	for _, tt := range tests {
		if got := tt.q.MaxLength; got != tt.want {
			t.Errorf("%s: max_length = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestValidateText(t *testing.T) {
	// Invalid UTF-8 cannot come through YAML, but files built in Go (from an
	// XLSForm import, say) are validated too.
	tests := []struct {
		name string
		text Text
		want []string
	}{
		{"valid", Text{"en": "Yes", "ar": "نعم"}, nil},
		{"invalid UTF-8", Text{"en": "Yes", "fr": "Ou\xffi"}, []string{"question_sets[0].questions[0].choices[0].label.fr: not valid UTF-8"}},
		{"NUL byte", Text{"en": "Y\x00es"}, []string{"question_sets[0].questions[0].choices[0].label.en: contains a NUL byte"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse([]byte(valid))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			f.QuestionSets[0].Questions[0].Kind = KindChoice
			f.QuestionSets[0].Questions[0].Choices = []Choice{
				{Value: "yes", Label: tt.text},
				{Value: "no", Label: Text{"en": "No"}},
			}
			if got := problems(t, f.Validate()); !slices.Equal(got, tt.want) {
				t.Errorf("problems = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestValidateReturnsNilInterface(t *testing.T) {
	f, err := Parse([]byte(valid))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	// A typed nil *ValidationError would make err != nil true for callers.
	if err := f.Validate(); err != nil {
		t.Fatalf("Validate = %#v, want nil", err)
	}
}

// pairedSets has two survivors' questions, so that pairing one States'
// question twice can be written.
const pairedSets = sets + `      - number: 2
        kind: text
        text: {en: "Fourth?"}
`

// Each problem of a pair starts with its line, and names the key.
func TestParsePairs(t *testing.T) {
	const s0q0 = "question_sets[0].questions[0].answers_back_to"
	const s1q0 = "question_sets[1].questions[0].answers_back_to"
	const s1q1 = "question_sets[1].questions[1].answers_back_to"
	pair := func(q1, q2 string) string {
		s := strings.Replace(pairedSets, "      - number: 1\n        kind: choice\n", "      - number: 1\n"+q1+"        kind: choice\n", 1)
		return strings.Replace(s, "      - number: 2\n        kind: text\n        text: {en: \"Fourth?\"}", "      - number: 2\n"+q2+"        kind: text\n        text: {en: \"Fourth?\"}", 1)
	}
	tests := []struct {
		name string
		sets string
		want []string
	}{
		{"two pairs", pair("        answers_back_to: 2\n", "        answers_back_to: 1\n"), nil},
		{"one pair, one alone", pair("        answers_back_to: 2\n", ""), nil},
		{"unknown question", pair("        answers_back_to: 3\n", ""),
			[]string{"line 30: " + s1q0 + ": is 3, but the states-parties question set has no question 3 (it has 1 to 2)"}},
		{"negative", pair("        answers_back_to: -1\n", ""),
			[]string{"line 30: " + s1q0 + ": is -1, but the states-parties question set has no question -1 (it has 1 to 2)"}},
		{"paired twice", pair("        answers_back_to: 2\n", "        answers_back_to: 2\n"),
			[]string{"line 37: " + s1q1 + ": states-parties question 2 is paired twice: question_sets[1].questions[0] answers back to it already"}},
		{"same audience", strings.Replace(pairedSets, "        required: true\n", "        required: true\n        answers_back_to: 2\n", 1),
			[]string{"line 17: " + s0q0 + ": only a survivors question answers back to a states-parties question; a question cannot be paired with one of its own audience"}},
		{"not a number", pair("        answers_back_to: q1\n", ""),
			[]string{`line 30: "q1" cannot be read here: want a whole number`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse([]byte(header + tt.sets))
			if got := problems(t, err); !slices.Equal(got, tt.want) {
				t.Errorf("problems =\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
			if err == nil && f.QuestionSets[1].Questions[0].AnswersBackTo != 2 {
				t.Errorf("survivors' question 1 answers back to %d, want 2", f.QuestionSets[1].Questions[0].AnswersBackTo)
			}
		})
	}

	// Without a States Parties' set there is nothing to answer back to.
	alone := header + `question_sets:
  - audience: survivors
    title: {en: Survivors}
    questions:
      - number: 1
        answers_back_to: 1
        kind: text
        text: {en: "Third?"}
`
	_, err := Parse([]byte(alone))
	want := []string{"line 15: question_sets[0].questions[0].answers_back_to: is 1, but the file has no states-parties question set"}
	if got := problems(t, err); !slices.Equal(got, want) {
		t.Errorf("problems = %q, want %q", got, want)
	}
}
