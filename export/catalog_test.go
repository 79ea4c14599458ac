package export

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/web/locales"
)

var keyRE = regexp.MustCompile(`"((?:export|region)\.[a-z0-9_.-]*[a-z0-9_])"`)

// TestEveryExportKeyExists fails when the exports name a message that a
// catalog lacks: the keys written out in the code and the report's
// template, and those made from a code (audiences, kinds, attributions,
// variants, regions). The pages' catalog tests check that every language
// has every key of English.
func TestEveryExportKeyExists(t *testing.T) {
	used := map[string]bool{}
	files, _ := os.ReadDir(".")
	for _, f := range files {
		if strings.HasSuffix(f.Name(), ".go") && !strings.HasSuffix(f.Name(), "_test.go") {
			b, _ := os.ReadFile(f.Name())
			for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
				used[m[1]] = true
			}
		}
	}
	b, _ := templateFiles.ReadFile("templates/report.html.tmpl")
	for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
		used[m[1]] = true
	}
	if len(used) < 40 {
		t.Fatalf("found only %d keys in use: the pattern no longer matches the code", len(used))
	}
	for _, a := range []string{"states-parties", "survivors"} {
		used["export.audience."+a], used["export.sheet."+a], used["export.who."+a] = true, true, true
	}
	for _, k := range []string{"state", "organisation", "individual"} {
		used["export.kinds."+k], used["export.kind."+k] = true, true
	}
	for _, a := range []string{"named", "anonymous", "confidential"} {
		used["export.attribution."+a] = true
	}
	for _, v := range []Variant{Public, Internal} {
		used["export.variant."+string(v)] = true
	}
	for _, c := range csvColumns {
		used["export.csv."+c] = true
	}
	for _, key := range locales.RegionKeys() {
		used[key] = true
	}
	for _, l := range lang.Supported {
		for key := range used {
			if strings.TrimSpace(catalogs[l][key].Text) == "" {
				t.Errorf("%s.json lacks %q, which the exports use", l, key)
			}
		}
	}
}
