package form

import (
	"net/url"
	"strings"

	"github.com/vaconsult/vaconsult/refdata/iso3166"
	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
)

// Registration is the self-registration form of survivors and their
// organisations.
type Registration struct {
	Kind        domain.RespondentKind // organisation or individual
	Name        string
	Country     string
	Contributor string
	Email       string
}

// ParseRegistration reads the registration form.
func ParseRegistration(v url.Values) Registration {
	return Registration{
		Kind:        domain.RespondentKind(strings.TrimSpace(v.Get("kind"))),
		Name:        strings.TrimSpace(v.Get("name")),
		Country:     strings.ToUpper(strings.TrimSpace(v.Get("country"))),
		Contributor: strings.TrimSpace(v.Get("contributor")),
		Email:       strings.TrimSpace(v.Get("email")),
	}
}

// Check returns a problem for each field that is missing or malformed,
// before the store checks the rest.
func (r Registration) Check() []Problem {
	var out []Problem
	if !domain.AudienceSurvivors.Allows(r.Kind) {
		out = append(out, Problem{Field: "kind", Key: "register.error.kind"})
	}
	if r.Name == "" {
		key := "register.error.name"
		if r.Kind == domain.KindIndividual {
			key = "register.error.name_individual"
		}
		out = append(out, Problem{Field: "name", Key: key})
	}
	switch {
	case r.Country == "":
		out = append(out, Problem{Field: "country", Key: "register.error.country"})
	case !iso3166.Valid(r.Country):
		out = append(out, Problem{Field: "country", Key: "register.error.country_invalid"})
	}
	if r.Contributor == "" && r.Kind == domain.KindOrganisation {
		out = append(out, Problem{Field: "contributor", Key: "register.error.contributor"})
	}
	return out
}

// NewRespondent returns the registration as the store takes it.
func (r Registration) NewRespondent(slug string) store.NewRespondent {
	return store.NewRespondent{Consultation: slug, Audience: domain.AudienceSurvivors, Kind: r.Kind,
		Name: r.Name, Country: r.Country, Contributor: r.Contributor, Email: r.Email}
}

// StoreProblems turns the fields a store validation error names into
// problems with message keys of this form.
func (r Registration) StoreProblems(fields map[string]string) []Problem {
	var out []Problem
	for _, f := range []string{"kind", "name", "country", "contributor", "email"} {
		if _, ok := fields[f]; ok {
			out = append(out, Problem{Field: f, Key: "register.error." + f + "_invalid"})
		}
	}
	return out
}
