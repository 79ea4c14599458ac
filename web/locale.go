package web

import (
	"github.com/vaconsult/vaconsult/web/locales"
)

// printer translates message keys into one language (see locales.Printer).
type printer = locales.Printer

// catalogs holds a catalog per supported language.
type catalogs map[string]locales.Catalog

// loadCatalogs reads the catalog of every supported language. It fails when
// one is missing or is not a JSON object of texts and plural forms.
func loadCatalogs() (catalogs, error) {
	all, err := locales.Load()
	if err != nil {
		return nil, err
	}
	return catalogs(all), nil
}

func (cs catalogs) printer(l string) *printer { return locales.NewPrinter(cs, l) }
