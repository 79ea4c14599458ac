package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vaconsult/vaconsult/refdata"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// plan describes the rows to add. Every row is derived from the seed and
// its index, so that each table's COPY can regenerate the same respondent
// without holding all of them in memory.
type plan struct {
	o         options
	c         *store.Consultation
	statesSet *store.QuestionSet
	survSet   *store.QuestionSet
	countries []refdata.Country // every country, for survivors
	stateFree []refdata.Country // countries without a State Party respondent yet
	states    int               // the first states indexes are States Parties
	total     int               // submitted and draft
	respID    int64             // first ids reserved in each table
	contrib   int64
	response  int64
	themes    map[int64][]int64 // question id → theme ids
}

// respondent is one generated respondent with its response.
type respondent struct {
	id, contributor, response int64
	set                       *store.QuestionSet
	kind                      domain.RespondentKind
	name, country, lang       string
	attribution               domain.Attribution
	submitted                 bool
	at                        time.Time
}

func newPlan(ctx context.Context, st *store.Store, o options) (*plan, error) {
	c, err := prepare(ctx, st, o.slug)
	if err != nil {
		return nil, err
	}
	p := &plan{o: o, c: c, total: o.responses + o.drafts, themes: map[int64][]int64{}}
	var ok bool
	if p.statesSet, ok = c.QuestionSet(domain.AudienceStatesParties); !ok {
		return nil, fmt.Errorf("%s has no States Parties question set", o.slug)
	}
	if p.survSet, ok = c.QuestionSet(domain.AudienceSurvivors); !ok {
		return nil, fmt.Errorf("%s has no survivors' question set", o.slug)
	}
	all, err := refdata.StatesParties()
	if err != nil {
		return nil, err
	}
	taken := map[string]bool{}
	rows, err := st.Pool().Query(ctx, `SELECT country FROM respondents WHERE consultation_id = $1 AND kind = 'state'`, c.ID)
	if err != nil {
		return nil, err
	}
	stateCountries, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	for _, cc := range stateCountries {
		taken[cc] = true
	}
	for _, cc := range all {
		p.countries = append(p.countries, cc)
		if !taken[cc.ISO2] {
			p.stateFree = append(p.stateFree, cc)
		}
	}
	// One State Party per country, and never more than one response in
	// fifty: most respondents are survivors and their organisations.
	p.states = min(len(p.stateFree), max(o.responses/50, min(o.responses, 1)))
	return p, nil
}

func (p *plan) rng(i int, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(p.o.seed^stream*0x9e3779b97f4a7c15, uint64(i)))
}

var (
	languages   = []string{"en", "en", "en", "en", "fr", "fr", "fr", "es", "es", "es", "ar"}
	givenNames  = []string{"Amina", "Carlos", "Sokha", "Lina", "Ahmad", "Marie", "Jorge", "Nadia", "Dara", "Olga", "Thi", "Samuel"}
	familyNames = []string{"Haddad", "Rodríguez", "Chea", "Mukamana", "Karimi", "Dubois", "Pérez", "Nasser", "Sok", "Petrenko", "Nguyen", "Okello"}
	orgNames    = []string{"Survivors' Network of %s", "Association of Persons with Disabilities, %s", "%s Landmine Survivors Association", "Rehabilitation and Inclusion %s", "Women Survivors' Group, %s"}
	opens       = time.Date(2012, 3, 22, 9, 0, 0, 0, time.UTC)
)

func (p *plan) respondent(i int) respondent {
	rng := p.rng(i, 1)
	r := respondent{id: p.respID + int64(i), contributor: p.contrib + int64(i), response: p.response + int64(i),
		lang: languages[rng.IntN(len(languages))], submitted: i < p.o.responses}
	switch a := rng.IntN(20); {
	case a < 10:
		r.attribution = domain.AttributionNamed
	case a < 17:
		r.attribution = domain.AttributionAnonymous
	default:
		r.attribution = domain.AttributionConfidential
	}
	r.at = opens.Add(time.Duration(rng.Int64N(int64(59 * 24 * time.Hour))))
	if i < p.states {
		cc := p.stateFree[i]
		r.set, r.kind, r.country, r.name = p.statesSet, domain.KindState, cc.ISO2, cc.Name
		return r
	}
	cc := p.countries[rng.IntN(len(p.countries))]
	r.set, r.country = p.survSet, cc.ISO2
	if rng.IntN(3) == 0 {
		r.kind = domain.KindIndividual
		r.name = fmt.Sprintf("%s %s", givenNames[rng.IntN(len(givenNames))], familyNames[rng.IntN(len(familyNames))])
	} else {
		r.kind = domain.KindOrganisation
		r.name = fmt.Sprintf(orgNames[rng.IntN(len(orgNames))], cc.Name) + fmt.Sprintf(" (%d)", i)
	}
	return r
}

