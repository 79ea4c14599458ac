package store

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/internal/bidi"
	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/refdata/iso3166"
	"github.com/vaconsult/vaconsult/store/domain"
)

// Respondent is a State, an organisation or an individual survivor taking
// part in one consultation.
type Respondent struct {
	ID             int64
	ConsultationID int64
	Audience       domain.Audience
	Kind           domain.RespondentKind
	Name           string
	Country        string
	Verified       bool
	SelfRegistered bool
	CreatedAt      time.Time
}

// Contributor is a named person acting for a respondent.
type Contributor struct {
	ID           int64
	RespondentID int64
	Name         string
	Email        string
}

// NewRespondent is what an invitation or a self-registration gives.
type NewRespondent struct {
	Consultation string // slug
	Audience     domain.Audience
	Kind         domain.RespondentKind // defaults to the audience's first: state, or organisation for survivors
	Name         string
	Country      string // ISO 3166-1 alpha-2
	Contributor  string // defaults to Name
	Email        string
	Language     string // the contributor's, for messages: one of lang.Supported; defaults to en
	// Reissue lets an invitation replace the working link of a contributor
	// of the same name, which it revokes; without it such an invitation is
	// refused (contributor_exists).
	Reissue bool
	// From is the address a self-registration comes from, for the limit of
	// RegistrationsPerHour; empty for invitations.
	From string
	// Send queues an invitation email, in Language, with the invitation;
	// the link it carries is made when it is sent and replaces the one
	// returned, which then stops working.
	Send bool
	// Approver makes the contributor an approver: with one, only
	// approvers may submit the respondent's answers.
	Approver bool
}

// RegistrationsPerHour is how many self-registrations one address may make
// in an hour: enough for a survivors' network registering its members at a
// workshop, too few for a flood.
const RegistrationsPerHour = 30

// Access is a contributor's access to a response, with the token of their
// access link. The token is returned once and kept only as a hash.
type Access struct {
	Respondent    *Respondent
	Contributor   *Contributor
	Token         string
	NewRespondent bool
	// Revoked is the contributor whose link a reissue revoked, if any.
	Revoked *Contributor
}

// normalise fills defaults and checks the fields, returning a
// *ValidationError that lists every wrong field.
func (n *NewRespondent) normalise() error {
	n.Name = strings.TrimSpace(bidi.Strip(n.Name))
	n.Contributor = strings.TrimSpace(bidi.Strip(n.Contributor))
	n.Email = strings.TrimSpace(n.Email)
	n.Language = strings.ToLower(strings.TrimSpace(n.Language))
	if n.Language == "" {
		n.Language = lang.Supported[0]
	}
	country, countryOK := iso3166.Normalize(n.Country)
	n.Country = country
	if n.Kind == "" && n.Audience.Valid() {
		n.Kind = n.Audience.Kinds()[0]
	}
	e := &ValidationError{Code: "validation_failed", Key: "error.validation_failed"}
	switch {
	case !n.Audience.Valid():
		e.add(Problem{Field: "audience", Key: "register.error.audience", Args: []any{domain.OneOf(domain.Audiences...)}})
	case n.Audience == domain.AudienceSurvivors && !n.Audience.Allows(n.Kind):
		e.add(Problem{Field: "kind", Key: "register.error.kind"})
	case !n.Audience.Allows(n.Kind):
		e.add(Problem{Field: "kind", Key: "register.error.kind_admitted", Args: []any{domain.OneOf(n.Audience.Admissible()...)}})
	}
	nameKey := "register.error.name"
	if n.Kind == domain.KindIndividual {
		nameKey = "register.error.name_individual"
	}
	checkName(e, "name", n.Name, nameKey)
	// The contributor is the respondent when not named (and a missing
	// name is said once, of the name).
	if n.Contributor == "" {
		n.Contributor = n.Name
	}
	if n.Contributor != "" {
		checkName(e, "contributor", n.Contributor, "register.error.contributor")
	}
	switch {
	case n.Country == "":
		e.add(Problem{Field: "country", Key: "register.error.country"})
	case !countryOK:
		e.add(Problem{Field: "country", Key: "register.error.country_invalid"})
	}
	if n.Email != "" {
		if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email || len(n.Email) > MaxEmailLength {
			e.add(Problem{Field: "email", Key: "register.error.email_invalid"})
		}
	}
	if !lang.IsSupported(n.Language) {
		e.add(Problem{Field: "language", Key: "register.error.language", Args: []any{strings.Join(lang.Supported, ", ")}})
	}
	return e.orNil()
}

