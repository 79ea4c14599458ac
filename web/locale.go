package web

import (
	"fmt"

	"github.com/vaconsult/vaconsult/web/locales"
)

// catalog is the interface text of one language, by message key.
type catalog map[string]string

// catalogs holds a catalog per supported language.
type catalogs map[string]catalog

// loadCatalogs reads the catalog of every supported language. It fails when
// one is missing or is not a JSON object of strings.
func loadCatalogs() (catalogs, error) {
	all, err := locales.Load()
	if err != nil {
		return nil, err
	}
	out := catalogs{}
	for l, c := range all {
		out[l] = catalog(c)
	}
	return out, nil
}

// printer translates message keys into one language.
type printer struct {
	lang string
	cat  catalog
	en   catalog
}

func (cs catalogs) printer(l string) *printer {
	return &printer{lang: l, cat: cs[l], en: cs["en"]}
}

// T returns the message for key, formatted with args as by fmt.Sprintf.
// A key missing from the language falls back to English, and one missing
// from English shows as itself; the catalog tests rule out both.
func (p *printer) T(key string, args ...any) string {
	s, ok := p.cat[key]
	if !ok {
		if s, ok = p.en[key]; !ok {
			return key
		}
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}
