package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// AnswerLanguages are the languages an answer may be written in: the six
// official languages of the United Nations, those of the Convention's
// meetings, in which question sets may be written.
var AnswerLanguages = []string{"en", "fr", "es", "ar", "zh", "ru"}

// IsAnswerLanguage reports whether l is one of AnswerLanguages.
func IsAnswerLanguage(l string) bool { return slices.Contains(AnswerLanguages, l) }

// AnswerInput is one answer as a respondent sends it. An empty Choice means
// no choice; an answer with neither clears it.
type AnswerInput struct {
	QuestionID int64
	Choice     string
	Text       string
	// Language is the language the answer is written in; the draft's when
	// empty. It is recorded when the answer's choice or text changes.
	Language string
	// Base is the version of the answer the writer's copy started from (0
	// when there was none), and Based says it is known. An answer with a
	// base is merged on its own: saved when nobody else changed it since,
	// returned as a conflict otherwise. One without is checked against the
	// draft's Version.
	Base  int
	Based bool
}

// Draft is a save of some answers.
type Draft struct {
	// Version is the response's version the writer last saw. It is checked
	// only for the answers sent without a base.
	Version int
	Answers []AnswerInput
	// Language is the language of answers that do not name theirs, and is
	// recorded as the response's language; English when empty.
	Language string
}

// Saver names who saves: exactly one of its fields is set.
type Saver struct {
	Principal    *Principal // authenticated already
	AccessToken  string     // an access link's token, as the API receives it
	SessionToken string     // a web session's token, as the pages receive it
}

func (s Saver) key() (lockKey, error) {
	switch {
	case s.Principal != nil:
		return lockKey{principal: s.Principal}, nil
	case s.AccessToken != "":
		hash, ok := accessTokenHash(s.AccessToken)
		if !ok {
			return lockKey{}, errBadToken
		}
		return lockKey{tokenHash: hash}, nil
	case plausibleToken(s.SessionToken):
		return lockKey{sessionHash: hashToken(s.SessionToken)}, nil
	}
	return lockKey{}, ErrNoSession
}

// Merged is the outcome of a merge.
type Merged struct {
	Principal *Principal
	// Consultation has the opening times and time zone, not the questions.
	Consultation Consultation
	Version      int        // the response's version after the save
	Changed      bool       // false when nothing was written
	Saved        []Answer   // the answers written, with the version this save gave them
	Conflicts    []Conflict // the answers left as someone else saved them
	Answers      []Answer   // every answer as it stands after the save, in question order
}

// Conflict is an answer sent with a base that another contributor changed
// since: it was not written.
type Conflict struct {
	Number int // the question's number
	Mine   AnswerInput
	Theirs Answer // the answer as it stands, with who saved it and when
}

// MergeDraft saves the answers of d that change something, under the lock
// of the response, authenticating the saver inside it. An answer with a
// base that nobody else changed since is written; one that somebody else
// changed is not, and comes back as a conflict with their text: nothing is
// overwritten. Answers without a base are refused together with a
// version_conflict error when the response moved on from d.Version. The
// versions returned are those this save wrote. It returns an unauthorized
// error for an unknown or revoked token or an ended session, a validation
// error naming each answer that cannot be saved, and a conflict error when
// the consultation is not open; then nothing is saved.
//
// Authentication, locking and reading travel with BEGIN in one round trip,
// and the write with COMMIT in a second: the save is the hot path of a
// consultation.
func (s *Store) MergeDraft(ctx context.Context, who Saver, d Draft) (*Merged, error) {
	key, err := who.key()
	if err != nil {
		return nil, err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("save draft: %w", err)
	}
	// A connection released inside a transaction is closed by the pool, so
	// an early return cannot leak an open transaction.
	defer conn.Release()
	lr := newLockedResponse()
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	queueLock(b, key, lr)
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		return nil, rollback(ctx, conn, lockError(err, key))
	}
	d = withLanguages(d)
	write, conflicts, err := lr.merge(s.now(), d)
	if err != nil {
		return nil, rollback(ctx, conn, err)
	}
	m := &Merged{Principal: &lr.principal, Consultation: lr.consultation, Version: lr.version, Conflicts: conflicts}
	if len(write) == 0 {
		m.Answers = lr.answers()
		return m, rollback(ctx, conn, nil)
	}
	if err := s.write(ctx, conn, lr, d.Language, write, m); err != nil {
		return nil, rollback(ctx, conn, err)
	}
	return m, nil
}

// write sends the answers and COMMIT, and records in m what was written.
func (s *Store) write(ctx context.Context, conn *pgxpool.Conn, lr *lockedResponse, lang string, write []AnswerInput, m *Merged) error {
	b := &pgx.Batch{}
	queueWrite(b, &lr.principal, write, lang).Query(func(rows pgx.Rows) error {
		for i := 0; rows.Next(); i++ {
			a := Answer{UpdatedByID: lr.principal.ContributorID, UpdatedBy: lr.principal.ContributorName}
			if err := rows.Scan(&a.QuestionID, &a.Version, &a.UpdatedAt); err != nil {
				return err
			}
			in := findInput(write, a.QuestionID)
			a.Choice, a.Text, a.Language = in.Choice, in.Text, in.Language
			m.Saved = append(m.Saved, a)
			lr.current[a.QuestionID] = a
			m.Version = a.Version
		}
		return rows.Err()
	})
	b.Queue("COMMIT")
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	m.Changed = true
	m.Answers = lr.answers()
	return nil
}

func findInput(in []AnswerInput, questionID int64) AnswerInput {
	for _, a := range in {
		if a.QuestionID == questionID {
			return a
		}
	}
	return AnswerInput{}
}

