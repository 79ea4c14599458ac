package main

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/vaconsult/vaconsult/internal/dbtest"
)

func TestGenerate(t *testing.T) {
	t.Parallel()
	url := dbtest.NewDatabase(t)
	ctx := context.Background()
	if err := run(ctx, options{url: url, slug: "va-impact-2012", responses: 500, drafts: 50, seed: 7}); err != nil {
		t.Fatalf("generate: %v", err)
	}
	// A second run adds to the first, and finds no country left for a
	// second State Party respondent where one exists.
	if err := run(ctx, options{url: url, slug: "va-impact-2012", responses: 500, drafts: 0, seed: 8}); err != nil {
		t.Fatalf("generate again: %v", err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	checks := []struct {
		name, sql string
		want      int
	}{
		{"submitted responses", `SELECT count(*) FROM responses WHERE status = 'submitted'`, 1000},
		{"drafts", `SELECT count(*) FROM responses WHERE status = 'draft'`, 50},
		{"States Parties", `SELECT count(*) FROM respondents WHERE kind = 'state'`, 20},
		{"countries with two States", `SELECT count(*) FROM (SELECT country FROM respondents WHERE kind = 'state'
			GROUP BY country HAVING count(*) > 1) d`, 0},
		{"draft answers reviewers could see", `SELECT count(*) FROM submitted_answers sa
			JOIN responses r ON r.id = sa.response_id WHERE r.status = 'draft'`, 0},
		{"submitted responses without every answer", `SELECT count(*) FROM responses r
			WHERE r.status = 'submitted' AND (SELECT count(*) FROM submitted_answers WHERE response_id = r.id) <>
				(SELECT count(*) FROM questions WHERE question_set_id = r.question_set_id)`, 0},
		{"languages", `SELECT count(DISTINCT language) FROM responses`, 4},
		{"attributions", `SELECT count(DISTINCT attribution) FROM responses WHERE status = 'submitted'`, 3},
		{"answers under 80 characters", `SELECT count(*) FROM submitted_answers WHERE length(text) < 80`, 0},
	}
	for _, c := range checks {
		var got int
		if err := conn.QueryRow(ctx, c.sql).Scan(&got); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got != c.want {
			t.Errorf("%s = %d, want %d", c.name, got, c.want)
		}
	}
	var longest int
	conn.QueryRow(ctx, `SELECT max(length(text)) FROM submitted_answers`).Scan(&longest)
	if longest < 2000 {
		t.Errorf("longest answer = %d characters, want some of several thousand", longest)
	}
}
