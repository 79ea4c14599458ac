package translate_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/translate"
)

// Without an address there is no client, so nothing can be sent.
func TestNoServiceNoClient(t *testing.T) {
	if c := translate.New("", "key"); c != nil {
		t.Fatal("a client without a service's address")
	}
}

// A service that refuses, answers without a translation or cannot be
// reached gives an error that says so, never an empty translation.
func TestServiceFailuresAreErrors(t *testing.T) {
	t.Parallel()
	for name, tt := range map[string]struct {
		status int
		body   string
		want   string
	}{
		"refused":        {http.StatusBadRequest, `{"error":"source language not supported"}`, "source language not supported"},
		"empty":          {http.StatusOK, `{"translatedText":""}`, "200 OK"},
		"not JSON":       {http.StatusBadGateway, `<html>bad gateway</html>`, "no translation"},
		"key refused":    {http.StatusForbidden, `{"error":"Invalid API key"}`, "Invalid API key"},
		"a translation!": {http.StatusOK, `{"translatedText":"Bonjour"}`, ""},
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost || r.URL.Path != "/translate" || r.Header.Get("Content-Type") != "application/json" {
					http.Error(w, "wrong request", http.StatusNotFound)
					return
				}
				w.WriteHeader(tt.status)
				w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			got, err := translate.New(srv.URL+"/", "").Translate(context.Background(), "Hello", "en", "fr")
			if tt.want == "" {
				if err != nil || got != "Bonjour" {
					t.Fatalf("Translate = %q, %v", got, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Translate = %q, %v; want an error saying %q", got, err, tt.want)
			}
		})
	}
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	if _, err := translate.New(url, "").Translate(context.Background(), "Hello", "en", "fr"); err == nil ||
		!strings.Contains(err.Error(), "cannot be reached") {
		t.Fatalf("an unreachable service: %v", err)
	}
}
