package api

import (
	"bytes"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/internal/problem"
	"github.com/vaconsult/vaconsult/store"
)

// FuzzBindJSON feeds the JSON binder every kind of body: it never panics,
// refuses what it refuses as a client's error (400), and what it accepts
// holds no string PostgreSQL could not store.
func FuzzBindJSON(f *testing.F) {
	for _, s := range []string{
		`{"version":1,"lang":"fr","answers":[{"question_id":1,"choice":"yes","text":"x","base_version":0}]}`,
		`{"name":"Réseau","country":"KH","kind":"organisation","contributor":"Ana","email":"a@example.org"}`,
		`{"version":0,"attribution":"named"}`, `{"name":"a\u0000b"}`, `{"name":"a\\u0000b"}`, "{\"name\":\"\xff\"}",
		`[[[[[[[[[[`, `{"version":"1"}`, `{"version":1e400}`, `{} {}`, ``, `{"unknown":1}`, `{"text":"\ud800"}`,
	} {
		f.Add([]byte(s))
	}
	gin.SetMode(gin.ReleaseMode)
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, v := range []any{&draftIn{}, &registrationIn{}, &submitIn{}} {
			c, _ := gin.CreateTestContext(httptest.NewRecorder())
			c.Request = httptest.NewRequest("POST", "/", bytes.NewReader(body))
			err := bindJSON(c, v)
			if err != nil {
				if problem.Status(store.KindOf(err)) != 400 {
					t.Fatalf("bindJSON(%q) = %v, want a 400 error", body, err)
				}
				continue
			}
			eachString(reflect.ValueOf(v), func(s string) {
				if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
					t.Fatalf("bindJSON(%q) accepted the string %q", body, s)
				}
			})
		}
	})
}

// eachString calls fn with every string v holds.
func eachString(v reflect.Value, fn func(string)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			eachString(v.Elem(), fn)
		}
	case reflect.String:
		fn(v.String())
	case reflect.Struct:
		for i := range v.NumField() {
			eachString(v.Field(i), fn)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			eachString(v.Index(i), fn)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			eachString(k, fn)
			eachString(v.MapIndex(k), fn)
		}
	}
}
