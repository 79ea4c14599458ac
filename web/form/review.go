package form

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/vaconsult/vaconsult/store/domain"
)

// ReviewFilter is the filter form of a question's page: which submitted
// answers to show. Empty fields select everything.
type ReviewFilter struct {
	Audience domain.Audience // the question's audience, which with its number names it
	Kind     domain.RespondentKind
	Region   string
	Country  string
	Language string
	Theme    int64
	Page     int // from 1
}

// ParseReviewFilter reads the filter from a query string. Values it cannot
// read are dropped rather than refused: a filter only narrows a list.
func ParseReviewFilter(v url.Values) ReviewFilter {
	f := ReviewFilter{
		Region:   strings.TrimSpace(v.Get("region")),
		Country:  strings.ToUpper(strings.TrimSpace(v.Get("country"))),
		Language: strings.TrimSpace(v.Get("language")),
	}
	f.Audience, _ = domain.ParseAudience(strings.TrimSpace(v.Get("audience")))
	f.Kind, _ = domain.ParseRespondentKind(strings.TrimSpace(v.Get("kind")))
	if len(f.Country) != 2 {
		f.Country = ""
	}
	if id, err := strconv.ParseInt(v.Get("theme"), 10, 64); err == nil && id > 0 {
		f.Theme = id
	}
	if n, err := strconv.Atoi(v.Get("page")); err == nil && n > 1 && n < 100000 {
		f.Page = n
	}
	return f
}

// Values returns the filter as a query, without its empty fields; page 1
// is left out too.
func (f ReviewFilter) Values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("audience", string(f.Audience))
	set("kind", string(f.Kind))
	set("region", f.Region)
	set("country", f.Country)
	set("language", f.Language)
	if f.Theme > 0 {
		v.Set("theme", strconv.FormatInt(f.Theme, 10))
	}
	if f.Page > 1 {
		v.Set("page", strconv.Itoa(f.Page))
	}
	return v
}

// Query returns the filter as an encoded query string.
func (f ReviewFilter) Query() string { return f.Values().Encode() }

// WithPage returns the query of the filter at another page.
func (f ReviewFilter) WithPage(n int) string {
	f.Page = n
	return f.Query()
}

// WithTheme returns the query of the filter narrowed to one theme, from the
// first page.
func (f ReviewFilter) WithTheme(id int64) string {
	f.Theme, f.Page = id, 0
	return f.Query()
}

// Active reports whether the filter narrows the answers at all.
func (f ReviewFilter) Active() bool {
	return f.Kind != "" || f.Region != "" || f.Country != "" || f.Language != "" || f.Theme > 0
}

// Edit is a reviewer's form that changes what other reviewers may be
// changing at the same moment (key points, a theme's name): what the person
// typed, and the version of it the form was loaded with.
type Edit struct {
	Text    string
	Version int
}

// ParseEdit reads an edit form: the text of field, with its line breaks as
// "\n" whatever the browser sent, and the version of versionField. A
// missing or unreadable version reads as 0, the version of nothing, which
// is stale wherever something exists: a form of unknown age never
// overwrites.
func ParseEdit(v url.Values, field, versionField string) Edit {
	e := Edit{Text: strings.ReplaceAll(v.Get(field), "\r\n", "\n")}
	if n, err := strconv.Atoi(v.Get(versionField)); err == nil && n > 0 {
		e.Version = n
	}
	return e
}
