package api_test

import (
	"io"
	"log/slog"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store"
)

type previousBody struct {
	Slug        string `json:"slug"`
	Title       string `json:"title"`
	SubmittedAt string `json:"submitted_at"`
	Answers     []struct {
		QuestionID int64   `json:"question_id"`
		Choice     *string `json:"choice"`
		Text       string  `json:"text"`
		Lang       string  `json:"lang"`
	} `json:"answers"`
}

// testPreviousAnswers submits a State's answers to the 2012 consultation,
// then reads them from the consultation that follows it, whose first two
// questions trade places (their keys with them), and starts from one by
// an ordinary save.
func testPreviousAnswers(t *testing.T, a *apiTest) {
	const next = "va-impact-2013"
	token := a.invite(seedSlug, "KH", "Cambodia", "")
	q := a.questionIDs(seedSlug, "states-parties")
	var answers []answerBody
	for n := 1; n <= 4; n++ {
		answers = append(answers, answerBody{QuestionID: q[n], Text: "Cambodia 2012, question " + string(rune('0'+n))})
	}
	a.do(call{method: "PUT", path: "/api/v1/response", token: token, status: 200, body: draftBody{Version: 0, Answers: answers}})
	a.do(call{method: "POST", path: "/api/v1/response/submit", token: token, status: 200,
		body: map[string]any{"version": 1, "attribution": "named"}})

	a.loadConsultation(next, func(f *questionset.File) {
		f.Follows = seedSlug
		qs := f.QuestionSets[0].Questions
		qs[0], qs[1] = qs[1], qs[0]
		qs[0].Number, qs[0].Key, qs[1].Number, qs[1].Key = 1, "q2", 2, "q1"
		for i := range f.QuestionSets[1].Questions {
			f.QuestionSets[1].Questions[i].AnswersBackTo = 0
		}
	})
	q13 := a.questionIDs(next, "states-parties")
	kh := a.invite(next, "KH", "Kingdom of Cambodia", "Sok Dara")
	const path = "/api/v1/response/previous"
	var prev previousBody
	a.do(call{method: "GET", path: path, token: kh, status: 200}).decode(t, &prev)
	if prev.Slug != seedSlug || prev.Title == "" || prev.SubmittedAt == "" || len(prev.Answers) != 4 {
		t.Fatalf("previous answers = %+v, want the 4 of %s", prev, seedSlug)
	}
	byID := map[int64]string{}
	for _, pa := range prev.Answers {
		byID[pa.QuestionID] = pa.Text
		if pa.Choice != nil || pa.Lang != "en" {
			t.Errorf("previous answer %+v: want no choice, in English", pa)
		}
	}
	if got, want := byID[q13[1]], "Cambodia 2012, question 2"; got != want {
		t.Errorf("previous answer to 2013 question 1 = %q, want %q (by key, not number)", got, want)
	}

	// Starting from it is an ordinary save; the response was untouched.
	var resp responseOut
	a.do(call{method: "GET", path: "/api/v1/response", token: kh, status: 200}).decode(t, &resp)
	if len(resp.Answers) != 0 {
		t.Fatalf("answers before starting from last cycle's = %d, want none pre-filled", len(resp.Answers))
	}
	base := 0
	a.do(call{method: "PUT", path: "/api/v1/response", token: kh, status: 200,
		body: map[string]any{"answers": []map[string]any{{"question_id": q13[1], "base_version": base, "text": byID[q13[1]] + " Updated."}}}})

	// A State that never submitted there has nothing to start from.
	co := a.invite(next, "CO", "Colombia", "")
	a.do(call{method: "GET", path: path, token: co, status: 404, code: "no_previous"})
	// Nor has anyone in a consultation that follows none.
	a.do(call{method: "GET", path: path, token: token, status: 404, code: "no_previous"})
	a.do(call{method: "GET", path: path, request: violates, status: 401, code: "missing_token"})
	a.do(call{method: "GET", path: path + "?note=a%00b", token: kh, status: 400, code: "nul_character"})

	// The database down: 503, without detail.
	pool, err := pgxpool.New(a.ctx, "postgres://postgres@127.0.0.1:1/vaconsult?connect_timeout=2&sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	a.engine = app.NewRouter(store.New(pool), slog.New(slog.NewTextHandler(io.Discard, nil)), siteURL)
	a.do(call{method: "GET", path: path, token: kh, status: 503, code: "unavailable"})
}
