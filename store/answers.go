package store

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vaconsult/vaconsult/store/domain"
)

// AnswerFilter selects the submitted answers to one question that a
// reviewer reads. Empty fields select everything.
type AnswerFilter struct {
	QuestionID int64 // required
	Audience   domain.Audience
	Kind       domain.RespondentKind
	Region     string // one of the five Monitor regions
	Country    string // ISO 3166-1 alpha-2
	Language   string // the language the answer is written in
	ThemeID    int64  // answers tagged with this theme
	Limit      int    // answers per page: 50 when 0, at most 500
	Offset     int
}

// args are the filter's parameters. The statements that filter answers
// (findQuestionAnswers and filteredCounts) read the same WHERE clause on
// the same joins: the question, the filter's fields where set, and only
// submitted answers of submitted responses, so that drafts never appear.
func (f *AnswerFilter) args() pgx.NamedArgs {
	return pgx.NamedArgs{"question": f.QuestionID, "audience": f.Audience, "kind": f.Kind,
		"region": f.Region, "country": strings.ToUpper(f.Country), "language": f.Language, "theme": f.ThemeID}
}

// ReviewAnswer is a submitted answer as reviewers see it, with who gave it.
type ReviewAnswer struct {
	ResponseID   int64
	QuestionID   int64
	RespondentID int64
	Name         string // the respondent's name, whatever the attribution: reviewers may know it
	Attribution  domain.Attribution
	Audience     domain.Audience
	Kind         domain.RespondentKind
	Verified     bool // false for a self-registered respondent not yet checked
	Country      string
	CountryName  string
	Region       string // "" for a country outside the reference list
	Language     string
	SubmittedAt  time.Time
	Choice       string
	Text         string
	Themes       []ThemeRef
}

// ThemeRef names a theme an answer is tagged with.
type ThemeRef struct {
	ID   int64
	Name string
}

// QuotableName returns the name a quote of the answer may carry: the
// respondent's when they agreed to be named, "" otherwise.
func (a *ReviewAnswer) QuotableName() string {
	if a.Attribution == domain.AttributionNamed {
		return a.Name
	}
	return ""
}

// scanReviewAnswer reads a ReviewAnswer from a row of response, question,
// respondent, name, attribution, audience, kind, verified, country,
// country name, region, language, submission time, choice, text, and the
// ids and names of the answer's themes.
func scanReviewAnswer(row pgx.CollectableRow) (ReviewAnswer, error) {
	var a ReviewAnswer
	var ids []int64
	var names []string
	err := row.Scan(&a.ResponseID, &a.QuestionID, &a.RespondentID, &a.Name, &a.Attribution, &a.Audience, &a.Kind,
		&a.Verified, &a.Country, &a.CountryName, &a.Region, &a.Language, &a.SubmittedAt,
		&a.Choice, &a.Text, &ids, &names)
	for i := range ids {
		a.Themes = append(a.Themes, ThemeRef{ID: ids[i], Name: names[i]})
	}
	return a, err
}

// FindQuestionAnswers returns one page of the submitted answers to a
// question that match the filter, in the order the responses were created.
// An unknown question gives no answers.
func (s *Store) FindQuestionAnswers(ctx context.Context, f AnswerFilter) ([]ReviewAnswer, error) {
	return findQuestionAnswers(ctx, s.pool, f)
}

