package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// An invitation list uploaded on the administrators' page may mark
// approvers: the preview shows them, a value it cannot read is a problem
// of its row, and the import makes them approvers.
func TestAdminInvitationsApproverColumn(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	b := e.reviewer("admin")
	base := "/admin/c/" + e.c.Slug + "/invitations"
	form := b.get(base)
	list := "audience,name,country,contributor,approver\r\n" +
		"states-parties,Cambodia,KH,Sok Dara,yes\r\n" +
		"states-parties,Cambodia,KH,Chan Sophea,\r\n" +
		"states-parties,Colombia,CO,Ana Gómez,maybe\r\n"
	preview := b.upload(base+"/preview", form, "invitations.csv", []byte(list))
	wantStatus(t, preview, http.StatusOK)
	wantContains(t, preview, "<th scope=\"col\">Approver</th>", "maybe is not yes, true, 1, x or empty", "Import and make 2 access links")
	done := b.post(base+"/import", preview, url.Values{"rows": {hidden(t, preview, "rows")}})
	wantStatus(t, done, http.StatusOK)
	if n := e.count(`SELECT count(*) FROM contributors WHERE approver AND name = 'Sok Dara'`); n != 1 {
		t.Fatalf("Sok Dara is not an approver (%d)", n)
	}
	if n := e.count(`SELECT count(*) FROM contributors WHERE approver`); n != 1 {
		t.Fatalf("approvers = %d, want Sok Dara alone", n)
	}
}
