package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/store"
)

// smallBuffers makes every accepted connection's send buffer small, so that
// a client that does not read holds the export's writer, and with it the
// export, as a slow connection would.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(4 << 10)
	}
	return c, err
}

// slowClient reads through a small receive buffer, and only when asked.
func slowClient() *http.Client {
	var d net.Dialer
	return &http.Client{Transport: &http.Transport{
		DisableCompression: true,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := d.DialContext(ctx, network, addr)
			if tc, ok := c.(*net.TCPConn); ok {
				tc.SetReadBuffer(4 << 10)
			}
			return c, err
		},
	}}
}

// submitLongAnswers submits the answers of n States Parties, each of
// nearly ten thousand characters, so that an export is far larger than
// what the connection buffers.
func (e *env) submitLongAnswers(n int) {
	e.t.Helper()
	text := strings.Repeat("Surveys of survivors in every province, repeated each year. ", 160)
	countries := []string{"AF", "AL", "DZ", "AD", "AO", "AR", "AU", "AT", "BD", "BE", "BJ", "BO", "BA", "BR",
		"BG", "KH", "CA", "CL", "CO", "HR"}
	for i := range n {
		tok := e.invite("states-parties", "Delegation "+countries[i], countries[i])
		var answers []map[string]any
		for q := 1; q <= 4; q++ {
			answers = append(answers, map[string]any{"question_id": e.questionID("states-parties", q), "text": text})
		}
		if r := e.do("PUT", "/api/v1/response", tok, map[string]any{"version": 0, "answers": answers}); r.Status != 200 {
			e.t.Fatalf("save: %d %s", r.Status, r.Raw)
		}
		if r := e.do("POST", "/api/v1/response/submit", tok, map[string]any{"version": 1, "attribution": "named"}); r.Status != 200 {
			e.t.Fatalf("submit: %d %s", r.Status, r.Raw)
		}
	}
}

// Exports hold a database connection while their client reads: past the
// limit, one more waits briefly and is then told to come back, while saves
// go on.
func TestExportsAreLimited(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.submitLongAnswers(20)
	coChair, _ := e.reviewer(store.RoleCoChair)
	respondent := e.invite("states-parties", "Delegation of Peru", "PE")
	srv := httptest.NewUnstartedServer(e.h)
	srv.Listener = smallBuffers{srv.Listener}
	srv.Start()
	t.Cleanup(srv.Close)
	client := slowClient()
	get := func(client *http.Client, path string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+coChair)
		res, err := client.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		return res
	}
	const path = "/api/v1/consultations/va-impact-2012/export?format=csv&variant=internal"

	// Exports whose client does not read.
	var held []*http.Response
	for range export.DefaultConcurrency {
		res := get(client, path)
		if res.StatusCode != 200 {
			t.Fatalf("export: status = %d, want 200", res.StatusCode)
		}
		held = append(held, res)
	}

	busy := get(client, path)
	raw, _ := io.ReadAll(busy.Body)
	busy.Body.Close()
	if busy.StatusCode != http.StatusServiceUnavailable || busy.Header.Get("Retry-After") != export.RetryAfterSeconds() {
		t.Fatalf("export beyond the limit: status = %d, Retry-After %q; want 503 with Retry-After %s; body %.200s",
			busy.StatusCode, busy.Header.Get("Retry-After"), export.RetryAfterSeconds(), raw)
	}
	var body struct{ Error map[string]any }
	if json.Unmarshal(raw, &body) != nil || body.Error["code"] != "exports_busy" || body.Error["message"] == "" {
		t.Fatalf("export beyond the limit: body %.200s, want an exports_busy error", raw)
	}

	// The pages share the limit: their export shows the error page.
	_, session, err := e.st.SignIn(context.Background(), "co-chair@example.org", "correct horse battery staple", "192.0.2.1")
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	req, _ := http.NewRequest("GET", srv.URL+"/review/c/va-impact-2012/export?format=csv&variant=public", nil)
	req.AddCookie(&http.Cookie{Name: "vaconsult_reviewer", Value: session})
	page, err := client.Do(req)
	if err != nil {
		t.Fatalf("page export: %v", err)
	}
	raw, _ = io.ReadAll(page.Body)
	page.Body.Close()
	if page.StatusCode != http.StatusServiceUnavailable || page.Header.Get("Retry-After") != export.RetryAfterSeconds() ||
		!strings.Contains(string(raw), "The export could not start yet") {
		t.Fatalf("page export beyond the limit: status = %d, Retry-After %q; want 503 with Retry-After and the error page; body %.300s",
			page.StatusCode, page.Header.Get("Retry-After"), raw)
	}

	// Saves still find a connection.
	draft := fmt.Sprintf(`{"version":0,"answers":[{"question_id":%d,"text":"Saved during the exports"}]}`,
		e.questionID("states-parties", 1))
	req, _ = http.NewRequest("PUT", srv.URL+"/api/v1/response", strings.NewReader(draft))
	req.Header.Set("Authorization", "Bearer "+respondent)
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		t.Fatalf("save during the exports: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("save during the exports: status = %d, want 200", res.StatusCode)
	}

	// Once the slow clients go, their slots are free again.
	for _, res := range held {
		res.Body.Close()
	}
	again := get(srv.Client(), path)
	n, _ := io.Copy(io.Discard, again.Body)
	again.Body.Close()
	if again.StatusCode != 200 || n < 20*4*9000 {
		t.Fatalf("export after the others ended: status = %d with %d bytes, want 200 with the whole file", again.StatusCode, n)
	}
}