func findQuestionAnswers(ctx context.Context, db DBTX, f AnswerFilter) ([]ReviewAnswer, error) {
	args := f.args()
	args["limit"], args["offset"] = pageSize(f.Limit), max(f.Offset, 0)
	rows, err := db.Query(ctx, `
		SELECT sa.response_id, sa.question_id, r.id, r.name, rs.attribution, r.audience, r.kind, r.verified,
			r.country, coalesce(c.name, r.country), coalesce(c.region, ''), sa.language, rs.submitted_at,
			coalesce(sa.choice, ''), sa.text, coalesce(tg.ids, '{}'), coalesce(tg.names, '{}')
		FROM submitted_answers sa
		JOIN responses rs ON rs.id = sa.response_id
		JOIN respondents r ON r.id = rs.respondent_id
		LEFT JOIN countries c ON c.iso2 = r.country
		LEFT JOIN LATERAL (
			SELECT array_agg(t.id ORDER BY lower(t.name)) AS ids, array_agg(t.name ORDER BY lower(t.name)) AS names
			FROM answer_themes at JOIN themes t ON t.id = at.theme_id
			WHERE at.response_id = sa.response_id AND at.question_id = sa.question_id) tg ON true
		WHERE sa.question_id = @question AND rs.status = 'submitted' AND rs.excluded_at IS NULL
			AND (@audience = '' OR r.audience = @audience)
			AND (@kind = '' OR r.kind = @kind)
			AND (@region = '' OR c.region = @region)
			AND (@country = '' OR r.country = @country)
			AND (@language = '' OR sa.language = @language)
			AND (@theme = 0 OR EXISTS (SELECT 1 FROM answer_themes ft WHERE ft.response_id = sa.response_id
				AND ft.question_id = sa.question_id AND ft.theme_id = @theme))
		ORDER BY sa.response_id LIMIT @limit OFFSET @offset`, args)
	if err != nil {
		return nil, fmt.Errorf("find answers: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanReviewAnswer)
	if err != nil {
		return nil, fmt.Errorf("find answers: %w", err)
	}
	return out, nil
}

func pageSize(n int) int {
	switch {
	case n <= 0:
		return 50
	case n > 500:
		return 500
	}
	return n
}

// QuestionReview is what the page of one question shows: the question, the
// counts over the answers that match the filter, the themes and key points,
// and one page of those answers.
type QuestionReview struct {
	Question  Question
	Audience  domain.Audience
	Total     int           // submitted answers matching the filter
	Choices   []ChoiceCount // every choice of the question, in its order
	Themes    []Theme       // every theme of the consultation; Count is over the matching answers to this question
	KeyPoints KeyPoints
	Quotes    []Quote // every quote chosen for the question, in its order, whatever the filter
	Answers   []ReviewAnswer
}

// ChoiceCount is how many answers chose one value, and their share of the
// answers that chose any.
type ChoiceCount struct {
	Value   string
	Label   Text
	Count   int
	Percent float64 // 0 to 100, one decimal
}

// FindQuestionReview returns the question page for a filter. It returns
// ErrNotFound for an unknown question.
func (s *Store) FindQuestionReview(ctx context.Context, f AnswerFilter) (*QuestionReview, error) {
	var qr QuestionReview
	err := s.readOnly(ctx, func(tx pgx.Tx) error {
		q, audience, err := findQuestion(ctx, tx, f.QuestionID)
		if err != nil {
			return err
		}
		qr.Question, qr.Audience = *q, audience
		if err := filteredCounts(ctx, tx, f, &qr); err != nil {
			return err
		}
		kp, err := findKeyPoints(ctx, tx, f.QuestionID)
		if err != nil {
			return err
		}
		qr.KeyPoints = *kp
		if qr.Quotes, err = findQuotes(ctx, tx, f.QuestionID, false); err != nil {
			return err
		}
		qr.Answers, err = findQuestionAnswers(ctx, tx, f)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &qr, nil
}

// readOnly runs fn in a read-only transaction whose queries all see one
// snapshot, so that counts and lists agree.
func (s *Store) readOnly(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return readOnlyOn(ctx, s.pool, fn)
}

// exportReadOnly is readOnly on the replica when there is one.
func (s *Store) exportReadOnly(ctx context.Context, fn func(tx pgx.Tx) error) error {
	if s.replica != nil {
		return readOnlyOn(ctx, s.replica, fn)
	}
	return readOnlyOn(ctx, s.pool, fn)
}

func readOnlyOn(ctx context.Context, pool *pgxpool.Pool, fn func(tx pgx.Tx) error) error {
	tx, err := pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only: nothing to keep
	return fn(tx)
}

func findQuestion(ctx context.Context, db DBTX, id int64) (*Question, domain.Audience, error) {
	var q Question
	var audience domain.Audience
	err := db.QueryRow(ctx, `SELECT q.id, q.number, q.kind, q.required, q.max_length, q.text, q.hint, q.choices,
			qs.audience
		FROM questions q JOIN question_sets qs ON qs.id = q.question_set_id WHERE q.id = $1`, id).
		Scan(&q.ID, &q.Number, &q.Kind, &q.Required, &q.MaxLength, &q.Text, &q.Hint, &q.Choices, &audience)
	if err != nil {
		return nil, "", notFound(err)
	}
	return &q, audience, nil
}

// filteredCounts fills the total, the choice counts and the theme counts of
// the answers matching f, in one round trip.
func filteredCounts(ctx context.Context, tx pgx.Tx, f AnswerFilter, qr *QuestionReview) error {
	counts := map[string]int{}
	b := &pgx.Batch{}
	b.Queue(`
		SELECT coalesce(sa.choice, ''), count(*)
		FROM submitted_answers sa
		JOIN responses rs ON rs.id = sa.response_id
		JOIN respondents r ON r.id = rs.respondent_id
		LEFT JOIN countries c ON c.iso2 = r.country
		WHERE sa.question_id = @question AND rs.status = 'submitted' AND rs.excluded_at IS NULL
			AND (@audience = '' OR r.audience = @audience)
			AND (@kind = '' OR r.kind = @kind)
			AND (@region = '' OR c.region = @region)
			AND (@country = '' OR r.country = @country)
			AND (@language = '' OR sa.language = @language)
			AND (@theme = 0 OR EXISTS (SELECT 1 FROM answer_themes ft WHERE ft.response_id = sa.response_id
				AND ft.question_id = sa.question_id AND ft.theme_id = @theme))
		GROUP BY 1`, f.args()).
		Query(func(rows pgx.Rows) error {
			var v string
			var n int
			_, err := pgx.ForEachRow(rows, []any{&v, &n}, func() error {
				counts[v] = n
				qr.Total += n
				return nil
			})
			return err
		})
	b.Queue(`
		WITH m AS (
			SELECT sa.response_id
			FROM submitted_answers sa
			JOIN responses rs ON rs.id = sa.response_id
			JOIN respondents r ON r.id = rs.respondent_id
			LEFT JOIN countries c ON c.iso2 = r.country
			WHERE sa.question_id = @question AND rs.status = 'submitted' AND rs.excluded_at IS NULL
				AND (@audience = '' OR r.audience = @audience)
				AND (@kind = '' OR r.kind = @kind)
				AND (@region = '' OR c.region = @region)
				AND (@country = '' OR r.country = @country)
				AND (@language = '' OR sa.language = @language)
				AND (@theme = 0 OR EXISTS (SELECT 1 FROM answer_themes ft WHERE ft.response_id = sa.response_id
					AND ft.question_id = sa.question_id AND ft.theme_id = @theme))
		)
		SELECT t.id, t.consultation_id, t.name, t.version, t.created_at, count(m.response_id)
		FROM themes t
		LEFT JOIN answer_themes at ON at.theme_id = t.id AND at.question_id = @question
		LEFT JOIN m ON m.response_id = at.response_id
		WHERE t.consultation_id = (SELECT qs.consultation_id FROM questions q
			JOIN question_sets qs ON qs.id = q.question_set_id WHERE q.id = @question)
		GROUP BY t.id ORDER BY lower(t.name), t.id`, f.args()).
		Query(func(rows pgx.Rows) error {
			var err error
			qr.Themes, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (Theme, error) {
				var t Theme
				err := r.Scan(&t.ID, &t.ConsultationID, &t.Name, &t.Version, &t.CreatedAt, &t.Count)
				return t, err
			})
			return err
		})
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("count answers: %w", err)
	}
	qr.Choices = choiceCounts(&qr.Question, counts)
	return nil
}

// choiceCounts lists every choice of q with its count from counts (choice
// value → answers) and its share of the answers that made a choice.
func choiceCounts(q *Question, counts map[string]int) []ChoiceCount {
	if len(q.Choices) == 0 {
		return nil
	}
	chosen := 0
	for _, c := range q.Choices {
		chosen += counts[c.Value]
	}
	out := make([]ChoiceCount, 0, len(q.Choices))
	for _, c := range q.Choices {
		cc := ChoiceCount{Value: c.Value, Label: c.Label, Count: counts[c.Value]}
		if chosen > 0 {
			cc.Percent = roundShare(cc.Count, chosen)
		}
		out = append(out, cc)
	}
	return out
}

// roundShare returns n/total as a percentage with one decimal.
func roundShare(n, total int) float64 {
	return float64((n*2000+total)/(2*total)) / 10
}

func findKeyPoints(ctx context.Context, db DBTX, questionID int64) (*KeyPoints, error) {
	kp := KeyPoints{QuestionID: questionID}
	var text *string
	var version *int
	err := db.QueryRow(ctx, `SELECT k.text, k.version, k.updated_by, coalesce(r.name, ''), k.updated_at
		FROM questions q LEFT JOIN key_points k ON k.question_id = q.id
		LEFT JOIN reviewers r ON r.id = k.updated_by
		WHERE q.id = $1`, questionID).
		Scan(&text, &version, &kp.UpdatedBy, &kp.UpdatedByName, &kp.UpdatedAt)
	if err != nil {
		return nil, notFound(err)
	}
	kp.Text = deref(text)
	if version != nil {
		kp.Version = *version
	}
	return &kp, nil
}

// CountryView sets, for one country, what its State Party answered beside
// what its survivors and their organisations answered, question by question.
type CountryView struct {
	Country   Country
	States    []CountryQuestion // the States Parties' questions, each with the State's answer if submitted
	Survivors []CountryQuestion // the survivors' questions, each with that country's answers
}

// CountryQuestion is one question with a country's submitted answers to it.
type CountryQuestion struct {
	Question Question
	Answers  []ReviewAnswer
}

// CountryPair is a States Parties' question and the survivors' question
// that answers back to it, each with the country's answers.
type CountryPair struct {
	States    CountryQuestion
	Survivors CountryQuestion
}

// Lined returns the paired questions, in the order of the States'
// questions, then the questions of either set that stand alone.
func (v *CountryView) Lined() (pairs []CountryPair, states, survivors []CountryQuestion) {
	backBy := map[int64]CountryQuestion{}
	for _, q := range v.Survivors {
		if q.Question.PairsWith != 0 {
			backBy[q.Question.PairsWith] = q
		}
	}
	paired := map[int64]bool{}
	for _, q := range v.States {
		if sq, ok := backBy[q.Question.ID]; ok {
			pairs = append(pairs, CountryPair{States: q, Survivors: sq})
			paired[sq.Question.ID] = true
		} else {
			states = append(states, q)
		}
	}
	for _, q := range v.Survivors {
		if !paired[q.Question.ID] {
			survivors = append(survivors, q)
		}
	}
	return pairs, states, survivors
}

// storedCountryRE is the form of a country code that respondents.country
// allows.
var storedCountryRE = regexp.MustCompile(`^[A-Z]{2}$`)

// CountryView returns the country view of a consultation. It returns
// ErrNotFound for an unknown consultation and a validation error for a
// malformed country code. A country outside the reference list is shown
// with its code as its name.
func (s *Store) CountryView(ctx context.Context, slug, country string) (*CountryView, error) {
	country = strings.ToUpper(strings.TrimSpace(country))
	// Any code the database can hold is readable here, not only the
	// current ones: respondents stored before the list was enforced (HV,
	// say) must stay in view until an administrator corrects them.
	if !storedCountryRE.MatchString(country) {
		return nil, &Error{Kind: KindValidation, Code: "validation_failed", Message: "The country is not valid.",
			Fields: map[string]string{"country": "must be a two-letter country code, such as KH or CO"}}
	}
	c, err := s.FindConsultationBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	v := CountryView{Country: Country{ISO2: country, Name: country}}
	if cc, err := s.FindCountry(ctx, country); err == nil {
		v.Country = *cc
	} else if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `
		SELECT sa.response_id, sa.question_id, r.id, r.name, rs.attribution, r.audience, r.kind, r.verified,
			r.country, coalesce(c.name, r.country), coalesce(c.region, ''), sa.language, rs.submitted_at,
			coalesce(sa.choice, ''), sa.text, coalesce(tg.ids, '{}'), coalesce(tg.names, '{}')
		FROM submitted_answers sa
		JOIN responses rs ON rs.id = sa.response_id
		JOIN respondents r ON r.id = rs.respondent_id
		LEFT JOIN countries c ON c.iso2 = r.country
		LEFT JOIN LATERAL (
			SELECT array_agg(t.id ORDER BY lower(t.name)) AS ids, array_agg(t.name ORDER BY lower(t.name)) AS names
			FROM answer_themes at JOIN themes t ON t.id = at.theme_id
			WHERE at.response_id = sa.response_id AND at.question_id = sa.question_id) tg ON true
		WHERE r.consultation_id = $1 AND r.country = $2 AND rs.status = 'submitted' AND rs.excluded_at IS NULL
		ORDER BY r.kind = 'state' DESC, r.kind, r.name, sa.response_id`, c.ID, country)
	if err != nil {
		return nil, fmt.Errorf("country view: %w", err)
	}
	answers, err := pgx.CollectRows(rows, scanReviewAnswer)
	if err != nil {
		return nil, fmt.Errorf("country view: %w", err)
	}
	byQuestion := map[int64][]ReviewAnswer{}
	for _, a := range answers {
		byQuestion[a.QuestionID] = append(byQuestion[a.QuestionID], a)
	}
	for _, qs := range c.QuestionSets {
		list := &v.Survivors
		if qs.Audience == domain.AudienceStatesParties {
			list = &v.States
		}
		for _, q := range qs.Questions {
			*list = append(*list, CountryQuestion{Question: q, Answers: byQuestion[q.ID]})
		}
	}
	return &v, nil
}
