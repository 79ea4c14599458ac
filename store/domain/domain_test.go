package domain_test

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store/domain"
)

func TestParseAcceptsEveryValue(t *testing.T) {
	t.Parallel()
	for _, a := range domain.Audiences {
		if got, err := domain.ParseAudience(string(a)); err != nil || got != a || !got.Valid() {
			t.Errorf("ParseAudience(%q) = %q, %v", a, got, err)
		}
	}
	for _, k := range domain.RespondentKinds {
		if got, err := domain.ParseRespondentKind(string(k)); err != nil || got != k || !got.Valid() {
			t.Errorf("ParseRespondentKind(%q) = %q, %v", k, got, err)
		}
	}
	for _, s := range domain.ResponseStatuses {
		if got, err := domain.ParseResponseStatus(string(s)); err != nil || got != s || !got.Valid() {
			t.Errorf("ParseResponseStatus(%q) = %q, %v", s, got, err)
		}
	}
	for _, a := range domain.Attributions {
		if got, err := domain.ParseAttribution(string(a)); err != nil || got != a || !got.Valid() {
			t.Errorf("ParseAttribution(%q) = %q, %v", a, got, err)
		}
	}
	for _, p := range domain.Progresses {
		if got, err := domain.ParseProgress(string(p)); err != nil || got != p || !got.Valid() {
			t.Errorf("ParseProgress(%q) = %q, %v", p, got, err)
		}
	}
}

// TestParseRefusesUnknownValues feeds each Parse what a file, a form or a
// request might carry by mistake: a near miss in case or spelling, another
// type's value, nothing.
func TestParseRefusesUnknownValues(t *testing.T) {
	t.Parallel()
	parsers := map[string]func(string) (string, error){
		"audience": func(s string) (string, error) { v, err := domain.ParseAudience(s); return string(v), err },
		"kind":     func(s string) (string, error) { v, err := domain.ParseRespondentKind(s); return string(v), err },
		"status":   func(s string) (string, error) { v, err := domain.ParseResponseStatus(s); return string(v), err },
		"attribution": func(s string) (string, error) {
			v, err := domain.ParseAttribution(s)
			return string(v), err
		},
		"progress": func(s string) (string, error) { v, err := domain.ParseProgress(s); return string(v), err },
	}
	unknown := map[string][]string{
		"audience":    {"", "States-Parties", "survivor", "donors", "state", " survivors"},
		"kind":        {"", "State", "organization", "survivors", "named"},
		"status":      {"", "Submitted", "started", "closed", "named"},
		"attribution": {"", "Named", "anonymous ", "public", "submitted"},
		"progress":    {"", "Invited", "draft", "open", "named"},
	}
	for what, values := range unknown {
		for _, v := range values {
			got, err := parsers[what](v)
			var uv *domain.UnknownValueError
			if !errors.As(err, &uv) {
				t.Errorf("parse %s %q = %q, %v; want an UnknownValueError", what, v, got, err)
				continue
			}
			if got != "" || uv.What != what || uv.Value != v || len(uv.Allowed) == 0 {
				t.Errorf("parse %s %q = %q, %+v", what, v, got, uv)
			}
		}
	}
	var zero domain.Audience
	if zero.Valid() || domain.Attribution("public").Valid() || domain.RespondentKind("").Valid() ||
		domain.ResponseStatus("open").Valid() || domain.Progress("draft").Valid() {
		t.Error("Valid accepts a value outside its list")
	}
}

func TestUnknownValueErrorListsWhatIsAccepted(t *testing.T) {
	t.Parallel()
	_, err := domain.ParseAudience("donors")
	if got, want := err.Error(), `unknown audience "donors", want "states-parties" or "survivors"`; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
}

func TestAudienceKinds(t *testing.T) {
	t.Parallel()
	if !domain.AudienceStatesParties.Allows(domain.KindState) || domain.AudienceStatesParties.Allows(domain.KindIndividual) {
		t.Error("the States Parties' set is answered by States only")
	}
	if domain.AudienceSurvivors.Allows(domain.KindState) || !domain.AudienceSurvivors.Allows(domain.KindIndividual) ||
		!domain.AudienceSurvivors.Allows(domain.KindOrganisation) {
		t.Error("the survivors' set is answered by organisations and individuals")
	}
	if domain.Audience("donors").Allows("") {
		t.Error("an unknown audience allows a kind")
	}
}

// TestValuesAreSpelledOutOnlyHere checks that no Go file of the module
// outside domain.go writes one of these values as a string literal: code
// says domain.AudienceSurvivors, never "survivors". Only whole literals
// count, so SQL text (`rs.status = 'submitted'`), message keys
// ("review.audience.survivors") and messages are left alone; tests are
// left out too, where the literal is the wire format under test.
func TestValuesAreSpelledOutOnlyHere(t *testing.T) {
	t.Parallel()
	values := map[string]bool{}
	for _, a := range domain.Audiences {
		values[string(a)] = true
	}
	for _, k := range domain.RespondentKinds {
		values[string(k)] = true
	}
	for _, s := range domain.ResponseStatuses {
		values[string(s)] = true
	}
	for _, a := range domain.Attributions {
		values[string(a)] = true
	}
	for _, p := range domain.Progresses {
		values[string(p)] = true
	}
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "node_modules" || name == "testdata" || (strings.HasPrefix(name, ".") && path != root) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") ||
			path == filepath.Join(root, "store", "domain", "domain.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			if s, err := strconv.Unquote(lit.Value); err == nil && values[s] {
				t.Errorf("%s: %s: write the domain constant, not the literal", fset.Position(lit.Pos()), lit.Value)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
