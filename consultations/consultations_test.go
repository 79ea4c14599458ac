package consultations

import (
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store/domain"
)

// The English wording of the 2012 announcement, which the file must keep word
// for word. It is written out here, not read from elsewhere, so that the test
// stands on its own.
var (
	statesPartiesQuestions = []string{
		"What tools do you use to measure, monitor and report on the impact of your victim assistance programmes?",
		"How did you establish baselines, methods for measurement and targets against which to measure results?",
		"How do you use the results of your evaluations?",
		"How do you ensure that your efforts actually make a difference in the lives of victims and survivors?",
	}
	survivorsQuestions = []string{
		"Are you included in efforts to monitor and report on the impact of victim assistance programmes?",
		"How can States and non-governmental and international organizations improve their victim assistance efforts to better ensure they translate into a real difference on the ground?",
		"Are the efforts of States and non-governmental and international organizations actually making a difference in the lives of victims and survivors?",
	}
	contextParagraphs = []string{
		"At the Cartagena Summit, the States Parties recognised “that the real promise of the Convention is to make a difference on the ground, in the lives of survivors, the families of those killed or injured, and their communities.” While the States Parties have developed a rich set of understandings regarding what “victim assistance” means to them, as recorded at the Cartagena Summit, “a persistent challenge remains in translating increased understanding on victim assistance into tangible improvements in the quality of daily life of mine victims.”",
		"Given the “real promise of the Convention” and the “persistent challenge” recorded in Cartagena, the Co-Chairs invite all interested delegations to engage in a discussion on how the Convention community can fulfil its promise to survivors and victims.",
		"In preparing for this discussion, participants have been invited to consider their experiences and challenges faced in relation to the following issues:",
	}
)

func mustDefault(t *testing.T) *questionset.File {
	t.Helper()
	f, err := Default()
	if err != nil {
		t.Fatalf("Default: %v", err)
	}
	return f
}

