// Package domain names the values a consultation's data is made of — the
// audiences, the kinds of respondent, the statuses of a response and of a
// respondent's progress, and the attributions — each as a type of its own
// with its list of values, so that a Go file never spells one out.
//
// The values are those of the files, the URLs, the API and the database's
// CHECK constraints; this file is the one place in Go that writes them.
package domain

import (
	"fmt"
	"slices"
	"strings"
)

// UnknownValueError is what a Parse function returns for a value outside
// its list.
type UnknownValueError struct {
	What    string   // "audience", "kind", …
	Value   string   // what was given
	Allowed []string // every value accepted, in order
}

// Error says what was given and what is accepted.
func (e *UnknownValueError) Error() string {
	return fmt.Sprintf("unknown %s %q, want %s", e.What, e.Value, OneOf(e.Allowed...))
}

// OneOf returns values quoted and joined as a message lists them:
// `"a", "b" or "c"`.
func OneOf[T ~string](values ...T) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = fmt.Sprintf("%q", v)
	}
	if len(q) < 2 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// parse returns v as a T when it is one of values.
func parse[T ~string](what, v string, values []T) (T, error) {
	if slices.Contains(values, T(v)) {
		return T(v), nil
	}
	allowed := make([]string, len(values))
	for i, x := range values {
		allowed[i] = string(x)
	}
	return "", &UnknownValueError{What: what, Value: v, Allowed: allowed}
}

// Audience is who a question set is put to.
type Audience string

// Audiences, as they are named in files, URLs and the API.
const (
	AudienceStatesParties Audience = "states-parties"
	AudienceSurvivors     Audience = "survivors"
)

// Audiences lists every audience, the States Parties first.
var Audiences = []Audience{AudienceStatesParties, AudienceSurvivors}

// ParseAudience returns the audience named s, or an *UnknownValueError.
func ParseAudience(s string) (Audience, error) { return parse("audience", s, Audiences) }

// Valid reports whether a is one of Audiences.
func (a Audience) Valid() bool { return slices.Contains(Audiences, a) }

// Kinds returns the kinds of respondent that answer a's question set when
// its file names none, the default first.
func (a Audience) Kinds() []RespondentKind {
	switch a {
	case AudienceStatesParties:
		return []RespondentKind{KindState}
	case AudienceSurvivors:
		return []RespondentKind{KindOrganisation, KindIndividual}
	}
	return nil
}

// Admissible returns the kinds of respondent a's question set may admit:
// the States Parties' set may also admit observer States (States not party
// to the Convention) and organisations, which are counted apart.
func (a Audience) Admissible() []RespondentKind {
	switch a {
	case AudienceStatesParties:
		return []RespondentKind{KindState, KindObserverState, KindOrganisation}
	case AudienceSurvivors:
		return []RespondentKind{KindOrganisation, KindIndividual}
	}
	return nil
}

// Allows reports whether a respondent of kind k may answer a's question
// set, when the set admits that kind (see Admissible).
func (a Audience) Allows(k RespondentKind) bool { return slices.Contains(a.Admissible(), k) }

// RespondentKind is what a respondent is: a State, an organisation or an
// individual survivor.
type RespondentKind string

// Respondent kinds.
const (
	KindState         RespondentKind = "state"
	KindObserverState RespondentKind = "observer-state" // a State not party to the Convention
	KindOrganisation  RespondentKind = "organisation"
	KindIndividual    RespondentKind = "individual"
)

// RespondentKinds lists every kind of respondent.
var RespondentKinds = []RespondentKind{KindState, KindObserverState, KindOrganisation, KindIndividual}

// IsState reports whether respondents of kind k are States, of which there
// is one per country.
func (k RespondentKind) IsState() bool { return k == KindState || k == KindObserverState }

// ParseRespondentKind returns the kind named s, or an *UnknownValueError.
func ParseRespondentKind(s string) (RespondentKind, error) {
	return parse("kind", s, RespondentKinds)
}

// Valid reports whether k is one of RespondentKinds.
func (k RespondentKind) Valid() bool { return slices.Contains(RespondentKinds, k) }

// ResponseStatus is where a response stands: a draft, or submitted at least
// once.
type ResponseStatus string

// Response statuses.
const (
	StatusDraft     ResponseStatus = "draft"
	StatusSubmitted ResponseStatus = "submitted"
)

// ResponseStatuses lists every response status.
var ResponseStatuses = []ResponseStatus{StatusDraft, StatusSubmitted}

// ParseResponseStatus returns the status named s, or an *UnknownValueError.
func ParseResponseStatus(s string) (ResponseStatus, error) {
	return parse("status", s, ResponseStatuses)
}

// Valid reports whether s is one of ResponseStatuses.
func (s ResponseStatus) Valid() bool { return slices.Contains(ResponseStatuses, s) }

// Attribution is how a submitted response may be quoted.
type Attribution string

// Attribution choices.
const (
	AttributionNamed        Attribution = "named"        // may be quoted with the respondent's name
	AttributionAnonymous    Attribution = "anonymous"    // may be quoted without anything that identifies them
	AttributionConfidential Attribution = "confidential" // for the Co-Chairs only
)

// Attributions lists every attribution, the most open first.
var Attributions = []Attribution{AttributionNamed, AttributionAnonymous, AttributionConfidential}

// ParseAttribution returns the attribution named s, or an
// *UnknownValueError.
func ParseAttribution(s string) (Attribution, error) { return parse("attribution", s, Attributions) }

// Valid reports whether a is one of Attributions.
func (a Attribution) Valid() bool { return slices.Contains(Attributions, a) }

// Progress is how far a respondent has gone, as the dashboard counts them.
type Progress string

// Progress of a respondent.
const (
	ProgressInvited   Progress = "invited"   // no answer saved yet
	ProgressStarted   Progress = "started"   // saved at least once, not submitted
	ProgressSubmitted Progress = "submitted" // submitted at least once
	ProgressWithdrawn Progress = "withdrawn" // withdrawn by the respondent: counted as invited only
)

// Progresses lists every step of progress, in order.
var Progresses = []Progress{ProgressInvited, ProgressStarted, ProgressSubmitted, ProgressWithdrawn}

// ParseProgress returns the progress named s, or an *UnknownValueError.
func ParseProgress(s string) (Progress, error) { return parse("progress", s, Progresses) }

// Valid reports whether p is one of Progresses.
func (p Progress) Valid() bool { return slices.Contains(Progresses, p) }

// ConsultationStatus is where a consultation stands: draft and published
// are set by an administrator; upcoming, open and closed follow from the
// dates of a live consultation.
type ConsultationStatus string

// Consultation statuses.
const (
	ConsultationDraft     ConsultationStatus = "draft"     // being prepared: invisible to the public
	ConsultationUpcoming  ConsultationStatus = "upcoming"  // live, before its opening time
	ConsultationOpen      ConsultationStatus = "open"      // live, taking answers
	ConsultationClosed    ConsultationStatus = "closed"    // live, after its closing time
	ConsultationPublished ConsultationStatus = "published" // closed, its results published
)