// MaxEmailLength is the longest email address accepted, in bytes: the
// most a mail server can deliver to (RFC 5321's path limit, less its
// angle brackets).
const MaxEmailLength = 254

// checkName adds the problem of a name: missing (missingKey), on several
// lines, or longer than 200 characters.
func checkName(e *ValidationError, field, v, missingKey string) {
	switch {
	case v == "":
		e.add(Problem{Field: field, Key: missingKey})
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		// A line break in a name would let it forge the headers of an
		// email that carries it.
		e.add(Problem{Field: field, Key: "register.error." + field + "_line"})
	case utf8.RuneCountInString(v) > 200:
		e.add(Problem{Field: field, Key: "register.error." + field + "_invalid"})
	}
}

func checkReviewerName(fields map[string]string, key, v string) {
	switch {
	case v == "":
		fields[key] = "is required"
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		// A line break in a name would let it forge the headers of an
		// email that carries it.
		fields[key] = "must be on one line, without line breaks or control characters"
	case utf8.RuneCountInString(v) > 200:
		fields[key] = "must be at most 200 characters"
	}
}

// Invite creates a respondent with a first contributor, or adds a
// contributor to the respondent that already exists (the State Party of the
// same country, or the survivors' respondent of the same kind, name and
// country). It returns the contributor's access token, shown once. It
// refuses (contributor_exists, naming both in Data) a contributor whose name
// already has a working link for that respondent, unless in.Reissue, which
// revokes that link first.
func (s *Store) Invite(ctx context.Context, in NewRespondent) (*Access, error) {
	if err := in.normalise(); err != nil {
		return nil, err
	}
	var acc *Access
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := consultationForUpdate(ctx, tx, in.Consultation)
		if err != nil {
			return err
		}
		if err := checkStateParty(ctx, tx, in); err != nil {
			return err
		}
		if acc, err = inviteRespondent(ctx, tx, c.ID, in); err != nil {
			return err
		}
		acc.Contributor, acc.Token, err = insertContributor(ctx, tx, acc.Respondent.ID, in.Contributor, in.Email, in.Language)
		if err != nil {
			return err
		}
		if in.Approver {
			if _, err := setApprover(ctx, tx, acc.Contributor.ID, true); err != nil {
				return err
			}
		}
		if in.Send {
			if _, err := s.QueueInvitation(ctx, tx, acc.Contributor.ID, in.Language); err != nil {
				return err
			}
		}
		if acc.Revoked != nil {
			err := insertAudit(ctx, tx, Audit{Actor: "cli", Action: "contributor.revoke", ConsultationID: &c.ID,
				Subject: fmt.Sprintf("contributor:%d", acc.Revoked.ID), Details: map[string]any{"reissued_as": acc.Contributor.ID}})
			if err != nil {
				return err
			}
		}
		return insertAudit(ctx, tx, Audit{Actor: "cli", Action: "respondent.invite", ConsultationID: &c.ID,
			Subject: fmt.Sprintf("respondent:%d", acc.Respondent.ID),
			Details: map[string]any{"contributor": acc.Contributor.ID, "new_respondent": acc.NewRespondent, "approver": in.Approver}})
	})
	if err != nil {
		return nil, err
	}
	return acc, nil
}

