package store

import (
	"cmp"
	"context"
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/invitation"
	"github.com/vaconsult/vaconsult/refdata/iso3166"
	"github.com/vaconsult/vaconsult/store/domain"
)

// What an import does with a row of an invitation list.
const (
	RowNew      = "new"      // a new respondent, with this contributor
	RowAdded    = "added"    // a new contributor of a respondent already there
	RowExisting = "existing" // this person is invited already: nothing changes
	RowInvalid  = "invalid"  // the row has problems and is not imported
)

// PlannedInvitation is a row of an invitation list, normalised, with what
// importing it does.
type PlannedInvitation struct {
	invitation.Row
	Status     string
	Respondent string // the respondent's name, as stored when it exists already
}

// InvitationPlan is what importing a list would do, row by row.
type InvitationPlan struct {
	Rows                          []PlannedInvitation
	New, Added, Existing, Invalid int
}

// NewContributor is a contributor an import created.
type NewContributor struct {
	Line          int
	ContributorID int64
	RespondentID  int64
	Respondent    string
	Name          string
	Email         string
	Language      string
}

// IssuedLink is a contributor with the token of the access link just made
// for them: shown once, never stored.
type IssuedLink struct {
	NewContributor
	Token string
	// Queued says an invitation email is queued for this contributor: the
	// link it carries, made when it is sent, replaces this one.
	Queued bool
}

// ImportHook runs inside an import's transaction with the contributors it
// created, so that what it writes (messages to send) commits or rolls back
// with the import. An error from it rolls the import back.
type ImportHook func(ctx context.Context, tx pgx.Tx, created []NewContributor) error

// ImportOptions say who imports and how.
type ImportOptions struct {
	Actor  string // "cli", "reviewer:3"
	Source string // the file's name, for the audit log
	// SkipInvalid imports the valid rows and leaves the others out; without
	// it, any invalid row stops the whole import.
	SkipInvalid bool
	// SendInvitations queues an invitation email for each new contributor
	// with an address, in the import's transaction.
	SendInvitations bool
	Hook            ImportHook
}

// ImportResult is what an import did.
type ImportResult struct {
	InvitationPlan
	Links  []IssuedLink // one per contributor created, in the list's order
	Queued int          // invitation emails queued
}

// PlanInvitations checks rows against the consultation and says what
// importing them would do, changing nothing. It returns ErrNotFound for an
// unknown consultation.
func (s *Store) PlanInvitations(ctx context.Context, slug string, rows []invitation.Row) (*InvitationPlan, error) {
	c, err := scanConsultation(s.pool.QueryRow(ctx, `
		SELECT id, slug, title, meeting, context, opens_at, closes_at, time_zone, self_registration, phase, attachments
		FROM consultations WHERE slug = $1`, slug))
	if err != nil {
		return nil, err
	}
	idx, err := loadInviteIndex(ctx, s.pool, c.ID)
	if err != nil {
		return nil, err
	}
	plan, _ := idx.plan(rows)
	return plan, nil
}