func TestDefault(t *testing.T) {
	f := mustDefault(t)
	tests := []struct {
		name      string
		got, want string
	}{
		{"slug", f.Slug, "va-impact-2012"},
		{"title", f.Title["en"], "Victim assistance: measuring and reporting impact"},
		{"meeting", f.Meeting["en"], "Intersessional meeting of the Standing Committee on Victim Assistance and Socio-economic Reintegration, Geneva, 21–25 May 2012"},
		{"context", f.Context["en"], strings.Join(contextParagraphs, "\n\n")},
		{"time zone", f.TimeZone, "Europe/Zurich"},
		{"first set", string(f.QuestionSets[0].Audience), string(domain.AudienceStatesParties)},
		{"first set title", f.QuestionSets[0].Title["en"], "States Parties"},
		{"second set", string(f.QuestionSets[1].Audience), string(domain.AudienceSurvivors)},
		{"second set title", f.QuestionSets[1].Title["en"], "Survivors or their representative organisations"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	opens := time.Date(2012, 3, 22, 0, 0, 0, 0, time.FixedZone("CET", 3600))
	if f.OpensAt == nil || !f.OpensAt.Equal(opens) {
		t.Errorf("opens_at = %v, want %v", f.OpensAt, opens)
	}
	// Left open on purpose: an administrator closes it by setting closes_at.
	if f.ClosesAt != nil {
		t.Errorf("closes_at = %v, want none", f.ClosesAt)
	}
	if !f.SelfRegistration {
		t.Error("self_registration = false, want true")
	}
	if got, want := f.Languages(), []string{"en", "ar", "es", "fr", "ru", "zh"}; !slices.Equal(got, want) {
		t.Errorf("Languages() = %q, want %q", got, want)
	}
}

func TestQuestionWording(t *testing.T) {
	f := mustDefault(t)
	tests := []struct {
		set  int
		want []string
	}{
		{0, statesPartiesQuestions},
		{1, survivorsQuestions},
	}
	for _, tt := range tests {
		qs := f.QuestionSets[tt.set].Questions
		if len(qs) != len(tt.want) {
			t.Fatalf("%s: %d questions, want %d", f.QuestionSets[tt.set].Audience, len(qs), len(tt.want))
		}
		for i, q := range qs {
			if got := q.Text["en"]; got != tt.want[i] {
				t.Errorf("%s question %d =\n\t%q\nwant\n\t%q", f.QuestionSets[tt.set].Audience, q.Number, got, tt.want[i])
			}
		}
	}
}

// TestWordingMatchesSeed checks the strings above against the founding
// document, of which testdata/seed.txt is a copy kept with the code.
func TestWordingMatchesSeed(t *testing.T) {
	data, err := os.ReadFile("testdata/seed.txt")
	if err != nil {
		t.Fatalf("founding document: %v", err)
	}
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	var want []string
	for i, q := range statesPartiesQuestions {
		want = append(want, fmt.Sprintf("%d. %s", i+1, q))
	}
	for i, q := range survivorsQuestions {
		want = append(want, fmt.Sprintf("%d. %s", i+1, q))
	}
	want = append(want, contextParagraphs...)
	for _, w := range want {
		if !slices.Contains(lines, w) {
			t.Errorf("not a line of the founding document: %q", w)
		}
	}
}

func TestQuestionKinds(t *testing.T) {
	f := mustDefault(t)
	yesNo := []string{"yes:Yes", "partly:Partly", "no:No", "dont_know:Don't know"}
	difference := []string{"real_difference:Yes, a real difference", "some_difference:Some difference", "no_difference:No difference", "dont_know:Don't know"}
	tests := []struct {
		set, number int
		kind        string
		maxLength   int
		choices     []string // value:English label
	}{
		{0, 1, questionset.KindText, 10000, nil},
		{0, 2, questionset.KindText, 10000, nil},
		{0, 3, questionset.KindText, 10000, nil},
		{0, 4, questionset.KindText, 10000, nil},
		{1, 1, questionset.KindChoiceComment, 5000, yesNo},
		{1, 2, questionset.KindText, 10000, nil},
		{1, 3, questionset.KindChoiceComment, 5000, difference},
	}
	for _, tt := range tests {
		q := f.QuestionSets[tt.set].Questions[tt.number-1]
		name := fmt.Sprintf("%s question %d", f.QuestionSets[tt.set].Audience, tt.number)
		if q.Kind != tt.kind || q.MaxLength != tt.maxLength || !q.Required {
			t.Errorf("%s: kind %q, max_length %d, required %t; want %q, %d, true",
				name, q.Kind, q.MaxLength, q.Required, tt.kind, tt.maxLength)
		}
		var got []string
		for _, c := range q.Choices {
			got = append(got, c.Value+":"+c.Label["en"])
		}
		if !slices.Equal(got, tt.choices) {
			t.Errorf("%s: choices %q, want %q", name, got, tt.choices)
		}
		if strings.TrimSpace(q.Hint["en"]) == "" {
			t.Errorf("%s: no hint", name)
		}
	}
}

// texts returns every text of f by its place in the file.
func texts(f *questionset.File) map[string]questionset.Text {
	all := map[string]questionset.Text{
		"title": f.Title, "meeting": f.Meeting, "context": f.Context,
	}
	for i, s := range f.QuestionSets {
		sp := fmt.Sprintf("question_sets[%d]", i)
		all[sp+".title"] = s.Title
		if s.Intro != nil {
			all[sp+".intro"] = s.Intro
		}
		for j, q := range s.Questions {
			qp := fmt.Sprintf("%s.questions[%d]", sp, j)
			all[qp+".text"] = q.Text
			all[qp+".hint"] = q.Hint
			for k, c := range q.Choices {
				all[fmt.Sprintf("%s.choices[%d].label", qp, k)] = c.Label
			}
		}
	}
	return all
}

func TestEveryTextTranslated(t *testing.T) {
	f := mustDefault(t)
	for path, text := range texts(f) {
		for _, lang := range lang.Supported {
			if strings.TrimSpace(text[lang]) == "" {
				t.Errorf("%s: no %q text", path, lang)
			}
		}
	}
}

// TestTypography catches the slips a translation is most likely to carry:
// French wants a no-break space before a colon or question mark and inside
// guillemets, Spanish an opening ¿, Arabic its own question mark, Russian
// guillemets rather than English quotes, Chinese full-width punctuation.
func TestTypography(t *testing.T) {
	f := mustDefault(t)
	for path, text := range texts(f) {
		for _, bad := range []string{" :", " ?", " ;", " !", "« ", " »"} {
			if strings.Contains(text["fr"], bad) {
				t.Errorf("%s.fr: %q needs a no-break space", path, bad)
			}
		}
	}
	for path, text := range texts(f) {
		if strings.ContainsAny(text["ru"], "“”\"") {
			t.Errorf("%s.ru: quotes should be « »", path)
		}
		// Half-width punctuation between Chinese characters; a time such
		// as 18:00 or a list of codes may keep its own.
		if strings.ContainsAny(text["zh"], ",:;?!()") {
			t.Errorf("%s.zh: %q has half-width punctuation", path, text["zh"])
		}
	}
	for _, s := range f.QuestionSets {
		for _, q := range s.Questions {
			name := fmt.Sprintf("%s question %d", s.Audience, q.Number)
			if !strings.HasSuffix(q.Text["fr"], "\u00a0?") {
				t.Errorf("%s.fr does not end in a no-break space and ?", name)
			}
			if es := q.Text["es"]; !strings.HasPrefix(es, "¿") || !strings.HasSuffix(es, "?") {
				t.Errorf("%s.es is not within ¿…?", name)
			}
			if !strings.HasSuffix(q.Text["ar"], "؟") {
				t.Errorf("%s.ar does not end in ؟", name)
			}
			if !strings.HasSuffix(q.Text["ru"], "?") {
				t.Errorf("%s.ru does not end in ?", name)
			}
			if !strings.HasSuffix(q.Text["zh"], "？") {
				t.Errorf("%s.zh does not end in a full-width ？", name)
			}
		}
	}
}

func TestEveryFileLoads(t *testing.T) {
	names, err := fs.Glob(Files, "*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no consultation files embedded (err %v)", err)
	}
	slugs := make(map[string]string)
	for _, name := range names {
		f, err := Load(name)
		if err != nil {
			t.Errorf("Load(%q): %v", name, err)
			continue
		}
		if other, dup := slugs[f.Slug]; dup {
			t.Errorf("%s: slug %q already used by %s", name, f.Slug, other)
		}
		slugs[f.Slug] = name
	}
}

func TestLoadMissing(t *testing.T) {
	if f, err := Load("no-such-consultation.yaml"); err == nil {
		t.Errorf("Load of a missing file = %v, want an error", f)
	}
}
