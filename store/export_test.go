package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

func TestExportRowsAndAudit(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	mustSubmitSurvivor(t, st, "Named Network", "KH", "named", "en", "named text")
	mustSubmitSurvivor(t, st, "Hidden Org", "CO", "anonymous", "es", "anonymous text")
	mustSubmitSurvivor(t, st, "Secret Org", "AF", "confidential", "fr", "secret text")

	rows := func(public bool) []string {
		var out []string
		err := st.Export(ctx, "reviewer:5", store.ExportRequest{Consultation: slug2012, Public: public, Format: "csv"},
			func(e *store.Export) error {
				return e.Rows(ctx, func(r *store.ExportRow) error {
					out = append(out, fmt.Sprintf("Q%d %s|%s|%s|%s", r.QuestionNumber, r.Respondent, r.Attribution, r.ChoiceLabel, r.Text))
					return nil
				})
			})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	public := rows(true)
	if got, want := len(public), 6; got != want {
		t.Fatalf("public rows = %d, want %d", got, want)
	}
	joined := strings.Join(public, "\n")
	if strings.Contains(joined, "Secret") || strings.Contains(joined, "secret text") || strings.Contains(joined, "Hidden Org") {
		t.Fatalf("public rows leak:\n%s", joined)
	}
	if got, want := public[0], "Q1 Named Network|named|Partly|named text"; got != want {
		t.Errorf("first row = %q, want %q", got, want)
	}
	if got, want := public[1], "Q1 |anonymous|Partly|anonymous text"; got != want {
		t.Errorf("anonymous row = %q, want %q", got, want)
	}
	internal := rows(false)
	if got, want := len(internal), 9; got != want {
		t.Fatalf("internal rows = %d, want %d", got, want)
	}
	if !strings.Contains(strings.Join(internal, "\n"), "Secret Org|confidential") {
		t.Errorf("internal rows lack the confidential answer:\n%s", strings.Join(internal, "\n"))
	}

	var details []string
	r, err := st.Pool().Query(ctx, `SELECT details->>'variant' || ' ' || (details->>'format') FROM audit_log
		WHERE actor = 'reviewer:5' AND action = 'consultation.export' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var d string
		r.Scan(&d)
		details = append(details, d)
	}
	if got, want := strings.Join(details, ","), "public csv,internal csv"; got != want {
		t.Errorf("audit = %q, want %q", got, want)
	}
}

func TestExportRowsInBatches(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	// More answers to one question than a batch holds.
	_, err := st.Pool().Exec(ctx, `
		WITH c AS (SELECT id FROM consultations WHERE slug = $1),
		qs AS (SELECT id FROM question_sets WHERE consultation_id = (SELECT id FROM c) AND audience = 'survivors'),
		r AS (INSERT INTO respondents (consultation_id, question_set_id, audience, kind, name, country)
			SELECT (SELECT id FROM c), (SELECT id FROM qs), 'survivors', 'individual', 'Person ' || g, 'KH'
			FROM generate_series(1, 4500) g RETURNING id, question_set_id),
		s AS (INSERT INTO responses (respondent_id, question_set_id, status, attribution, receipt, submitted_version, submitted_at)
			SELECT id, question_set_id, 'submitted', 'named', 'VA-T' || id, 1, now() FROM r RETURNING id, question_set_id)
		INSERT INTO submitted_answers (response_id, question_id, text)
		SELECT s.id, q.id, 'answer ' || s.id FROM s JOIN questions q ON q.question_set_id = s.question_set_id AND q.number = 2`, slug2012)
	if err != nil {
		t.Fatal(err)
	}
	n, last := 0, int64(0)
	err = st.Export(ctx, "cli", store.ExportRequest{Consultation: slug2012, Public: true, Format: "json"}, func(e *store.Export) error {
		return e.Rows(ctx, func(r *store.ExportRow) error {
			if r.ResponseID <= last {
				return fmt.Errorf("response %d after %d: not in order", r.ResponseID, last)
			}
			n, last = n+1, r.ResponseID
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 4500 {
		t.Fatalf("rows = %d, want 4500", n)
	}
}
