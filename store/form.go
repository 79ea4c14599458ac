package store

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/vaconsult/vaconsult/questionset"
)

// ConsultationFile returns the consultation named slug as a consultation
// file: loading it again changes nothing. It returns ErrNotFound.
func (s *Store) ConsultationFile(ctx context.Context, slug string) (*questionset.File, error) {
	c, err := s.FindConsultationBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	return c.File(), nil
}

// File returns the consultation, with its question sets, as a consultation
// file. Empty optional texts are left out, as a file leaves them out.
func (c *Consultation) File() *questionset.File {
	f := &questionset.File{Format: questionset.Format, Slug: c.Slug, Title: c.Title, Meeting: optional(c.Meeting),
		Context: c.Context, OpensAt: c.OpensAt, ClosesAt: c.ClosesAt, TimeZone: c.TimeZone,
		SelfRegistration: c.SelfRegistration, Follows: c.Follows, Attachments: c.Attachments}
	numbers := map[int64]int{}
	for _, qs := range c.QuestionSets {
		for _, q := range qs.Questions {
			numbers[q.ID] = q.Number
		}
	}
	for _, qs := range c.QuestionSets {
		set := questionset.QuestionSet{Audience: qs.Audience, Kinds: qs.Kinds, Title: qs.Title, Intro: optional(qs.Intro)}
		for _, q := range qs.Questions {
			fq := questionset.Question{Number: q.Number, Key: q.Key, Kind: q.Kind, Required: q.Required, MaxLength: q.MaxLength,
				Text: q.Text, Hint: optional(q.Hint), Choices: q.Choices, AnswersBackTo: numbers[q.PairsWith]}
			if q.Kind == questionset.KindChoice {
				fq.MaxLength = 0 // a choice question limits no text
			}
			set.Questions = append(set.Questions, fq)
		}
		f.QuestionSets = append(f.QuestionSets, set)
	}
	return f
}

func optional(t Text) Text {
	if len(t) == 0 {
		return nil
	}
	return t
}

// sameFile reports whether two consultation files say the same: the same
// texts, settings, instants and questions, however their times are zoned
// and their empty texts written.
func sameFile(a, b *questionset.File) bool {
	ja, errA := json.Marshal(canonical(a))
	jb, errB := json.Marshal(canonical(b))
	return errA == nil && errB == nil && string(ja) == string(jb)
}

// canonical returns a copy of f with times in UTC and empty texts left out.
func canonical(f *questionset.File) questionset.File {
	out := *f
	if f.OpensAt != nil {
		t := f.OpensAt.UTC()
		out.OpensAt = &t
	}
	if f.ClosesAt != nil {
		t := f.ClosesAt.UTC()
		out.ClosesAt = &t
	}
	out.Meeting = optional(f.Meeting)
	out.QuestionSets = make([]questionset.QuestionSet, len(f.QuestionSets))
	for i, set := range f.QuestionSets {
		set.Intro = optional(set.Intro)
		qs := make([]questionset.Question, len(set.Questions))
		for j, q := range set.Questions {
			q.Hint = optional(q.Hint)
			if len(q.Choices) == 0 {
				q.Choices = nil
			}
			if q.Kind == questionset.KindChoice {
				q.MaxLength = 0
			}
			qs[j] = q
		}
		set.Questions = qs
		out.QuestionSets[i] = set
	}
	slices.SortFunc(out.QuestionSets, func(x, y questionset.QuestionSet) int { return strings.Compare(string(x.Audience), string(y.Audience)) })
	return out
}

// CopyConsultation creates a draft consultation named slug with the
// question sets, translations and settings of the consultation named from,
// for the next cycle. Answers, respondents and dates are not copied: the
// copy opens when an administrator says so. It returns ErrNotFound for an
// unknown from, and a conflict error when slug is taken.
func (s *Store) CopyConsultation(ctx context.Context, actor, from, slug string) (*Consultation, error) {
	f, err := s.ConsultationFile(ctx, from)
	if err != nil {
		return nil, err
	}
	// The copy is the next cycle of the same consultation: its
	// respondents may start from what they submitted to this one.
	f.Slug, f.OpensAt, f.ClosesAt, f.Follows = slug, nil, nil, from
	res, err := s.LoadConsultationWith(ctx, f, LoadOptions{Actor: actor, Draft: true, CreateOnly: true, CopiedFrom: from})
	if err != nil {
		return nil, err
	}
	return res.Consultation, nil
}