// inviteRespondent returns the respondent an invitation is for, creating it
// when there is none, and clears the way for the new contributor: an
// existing one of the same name is refused, or revoked on a reissue.
func inviteRespondent(ctx context.Context, tx pgx.Tx, consultationID int64, in NewRespondent) (*Access, error) {
	r, err := findInvitedRespondent(ctx, tx, consultationID, in)
	if errors.Is(err, ErrNotFound) {
		r, err = insertRespondent(ctx, tx, consultationID, in, false)
		return &Access{Respondent: r, NewRespondent: true}, err
	}
	if err != nil {
		return nil, err
	}
	acc := &Access{Respondent: r}
	if !in.Reissue {
		return acc, refuseNamesake(ctx, tx, r, in.Contributor)
	}
	acc.Revoked, err = revokeNamesake(ctx, tx, r.ID, in.Contributor)
	if errors.Is(err, ErrNotFound) {
		err = nil
	}
	return acc, err
}

// refuseNamesake returns a contributor_exists conflict when a contributor
// of this name (trimmed, in any case) has a working link for r.
func refuseNamesake(ctx context.Context, tx pgx.Tx, r *Respondent, name string) error {
	var existing string
	err := tx.QueryRow(ctx, `SELECT name FROM contributors
		WHERE respondent_id = $1 AND lower(btrim(name)) = lower($2) AND revoked_at IS NULL
		ORDER BY id LIMIT 1`, r.ID, name).Scan(&existing)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("find contributor: %w", err)
	}
	e := Errorf(KindConflict, "contributor_exists", "%s already has a working access link for %s.", existing, r.Name)
	e.Data, e.Err = map[string]any{"contributor": existing, "respondent": r.Name}, ErrContributorExists
	return e
}

// revokeNamesake revokes the working links of r's contributors of this
// name, returning the first, or ErrNotFound when there was none.
func revokeNamesake(ctx context.Context, tx pgx.Tx, respondentID int64, name string) (*Contributor, error) {
	rows, err := tx.Query(ctx, `UPDATE contributors SET revoked_at = now()
		WHERE respondent_id = $1 AND lower(btrim(name)) = lower($2) AND revoked_at IS NULL
		RETURNING id, respondent_id, name, email`, respondentID, name)
	if err != nil {
		return nil, fmt.Errorf("revoke contributor: %w", err)
	}
	revoked, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Contributor])
	if err != nil {
		return nil, fmt.Errorf("revoke contributor: %w", err)
	}
	if len(revoked) == 0 {
		return nil, ErrNotFound
	}
	return &revoked[0], nil
}

// Register lets a survivor or an organisation sign themselves up, when the
// consultation allows it and has not closed, and refuses (rate_limited) an
// address past RegistrationsPerHour. It always creates a new,
// unverified respondent: a registration never joins an existing one, or
// anyone could reach another organisation's answers by giving its name.
func (s *Store) Register(ctx context.Context, in NewRespondent) (*Access, error) {
	if in.Audience == domain.AudienceStatesParties {
		return nil, Errorf(KindForbidden, "registration_not_allowed",
			"States Parties take part through the access link sent to their delegation; they cannot register here.")
	}
	if err := in.normalise(); err != nil {
		return nil, err
	}
	if in.From != "" {
		if err := s.Throttle(ctx, "register:"+in.From, RegistrationsPerHour, time.Hour); err != nil {
			return nil, err
		}
	}
	var acc Access
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		c, err := consultationForUpdate(ctx, tx, in.Consultation)
		if err != nil {
			return err
		}
		if c.IsDraft() {
			return ErrNotFound // invisible to the public until it leaves draft
		}
		if !c.SelfRegistration {
			return Errorf(KindForbidden, "registration_not_allowed", "This consultation takes answers by invitation only.")
		}
		if c.StatusAt(s.now()) == StatusClosed {
			return closedError(c)
		}
		if acc.Respondent, err = insertRespondent(ctx, tx, c.ID, in, true); err != nil {
			return err
		}
		acc.NewRespondent = true
		if acc.Contributor, acc.Token, err = insertContributor(ctx, tx, acc.Respondent.ID, in.Contributor, in.Email, in.Language); err != nil {
			return err
		}
		return insertAudit(ctx, tx, Audit{Actor: fmt.Sprintf("contributor:%d", acc.Contributor.ID), Action: "respondent.register",
			ConsultationID: &c.ID, Subject: fmt.Sprintf("respondent:%d", acc.Respondent.ID)})
	})
	if err != nil {
		return nil, err
	}
	return &acc, nil
}

