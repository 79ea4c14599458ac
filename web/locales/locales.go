// Package locales holds the message catalogs of vaconsult, one JSON file per
// language, shared by the pages and the exports so that both say the same
// things the same way.
package locales

import (
	"embed"
	"encoding/json"
	"fmt"

	"github.com/vaconsult/vaconsult/internal/lang"
)

//go:embed *.json
var files embed.FS

// Catalog is the text of one language, by message key.
type Catalog map[string]string

// Load reads the catalog of every supported language. It fails when one is
// missing or is not a JSON object of strings.
func Load() (map[string]Catalog, error) {
	out := map[string]Catalog{}
	for _, l := range lang.Supported {
		b, err := files.ReadFile(l + ".json")
		if err != nil {
			return nil, fmt.Errorf("locales: catalog %s: %w", l, err)
		}
		var c Catalog
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("locales: catalog %s: %w", l, err)
		}
		out[l] = c
	}
	return out, nil
}

// regionKeys names the catalog key of each region of the reference data
// (refdata, the countries table), by its English name as stored.
var regionKeys = map[string]string{
	"Africa":                          "region.africa",
	"Americas":                        "region.americas",
	"East & South Asia & Pacific":     "region.asia_pacific",
	"Europe, Caucasus & Central Asia": "region.europe",
	"Middle East & North Africa":      "region.middle_east",
}

// RegionKey returns the catalog key of the name of region, given as
// stored, and false for a region an administrator added or renamed, which
// has no translation and shows as stored.
func RegionKey(region string) (string, bool) {
	k, ok := regionKeys[region]
	return k, ok
}

// RegionKeys returns every region's key, for the tests that check them.
func RegionKeys() map[string]string {
	out := make(map[string]string, len(regionKeys))
	for r, k := range regionKeys {
		out[r] = k
	}
	return out
}
