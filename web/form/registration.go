package form

import (
	"net/url"
	"strings"

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

// NewRespondent returns the registration as the store takes it.
func (r Registration) NewRespondent(slug string) store.NewRespondent {
	return store.NewRespondent{Consultation: slug, Audience: domain.AudienceSurvivors, Kind: r.Kind,
		Name: r.Name, Country: r.Country, Contributor: r.Contributor, Email: r.Email}
}