// answer returns the answer of respondent i to q.
func (p *plan) answer(i int, r *respondent, q *store.Question) (choice *string, text string) {
	rng := p.rng(i, uint64(q.ID)<<8|2)
	if q.TakesChoice() {
		// Skewed, as real answers are: the first choices more often.
		k := min(rng.IntN(len(q.Choices)+2), rng.IntN(len(q.Choices)))
		choice = &q.Choices[k].Value
	}
	if q.TakesText() {
		text = answerText(rng, r.lang, answerLength(rng, q.MaxLength), q.MaxLength)
	}
	return choice, text
}

// reserve takes n ids from the identity of each table, so that COPY can
// write the keys that link the rows.
func (p *plan) reserve(ctx context.Context, tx pgx.Tx) error {
	for _, t := range []struct {
		table string
		first *int64
	}{{"respondents", &p.respID}, {"contributors", &p.contrib}, {"responses", &p.response}} {
		err := tx.QueryRow(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id'))`, t.table).Scan(t.first)
		if err != nil {
			return fmt.Errorf("reserve %s ids: %w", t.table, err)
		}
		_, err = tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), $2)`, t.table, *t.first+int64(p.total))
		if err != nil {
			return fmt.Errorf("reserve %s ids: %w", t.table, err)
		}
	}
	return nil
}

// write adds every row in one transaction: a failed run leaves nothing.
func (p *plan) write(ctx context.Context, pool *pgxpool.Pool) error {
	tx, err := pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // a no-op after Commit
	if err := p.reserve(ctx, tx); err != nil {
		return err
	}
	for _, step := range []func(context.Context, pgx.Tx) error{
		p.copyRespondents, p.copyContributors, p.copyResponses, p.copySubmissions,
		p.copyAnswers("answers"), p.copyAnswers("submitted_answers"), p.createThemes, p.copyTags,
	} {
		if err := step(ctx, tx); err != nil {
			return err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	// Fresh statistics and a visibility map, as autovacuum would give a
	// consultation that filled up over weeks.
	_, err = pool.Exec(ctx, `VACUUM ANALYZE respondents, contributors, responses, answers, submitted_answers,
		submissions, answer_themes, themes`)
	return err
}

// source returns a CopyFromSource calling row for each respondent in turn;
// row returns the rows to write for one respondent.
func (p *plan) source(row func(i int, r *respondent) [][]any) pgx.CopyFromSource {
	i, pending := 0, [][]any(nil)
	return pgx.CopyFromFunc(func() ([]any, error) {
		for len(pending) == 0 {
			if i == p.total {
				return nil, nil
			}
			r := p.respondent(i)
			pending = row(i, &r)
			i++
		}
		next := pending[0]
		pending = pending[1:]
		return next, nil
	})
}

func (p *plan) copy(ctx context.Context, tx pgx.Tx, table string, columns []string, row func(i int, r *respondent) [][]any) error {
	n, err := tx.CopyFrom(ctx, pgx.Identifier{table}, columns, p.source(row))
	if err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	fmt.Printf("%-18s %9d rows\n", table, n)
	return nil
}

func (p *plan) copyRespondents(ctx context.Context, tx pgx.Tx) error {
	return p.copy(ctx, tx, "respondents", []string{"id", "consultation_id", "question_set_id", "audience", "kind",
		"name", "country", "verified", "self_registered"}, func(i int, r *respondent) [][]any {
		self := r.kind != domain.KindState && i%4 == 0
		return [][]any{{r.id, p.c.ID, r.set.ID, r.set.Audience, r.kind, r.name, r.country, !self, self}}
	})
}

func (p *plan) copyContributors(ctx context.Context, tx pgx.Tx) error {
	return p.copy(ctx, tx, "contributors", []string{"id", "respondent_id", "name", "token_hash"},
		func(i int, r *respondent) [][]any {
			h := sha256.Sum256(fmt.Appendf(nil, "vaconsult-gen %d %d", p.o.seed, r.contributor))
			return [][]any{{r.contributor, r.id, r.name, h[:]}}
		})
}

func (p *plan) copyResponses(ctx context.Context, tx pgx.Tx) error {
	return p.copy(ctx, tx, "responses", []string{"id", "respondent_id", "question_set_id", "status", "version",
		"attribution", "receipt", "language", "submitted_version", "submitted_at", "updated_at"},
		func(i int, r *respondent) [][]any {
			v := len(r.set.Questions)
			if !r.submitted {
				return [][]any{{r.response, r.id, r.set.ID, domain.StatusDraft, v, nil, nil, r.lang, nil, nil, r.at}}
			}
			return [][]any{{r.response, r.id, r.set.ID, domain.StatusSubmitted, v, r.attribution, receipt(r),
				r.lang, v, r.at, r.at}}
		})
}

func receipt(r *respondent) string { return fmt.Sprintf("VA-GEN-%d", r.response) }

func (p *plan) copySubmissions(ctx context.Context, tx pgx.Tx) error {
	return p.copy(ctx, tx, "submissions", []string{"response_id", "version", "receipt", "attribution",
		"contributor_id", "submitted_at"}, func(i int, r *respondent) [][]any {
		if !r.submitted {
			return nil
		}
		return [][]any{{r.response, len(r.set.Questions), receipt(r), r.attribution, r.contributor, r.at}}
	})
}

// copyAnswers writes the current answers ("answers") or what reviewers read
// ("submitted_answers"): the same texts, drafts only in the first.
func (p *plan) copyAnswers(table string) func(context.Context, pgx.Tx) error {
	current := table == "answers"
	columns := []string{"response_id", "question_id", "choice", "text"}
	if current {
		columns = append(columns, "question_set_id", "version", "updated_by", "updated_at")
	}
	return func(ctx context.Context, tx pgx.Tx) error {
		return p.copy(ctx, tx, table, columns, func(i int, r *respondent) [][]any {
			if !current && !r.submitted {
				return nil
			}
			rows := make([][]any, 0, len(r.set.Questions))
			for k := range r.set.Questions {
				q := &r.set.Questions[k]
				choice, text := p.answer(i, r, q)
				row := []any{r.response, q.ID, choice, text}
				if current {
					row = append(row, r.set.ID, k+1, r.contributor, r.at)
				}
				rows = append(rows, row)
			}
			return rows
		})
	}
}

var themeNames = map[domain.Audience][]string{
	domain.AudienceStatesParties: {"Data collection", "Survivor participation", "Budget and funding", "Coordination", "Disability rights"},
	domain.AudienceSurvivors:     {"Access to services", "Economic inclusion", "Psychological support", "Participation", "Remote areas", "Women and girls"},
}

// createThemes creates the consultation's themes; each audience's answers
// are tagged with the themes named for it.
func (p *plan) createThemes(ctx context.Context, tx pgx.Tx) error {
	for _, set := range []*store.QuestionSet{p.statesSet, p.survSet} {
		var ids []int64
		for _, name := range themeNames[set.Audience] {
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO themes (consultation_id, name) VALUES ($1, $2)
				ON CONFLICT (consultation_id, lower(name)) DO UPDATE SET name = themes.name RETURNING id`, p.c.ID, name).Scan(&id)
			if err != nil {
				return fmt.Errorf("create themes: %w", err)
			}
			ids = append(ids, id)
		}
		for _, q := range set.Questions {
			p.themes[q.ID] = ids
		}
	}
	return nil
}

// copyTags tags about a third of the submitted answers with one or two
// themes, as reviewers would.
func (p *plan) copyTags(ctx context.Context, tx pgx.Tx) error {
	return p.copy(ctx, tx, "answer_themes", []string{"response_id", "question_id", "theme_id"},
		func(i int, r *respondent) [][]any {
			if !r.submitted {
				return nil
			}
			rng := p.rng(i, 3)
			var rows [][]any
			for _, q := range r.set.Questions {
				ids := p.themes[q.ID]
				if rng.IntN(3) != 0 || len(ids) == 0 {
					continue
				}
				first := rng.IntN(len(ids))
				rows = append(rows, []any{r.response, q.ID, ids[first]})
				if second := rng.IntN(len(ids)); second != first && rng.IntN(2) == 0 {
					rows = append(rows, []any{r.response, q.ID, ids[second]})
				}
			}
			return rows
		})
}
