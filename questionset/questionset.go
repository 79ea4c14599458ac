// Package questionset reads consultation files: a consultation, its context
// and one question set per audience, with every text in several languages.
//
// A consultation is data, not code: later consultations load the same way as
// the 2012 one, through Parse and the store's LoadConsultation.
package questionset

import (
	"time"

	"github.com/vaconsult/vaconsult/store/domain"
)

// Format is the value of the "format" key every consultation file carries, so
// that a later, incompatible layout can be told apart.
const Format = "vaconsult/consultation/v1"

// Question kinds.
const (
	KindText          = "text"           // free text only
	KindChoice        = "choice"         // one of Choices
	KindChoiceComment = "choice_comment" // one of Choices plus free text
)

// DefaultLanguage is the language every text must have and the one used when
// a text lacks the language asked for.
const DefaultLanguage = "en"

// Text holds one text in several languages, keyed by BCP 47 language code
// ("en", "fr", "es", "ar").
type Text map[string]string

// In returns the text in lang, falling back to English.
func (t Text) In(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	return t[DefaultLanguage]
}

// File is one consultation file.
type File struct {
	Format           string        `yaml:"format"`
	Slug             string        `yaml:"slug"`
	Title            Text          `yaml:"title"`
	Meeting          Text          `yaml:"meeting"`
	Context          Text          `yaml:"context"`
	OpensAt          *time.Time    `yaml:"opens_at"`
	ClosesAt         *time.Time    `yaml:"closes_at"`
	TimeZone         string        `yaml:"time_zone"`
	SelfRegistration bool          `yaml:"self_registration"`
	QuestionSets     []QuestionSet `yaml:"question_sets"`

	// Follows is the slug of the earlier consultation this one follows,
	// such as last year's: its respondents may start from the answers
	// they submitted there, question by question, matched by Key.
	Follows string `yaml:"follows,omitempty"`

	// RetentionDays is how many days after closing the respondents'
	// personal data is kept; 0 keeps it until an administrator deletes it.
	RetentionDays int `yaml:"retention_days,omitempty"`

	// Attachments lets respondents attach documents (PDF, DOCX, ODT) to
	// their response, beside or instead of typed answers.
	Attachments bool `yaml:"attachments,omitempty"`
}

// QuestionSet is the questions put to one audience.
type QuestionSet struct {
	Audience  domain.Audience `yaml:"audience"`
	Title     Text            `yaml:"title"`
	Intro     Text            `yaml:"intro"`
	Questions []Question      `yaml:"questions"`

	// Kinds are the kinds of respondent the set admits, each counted
	// apart: some of Audience.Admissible(), Audience.Kinds() when the file
	// names none.
	Kinds []domain.RespondentKind `yaml:"kinds,omitempty"`
}

// Question is one question of a set.
type Question struct {
	Number int `yaml:"number"`
	// Key names the question across cycles: a question of a later
	// consultation with the same key asks the same thing, whatever its
	// number. Validate makes it "q" and the number when the file gives
	// none.
	Key       string   `yaml:"key,omitempty"`
	Kind      string   `yaml:"kind"`
	Required  bool     `yaml:"required"`
	MaxLength int      `yaml:"max_length"`
	Text      Text     `yaml:"text"`
	Hint      Text     `yaml:"hint"`
	Choices   []Choice `yaml:"choices"`

	// AnswersBackTo is, on a survivors' question, the number of the States
	// Parties' question it answers back to, so that the Co-Chairs can read
	// what a State said beside what its survivors said; 0 when it stands
	// alone. Each States' question has at most one survivors' question.
	AnswersBackTo int `yaml:"answers_back_to,omitempty"`
}

// Choice is one possible answer of a choice question.
type Choice struct {
	Value string `yaml:"value" json:"value"`
	Label Text   `yaml:"label" json:"label"`
}
