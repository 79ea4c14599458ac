package api_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

// testLostLink asks for new links for a known and an unknown address, which
// get the same answer, then sends what is refused.
func testLostLink(t *testing.T, a *apiTest) {
	path := "/api/v1/consultations/" + seedSlug + "/lost-link"
	if _, err := a.st.Invite(a.ctx, store.NewRespondent{Consultation: seedSlug, Audience: "states-parties",
		Name: "Cambodia", Country: "KH", Contributor: "Sok Dara", Email: "dara@example.org"}); err != nil {
		t.Fatal(err)
	}
	known := a.do(call{method: "POST", path: path, status: 202, body: map[string]string{"email": "Dara@Example.org"}})
	unknown := a.do(call{method: "POST", path: path, status: 202, body: map[string]string{"email": "nobody@example.org"}})
	if !bytes.Equal(known.body, unknown.body) {
		t.Errorf("lost link: known address answered %s, unknown %s; want the same", known.body, unknown.body)
	}
	a.do(call{method: "POST", path: "/api/v1/consultations/no-such-consultation/lost-link", status: 404, code: "not_found",
		body: map[string]string{"email": "dara@example.org"}})
	for _, bad := range []string{"", "dara", "dara@example.org\r\nBcc: x@example.org", "<dara@example.org>"} {
		e := a.do(call{method: "POST", path: path, status: 422, code: "validation_failed", body: map[string]string{"email": bad}}).errorBody(t)
		if _, ok := e.Error.Fields["email"]; !ok {
			t.Errorf("lost link for %q: fields %v, want one for email", bad, e.Error.Fields)
		}
	}
	a.do(call{method: "POST", path: path, status: 400, code: "malformed_json", body: []byte(`{"email": 5}`), request: violates})
	a.do(call{method: "POST", path: path, status: 400, code: "malformed_json", body: []byte(`{"mail": "x@example.org"}`), request: violates})
	a.do(call{method: "POST", path: path, status: 413, code: "payload_too_large", request: violates,
		body: map[string]string{"email": strings.Repeat("x", 1<<20) + "@example.org"}})
	// Two requests counted above; the limit per address is reached after
	// LostLinksPerHourFromAddress.
	for i := 2; i < store.LostLinksPerHourFromAddress; i++ {
		a.do(call{method: "POST", path: path, status: 202, body: map[string]string{"email": "someone@example.org"}})
	}
	a.do(call{method: "POST", path: path, status: 429, code: "too_many_requests", body: map[string]string{"email": "dara@example.org"}})
}