// withLanguages gives the draft and each of its answers a language.
func withLanguages(d Draft) Draft {
	if d.Language == "" {
		d.Language = "en"
	}
	answers := slices.Clone(d.Answers)
	for i := range answers {
		if answers[i].Language == "" {
			answers[i].Language = d.Language
		}
	}
	d.Answers = answers
	return d
}

// merge returns the answers of d to write and those in conflict, or why d
// cannot be saved at all.
func (lr *lockedResponse) merge(now time.Time, d Draft) ([]AnswerInput, []Conflict, error) {
	if err := lr.checkOpen(now); err != nil {
		return nil, nil, err
	}
	if err := lr.validate(d); err != nil {
		return nil, nil, err
	}
	var write []AnswerInput
	var conflicts []Conflict
	for _, a := range d.Answers {
		cur, has := lr.current[a.QuestionID]
		switch {
		case has && cur.Choice == a.Choice && cur.Text == a.Text:
			continue // already so: a retry, or the same change twice
		case !has && a.Choice == "" && a.Text == "":
			continue
		case !a.Based && d.Version != lr.version:
			return nil, nil, versionConflict(lr.version)
		case a.Based && lr.changedByOthers(a.QuestionID, a.Base):
			conflicts = append(conflicts, Conflict{Number: lr.question(a.QuestionID).Number, Mine: a, Theirs: cur})
			continue
		}
		write = append(write, a)
	}
	return write, conflicts, nil
}

// changedByOthers reports whether a contributor other than the saver
// saved the answer to a question after version base.
func (lr *lockedResponse) changedByOthers(questionID int64, base int) bool {
	cur, has := lr.current[questionID]
	return has && cur.Version != base && lr.othersLatest[questionID] > base
}

// ConflictError returns, when some answers were left in conflict, an
// answer_conflict error that says which, with the outcome of the save in
// its data; nil otherwise.
func (m *Merged) ConflictError() *Error {
	if len(m.Conflicts) == 0 {
		return nil
	}
	fields := map[string]string{}
	for _, c := range m.Conflicts {
		fields[strconv.FormatInt(c.Mine.QuestionID, 10)] = fmt.Sprintf(
			"question %d was changed by %s since version %d: it is now at version %d", c.Number,
			c.Theirs.UpdatedBy, c.Mine.Base, c.Theirs.Version)
	}
	return &Error{Kind: KindConflict, Code: "answer_conflict", Fields: fields,
		Message: "Someone else changed some of these answers since you loaded them. Those were not saved and " +
			"nothing was overwritten; the others were saved. Compare, merge and save them again from their current version."}
}

// validate checks every answer against its question and returns one
// validation error listing each wrong answer by question id, and a wrong
// draft language as "lang".
func (lr *lockedResponse) validate(d Draft) error {
	e := &ValidationError{Code: "invalid_answers", Key: "error.invalid_answers"}
	if !IsAnswerLanguage(d.Language) {
		e.add(Problem{Field: "lang", Key: "form.error.language"})
	}
	seen := map[int64]bool{}
	for _, a := range d.Answers {
		key := strconv.FormatInt(a.QuestionID, 10)
		q := lr.question(a.QuestionID)
		switch {
		case q == nil:
			e.add(Problem{Field: key, Question: a.QuestionID, Key: "form.error.unknown_question"})
		case seen[a.QuestionID]:
			e.add(Problem{Field: key, Question: a.QuestionID, Key: "form.error.twice", Args: []any{q.Number}})
		case !IsAnswerLanguage(a.Language):
			e.add(Problem{Field: key, Question: a.QuestionID, Key: "form.error.language"})
		default:
			if p, bad := CheckAnswer(q, a); bad {
				e.add(p)
			}
		}
		seen[a.QuestionID] = true
	}
	return e.orNil()
}

// CheckAnswer returns what is wrong with an answer to q, and whether
// something is: text that is not valid, a choice or a text the question
// does not take, a choice it does not offer, a text over its length.
func CheckAnswer(q *Question, a AnswerInput) (Problem, bool) {
	p := Problem{Field: strconv.FormatInt(q.ID, 10), Question: q.ID, Args: []any{q.Number}}
	switch {
	case !utf8.ValidString(a.Text) || strings.ContainsRune(a.Text, 0):
		p.Key = "form.error.invalid_text"
	case a.Text != "" && !q.TakesText():
		p.Key = "form.error.choice_only"
	case a.Choice != "" && !q.TakesChoice():
		p.Key, p.Choice = "form.error.text_only", true
	case a.Choice != "" && !q.HasChoice(a.Choice):
		p.Key, p.Choice = "form.error.choice", true
	case utf8.RuneCountInString(a.Text) > q.MaxLength:
		p.Key = "form.error.too_long"
		p.Args = []any{q.Number, q.MaxLength, utf8.RuneCountInString(a.Text) - q.MaxLength}
	default:
		return Problem{}, false
	}
	return p, true
}

// Saved is the outcome of a draft save.
type Saved struct {
	Version int  // the response's version after the save
	Changed bool // false when every answer was already as sent
}

// SaveDraft saves some answers of the principal's response through
// MergeDraft and returns its new version. A draft based on an older
// version than the current one is refused with a version_conflict error
// carrying the current version, and changes nothing; a retry of a save
// that already landed (a stale version, but every answer already as sent)
// succeeds without a new version. Answers with a base that others changed
// since give an answer_conflict error (the rest is saved).
func (s *Store) SaveDraft(ctx context.Context, p *Principal, d Draft) (*Saved, error) {
	m, err := s.MergeDraft(ctx, Saver{Principal: p}, d)
	if err != nil {
		return nil, err
	}
	if e := m.ConflictError(); e != nil {
		return nil, e
	}
	return &Saved{Version: m.Version, Changed: m.Changed}, nil
}
