package questionset

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	// The consultation's time zone must load on any host, including minimal
	// containers that ship no zoneinfo files.
	_ "time/tzdata"
	"unicode/utf8"

	"github.com/vaconsult/vaconsult/store/domain"
)

// Limits and defaults of a consultation file.
const (
	MaxSlugLength    = 64
	DefaultMaxLength = 10000  // characters of free text when max_length is 0
	MaxMaxLength     = 100000 // the largest max_length a question may ask for
	DefaultTimeZone  = "UTC"

	// Longest texts, in characters, in each language: far above any real
	// wording, low enough that a mistaken file cannot fill every page.
	MaxTitleLength    = 500   // titles, the meeting, choice labels
	MaxQuestionLength = 4000  // a question's wording and its hint
	MaxContextLength  = 40000 // the context and a set's introduction
	MaxRetentionDays  = 36500 // a hundred years
)

// languages are the six official languages of the United Nations, those in
// which the Convention's documents are issued.
var languages = []string{"en", "fr", "es", "ar", "zh", "ru"}

var (
	slugPattern        = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	keyPattern         = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]{0,63}$`)
	choiceValuePattern = regexp.MustCompile(`^[a-z0-9_]+$`)
)

// ValidSlug reports whether s may name a consultation: lowercase letters
// and digits in words joined by single hyphens, at most MaxSlugLength.
func ValidSlug(s string) bool {
	return len(s) <= MaxSlugLength && slugPattern.MatchString(s)
}

// ValidationError lists every problem found in a consultation file, so that
// whoever edits it can fix them all in one pass.
type ValidationError struct {
	// Problems each start with the place in the file they concern, such as
	// `question_sets[1].questions[0].choices: required for kind "choice_comment"`.
	Problems []string
}

// Error returns the problems on one line, separated by semicolons.
func (e *ValidationError) Error() string {
	return "invalid consultation file: " + strings.Join(e.Problems, "; ")
}

// Validate checks the file against the rules of Format and fills in the
// defaults: time_zone becomes DefaultTimeZone when empty, and max_length
// becomes DefaultMaxLength when 0 on text and choice_comment questions, and
// 0 on choice questions, which take no free text.
// It returns nil, or a *ValidationError listing every problem found.
func (f *File) Validate() error {
	var v validator
	v.header(f)
	v.follows(f)
	v.schedule(f)
	v.sets(f.QuestionSets)
	v.pairs(f.QuestionSets)
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

// validator collects problems instead of stopping at the first one.
type validator struct {
	problems []string
}

func (v *validator) addf(path, format string, args ...any) {
	v.problems = append(v.problems, path+": "+fmt.Sprintf(format, args...))
}

func (v *validator) header(f *File) {
	if f.Format != Format {
		v.addf("format", "is %q, want %q", f.Format, Format)
	}
	switch {
	case f.Slug == "":
		v.addf("slug", "required")
	case len(f.Slug) > MaxSlugLength:
		v.addf("slug", "is %d characters long, at most %d allowed", len(f.Slug), MaxSlugLength)
	case !slugPattern.MatchString(f.Slug):
		v.addf("slug", "%q must be lowercase letters and digits in words joined by single hyphens", f.Slug)
	}
	v.text("title", f.Title, true, MaxTitleLength)
	v.text("meeting", f.Meeting, false, MaxTitleLength)
	v.text("context", f.Context, true, MaxContextLength)
}

func (v *validator) schedule(f *File) {
	if f.TimeZone == "" {
		f.TimeZone = DefaultTimeZone
	}
	// "Local" would mean whatever zone the server happens to run in.
	if f.TimeZone == "Local" {
		v.addf("time_zone", `"Local" depends on the server; name a zone such as "Europe/Zurich"`)
	} else if _, err := time.LoadLocation(f.TimeZone); err != nil {
		v.addf("time_zone", "unknown time zone %q", f.TimeZone)
	}
	if f.RetentionDays < 0 || f.RetentionDays > MaxRetentionDays {
		v.addf("retention_days", "is %d, want 1 to %d, or leave it out to keep personal data until an administrator deletes it",
			f.RetentionDays, MaxRetentionDays)
	}
	if f.OpensAt != nil && f.ClosesAt != nil && !f.OpensAt.Before(*f.ClosesAt) {
		v.addf("closes_at", "%s is not after opens_at %s",
			f.ClosesAt.Format(time.RFC3339), f.OpensAt.Format(time.RFC3339))
	}
}

func (v *validator) sets(sets []QuestionSet) {
	if len(sets) == 0 {
		v.addf("question_sets", "at least one question set is required")
		return
	}
	seen := make(map[domain.Audience]int)
	for i := range sets {
		path := fmt.Sprintf("question_sets[%d]", i)
		v.set(path, &sets[i])
		audience := sets[i].Audience
		if j, dup := seen[audience]; dup {
			v.addf(path+".audience", "%q already used by question_sets[%d]", audience, j)
		} else if audience != "" {
			seen[audience] = i
		}
	}
}

func (v *validator) set(path string, s *QuestionSet) {
	if s.Audience == "" {
		v.addf(path+".audience", "required (%q or %q)", domain.AudienceStatesParties, domain.AudienceSurvivors)
	} else if _, err := domain.ParseAudience(string(s.Audience)); err != nil {
		v.addf(path+".audience", "%v", err)
	}
	v.kinds(path+".kinds", s)
	v.text(path+".title", s.Title, true, MaxTitleLength)
	v.text(path+".intro", s.Intro, false, MaxContextLength)
	if len(s.Questions) == 0 {
		v.addf(path+".questions", "at least one question is required")
	}
	v.keys(path, s.Questions)
	for i := range s.Questions {
		qpath := fmt.Sprintf("%s.questions[%d]", path, i)
		// Numbers are what respondents and the Co-Chairs' report cite, so
		// they must match the order the questions are shown in.
		if n := s.Questions[i].Number; n != i+1 {
			v.addf(qpath+".number", "is %d, want %d (questions are numbered 1, 2, 3… in order)", n, i+1)
		}
		v.question(qpath, &s.Questions[i])
	}
}

func (v *validator) question(path string, q *Question) {
	switch q.Kind {
	case KindText:
		v.maxLength(path, q)
		if len(q.Choices) > 0 {
			v.addf(path+".choices", "not allowed for kind %q", q.Kind)
		}
	case KindChoice:
		// No free text, so nothing to limit: a max_length given anyway is
		// ignored, as the format says, rather than stored as a rule.
		q.MaxLength = 0
		v.choices(path, q)
	case KindChoiceComment:
		v.maxLength(path, q)
		v.choices(path, q)
	case "":
		v.addf(path+".kind", "required (%s, %s or %s)", KindText, KindChoice, KindChoiceComment)
	default:
		v.addf(path+".kind", "unknown kind %q, want %s, %s or %s", q.Kind, KindText, KindChoice, KindChoiceComment)
	}
	v.text(path+".text", q.Text, true, MaxQuestionLength)
	v.text(path+".hint", q.Hint, false, MaxQuestionLength)
}

// pairs checks that each answers_back_to is on a survivors' question and
// names a question of the States Parties' set that no other survivors'
// question answers back to: the country view and the exports line up one
// States' question with at most one survivors' question.
func (v *validator) pairs(sets []QuestionSet) {
	states := -1
	for i := range sets {
		if sets[i].Audience == domain.AudienceStatesParties {
			states = i
		}
	}
	taken := map[int]string{}
	for i, s := range sets {
		for j, q := range s.Questions {
			if q.AnswersBackTo == 0 {
				continue
			}
			path := fmt.Sprintf("question_sets[%d].questions[%d].answers_back_to", i, j)
			switch {
			case s.Audience != domain.AudienceSurvivors:
				v.addf(path, "only a %s question answers back to a %s question; a question cannot be paired with one of its own audience",
					domain.AudienceSurvivors, domain.AudienceStatesParties)
			case states < 0:
				v.addf(path, "is %d, but the file has no %s question set", q.AnswersBackTo, domain.AudienceStatesParties)
			case q.AnswersBackTo < 0 || q.AnswersBackTo > len(sets[states].Questions):
				v.addf(path, "is %d, but the %s question set has no question %d (it has 1 to %d)",
					q.AnswersBackTo, domain.AudienceStatesParties, q.AnswersBackTo, len(sets[states].Questions))
			case taken[q.AnswersBackTo] != "":
				v.addf(path, "%s question %d is paired twice: %s answers back to it already",
					domain.AudienceStatesParties, q.AnswersBackTo, taken[q.AnswersBackTo])
			default:
				taken[q.AnswersBackTo] = fmt.Sprintf("question_sets[%d].questions[%d]", i, j)
			}
		}
	}
}

// kinds checks the kinds of respondent a set admits, and gives a set
// without any those of its audience.
func (v *validator) kinds(path string, s *QuestionSet) {
	admissible := s.Audience.Admissible()
	if admissible == nil {
		return // the audience is wrong already
	}
	if len(s.Kinds) == 0 {
		s.Kinds = s.Audience.Kinds()
		return
	}
	seen := map[domain.RespondentKind]bool{}
	for i, k := range s.Kinds {
		switch {
		case seen[k]:
			v.addf(fmt.Sprintf("%s[%d]", path, i), "%q is listed twice", k)
		case !slices.Contains(admissible, k):
			v.addf(fmt.Sprintf("%s[%d]", path, i), "%q cannot answer the %s question set, want %s",
				k, s.Audience, domain.OneOf(admissible...))
		}
		seen[k] = true
	}
}

// maxLength applies to the free text of text and choice_comment questions.
func (v *validator) maxLength(path string, q *Question) {
	if q.MaxLength == 0 {
		q.MaxLength = DefaultMaxLength
	}
	if q.MaxLength < 1 || q.MaxLength > MaxMaxLength {
		v.addf(path+".max_length", "is %d, want 1 to %d", q.MaxLength, MaxMaxLength)
	}
}

func (v *validator) choices(path string, q *Question) {
	switch len(q.Choices) {
	case 0:
		v.addf(path+".choices", "required for kind %q", q.Kind)
		return
	case 1:
		v.addf(path+".choices", "at least 2 required for kind %q, got 1", q.Kind)
	}
	seen := make(map[string]int)
	for i, c := range q.Choices {
		cpath := fmt.Sprintf("%s.choices[%d]", path, i)
		v.choiceValue(cpath+".value", c.Value, seen, i)
		v.text(cpath+".label", c.Label, true, MaxTitleLength)
	}
}

// choiceValue checks the value of choice i; seen maps the values met so far to
// the index of their first choice. Values are what answers store, so they
// must be unique and stable, whatever the labels say.
func (v *validator) choiceValue(path, value string, seen map[string]int, i int) {
	j, dup := seen[value]
	switch {
	case value == "":
		v.addf(path, "required")
	case dup:
		v.addf(path, "%q already used by choices[%d]", value, j)
	case !choiceValuePattern.MatchString(value):
		v.addf(path, "%q must be lowercase letters, digits and underscores", value)
	}
	if !dup {
		seen[value] = i
	}
}

// text checks one Text, each language at most max characters. An optional
// text may be absent, but once present it follows the same rules as a
// required one.
func (v *validator) text(path string, t Text, required bool, max int) {
	if len(t) == 0 {
		if required {
			v.addf(path, "required, with an %q text", DefaultLanguage)
		}
		return
	}
	if strings.TrimSpace(t[DefaultLanguage]) == "" {
		v.addf(path, "missing %q text", DefaultLanguage)
	}
	for _, lang := range slices.Sorted(maps.Keys(t)) {
		lpath := path + "." + lang
		if !slices.Contains(languages, lang) {
			v.addf(lpath, "unknown language %q, want one of %s", lang, strings.Join(languages, ", "))
		}
		s := t[lang]
		switch {
		case !utf8.ValidString(s):
			v.addf(lpath, "not valid UTF-8")
		case strings.ContainsRune(s, 0):
			v.addf(lpath, "contains a NUL byte")
		case utf8.RuneCountInString(s) > max:
			v.addf(lpath, "is %d characters long, at most %d allowed", utf8.RuneCountInString(s), max)
		case strings.TrimSpace(s) == "" && lang != DefaultLanguage:
			// An empty translation would silently show English instead;
			// leaving the language out says so openly.
			v.addf(lpath, "empty; leave the language out instead")
		}
	}
}
