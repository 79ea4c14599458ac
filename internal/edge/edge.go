// Package edge checks what a request carries before any handler reads it.
// PostgreSQL cannot store a NUL character or invalid UTF-8, and no person
// types them: a request that holds one anywhere the server reads (its
// path, query, form fields, the site's cookies, the headers it uses) is
// refused at the door, so that such a value never reaches a query.
package edge

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Limits of what a request may carry outside its body.
const (
	MaxPath       = 2048 // bytes of the decoded path
	MaxQueryValue = 1024 // bytes of one query parameter, name or value
	MaxCookie     = 1024 // bytes of one of the site's cookies
	MaxHeader     = 4096 // bytes of one header the server reads
)

// CookiePrefix starts the name of every cookie the site sets; others, set
// by other sites of the same domain, are not read and not checked.
const CookiePrefix = "vaconsult_"

// headers are the request headers the server reads.
var headers = []string{"Accept", "Accept-Language", "Authorization", "Content-Type", "Origin", "Referer",
	"Sec-Fetch-Site", "X-Forwarded-For"}

// Problem says why a request is refused: Status is 400, or 413 for a form
// over its limit; Code is the API's error code; Where names the place, such
// as "query.kind", "form.name", "cookie.vaconsult_lang" or "path".
type Problem struct {
	Status int
	Code   string
	Where  string
}

// Message describes the problem in English, for the API.
func (p *Problem) Message() string {
	switch p.Code {
	case "nul_character":
		return "The request contains a NUL character, which text cannot hold."
	case "invalid_utf8":
		return "The request contains text that is not valid UTF-8."
	case "too_long":
		return "The request contains a value longer than this server accepts."
	case "payload_too_large":
		return "The form is larger than this server accepts."
	default:
		return "The request cannot be read."
	}
}

// Text returns the code of what makes s unfit to be stored as text, or
// "" when it is fit: "invalid_utf8", "nul_character", or "too_long" when
// it is over max bytes (max 0: no limit).
func Text(s string, max int) string {
	switch {
	case !utf8.ValidString(s):
		return "invalid_utf8"
	case strings.IndexByte(s, 0) >= 0:
		return "nul_character"
	case max > 0 && len(s) > max:
		return "too_long"
	}
	return ""
}

// Check returns the first problem of the path, query, site cookies and
// read headers of r, or nil.
func Check(r *http.Request) *Problem {
	if p := check("path", r.URL.Path, MaxPath); p != nil {
		return p
	}
	if p := CheckQuery(r.URL.RawQuery); p != nil {
		return p
	}
	for _, c := range r.Cookies() {
		if !strings.HasPrefix(c.Name, CookiePrefix) {
			continue
		}
		// The server reads its cookies URL-decoded: check what it reads.
		v, err := url.QueryUnescape(c.Value)
		if err != nil {
			return &Problem{Status: http.StatusBadRequest, Code: "malformed", Where: "cookie." + c.Name}
		}
		if p := check("cookie."+c.Name, v, MaxCookie); p != nil {
			return p
		}
	}
	for _, h := range headers {
		for _, v := range r.Header.Values(h) {
			if p := check("header."+h, v, MaxHeader); p != nil {
				return p
			}
		}
	}
	return nil
}

// CheckQuery returns the first problem of a raw query string, or nil. A
// query that cannot be decoded is refused too: the handlers would read it
// as empty, silently.
func CheckQuery(raw string) *Problem {
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return &Problem{Status: http.StatusBadRequest, Code: "malformed", Where: "query"}
	}
	return checkValues("query", vals, MaxQueryValue)
}

// CheckForm returns the first problem of form values, or nil. Their
// lengths are the binders' to check, per field.
func CheckForm(vals url.Values) *Problem {
	return checkValues("form", vals, 0)
}

func checkValues(where string, vals url.Values, max int) *Problem {
	for k, vs := range vals {
		if p := check(where, k, max); p != nil {
			return p
		}
		for _, v := range vs {
			if p := check(where+"."+k, v, max); p != nil {
				return p
			}
		}
	}
	return nil
}

func check(where, s string, max int) *Problem {
	if code := Text(s, max); code != "" {
		return &Problem{Status: http.StatusBadRequest, Code: code, Where: where}
	}
	return nil
}

// ParseForm reads the body of a URL-encoded form post, at most max bytes,
// and checks every field. A body over max gets 413; one that cannot be
// read, 400. Other bodies are left for their handlers: JSON to the API's
// binder, multipart uploads to the routes that take them, with their own
// limit, which check their fields with CheckForm.
func ParseForm(r *http.Request, w http.ResponseWriter, max int64) *Problem {
	if r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch {
		return nil
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/x-www-form-urlencoded" {
		return nil
	}
	if r.ContentLength > max {
		return TooLarge()
	}
	r.Body = http.MaxBytesReader(w, r.Body, max)
	if err := r.ParseForm(); err != nil {
		return FormError(err)
	}
	return CheckForm(r.PostForm)
}

// TooLarge is the problem of a body over its limit.
func TooLarge() *Problem {
	return &Problem{Status: http.StatusRequestEntityTooLarge, Code: "payload_too_large", Where: "body"}
}

// FormError returns the problem of a form that could not be parsed: 413
// when its body was over the limit, else 400.
func FormError(err error) *Problem {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return TooLarge()
	}
	return &Problem{Status: http.StatusBadRequest, Code: "malformed", Where: "form"}
}

// String describes the problem for logs and tests.
func (p *Problem) String() string { return fmt.Sprintf("%d %s at %s", p.Status, p.Code, p.Where) }
