package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/lang"
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/web/locales"
	"github.com/vaconsult/vaconsult/web/paths"
)

//go:embed templates
var templateFS embed.FS

// engine holds every page template, parsed once per language at start with
// that language's catalog bound to the "t" function.
type engine struct {
	cat   catalogs
	pages map[string]map[string]*template.Template // language → page → template
}

func newEngine(cat catalogs, as *assets) (*engine, error) {
	names, err := fs.Glob(templateFS, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	e := &engine{cat: cat, pages: map[string]map[string]*template.Template{}}
	for _, l := range lang.Supported {
		e.pages[l] = map[string]*template.Template{}
		for _, name := range names {
			t, err := template.New("layout").Funcs(funcs(cat.printer(l), as)).
				ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", name)
			if err != nil {
				return nil, err
			}
			e.pages[l][strings.TrimSuffix(path.Base(name), ".html")] = t
		}
	}
	return e, nil
}

// render executes page in language l into a buffer, so that a failing
// template never sends half a page.
func (e *engine) render(l, page string, v *view) ([]byte, error) {
	t, ok := e.pages[l][page]
	if !ok {
		return nil, fmt.Errorf("web: no page template %q", page)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		return nil, fmt.Errorf("web: render %s: %w", page, err)
	}
	return buf.Bytes(), nil
}

// local is a text from a consultation file in the language it was found
// in, which differs from the page's when a translation is missing.
type local struct {
	Text string
	Lang string
}

// funcs returns the functions templates call: the texts of the page's
// language, and the paths package's builders of links.
func funcs(p *printer, as *assets) template.FuncMap {
	fm := paths.Funcs()
	maps.Copy(fm, template.FuncMap{
		"t": p.T,
		// plurals gives the script every plural form of a message with a
		// count, as JSON, for it to choose from as the count changes.
		"plurals": p.Plurals,
		// num writes a count with the page's language's digit grouping.
		"num":   p.Num,
		"asset": as.url,
		"loc": func(t questionset.Text) local {
			if s, ok := t[p.Lang]; ok && s != "" {
				return local{Text: s, Lang: p.Lang}
			}
			return local{Text: t[questionset.DefaultLanguage], Lang: questionset.DefaultLanguage}
		},
		// langattr marks a text in another language than the page's. The
		// values come from lang.Supported, never from what a person typed.
		"langattr": func(l local) template.HTMLAttr {
			if l.Lang == p.Lang || !lang.IsSupported(l.Lang) {
				return ""
			}
			return template.HTMLAttr(fmt.Sprintf(`lang="%s" dir="%s"`, l.Lang, lang.Dir(l.Lang)))
		},
		"paragraphs": func(s string) []string {
			var out []string
			for _, para := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
				if para = strings.TrimSpace(para); para != "" {
					out = append(out, para)
				}
			}
			return out
		},
		// region names a region of the reference data in the page's
		// language; one the catalogs do not know keeps its stored, English
		// name.
		"region": func(r string) local {
			if key, ok := locales.RegionKey(r); ok {
				return local{Text: p.T(key), Lang: p.Lang}
			}
			return local{Text: r, Lang: questionset.DefaultLanguage}
		},
		"lines": func(s string) []string { return strings.Split(s, "\n") },
		"add":   func(a, b int) int { return a + b },
		// unlessSame leaves out a country named like the respondent beside
		// it: "Mozambique", not "Mozambique (Mozambique)".
		"unlessSame": unlessSame,
	})
	return fm
}

// view is the data of one page: what the layout needs, and the page's own
// data in Page.
type view struct {
	Lang      string
	Dir       string
	CSRF      string
	Path      string
	LangLinks []langLink
	SignedIn  bool
	Errors    []fieldError // the error summary, in page order
	Notice    string       // a success message shown at the top
	Title     string
	Name      string // the page template's, for the tests to tell pages apart
	Page      any
}

// fieldError is one entry of an error summary: the id of the field it
// links to and the message.
type fieldError struct {
	Field   string
	Message string
}

// langLink is one entry of the language switch.
type langLink struct {
	Code, Name, Dir, URL string
	Current              bool
}

// languageNames names each language in itself, for the language switch
// and the choice of an answer's language.
var languageNames = map[string]string{"en": "English", "fr": "Français", "es": "Español", "ar": "العربية",
	"ru": "Русский", "zh": "中文"}

// newView returns the view of the current request, with the layout's data
// filled in.
func (h *Handler) newView(c *gin.Context, titleKey string, page any) *view {
	l := c.GetString(langKey)
	v := &view{Lang: l, Dir: lang.Dir(l), CSRF: c.GetString(csrfKey), Path: c.Request.URL.Path, Page: page,
		SignedIn: c.GetBool(signedInKey)}
	if !v.SignedIn {
		// A session cookie, even an expired one, is enough to offer the
		// way back to the answers and a way to sign out.
		_, err := c.Cookie(sessionCookie)
		v.SignedIn = err == nil
	}
	v.Title = h.tpl.cat.printer(l).T(titleKey)
	for _, code := range lang.Supported {
		v.LangLinks = append(v.LangLinks, langLink{Code: code, Name: languageNames[code], Dir: lang.Dir(code),
			URL: c.Request.URL.Path + "?lang=" + code, Current: code == l})
	}
	return v
}

// t translates key into the request's language.
func (h *Handler) t(c *gin.Context, key string, args ...any) string {
	return h.tpl.cat.printer(c.GetString(langKey)).T(key, args...)
}

// render writes page with status, compressed when the client takes gzip.
func (h *Handler) render(c *gin.Context, status int, page string, v *view) {
	v.Name = page
	b, err := h.tpl.render(v.Lang, page, v)
	if err != nil {
		h.log.Error("render", "page", page, "err", err)
		if page == "error" {
			c.String(http.StatusInternalServerError, "Internal error")
			return
		}
		h.renderError(c, http.StatusInternalServerError, "internal")
		return
	}
	hd := c.Writer.Header()
	hd.Set("Content-Language", v.Lang)
	hd.Add("Vary", "Accept-Encoding")
	if len(b) > 1024 && acceptsGzip(c.Request) {
		hd.Set("Content-Encoding", "gzip")
		b = gzipBytes(b)
	}
	c.Data(status, "text/html; charset=utf-8", b)
	c.Abort()
}

// errorPage is the data of the error page.
type errorPage struct {
	Heading string
	Body    []string
	Link    string // where the person can go on
	LinkKey string
}

// renderError renders the error page kind ("notfound", "internal",
// "badlink", "nosession", "csrf") with status.
func (h *Handler) renderError(c *gin.Context, status int, kind string) {
	p := &errorPage{Heading: h.t(c, "error."+kind+".heading"),
		Body: strings.Split(h.t(c, "error."+kind+".body"), "\n"), Link: "/", LinkKey: "error.home_link"}
	v := h.newView(c, "error."+kind+".heading", p)
	if status >= 500 || kind == "csrf" {
		c.Writer.Header().Set("Cache-Control", "no-store")
	}
	h.render(c, status, "error", v)
}
