package web_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web"
	"github.com/vaconsult/vaconsult/web/paths"
)

// TestPathsReachRoutes checks that every address the paths package builds
// is one that Register serves, with the method its links and forms use.
func TestPathsReachRoutes(t *testing.T) {
	t.Parallel()
	h, err := web.New(web.Config{})
	if err != nil {
		t.Fatal(err)
	}
	gin.SetMode(gin.TestMode)
	r := gin.New()
	h.Register(r)
	get, post := http.MethodGet, http.MethodPost
	for _, tc := range []struct {
		method, path string
	}{
		{get, paths.Home()},
		{get, paths.Static("app.0123456789.css")},
		{get, paths.ServiceWorker()},
		{get, paths.Consultation("va-impact-2012")},
		{get, paths.Register("va-impact-2012")},
		{post, paths.Register("va-impact-2012")},
		{get, paths.Access("abcDEF123_-")},
		{post, paths.Access("abcDEF123_-")},
		{post, paths.SignOut()},
		{get, paths.Respond()},
		{post, paths.Respond()},
		{post, paths.RespondDraft()},
		{get, paths.Registered()},
		{post, paths.RegisteredDownload()},
		{post, paths.RegisteredEmail()},
		{get, paths.Check()},
		{post, paths.Submit()},
		{get, paths.Confirmation()},
		{get, paths.ReviewHome()},
		{get, paths.ReviewSignIn()},
		{post, paths.ReviewSignIn()},
		{post, paths.ReviewSignOut()},
		{get, paths.ReviewSignInCode()},
		{post, paths.ReviewSignInCode()},
		{get, paths.ReviewAccount()},
		{get, paths.ReviewSecondFactor()},
		{post, paths.ReviewSecondFactor()},
		{post, paths.ReviewPassword()},
		{post, paths.ReviewSessionEnd(42)},
		{get, paths.ReviewConsultation("va-impact-2012")},
		{get, paths.ReviewConsultationUnverified("va-impact-2012")},
		{get, paths.ReviewQuestion("va-impact-2012", 2)},
		{get, paths.ReviewQuestionOf("va-impact-2012", domain.AudienceSurvivors, 3)},
		{get, paths.ConsultationThemes("va-impact-2012")},
		{post, paths.ConsultationThemes("va-impact-2012")},
		{post, paths.ConsultationThemeRestore("va-impact-2012")},
		{post, paths.ConsultationThemeDelete("va-impact-2012", 42)},
		{post, paths.ConsultationThemeRename("va-impact-2012", 42)},
		{post, paths.ReviewThemes("va-impact-2012", 1)},
		{post, paths.ReviewThemeDelete("va-impact-2012", 1, 42)},
		{post, paths.ReviewThemeRestore("va-impact-2012", 1)},
		{post, paths.ReviewThemeRename("va-impact-2012", 1, 42)},
		{post, paths.ReviewTag("va-impact-2012", 1)},
		{post, paths.ReviewUntag("va-impact-2012", 1)},
		{post, paths.ReviewKeyPoints("va-impact-2012", 1)},
		{post, paths.ReviewQuotes("va-impact-2012", 1)},
		{post, paths.ReviewQuoteRemove("va-impact-2012", 1, 42)},
		{post, paths.ReviewQuoteMove("va-impact-2012", 1, 42)},
		{post, paths.ReviewQuoteNote("va-impact-2012", 1, 42)},
		{get, paths.ReviewCountry("va-impact-2012", "KH")},
		{get, paths.ReviewExport("va-impact-2012", export.CSV, export.Public)},
		{post, paths.ReviewVerify("va-impact-2012", 7)},
		{get, paths.Reviewers()},
		{post, paths.Reviewers()},
		{get, paths.InvitationTemplate()},
		{get, paths.StatesPartiesList()},
		{get, paths.Invitations("va-impact-2012")},
		{post, paths.InvitationsPreview("va-impact-2012")},
		{post, paths.InvitationsImport("va-impact-2012")},
		{post, paths.InvitationsReissue("va-impact-2012")},
		{post, paths.InvitationLinks("va-impact-2012")},
		{get, paths.AdminConsultations()},
		{post, paths.AdminUpload()},
		{post, paths.AdminCopy()},
		{get, paths.AdminConsultation("va-impact-2012")},
		{post, paths.AdminStatus("va-impact-2012")},
		{post, paths.AdminClosing("va-impact-2012")},
		{get, paths.AdminSettings("va-impact-2012")},
		{post, paths.AdminSettings("va-impact-2012")},
		{get, paths.AdminTexts("va-impact-2012", "fr")},
		{post, paths.AdminTexts("va-impact-2012", "fr")},
		{get, paths.AdminPreview("va-impact-2012", domain.AudienceSurvivors, "es")},
		{get, paths.AdminFormXLSX("va-impact-2012")},
		{get, paths.AdminFormYAML("va-impact-2012")},
		{post, paths.Withdraw()},
		{get, paths.Registrations("va-impact-2012")},
		{post, paths.RegistrationVerify("va-impact-2012", 7)},
		{post, paths.RegistrationMerge("va-impact-2012", 7)},
		{post, paths.RegistrationRemove("va-impact-2012", 7)},
		{post, paths.PersonalDataDelete("va-impact-2012")},
		{get, paths.Audit("va-impact-2012")},
		{get, paths.LostLink("va-impact-2012")},
		{post, paths.LostLink("va-impact-2012")},
		{get, paths.Messages("va-impact-2012")},
		{post, paths.Remind("va-impact-2012")},
	} {
		if !served(r.Routes(), tc.method, tc.path) {
			t.Errorf("%s %s: no route serves it", tc.method, tc.path)
		}
	}
}

// served reports whether one of routes matches method and the path of
// address (its query and fragment aside).
func served(routes gin.RoutesInfo, method, address string) bool {
	path, _, _ := strings.Cut(address, "?")
	path, _, _ = strings.Cut(path, "#")
	for _, rt := range routes {
		if rt.Method == method && matches(rt.Path, path) {
			return true
		}
	}
	return false
}

func matches(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i := range ps {
		if strings.HasPrefix(ps[i], ":") && xs[i] != "" {
			continue
		}
		if ps[i] != xs[i] {
			return false
		}
	}
	return true
}

// TestTemplatesBuildLinksWithPaths checks that no template writes a site
// address of its own: each comes from a paths function, so that a link
// cannot drift from its route.
func TestTemplatesBuildLinksWithPaths(t *testing.T) {
	t.Parallel()
	written := regexp.MustCompile(`(href|action|src|data-[a-z-]+)="/`)
	err := filepath.WalkDir("templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if m := written.FindString(line); m != "" {
				t.Errorf("%s:%d: %s… — build the address with a paths function", path, i+1, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestHandlersBuildLinksWithPaths checks that the handlers write no site
// address as a literal, whether whole ("/respond/check") or as the start
// of a concatenation ("/review/c/" + slug): only routes.go, which
// registers the patterns, and the paths package spell them out.
func TestHandlersBuildLinksWithPaths(t *testing.T) {
	t.Parallel()
	address := regexp.MustCompile(`^/(c|r|respond|review|admin|signout|static)(/|$|\?|#)|^/\?`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") || name == "routes.go" {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && address.MatchString(s) {
					t.Errorf("%s: %s — build the address with a paths function", fset.Position(lit.Pos()), lit.Value)
				}
			}
			return true
		})
	}
}
