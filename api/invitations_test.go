package api_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/xuri/excelize/v2"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/store"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func init() {
	openapi3filter.RegisterBodyDecoder("text/csv", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder(xlsxType, openapi3filter.FileBodyDecoder)
}

// adminToken creates an administrator's account and returns a personal API
// token for it.
func (a *apiTest) adminToken() string {
	a.t.Helper()
	const email = "admin@example.org"
	_, err := a.st.CreateReviewer(a.ctx, store.NewReviewer{Email: email, Name: "Admin",
		Role: store.RoleAdmin, Password: "correct horse battery staple"}, "test")
	if err != nil {
		a.t.Fatalf("create admin: %v", err)
	}
	token, err := a.st.CreateReviewerToken(a.ctx, email, "test")
	if err != nil {
		a.t.Fatalf("create admin token: %v", err)
	}
	return token
}

// invitationsBody is a JSON list of n survivors' organisations.
func invitationsBody(n int) map[string]any {
	rows := make([]map[string]string, n)
	for i := range rows {
		rows[i] = map[string]string{"audience": "survivors", "name": fmt.Sprintf("Network %d", i), "country": "CO",
			"contributor": "Ana", "email": fmt.Sprintf("ana%d@example.org", i), "language": "es"}
	}
	return map[string]any{"invitations": rows}
}

type importReply struct {
	DryRun      bool `json:"dry_run"`
	New         int  `json:"new_respondents"`
	Added       int  `json:"added_contributors"`
	Existing    int  `json:"existing"`
	Invalid     int  `json:"invalid"`
	Queued      int  `json:"invitations_queued"`
	Ignored     []string
	Invitations []struct {
		Line      int    `json:"line"`
		Status    string `json:"status"`
		AccessURL string `json:"access_url"`
		Queued    bool   `json:"invitation_queued"`
		Problems  []struct {
			Field, Code, Arg string
		} `json:"problems"`
	} `json:"invitations"`
}

func testInvitations(t *testing.T, a *apiTest) {
	admin, coChair := a.adminToken(), a.reviewerToken()
	path := "/api/v1/consultations/" + seedSlug + "/invitations"
	csvType := map[string]string{"Content-Type": "text/csv"}
	list := []byte("\uFEFFname,country,audience,contributor,email,remarks\r\n" +
		"Cambodia,KH,states-parties,Sok Dara,sok@example.org,x\r\n" +
		"Cambodia,KH,states-parties,Chan,,\r\n")

	a.do(call{method: "POST", path: path, body: list, header: csvType, request: violates, status: 401, code: "missing_token"})
	a.do(call{method: "POST", path: path, token: coChair, body: list, header: csvType, status: 403, code: "admin_only"})
	a.do(call{method: "POST", path: "/api/v1/consultations/no-such-thing/invitations", token: admin, body: list, header: csvType,
		status: 404, code: "not_found"})
	// No mail server here: sending is refused, and nothing changes.
	a.do(call{method: "POST", path: path + "?send=true", token: admin, body: list, header: csvType,
		status: 409, code: "mail_not_configured"})
	if n := a.count(`SELECT count(*) FROM contributors`) + a.count(`SELECT count(*) FROM messages`); n != 0 {
		t.Fatalf("a refused send stored %d contributors and messages", n)
	}

	// A dry run says what would happen and stores nothing.
	var dry importReply
	a.do(call{method: "POST", path: path + "?dry_run=true", token: admin, body: list, header: csvType, status: 200}).decode(t, &dry)
	if !dry.DryRun || dry.New != 1 || dry.Added != 1 || dry.Invitations[0].AccessURL != "" {
		t.Fatalf("dry run = %+v", dry)
	}
	if n := a.count(`SELECT count(*) FROM contributors`); n != 0 {
		t.Fatalf("a dry run stored %d contributors", n)
	}

	// The import gives each new contributor a working link, this once.
	var got importReply
	a.do(call{method: "POST", path: path, token: admin, body: list, header: csvType, status: 200}).decode(t, &got)
	if got.New != 1 || got.Added != 1 || len(got.Invitations) != 2 || got.Invitations[1].Line != 3 {
		t.Fatalf("import = %+v", got)
	}
	for _, inv := range got.Invitations {
		token := strings.TrimPrefix(inv.AccessURL, siteURL+"/r/")
		a.do(call{method: "GET", path: "/api/v1/response", token: token, status: 200})
	}
	// Again: nothing new, no link.
	var again importReply
	a.do(call{method: "POST", path: path, token: admin, body: list, header: csvType, status: 200}).decode(t, &again)
	if again.Existing != 2 || again.New+again.Added != 0 || again.Invitations[0].AccessURL != "" {
		t.Fatalf("second import = %+v", again)
	}

	// JSON and XLSX bodies.
	a.do(call{method: "POST", path: path, token: admin, body: invitationsBody(3), status: 200}).decode(t, &got)
	if got.New != 3 || got.Invitations[2].Line != 3 {
		t.Fatalf("JSON import = %+v", got)
	}
	a.do(call{method: "POST", path: path, token: admin, body: workbook(t), header: map[string]string{"Content-Type": xlsxType},
		status: 200}).decode(t, &got)
	if got.New != 1 || got.Invitations[0].Status != store.RowNew {
		t.Fatalf("XLSX import = %+v", got)
	}

	// Bad rows: nothing imported, each line named.
	bad := []byte("audience,name,country,email\nsurvivors,Fine,CO,\nsurvivors,\"Two\rLines\",ZZ,x@\n")
	r := a.do(call{method: "POST", path: path, token: admin, body: bad, header: csvType, status: 422, code: "invalid_rows"})
	e := r.errorBody(t)
	if f := e.Error.Fields["line 3"]; !strings.Contains(f, "name must be on one line") || !strings.Contains(f, "country must be") ||
		!strings.Contains(f, "email must be") || len(e.Error.Fields) != 1 {
		t.Fatalf("fields = %v", e.Error.Fields)
	}
	a.do(call{method: "POST", path: path + "?dry_run=true", token: admin, body: bad, header: csvType, status: 200}).decode(t, &dry)
	if dry.Invalid != 1 || len(dry.Invitations[1].Problems) != 3 {
		t.Fatalf("dry run of bad rows = %+v", dry)
	}
	a.do(call{method: "POST", path: path, token: admin, body: []byte("name,email\nX,x@example.org\n"), header: csvType,
		status: 400, code: "invalid_file"})
	a.do(call{method: "POST", path: path, token: admin, body: []byte("audience,name,country\nsurvivors,Caf\xe9,CO\n"), header: csvType,
		status: 400, code: "invalid_file"})
	a.do(call{method: "POST", path: path, token: admin, body: map[string]any{"invitations": []any{}}, request: violates,
		status: 400, code: "invalid_file"})
	a.do(call{method: "POST", path: path, token: admin, body: []byte("<list/>"), header: map[string]string{"Content-Type": "application/xml"},
		request: violates, status: 415, code: "unsupported_media_type"})
	big := append([]byte("audience,name,country\n"), bytes.Repeat([]byte("survivors,Network,CO\n"), 5<<20/21+1)...)
	a.do(call{method: "POST", path: path, token: admin, body: big, header: csvType, status: 413, code: "payload_too_large"})
	if n := a.count(`SELECT count(*) FROM contributors`); n != 6 {
		t.Fatalf("contributors = %d, want the 6 of the good lists", n)
	}
}

func (a *apiTest) count(sql string) int {
	a.t.Helper()
	var n int
	if err := a.st.Pool().QueryRow(a.ctx, sql).Scan(&n); err != nil {
		a.t.Fatal(err)
	}
	return n
}

// workbook is an invitation list as Excel saves it.
func workbook(t *testing.T) []byte {
	t.Helper()
	x := excelize.NewFile()
	sheet := x.GetSheetName(0)
	for i, row := range [][]any{{"audience", "name", "country", "language"}, {"survivors", "Red de Sobrevivientes", "CO", "es"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// testInvitationsByEmail imports with send=true where email is configured:
// one invitation queued per new contributor with an address, in the
// import's transaction; only the others' links are in the answer; a dry
// run and a second import queue nothing.
func testInvitationsByEmail(t *testing.T, a *apiTest) {
	engine, err := app.Router(app.RouterConfig{Store: a.st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		BaseURL: siteURL, MailEnabled: true})
	if err != nil {
		t.Fatal(err)
	}
	a.engine = engine
	admin := a.adminToken()
	path := "/api/v1/consultations/" + seedSlug + "/invitations?send=true"
	csvType := map[string]string{"Content-Type": "text/csv"}
	list := []byte("name,country,audience,contributor,email,language\r\n" +
		"Cambodia,KH,states-parties,Sok Dara,sok@example.org,fr\r\n" +
		"Cambodia,KH,states-parties,Chan,,\r\n" +
		"Red de Sobrevivientes,CO,survivors,Ana,ana@example.org,es\r\n")

	var dry importReply
	a.do(call{method: "POST", path: path + "&dry_run=true", token: admin, body: list, header: csvType, status: 200}).decode(t, &dry)
	if dry.Queued != 0 || a.count(`SELECT count(*) FROM messages`) != 0 {
		t.Fatalf("a dry run queued %d invitations", dry.Queued)
	}

	var got importReply
	a.do(call{method: "POST", path: path, token: admin, body: list, header: csvType, status: 200}).decode(t, &got)
	if got.Queued != 2 || got.New != 2 || got.Added != 1 {
		t.Fatalf("import = %+v, want 2 invitations queued", got)
	}
	for _, inv := range got.Invitations {
		if queued := inv.Line != 3; inv.Queued != queued || (inv.AccessURL == "") != queued {
			t.Errorf("line %d: queued %v with link %q; want queued %v, a link only when not", inv.Line, inv.Queued, inv.AccessURL, queued)
		}
	}
	if n := a.count(`SELECT count(*) FROM messages m JOIN contributors c ON c.id = m.contributor_id
		WHERE m.kind = 'invitation' AND m.status = 'queued' AND m.email = c.email AND c.email IN ('sok@example.org', 'ana@example.org')`); n != 2 {
		t.Fatalf("queued invitations = %d, want one to each new address", n)
	}
	if n := a.count(`SELECT count(*) FROM river_job WHERE kind = 'send_message'`); n != 2 {
		t.Fatalf("send jobs = %d, want 2", n)
	}

	var again importReply
	a.do(call{method: "POST", path: path, token: admin, body: list, header: csvType, status: 200}).decode(t, &again)
	if again.Queued != 0 || again.Existing != 3 || a.count(`SELECT count(*) FROM messages`) != 2 {
		t.Fatalf("second import = %+v, want nothing queued", again)
	}
}