func consultationForUpdate(ctx context.Context, tx pgx.Tx, slug string) (*Consultation, error) {
	// FOR SHARE keeps the consultation from being reloaded half-way through.
	return scanConsultation(tx.QueryRow(ctx, `
		SELECT id, slug, title, meeting, context, opens_at, closes_at, time_zone, self_registration, phase, attachments
		FROM consultations WHERE slug = $1 FOR SHARE`, slug))
}

// checkStateParty checks the country of a State: a State Party must be in
// the list of States Parties, an observer State must not.
func checkStateParty(ctx context.Context, tx pgx.Tx, in NewRespondent) error {
	if !in.Kind.IsState() {
		return nil
	}
	c, err := findCountry(ctx, tx, in.Country)
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	party := err == nil && c.StateParty
	switch {
	case in.Kind == domain.KindState && errors.Is(err, ErrNotFound):
		return countryError("register.error.not_state_party", in.Country)
	case in.Kind == domain.KindObserverState && party:
		return countryError("register.error.state_party", in.Country, domain.KindState)
	}
	return nil
}

func countryError(key string, args ...any) error {
	return &ValidationError{Code: "validation_failed", Key: "error.validation_failed",
		Problems: []Problem{{Field: "country", Key: key, Args: args}}}
}

// FindRespondent returns the respondent a principal acts for, or
// ErrNotFound.
func (s *Store) FindRespondent(ctx context.Context, p *Principal) (*Respondent, error) {
	return s.FindRespondentByID(ctx, p.RespondentID)
}

// FindRespondentByID returns a respondent, or ErrNotFound.
func (s *Store) FindRespondentByID(ctx context.Context, id int64) (*Respondent, error) {
	return scanRespondent(s.pool.QueryRow(ctx, `
		SELECT id, consultation_id, audience, kind, name, country, verified, self_registered, created_at
		FROM respondents WHERE id = $1`, id))
}

// scanRespondent reads a row of the respondents' columns: id,
// consultation_id, audience, kind, name, country, verified,
// self_registered, created_at.
func scanRespondent(row pgx.Row) (*Respondent, error) {
	var r Respondent
	err := row.Scan(&r.ID, &r.ConsultationID, &r.Audience, &r.Kind, &r.Name, &r.Country,
		&r.Verified, &r.SelfRegistered, &r.CreatedAt)
	if err != nil {
		return nil, notFound(err)
	}
	return &r, nil
}

func findInvitedRespondent(ctx context.Context, tx pgx.Tx, consultationID int64, in NewRespondent) (*Respondent, error) {
	if in.Kind.IsState() {
		return scanRespondent(tx.QueryRow(ctx, `
			SELECT id, consultation_id, audience, kind, name, country, verified, self_registered, created_at
			FROM respondents
			WHERE consultation_id = $1 AND kind = $2 AND country = $3
			FOR UPDATE`, consultationID, in.Kind, in.Country))
	}
	// FOR UPDATE: two invitations of one person at once wait for each other,
	// so the second sees the first's contributor.
	return scanRespondent(tx.QueryRow(ctx, `
		SELECT id, consultation_id, audience, kind, name, country, verified, self_registered, created_at
		FROM respondents
		WHERE consultation_id = $1 AND audience = $2 AND kind = $3 AND country = $4
		  AND lower(name) = lower($5) AND NOT self_registered
		ORDER BY id LIMIT 1 FOR UPDATE`, consultationID, in.Audience, in.Kind, in.Country, in.Name))
}

