package api_test

import (
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/store"
)

// testSignOff: with an approver, a drafter's submission is refused with
// 403 approval_required and changes nothing; the drafter sends the
// response for approval (202, then 200 when asked again); the approver
// submits and the answer names them. Without an approver, asking is
// refused.
func testSignOff(t *testing.T, a *apiTest) {
	drafter := a.invite(seedSlug, "KH", "Cambodia", "Chan Sophea")
	acc, err := a.st.Invite(a.ctx, store.NewRespondent{Consultation: seedSlug, Audience: "states-parties",
		Name: "Cambodia", Country: "KH", Contributor: "Sok Dara", Approver: true})
	if err != nil {
		t.Fatal(err)
	}
	q := a.questionIDs(seedSlug, "states-parties")
	var answers []answerBody
	for n := 1; n <= 4; n++ {
		answers = append(answers, answerBody{QuestionID: q[n], Text: "Our answer."})
	}
	a.do(call{method: "PUT", path: "/api/v1/response", token: drafter, status: 200, body: draftBody{Version: 0, Answers: answers}})
	const submit, ask = "/api/v1/response/submit", "/api/v1/response/approval-request"
	a.do(call{method: "POST", path: submit, token: drafter, status: 403, code: "approval_required",
		body: map[string]any{"version": 1, "attribution": "named"}})
	var resp responseOut
	a.do(call{method: "GET", path: "/api/v1/response", token: drafter, status: 200}).decode(t, &resp)
	if resp.Status != "draft" || resp.Receipt != nil {
		t.Fatalf("after a refused submission: %+v, want a draft without receipt", resp)
	}
	var first, again struct {
		RequestedBy string    `json:"requested_by"`
		RequestedAt time.Time `json:"requested_at"`
		Approvers   []string  `json:"approvers"`
		Repeated    bool      `json:"repeated"`
	}
	a.do(call{method: "POST", path: ask, token: drafter, status: 202}).decode(t, &first)
	if first.RequestedBy != "Chan Sophea" || len(first.Approvers) != 1 || first.Approvers[0] != "Sok Dara" || first.Repeated {
		t.Errorf("approval request = %+v", first)
	}
	a.do(call{method: "POST", path: ask, token: drafter, status: 200}).decode(t, &again)
	if !again.Repeated || again.RequestedAt.Before(first.RequestedAt) {
		t.Errorf("approval request again = %+v, want repeated", again)
	}
	a.do(call{method: "POST", path: ask, request: violates, status: 401, code: "missing_token"})
	a.do(call{method: "POST", path: ask, token: neverIssuedToken, status: 401, code: "invalid_token"})

	var sub struct {
		Status     string  `json:"status"`
		ApprovedBy *string `json:"approved_by"`
	}
	a.do(call{method: "POST", path: submit, token: acc.Token, status: 200,
		body: map[string]any{"version": 1, "attribution": "named"}}).decode(t, &sub)
	if sub.Status != "submitted" || sub.ApprovedBy == nil || *sub.ApprovedBy != "Sok Dara" {
		t.Errorf("approver's submission = %+v, want submitted, approved by Sok Dara", sub)
	}

	alone := a.invite(seedSlug, "CO", "Colombia", "")
	a.do(call{method: "POST", path: ask, token: alone, status: 409, code: "no_approver"})

	// An invitation list's approver column, sent as JSON.
	lists := "/api/v1/consultations/" + seedSlug + "/invitations"
	row := func(approver string) map[string]any {
		return map[string]any{"invitations": []map[string]string{{"audience": "survivors", "name": "Red CO", "country": "CO",
			"contributor": "Luis", "approver": approver}}}
	}
	admin := a.adminToken()
	a.do(call{method: "POST", path: lists, token: admin, body: row("maybe"), status: 422, code: "invalid_rows"})
	var imported struct {
		Invitations []struct {
			Approver bool `json:"approver"`
		} `json:"invitations"`
	}
	a.do(call{method: "POST", path: lists, token: admin, body: row("Yes"), status: 200}).decode(t, &imported)
	if len(imported.Invitations) != 1 || !imported.Invitations[0].Approver {
		t.Errorf("imported = %+v, want an approver", imported)
	}
	if n := a.count(`SELECT count(*) FROM contributors WHERE approver AND name = 'Luis'`); n != 1 {
		t.Errorf("approvers named Luis = %d, want 1", n)
	}
}
