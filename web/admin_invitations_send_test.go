package web_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/invitation"
	"github.com/vaconsult/vaconsult/web/paths"
)

// newMailEnv is newEnv on a server that sends email (SMTP_URL set).
func newMailEnv(t *testing.T) *env {
	t.Helper()
	e := newStoreEnv(t)
	h, err := app.Router(app.RouterConfig{Store: e.st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), MailEnabled: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	e.URL = srv.URL
	return e
}

// sendList has two new people with an address and one without.
const sendList = "audience,name,country,contributor,email,language\r\n" +
	"states-parties,Cambodia,KH,Sok Dara,sok@example.org,fr\r\n" +
	"states-parties,Cambodia,KH,Chan Vanna,,\r\n" +
	"survivors,Red de Sobrevivientes,CO,Ana,ana@example.org,es\r\n"

// queuedInvitations returns the addresses of the queued invitations, sorted.
func (e *env) queuedInvitations() []string {
	e.t.Helper()
	rows, err := e.st.Pool().Query(e.t.Context(), `SELECT m.email FROM messages m
		JOIN contributors c ON c.id = m.contributor_id
		WHERE m.kind = 'invitation' AND m.status = 'queued' AND m.email = c.email ORDER BY m.email`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		e.t.Fatal(err)
	}
	return out
}

// Where email is configured, the import offers to send the invitations,
// checked; sending queues one per new person with an address in the
// import's transaction, shows only the links of those without one, and
// importing the same rows again queues nothing.
func TestAdminInvitationsSendByEmail(t *testing.T) {
	t.Parallel()
	e := newMailEnv(t)
	b := e.reviewer("admin")
	base := "/admin/c/" + e.c.Slug + "/invitations"
	preview := b.upload(base+"/preview", b.get(base), "list.csv", []byte(sendList))
	wantStatus(t, preview, http.StatusOK)
	wantContains(t, preview, `<input type="checkbox" id="send" name="send" value="on" checked`,
		"Send each new person their invitation by email")
	if strings.Contains(preview.Body, `id="no-mail"`) {
		t.Fatalf("a server with email says email is not configured:\n%s", preview.Body)
	}

	form := url.Values{"rows": {hidden(t, preview, "rows")}, "send": {"on"}}
	done := b.post(base+"/import", preview, form)
	wantStatus(t, done, http.StatusOK)
	wantContains(t, done, "2 invitations are queued to be sent by email", `href="`+paths.Messages(e.c.Slug)+`"`,
		"The people below have no email address", "1 new access link is shown on this page only")
	if got, want := e.queuedInvitations(), []string{"ana@example.org", "sok@example.org"}; !slices.Equal(got, want) {
		t.Fatalf("queued invitations = %q, want %q", got, want)
	}
	// Only the link of the person without an address is shown, and works:
	// the others are made when their message is sent.
	var links []invitation.Link
	if err := json.Unmarshal([]byte(hidden(t, done, "links")), &links); err != nil {
		t.Fatal(err)
	}
	if len(links) != 1 || links[0].Contributor != "Chan Vanna" || strings.Contains(done.Body, "sok@example.org") {
		t.Fatalf("links shown = %+v, want only Chan Vanna's", links)
	}
	wantRedirect(t, e.browser("en").get(strings.TrimPrefix(links[0].URL, e.URL)), "/respond")

	// The same rows again: nobody new, nothing queued.
	again := b.post(base+"/import", preview, form)
	wantStatus(t, again, http.StatusOK)
	wantContains(t, again, "0 invitations are queued to be sent by email")
	if got := e.queuedInvitations(); len(got) != 2 {
		t.Fatalf("queued invitations after the second import = %q, want the first 2", got)
	}
}

// Without SMTP_URL the import says email is not configured and offers the
// links as before; a form that asks to send anyway is refused and nothing
// changes.
func TestAdminInvitationsWithoutMail(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.reviewer("admin")
	base := "/admin/c/" + e.c.Slug + "/invitations"
	preview := b.upload(base+"/preview", b.get(base), "list.csv", []byte(sendList))
	wantStatus(t, preview, http.StatusOK)
	wantContains(t, preview, `id="no-mail"`, "Email is not configured on this server (SMTP_URL is not set)")
	if strings.Contains(preview.Body, `id="send"`) {
		t.Fatalf("a server without email offers to send:\n%s", preview.Body)
	}

	forged := b.post(base+"/import", preview, url.Values{"rows": {hidden(t, preview, "rows")}, "send": {"on"}})
	wantStatus(t, forged, http.StatusUnprocessableEntity)
	wantContains(t, forged, "error-summary", "Email is not configured on this server: nothing was imported")
	if n := e.count(`SELECT count(*) FROM contributors`) + e.count(`SELECT count(*) FROM messages`); n != 0 {
		t.Fatalf("a refused import stored %d contributors and messages, want none", n)
	}

	done := b.post(base+"/import", preview, url.Values{"rows": {hidden(t, preview, "rows")}})
	wantStatus(t, done, http.StatusOK)
	wantContains(t, done, "3 new access links are shown on this page only")
	if strings.Contains(done.Body, `id="queued"`) || e.count(`SELECT count(*) FROM messages`) != 0 {
		t.Fatalf("an import without sending queued messages:\n%s", done.Body)
	}
}
