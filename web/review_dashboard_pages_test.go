package web_test

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// nextPage finds the dashboard's link to the next page of respondents.
var nextPage = regexp.MustCompile(`<a href="([^"]+)#respondents" rel="next">`)

// The dashboard lists respondents a page at a time: following the links
// from the first page reaches every respondent once, in the list's order,
// and the rates still count every one of them.
func TestDashboardListsRespondentsByPage(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	// 450 organisations in three countries, added in one statement.
	if _, err := e.st.Pool().Exec(context.Background(), `INSERT INTO respondents
			(consultation_id, question_set_id, audience, kind, name, country, verified)
		SELECT qs.consultation_id, qs.id, qs.audience, 'organisation', 'Network ' || lpad(i::text, 3, '0'),
			(ARRAY['KH', 'CO', 'AF'])[i % 3 + 1], true
		FROM question_sets qs, generate_series(1, 450) i
		WHERE qs.consultation_id = $1 AND qs.audience = 'survivors'`, e.c.ID); err != nil {
		t.Fatal(err)
	}
	b := e.reviewer("co-chair")
	p := b.get("/review/c/" + e.c.Slug)
	wantStatus(t, p, http.StatusOK)
	if rows := organisationRate(t, p); rows != "<td>450</td><td>0</td><td>0</td>" {
		t.Fatalf("organisations' rate = %s, want all 450 invited", rows)
	}
	wantContains(t, p, "Country views", "/country/KH", "/country/CO", "/country/AF")
	if strings.Contains(p.Body, "First page") {
		t.Error("the first page links to the first page")
	}
	seen := map[string]bool{}
	var order []string
	rowName := regexp.MustCompile(`<tr id="respondent-\d+">\s*<th scope="row"><bdi>([^<]+)</bdi>`)
	for pages := 1; ; pages++ {
		for _, m := range rowName.FindAllStringSubmatch(p.Body, -1) {
			if seen[m[1]] {
				t.Fatalf("page %d lists %s again", pages, m[1])
			}
			seen[m[1]] = true
			order = append(order, m[1])
		}
		m := nextPage.FindStringSubmatch(p.Body)
		if m == nil {
			if pages != 3 {
				t.Fatalf("%d pages, want 3 of at most 200", pages)
			}
			break
		}
		p = b.get(html.UnescapeString(m[1]))
		wantStatus(t, p, http.StatusOK)
		wantContains(t, p, "First page")
	}
	if len(order) != 450 {
		t.Fatalf("the pages list %d respondents, want 450", len(order))
	}
	// By country name (Afghanistan, Cambodia, Colombia), then by name.
	if order[0] != "Network 002" || order[149] != "Network 449" || order[150] != "Network 003" {
		t.Errorf("order starts %v, and at the second country %v", order[:3], order[149:152])
	}
	// A page asked from anything but a listed respondent is the first.
	for _, from := range []string{"abc", "-1", "99999999", "1e3"} {
		q := b.get("/review/c/" + e.c.Slug + "?from=" + from)
		wantStatus(t, q, http.StatusOK)
		wantContains(t, q, "Network 002")
	}
}