func insertRespondent(ctx context.Context, tx pgx.Tx, consultationID int64, in NewRespondent, selfRegistered bool) (*Respondent, error) {
	// Invited respondents are verified by whoever invited them.
	r, err := scanRespondent(tx.QueryRow(ctx, `
		INSERT INTO respondents (consultation_id, question_set_id, audience, kind, name, country, verified, self_registered)
		SELECT $1, qs.id, qs.audience, $3, $4, $5, NOT $6, $6
		FROM question_sets qs WHERE qs.consultation_id = $1 AND qs.audience = $2 AND $3 = ANY (qs.kinds)
		RETURNING id, consultation_id, audience, kind, name, country, verified, self_registered, created_at`,
		consultationID, in.Audience, in.Kind, in.Name, in.Country, selfRegistered))
	if errors.Is(err, ErrNotFound) {
		return nil, notAdmitted(ctx, tx, consultationID, in)
	}
	if err != nil {
		return nil, fmt.Errorf("insert respondent: %w", err)
	}
	_, err = tx.Exec(ctx, `INSERT INTO responses (respondent_id, question_set_id)
		SELECT id, question_set_id FROM respondents WHERE id = $1`, r.ID)
	if err != nil {
		return nil, fmt.Errorf("insert response: %w", err)
	}
	return r, nil
}

// notAdmitted says why no question set took a new respondent: there is
// none for the audience, or it does not admit the kind.
func notAdmitted(ctx context.Context, tx pgx.Tx, consultationID int64, in NewRespondent) error {
	var kinds []domain.RespondentKind
	err := tx.QueryRow(ctx, `SELECT kinds FROM question_sets WHERE consultation_id = $1 AND audience = $2`,
		consultationID, in.Audience).Scan(&kinds)
	e := &ValidationError{Code: "validation_failed", Key: "error.validation_failed"}
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		e.add(Problem{Field: "audience", Key: "register.error.no_question_set", Args: []any{in.Audience}})
	case err != nil:
		return fmt.Errorf("insert respondent: %w", err)
	default:
		e.add(Problem{Field: "kind", Key: "register.error.kind_admitted", Args: []any{domain.OneOf(kinds...)}})
	}
	return e
}

func insertContributor(ctx context.Context, tx pgx.Tx, respondentID int64, name, email, language string) (*Contributor, string, error) {
	token, hash := newAccessToken()
	c := Contributor{RespondentID: respondentID, Name: name, Email: email}
	err := tx.QueryRow(ctx, `INSERT INTO contributors (respondent_id, name, email, language, token_hash)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, respondentID, name, email, language, hash).Scan(&c.ID)
	if err != nil {
		return nil, "", fmt.Errorf("insert contributor: %w", err)
	}
	return &c, token, nil
}

// RevokeAccessToken makes the access link with this token stop working at
// once, and records it in the audit log. It returns ErrNotFound for a token
// that was never issued or is already revoked.
func (s *Store) RevokeAccessToken(ctx context.Context, token, actor string) (*Contributor, error) {
	hash, ok := accessTokenHash(token)
	if !ok {
		return nil, ErrNotFound
	}
	var c Contributor
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `UPDATE contributors SET revoked_at = now()
			WHERE token_hash = $1 AND revoked_at IS NULL
			RETURNING id, respondent_id, name, email`, hash).Scan(&c.ID, &c.RespondentID, &c.Name, &c.Email)
		if err != nil {
			return notFound(err)
		}
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "contributor.revoke", Subject: fmt.Sprintf("contributor:%d", c.ID)})
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// closedError refuses a change to a consultation that has closed, saying
// when it closed.
func closedError(c *Consultation) error {
	if c.ClosesAt == nil {
		return withSentinel(Errorf(KindConflict, "consultation_closed", "This consultation has closed."), ErrClosed)
	}
	e := Errorf(KindConflict, "consultation_closed", "This consultation closed on %s.",
		c.ClosesAt.In(c.Location()).Format("2 January 2006 at 15:04 MST"))
	e.Data, e.Err = map[string]any{"closes_at": c.ClosesAt}, ErrClosed
	return e
}