// ImportInvitations imports an invitation list into the consultation in
// one transaction: a respondent and a contributor with an access link for
// each new person, nothing for a person invited already (the same
// audience, State or organisation name, and contributor name, whatever the
// case), so importing a list twice changes nothing. When a row has
// problems it imports nothing and returns a validation error naming every
// bad line, unless opts.SkipInvalid. With opts.SendInvitations the
// invitation emails are queued with it. opts.Hook runs before the commit.
func (s *Store) ImportInvitations(ctx context.Context, slug string, rows []invitation.Row, opts ImportOptions) (*ImportResult, error) {
	var res *ImportResult
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// NO KEY UPDATE: one import or invitation of this consultation at a
		// time, so two cannot both create the same person.
		c, err := scanConsultation(tx.QueryRow(ctx, `
			SELECT id, slug, title, meeting, context, opens_at, closes_at, time_zone, self_registration, phase, attachments
			FROM consultations WHERE slug = $1 FOR NO KEY UPDATE`, slug))
		if err != nil {
			return err
		}
		idx, err := loadInviteIndex(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		plan, planned := idx.plan(rows)
		if plan.Invalid > 0 && !opts.SkipInvalid {
			return invalidRows(plan)
		}
		res = &ImportResult{InvitationPlan: *plan}
		if res.Links, err = createInvited(ctx, tx, c.ID, planned); err != nil {
			return err
		}
		if opts.SendInvitations {
			if res.Queued, err = s.queueInvitations(ctx, tx, res.Links); err != nil {
				return err
			}
		}
		if err := auditImport(ctx, tx, c.ID, opts, res); err != nil {
			return err
		}
		if opts.Hook == nil {
			return nil
		}
		created := make([]NewContributor, len(res.Links))
		for i, l := range res.Links {
			created[i] = l.NewContributor
		}
		return opts.Hook(ctx, tx, created)
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// invalidRows is the error of an import refused for its bad rows: Fields
// maps "line N" to what is wrong there, Data["rows"] lists the problems.
func invalidRows(plan *InvitationPlan) *Error {
	e := Errorf(KindValidation, "invalid_rows", "%d of %d rows have problems; nothing was imported. Correct them and import the list again.",
		plan.Invalid, len(plan.Rows))
	e.Fields, e.Err = map[string]string{}, ErrInvalidRows
	var bad []invitation.Row
	for _, r := range plan.Rows {
		if r.Status == RowInvalid {
			e.Fields["line "+strconv.Itoa(r.Line)] = r.Messages()
			bad = append(bad, r.Row)
		}
	}
	e.Data = map[string]any{"rows": bad}
	return e
}

// knownRespondent is a respondent in the database (id set) or one the list
// creates (line set).
type knownRespondent struct {
	id      int64
	name    string
	line    int
	row     *PlannedInvitation
	workers map[string]int // contributors' names (lowered) → line in the list, 0 in the database
}

// inviteIndex holds what a plan checks rows against.
type inviteIndex struct {
	parties     map[string]bool
	audiences   map[string]bool
	kinds       map[domain.Audience][]domain.RespondentKind // admitted, by audience
	respondents map[string]*knownRespondent                 // by respondentKey
	states      map[string]*knownRespondent                 // by country
}

// loadInviteIndex reads the States Parties, the consultation's question
// sets, its invited respondents and their working contributors: four
// queries, however long the list.
func loadInviteIndex(ctx context.Context, db DBTX, consultationID int64) (*inviteIndex, error) {
	idx := &inviteIndex{parties: map[string]bool{}, audiences: map[string]bool{}, kinds: map[domain.Audience][]domain.RespondentKind{},
		respondents: map[string]*knownRespondent{}, states: map[string]*knownRespondent{}}
	if err := collect(ctx, db, `SELECT iso2 FROM countries`, nil, func(r pgx.Rows) error {
		var cc string
		err := r.Scan(&cc)
		idx.parties[cc] = true
		return err
	}); err != nil {
		return nil, fmt.Errorf("invitations: countries: %w", err)
	}
	if err := collect(ctx, db, `SELECT audience, kinds FROM question_sets WHERE consultation_id = $1`, []any{consultationID}, func(r pgx.Rows) error {
		var a string
		var kinds []domain.RespondentKind
		err := r.Scan(&a, &kinds)
		idx.audiences[a] = true
		idx.kinds[domain.Audience(a)] = kinds
		return err
	}); err != nil {
		return nil, fmt.Errorf("invitations: question sets: %w", err)
	}
	byID := map[int64]*knownRespondent{}
	// Self-registered respondents are never joined by an invitation, as
	// store.Invite does not join them either.
	if err := collect(ctx, db, `SELECT id, audience, kind, name, country FROM respondents
		WHERE consultation_id = $1 AND (kind IN ('state', 'observer-state') OR NOT self_registered)
			AND merged_into IS NULL ORDER BY id`, []any{consultationID}, func(r pgx.Rows) error {
		var id int64
		var audience, kind, name, country string
		if err := r.Scan(&id, &audience, &kind, &name, &country); err != nil {
			return err
		}
		k := &knownRespondent{id: id, name: name, workers: map[string]int{}}
		byID[id] = k
		if kind == string(domain.KindState) {
			idx.states[country] = k
		}
		if key := respondentKey(audience, kind, country, name); idx.respondents[key] == nil {
			idx.respondents[key] = k
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("invitations: respondents: %w", err)
	}
	if err := collect(ctx, db, `SELECT c.respondent_id, lower(btrim(c.name)) FROM contributors c
		JOIN respondents r ON r.id = c.respondent_id
		WHERE r.consultation_id = $1 AND c.revoked_at IS NULL`, []any{consultationID}, func(r pgx.Rows) error {
		var id int64
		var name string
		if err := r.Scan(&id, &name); err != nil {
			return err
		}
		if k := byID[id]; k != nil {
			k.workers[name] = 0
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("invitations: contributors: %w", err)
	}
	return idx, nil
}

// collect runs a query and calls scan on each row.
func collect(ctx context.Context, db DBTX, sql string, args []any, scan func(pgx.Rows) error) error {
	rows, err := db.Query(ctx, sql, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// respondentKey is how an invitation finds its respondent: a State by its
// country, anyone else by audience, kind, country and name in any case.
func respondentKey(audience, kind, country, name string) string {
	if domain.RespondentKind(kind).IsState() {
		return kind + "|" + country
	}
	return strings.Join([]string{audience, kind, country, strings.ToLower(strings.TrimSpace(name))}, "|")
}

// plannedRespondent is a respondent the list creates, with its
// contributors, in the list's order.
type plannedRespondent struct {
	row          *PlannedInvitation
	known        *knownRespondent
	contributors []*PlannedInvitation
}

// plan normalises and checks every row, in order: a row may repeat no
// earlier row, nor name a second State for a country. It returns the plan
// and the respondents and contributors to create.
func (idx *inviteIndex) plan(rows []invitation.Row) (*InvitationPlan, []*plannedRespondent) {
	plan := &InvitationPlan{Rows: make([]PlannedInvitation, len(rows))}
	var created []*plannedRespondent
	byKnown := map[*knownRespondent]*plannedRespondent{}
	for i := range rows {
		p := &plan.Rows[i]
		p.Row = rows[i]
		p.Problems = append([]invitation.Problem(nil), rows[i].Problems...)
		normaliseRow(&p.Row)
		idx.check(p)
		if len(p.Problems) > 0 {
			p.Status = RowInvalid
			plan.Invalid++
			continue
		}
		k := idx.respondents[respondentKey(p.Audience, p.Kind, p.Country, p.Name)]
		if k == nil {
			k = &knownRespondent{name: p.Name, line: p.Line, row: p, workers: map[string]int{}}
			idx.respondents[respondentKey(p.Audience, p.Kind, p.Country, p.Name)] = k
			if p.Kind == string(domain.KindState) {
				idx.states[p.Country] = k
			}
			pr := &plannedRespondent{row: p, known: k}
			byKnown[k] = pr
			created = append(created, pr)
		}
		p.Respondent = k.name
		name := strings.ToLower(p.Contributor)
		switch line, ok := k.workers[name]; {
		case ok && line > 0:
			p.Add("contributor", "duplicate", strconv.Itoa(line))
			p.Status = RowInvalid
			plan.Invalid++
			continue
		case ok:
			p.Status = RowExisting
			plan.Existing++
			continue
		}
		k.workers[name] = p.Line
		pr := byKnown[k]
		if pr == nil {
			pr = &plannedRespondent{known: k}
			byKnown[k] = pr
			created = append(created, pr)
		}
		pr.contributors = append(pr.contributors, p)
		if k.id == 0 && pr.row == p {
			p.Status = RowNew
			plan.New++
		} else {
			p.Status = RowAdded
			plan.Added++
		}
	}
	return plan, created
}

// normaliseRow trims the row and fills its defaults, as store.Invite does.
func normaliseRow(r *invitation.Row) {
	for _, col := range invitation.Columns {
		f := r.Field(col)
		*f = strings.TrimSpace(*f)
	}
	r.Audience = strings.ToLower(r.Audience)
	r.Kind = strings.ToLower(r.Kind)
	if r.Kind == "" {
		r.Kind = string(domain.KindOrganisation)
		if a := domain.Audience(r.Audience); a.Valid() {
			r.Kind = string(a.Kinds()[0])
		}
	}
	r.Country, _ = iso3166.Normalize(r.Country)
	if r.Contributor == "" {
		r.Contributor = r.Name
	}
	r.Language = strings.ToLower(r.Language)
	if r.Language == "" {
		r.Language = lang.Supported[0]
	}
}

// check adds the row's problems, leaving alone a field that has one from
// the file already.
func (idx *inviteIndex) check(p *PlannedInvitation) {
	r := &p.Row
	add := func(field, code, arg string) {
		if !r.Has(field) {
			r.Add(field, code, arg)
		}
	}
	audience, kind := domain.Audience(r.Audience), domain.RespondentKind(r.Kind)
	switch {
	case audience == "":
		add("audience", "required", "")
	case !audience.Valid():
		add("audience", "audience", "")
	case !idx.audiences[r.Audience]:
		add("audience", "no_question_set", r.Audience)
	case audience == domain.AudienceStatesParties && !slices.Contains(idx.kinds[audience], kind):
		add("kind", "kind_state", "")
	case !slices.Contains(idx.kinds[audience], kind):
		add("kind", "kind_survivors", "")
	}
	for _, f := range []string{"name", "contributor"} {
		switch v := *r.Field(f); {
		case v == "":
			add(f, "required", "")
		case utf8.RuneCountInString(v) > 200:
			add(f, "too_long", "")
		}
	}
	switch {
	case r.Country == "":
		add("country", "required", "")
	case !iso3166.Valid(r.Country):
		add("country", "country", r.Country)
	case kind == domain.KindState && !idx.parties[r.Country]:
		add("country", "not_state_party", r.Country)
	}
	if r.Email != "" {
		if a, err := mail.ParseAddress(r.Email); err != nil || a.Address != r.Email {
			add("email", "email", r.Email)
		}
	}
	if !lang.IsSupported(r.Language) {
		add("language", "language", r.Language)
	}
	if _, ok := invitation.ParseApprover(r.Approver); !ok {
		add("approver", "approver", r.Approver)
	}
	if len(r.Problems) == 0 && kind == domain.KindState {
		if k := idx.states[r.Country]; k != nil && !strings.EqualFold(k.name, r.Name) {
			add("name", "second_state", k.name)
		}
	}
}

// createInvited creates the planned respondents, their responses and the
// contributors, and returns the contributors' links in the list's order.
func createInvited(ctx context.Context, tx pgx.Tx, consultationID int64, planned []*plannedRespondent) ([]IssuedLink, error) {
	if err := insertPlannedRespondents(ctx, tx, consultationID, planned); err != nil {
		return nil, err
	}
	var respondentIDs []int64
	var names, emails, languages []string
	var hashes [][]byte
	var approvers []bool
	var links []IssuedLink
	for _, pr := range planned {
		for _, p := range pr.contributors {
			token, hash := newAccessToken()
			respondentIDs = append(respondentIDs, pr.known.id)
			approvers = append(approvers, p.IsApprover())
			names, emails, languages = append(names, p.Contributor), append(emails, p.Email), append(languages, p.Language)
			hashes = append(hashes, hash)
			links = append(links, IssuedLink{Token: token, NewContributor: NewContributor{Line: p.Line, RespondentID: pr.known.id,
				Respondent: pr.known.name, Name: p.Contributor, Email: p.Email, Language: p.Language}})
		}
	}
	if len(links) == 0 {
		return nil, nil
	}
	if err := lockForApprovers(ctx, tx, respondentIDs, approvers); err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `INSERT INTO contributors (respondent_id, name, email, language, token_hash, approver)
		SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bytea[], $6::boolean[])
		RETURNING id, token_hash`, respondentIDs, names, emails, languages, hashes, approvers)
	if err != nil {
		return nil, fmt.Errorf("insert contributors: %w", err)
	}
	ids := map[string]int64{}
	for rows.Next() {
		var id int64
		var hash []byte
		if err := rows.Scan(&id, &hash); err != nil {
			return nil, fmt.Errorf("insert contributors: %w", err)
		}
		ids[string(hash)] = id
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("insert contributors: %w", err)
	}
	for i := range links {
		links[i].ContributorID = ids[string(hashes[i])]
	}
	sortByLine(links)
	return links, nil
}

// insertPlannedRespondents creates the respondents the list names first,
// each with its empty response, and sets their ids.
func insertPlannedRespondents(ctx context.Context, tx pgx.Tx, consultationID int64, planned []*plannedRespondent) error {
	var audiences, kinds, names, countries []string
	byKey := map[string]*knownRespondent{}
	for _, pr := range planned {
		if pr.known.id != 0 {
			continue
		}
		r := pr.row
		audiences, kinds, names, countries = append(audiences, r.Audience), append(kinds, r.Kind), append(names, r.Name), append(countries, r.Country)
		byKey[respondentKey(r.Audience, r.Kind, r.Country, r.Name)] = pr.known
	}
	if len(names) == 0 {
		return nil
	}
	// Invited respondents are verified by whoever invited them.
	rows, err := tx.Query(ctx, `INSERT INTO respondents (consultation_id, question_set_id, audience, kind, name, country, verified)
		SELECT $1, qs.id, qs.audience, u.kind, u.name, u.country, true
		FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS u(audience, kind, name, country, n)
		JOIN question_sets qs ON qs.consultation_id = $1 AND qs.audience = u.audience
		ORDER BY u.n
		RETURNING id, audience, kind, name, country`, consultationID, audiences, kinds, names, countries)
	if err != nil {
		return fmt.Errorf("insert respondents: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		var audience, kind, name, country string
		if err := rows.Scan(&id, &audience, &kind, &name, &country); err != nil {
			return fmt.Errorf("insert respondents: %w", err)
		}
		byKey[respondentKey(audience, kind, country, name)].id = id
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("insert respondents: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO responses (respondent_id, question_set_id)
		SELECT id, question_set_id FROM respondents WHERE id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("insert responses: %w", err)
	}
	return nil
}

func sortByLine(links []IssuedLink) {
	slices.SortStableFunc(links, func(a, b IssuedLink) int { return cmp.Compare(a.Line, b.Line) })
}

// auditImport records the import: who, from which file, and the
// contributors it created.
func auditImport(ctx context.Context, tx pgx.Tx, consultationID int64, opts ImportOptions, res *ImportResult) error {
	ids := make([]int64, len(res.Links))
	for i, l := range res.Links {
		ids[i] = l.ContributorID
	}
	actor := opts.Actor
	if actor == "" {
		actor = "cli"
	}
	return insertAudit(ctx, tx, Audit{Actor: actor, Action: "invitations.import", ConsultationID: &consultationID,
		Subject: opts.Source, Details: map[string]any{"rows": len(res.Rows), "new_respondents": res.New,
			"contributors": ids, "existing": res.Existing, "invalid_left_out": res.Invalid,
			"invitations_queued": res.Queued}})
}
