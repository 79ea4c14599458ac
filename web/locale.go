package web

import (
	"embed"
	"encoding/json"
	"fmt"

	"github.com/vaconsult/vaconsult/internal/lang"
)

//go:embed locales/*.json
var localeFS embed.FS

// catalog is the interface text of one language, by message key.
type catalog map[string]string

// catalogs holds a catalog per supported language.
type catalogs map[string]catalog

// loadCatalogs reads the catalog of every supported language. It fails when
// one is missing or is not a JSON object of strings.
func loadCatalogs() (catalogs, error) {
	out := catalogs{}
	for _, l := range lang.Supported {
		b, err := localeFS.ReadFile("locales/" + l + ".json")
		if err != nil {
			return nil, fmt.Errorf("web: catalog %s: %w", l, err)
		}
		var c catalog
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("web: catalog %s: %w", l, err)
		}
		out[l] = c
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

// Translator returns the catalogs as a function, for the email messages,
// which are written from the same catalogs as the pages.
func Translator() (func(l, key string, args ...any) string, error) {
	cat, err := loadCatalogs()
	if err != nil {
		return nil, err
	}
	return func(l, key string, args ...any) string { return cat.printer(l).T(key, args...) }, nil
}
