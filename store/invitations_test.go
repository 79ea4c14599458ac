package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/invitation"
	"github.com/vaconsult/vaconsult/refdata"
	"github.com/vaconsult/vaconsult/store"
)

// invitationList returns a list of n rows: every State Party of today with
// one official, then survivors' organisations, two people each.
func invitationList(t *testing.T, n int) []invitation.Row {
	t.Helper()
	countries, err := refdata.StatesParties()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("audience,kind,name,country,contributor,email,language\n")
	rows := 0
	for _, c := range countries {
		if rows == n {
			break
		}
		if c.StateParty {
			fmt.Fprintf(&b, "states-parties,state,%s,%s,Official of %s,mission.%s@example.org,fr\n", quote(c.Name), c.ISO2, quote(c.Name), strings.ToLower(c.ISO2))
			rows++
		}
	}
	for i := 0; rows < n; i++ {
		fmt.Fprintf(&b, "survivors,organisation,Survivors Network %d,CO,Person %d,p%d@example.org,es\n", i/2, i, i)
		rows++
	}
	f, err := invitation.Read([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return f.Rows
}

func quote(s string) string {
	if strings.ContainsAny(s, ",\"") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

func count(t *testing.T, st *store.Store, sql string) int {
	t.Helper()
	var n int
	if err := st.Pool().QueryRow(context.Background(), sql).Scan(&n); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return n
}

// A list of 200 is imported in one go; each new person gets a working link;
// importing it again changes nothing and makes no link.
func TestImportInvitationsIsIdempotent(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	rows := invitationList(t, 200)
	var hooked []store.NewContributor
	res, err := st.ImportInvitations(ctx, slug2012, rows, store.ImportOptions{Actor: "cli", Source: "list.csv",
		Hook: func(_ context.Context, _ pgx.Tx, created []store.NewContributor) error { hooked = created; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 180 || res.Added != 20 || res.Existing != 0 || res.Invalid != 0 || len(res.Links) != 200 {
		t.Fatalf("first import: new %d, added %d, existing %d, invalid %d, links %d; want 180 respondents, 20 second officials, 200 links",
			res.New, res.Added, res.Existing, res.Invalid, len(res.Links))
	}
	if len(hooked) != 200 || hooked[0].ContributorID == 0 || hooked[0].Language != "fr" || hooked[0].Email == "" {
		t.Fatalf("hook saw %d contributors, first %+v", len(hooked), hooked[0])
	}
	for _, l := range []store.IssuedLink{res.Links[0], res.Links[199]} {
		p, err := st.Authenticate(ctx, l.Token)
		if err != nil || p.ContributorID != l.ContributorID || p.ContributorName != l.Name {
			t.Fatalf("link of line %d: %+v, %v", l.Line, p, err)
		}
	}
	if got := count(t, st, `SELECT count(*) FROM contributors WHERE language = 'es'`); got != 40 {
		t.Errorf("contributors in Spanish = %d, want 40", got)
	}
	if got := count(t, st, `SELECT count(*) FROM responses`); got != 180 {
		t.Errorf("responses = %d, want one per respondent, 180", got)
	}

	// The same list again, with names in another case and spaces.
	for i := range rows {
		rows[i].Contributor = "  " + strings.ToUpper(rows[i].Contributor)
	}
	hooked = nil
	again, err := st.ImportInvitations(ctx, slug2012, rows, store.ImportOptions{Actor: "cli",
		Hook: func(_ context.Context, _ pgx.Tx, created []store.NewContributor) error { hooked = created; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if again.Existing != 200 || again.New+again.Added != 0 || len(again.Links) != 0 || len(hooked) != 0 {
		t.Fatalf("second import: existing %d, new %d, added %d, links %d, hooked %d; want nothing made",
			again.Existing, again.New, again.Added, len(again.Links), len(hooked))
	}
	if got := count(t, st, `SELECT count(*) FROM contributors`); got != 200 {
		t.Fatalf("contributors after a second import = %d, want 200", got)
	}
	if got := count(t, st, `SELECT count(*) FROM audit_log WHERE action = 'invitations.import'`); got != 2 {
		t.Errorf("audit entries = %d, want one per import", got)
	}
}

// A list with any bad row imports nothing and names every bad line.
func TestImportInvitationsRefusesBadRowsWhole(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	mustInvite(t, st, store.NewRespondent{Audience: "states-parties", Name: "Cambodia", Country: "KH", Contributor: "Sok Dara"})
	data := "audience,kind,name,country,contributor,email,language\n" +
		"states-parties,,Colombia,CO,Ana,ana@example.org,es\n" + // 2: fine
		"states-parties,,Atlantis,ZZ,Bob,,\n" + // 3: unknown country
		"survivors,,Network,CO,Carla,not-an-email,\n" + // 4: bad email
		"states-parties,,Colombia,CO,ana,,\n" + // 5: repeats line 2
		"states-parties,,Republic of Colombia,CO,Diego,,\n" + // 6: a second State for CO
		"states-parties,,Kingdom of Cambodia,KH,Chan,,\n" + // 7: Cambodia is stored under another name
		"states-parties,,United States,US,Eve,,\n" + // 8: not a State Party
		"survivors,state,Group,CO,Finn,,xx\n" + // 9: kind, language
		"survivors,,\"Net\nwork\",CO,Gil,,\n" // 10: a line break
	f, err := invitation.Read([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.ImportInvitations(ctx, slug2012, f.Rows, store.ImportOptions{Actor: "cli"})
	e := wantKind(t, err, store.KindValidation, "invalid_rows")
	want := map[string]string{
		"line 3":  "country must be the ISO 3166-1",
		"line 4":  "email must be an email address",
		"line 5":  "contributor repeats the person of line 2",
		"line 6":  "names a second State for this country, which already has Colombia",
		"line 7":  "which already has Cambodia",
		"line 8":  "US is not in the list of States Parties",
		"line 9":  "kind must be",
		"line 10": "name must be on one line",
	}
	for line, part := range want {
		if !strings.Contains(e.Fields[line], part) {
			t.Errorf("%s: %q, want it to say %q", line, e.Fields[line], part)
		}
	}
	if !strings.Contains(e.Fields["line 9"], "language must be en, fr, es, ar, ru or zh") {
		t.Errorf("line 9: %q, want the language named too", e.Fields["line 9"])
	}
	if len(e.Fields) != len(want) {
		t.Errorf("fields = %v, want exactly the bad lines", e.Fields)
	}
	if got := count(t, st, `SELECT count(*) FROM respondents`); got != 1 {
		t.Fatalf("respondents after a refused import = %d, want only Cambodia", got)
	}
	// The preview says the same, row by row, and changes nothing.
	plan, err := st.PlanInvitations(ctx, slug2012, f.Rows)
	if err != nil {
		t.Fatal(err)
	}
	if plan.New != 1 || plan.Invalid != 8 || plan.Rows[0].Status != store.RowNew || plan.Rows[2].Status != store.RowInvalid {
		t.Fatalf("plan: new %d, invalid %d, rows %+v", plan.New, plan.Invalid, plan.Rows[:3])
	}
	// Leaving the bad rows out imports the good ones.
	res, err := st.ImportInvitations(ctx, slug2012, f.Rows, store.ImportOptions{Actor: "reviewer:1", SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Links) != 1 || res.Links[0].Line != 2 || res.Invalid != 8 {
		t.Fatalf("import of the valid rows: links %+v, invalid %d; want line 2 only", res.Links, res.Invalid)
	}
	if got := count(t, st, `SELECT count(*) FROM respondents`); got != 2 {
		t.Fatalf("respondents after importing the valid rows = %d, want Cambodia and Colombia", got)
	}
}

// A hook's failure rolls the whole import back.
func TestImportInvitationsHookRollsBack(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	boom := errors.New("queue refused")
	_, err := st.ImportInvitations(context.Background(), slug2012, invitationList(t, 5), store.ImportOptions{
		Hook: func(ctx context.Context, tx pgx.Tx, created []store.NewContributor) error {
			var n int
			if err := tx.QueryRow(ctx, `SELECT count(*) FROM contributors`).Scan(&n); err != nil || n != 5 {
				t.Errorf("inside the hook the transaction holds %d contributors (%v), want 5", n, err)
			}
			return boom
		}})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the hook's", err)
	}
	if got := count(t, st, `SELECT count(*) FROM contributors`); got != 0 {
		t.Fatalf("contributors after a failed hook = %d, want 0", got)
	}
}

// Ten thousand rows, the most a file may hold, import in one transaction
// in a few seconds.
func TestImportInvitationsTenThousandRows(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	rows := invitationList(t, invitation.MaxRows)
	start := time.Now()
	res, err := st.ImportInvitations(context.Background(), slug2012, rows, store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 30*time.Second {
		t.Errorf("import of %d rows took %v, want well under 30 s", len(rows), took)
	} else {
		t.Logf("import of %d rows: %v", len(rows), took)
	}
	if len(res.Links) != invitation.MaxRows {
		t.Fatalf("links = %d, want %d", len(res.Links), invitation.MaxRows)
	}
}

// Reissuing revokes the chosen links, audited, and returns new ones.
func TestReissueLinks(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	res, err := st.ImportInvitations(ctx, slug2012, invitationList(t, 3), store.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	old := res.Links[1]
	links, err := st.ReissueLinks(ctx, slug2012, []int64{old.ContributorID, 999999}, "reviewer:7")
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != 1 || links[0].Name != old.Name || links[0].Email != old.Email || links[0].Language != "fr" {
		t.Fatalf("reissued = %+v, want one link for %s", links, old.Name)
	}
	if _, err := st.Authenticate(ctx, old.Token); !errors.Is(err, store.ErrUnauthorized) {
		t.Fatalf("old link: %v, want it revoked", err)
	}
	if p, err := st.Authenticate(ctx, links[0].Token); err != nil || p.RespondentID != old.RespondentID {
		t.Fatalf("new link: %+v, %v", p, err)
	}
	if got := count(t, st, fmt.Sprintf(`SELECT count(*) FROM audit_log WHERE action = 'contributor.revoke'
		AND actor = 'reviewer:7' AND subject = 'contributor:%d'`, old.ContributorID)); got != 1 {
		t.Fatalf("audit entries = %d, want 1", got)
	}
	_, err = st.ReissueLinks(ctx, slug2012, []int64{old.ContributorID}, "reviewer:7")
	wantKind(t, err, store.KindValidation, "validation_failed")
	invited, err := st.FindInvitedContributors(ctx, slug2012)
	if err != nil || len(invited) != 3 || invited[0].Status != "invited" {
		t.Fatalf("invited = %+v, %v", invited, err)
	}
}

// A name with a line break could forge an email's headers: refused.
func TestInviteRefusesLineBreaksInNames(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	_, err := st.Invite(context.Background(), store.NewRespondent{Consultation: slug2012, Audience: "survivors",
		Name: "Network", Country: "CO", Contributor: "Ana\r\nBcc: all@example.org"})
	e := wantKind(t, err, store.KindValidation, "validation_failed")
	if !strings.Contains(e.Fields["contributor"], "one line") {
		t.Fatalf("fields = %v", e.Fields)
	}
}
