package api_test

import (
	"testing"

	"github.com/vaconsult/vaconsult/store"
)

// answerLanguages returns the language of each current answer of the
// response a token opens, by question id.
func (a *apiTest) answerLanguages(token string) map[int64]string {
	a.t.Helper()
	var resp struct {
		Answers []struct {
			QuestionID int64  `json:"question_id"`
			Lang       string `json:"lang"`
		} `json:"answers"`
	}
	a.do(call{method: "GET", path: "/api/v1/response", token: token, status: 200}).decode(a.t, &resp)
	out := map[int64]string{}
	for _, ans := range resp.Answers {
		out[ans.QuestionID] = ans.Lang
	}
	return out
}

// The language of an answer is the one it is written in: ?lang=, the
// body's or the answer's own lang, else Accept-Language, whatever the
// interface language. Exports and the reviewers' filter show it.
func testAnswerLanguages(t *testing.T, a *apiTest) {
	token := a.invite(seedSlug, "CO", "Colombia", "Funcionaria")
	q := a.questionIDs(seedSlug, "states-parties")
	const p = "/api/v1/response"

	a.do(call{method: "PUT", path: p + "?lang=es", token: token, status: 200,
		body: draftBody{Version: 0, Answers: []answerBody{{QuestionID: q[1], Text: "Una encuesta nacional."}}}})
	a.do(call{method: "PUT", path: p, token: token, header: map[string]string{"Accept-Language": "ar"}, status: 200,
		body: draftBody{Version: 1, Answers: []answerBody{{QuestionID: q[2], Text: "مسح وطني في عام 2009."}}}})
	a.do(call{method: "PUT", path: p, token: token, header: map[string]string{"Accept-Language": "fr"}, status: 200,
		body: map[string]any{"version": 2, "lang": "ru", "answers": []any{
			map[string]any{"question_id": q[3], "text": "Оценки определяют бюджет."},
			map[string]any{"question_id": q[4], "text": "We ask survivors.", "lang": "en"}}}})
	got := a.answerLanguages(token)
	for n, want := range map[int]string{1: "es", 2: "ar", 3: "ru", 4: "en"} {
		if got[q[n]] != want {
			t.Errorf("answer %d is in %q, want %q", n, got[q[n]], want)
		}
	}

	// An unknown language is refused, and nothing is saved.
	for _, c := range []call{
		{method: "PUT", path: p + "?lang=xx", request: violates,
			body: draftBody{Version: 3, Answers: []answerBody{{QuestionID: q[1], Text: "?"}}}},
		{method: "PUT", path: p, request: violates,
			body: map[string]any{"version": 3, "answers": []any{map[string]any{"question_id": q[1], "text": "?", "lang": "tlh"}}}},
		{method: "PUT", path: p, request: violates,
			body: map[string]any{"version": 3, "lang": "english", "answers": []any{map[string]any{"question_id": q[1], "text": "?"}}}},
	} {
		c.token, c.status, c.code = token, 422, "invalid_answers"
		a.do(c)
	}
	var resp responseOut
	a.do(call{method: "GET", path: p, token: token, status: 200}).decode(t, &resp)
	if resp.Version != 3 || resp.Answers[0].Text != "Una encuesta nacional." {
		t.Errorf("after refused languages: version %d, answer 1 %q; want nothing changed", resp.Version, resp.Answers[0].Text)
	}

	// Submitted with the interface in English, the answers keep theirs.
	a.do(call{method: "POST", path: p + "/submit?lang=en", token: token, status: 200,
		body: map[string]any{"version": 3, "attribution": "named"}})
	es, err := a.st.FindQuestionAnswers(a.ctx, store.AnswerFilter{QuestionID: q[1], Language: "es"})
	if err != nil || len(es) != 1 || es[0].Language != "es" {
		t.Errorf("answers to question 1 in es = %+v, %v; want the one written in es", es, err)
	}
	if en, _ := a.st.FindQuestionAnswers(a.ctx, store.AnswerFilter{QuestionID: q[1], Language: "en"}); len(en) != 0 {
		t.Errorf("answers to question 1 in en = %+v, want none", en)
	}
	exported := map[int]string{}
	err = a.st.Export(a.ctx, "test", store.ExportRequest{Consultation: seedSlug, Format: "csv"}, func(e *store.Export) error {
		return e.Rows(a.ctx, func(r *store.ExportRow) error {
			exported[r.QuestionNumber] = r.Language
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	for n, want := range map[int]string{1: "es", 2: "ar", 3: "ru", 4: "en"} {
		if exported[n] != want {
			t.Errorf("export: answer %d in %q, want %q", n, exported[n], want)
		}
	}
}

// Answers sent with the version each was based on are merged one by one:
// what someone else changed since comes back as a conflict with their
// text; the rest is saved.
func testAnswerMerge(t *testing.T, a *apiTest) {
	first := a.invite(seedSlug, "PE", "Peru", "Rosa")
	second := a.invite(seedSlug, "PE", "Peru", "Luis")
	q := a.questionIDs(seedSlug, "states-parties")
	const p = "/api/v1/response"
	based := func(id int64, text string, base int) map[string]any {
		return map[string]any{"question_id": id, "text": text, "base_version": base}
	}

	var saved struct {
		Version int `json:"version"`
		Saved   []struct {
			QuestionID int64  `json:"question_id"`
			Version    int    `json:"version"`
			Lang       string `json:"lang"`
		} `json:"saved"`
	}
	a.do(call{method: "PUT", path: p, token: first, status: 200,
		body: map[string]any{"answers": []any{based(q[1], "Rosa's text", 0)}}}).decode(t, &saved)
	if saved.Version != 1 || len(saved.Saved) != 1 || saved.Saved[0].Version != 1 || saved.Saved[0].Lang != "en" {
		t.Errorf("first save = %+v, want question 1 at version 1 in en", saved)
	}

	var conflict struct {
		Error struct {
			Fields  map[string]string `json:"fields"`
			Version int               `json:"version"`
			Saved   []struct {
				QuestionID int64 `json:"question_id"`
			} `json:"saved"`
			Conflicts []struct {
				QuestionID int64  `json:"question_id"`
				Text       string `json:"text"`
				Version    int    `json:"version"`
				UpdatedBy  string `json:"updated_by"`
			} `json:"conflicts"`
		} `json:"error"`
	}
	a.do(call{method: "PUT", path: p, token: second, status: 409, code: "answer_conflict",
		body: map[string]any{"version": 0, "answers": []any{based(q[1], "Luis's text", 0), based(q[2], "Luis's other text", 0)}}}).decode(t, &conflict)
	e := conflict.Error
	if e.Version != 2 || len(e.Saved) != 1 || e.Saved[0].QuestionID != q[2] || len(e.Conflicts) != 1 ||
		e.Conflicts[0].Text != "Rosa's text" || e.Conflicts[0].UpdatedBy != "Rosa" || e.Conflicts[0].Version != 1 {
		t.Errorf("conflict = %+v, want question 1 left as Rosa saved it, question 2 saved at version 2", e)
	}
	// Luis merges and sends again from Rosa's version.
	a.do(call{method: "PUT", path: p, token: second, status: 200,
		body: map[string]any{"answers": []any{based(q[1], "Rosa's text, and Luis's", 1)}}})
	var resp responseOut
	a.do(call{method: "GET", path: p, token: first, status: 200}).decode(t, &resp)
	if resp.Answers[0].Text != "Rosa's text, and Luis's" || resp.Answers[1].Text != "Luis's other text" {
		t.Errorf("answers = %+v", resp.Answers)
	}
}
