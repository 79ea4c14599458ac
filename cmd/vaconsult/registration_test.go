package main_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

// An administrator lists the self-registrations, removes a junk one and
// reads the removal in the audit log, as CSV and JSON, from the command
// line.
func TestRemoveJunkRegistrationAndReadTheAuditLog(t *testing.T) {
	t.Parallel()
	dbURL := loaded(t)
	ctx := context.Background()
	st, err := store.Open(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var junk *store.Access
	for _, name := range []string{"Red de Sobrevivientes", "asdfgh"} {
		if junk, err = st.Register(ctx, store.NewRespondent{Consultation: "va-impact-2012", Audience: "survivors",
			Name: name, Country: "CO", Contributor: "Ana", Email: "ana@example.org"}); err != nil {
			t.Fatal(err)
		}
	}
	list := runCLI(t, dbURL, "registration", "list", "--consultation", "va-impact-2012")
	if list.code != 0 || !strings.Contains(list.stdout, "Red de Sobrevivientes") ||
		!strings.Contains(list.stdout, fmt.Sprintf("%d\tno\tinvited\tsurvivors\torganisation\tCO\tasdfgh", junk.Respondent.ID)) {
		t.Fatalf("registration list: exit %d\n%s%s", list.code, list.stdout, list.stderr)
	}
	id := fmt.Sprint(junk.Respondent.ID)
	rm := runCLI(t, dbURL, "registration", "remove", "--consultation", "va-impact-2012", "--id", id)
	if rm.code != 0 || !strings.Contains(rm.stdout, "removed asdfgh (CO) with 1 contributor(s)") {
		t.Fatalf("registration remove: exit %d\n%s%s", rm.code, rm.stdout, rm.stderr)
	}
	again := runCLI(t, dbURL, "registration", "remove", "--consultation", "va-impact-2012", "--id", id)
	wantRefusal(t, []string{"registration", "remove"}, again, "no respondent "+id, "registration list")

	js := runCLI(t, dbURL, "audit", "--consultation", "va-impact-2012", "--format", "json")
	var entries []struct{ Actor, Action, Subject string }
	if err := json.Unmarshal([]byte(js.stdout), &entries); err != nil || js.code != 0 {
		t.Fatalf("audit --format json: exit %d, %v\n%s%s", js.code, err, js.stdout, js.stderr)
	}
	last := entries[len(entries)-1]
	if last.Actor != "cli" || last.Action != "respondent.remove" || last.Subject != "respondent:"+id {
		t.Fatalf("last audit entry = %+v, want the removal", last)
	}
	if entries[0].Action != "consultation.create" {
		t.Fatalf("first audit entry = %+v, want the consultation's creation (oldest first)", entries[0])
	}
	c := runCLI(t, dbURL, "audit", "--consultation", "va-impact-2012", "--action", "respondent.")
	rows, err := csv.NewReader(strings.NewReader(c.stdout)).ReadAll()
	if err != nil || c.code != 0 || len(rows) != 4 || rows[0][4] != "action" || rows[3][4] != "respondent.remove" {
		t.Fatalf("audit --action respondent. as CSV = %v, %v (exit %d, %s)", rows, err, c.code, c.stderr)
	}
	none := runCLI(t, dbURL, "audit", "--consultation", "va-impact-2012", "--since", "2999-01-01T00:00:00Z", "--format", "json")
	if none.code != 0 || strings.TrimSpace(none.stdout) != "[]" {
		t.Fatalf("audit --since the future = %q, want []", none.stdout)
	}
	bad := runCLI(t, dbURL, "audit", "--consultation", "va-impact-2012", "--since", "yesterday")
	wantRefusal(t, []string{"audit", "--since"}, bad, "--since", "RFC 3339")

	ret := runCLI(t, dbURL, "retention", "--consultation", "va-impact-2012")
	if ret.code != 0 || !strings.Contains(ret.stdout, "no retention period") {
		t.Fatalf("retention: exit %d\n%s%s", ret.code, ret.stdout, ret.stderr)
	}
	del := runCLI(t, dbURL, "retention", "--consultation", "va-impact-2012", "--delete")
	wantRefusal(t, []string{"retention", "--delete"}, del, "nothing deleted", "retention_days")
}
