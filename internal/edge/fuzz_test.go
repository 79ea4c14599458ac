package edge

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCheck: a request the edge lets through holds, in its path, its
// query and the site's cookies, only text PostgreSQL can store.
func FuzzCheck(f *testing.F) {
	f.Add("/c/va-impact-2012", "lang=fr&kind=organisation", "fr")
	f.Add("/c/\x00", "kind=%00", "%00")
	f.Add("/api/v1/consultations/\xff", "region=%FF", "%FF")
	f.Add("/", "a=%zz", "%zz")
	f.Add("/", "a=1;b=2", "\xc3\x28")
	f.Fuzz(func(t *testing.T, path, query, cookie string) {
		r := &http.Request{Method: "GET", URL: &url.URL{Path: path, RawQuery: query}, Header: http.Header{}}
		r.Header.Set("Cookie", "vaconsult_lang="+cookie)
		if Check(r) != nil {
			return
		}
		ok := func(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }
		if !ok(path) {
			t.Fatalf("path %q passed", path)
		}
		for k, vs := range r.URL.Query() {
			for _, v := range append(vs, k) {
				if !ok(v) {
					t.Fatalf("query %q passed with %q", query, v)
				}
			}
		}
		for _, c := range r.Cookies() {
			if v, err := url.QueryUnescape(c.Value); err == nil && !ok(v) {
				t.Fatalf("cookie %q passed", cookie)
			}
		}
	})
}
