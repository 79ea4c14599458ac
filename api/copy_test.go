package api_test

import (
	"archive/zip"
	"bytes"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/vaconsult/vaconsult/app"
	"github.com/vaconsult/vaconsult/internal/pdf"
	"github.com/vaconsult/vaconsult/store"
)

func init() {
	openapi3filter.RegisterBodyDecoder("application/pdf", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/vnd.openxmlformats-officedocument.wordprocessingml.document", openapi3filter.FileBodyDecoder)
}

type submissionsBody struct {
	Submissions []struct {
		Receipt     string `json:"receipt"`
		Attribution string `json:"attribution"`
		SubmittedBy string `json:"submitted_by"`
	} `json:"submissions"`
}

// testSubmissionCopies: the history and the copies of a response's
// submissions, the earlier one's surviving a resubmission, in each format.
func testSubmissionCopies(t *testing.T, a *apiTest) {
	token := a.invite(seedSlug, "KH", "Cambodia", "Sok Dara")
	q := a.questionIDs(seedSlug, "states-parties")
	copyPath := "/api/v1/response/copy"
	a.do(call{method: "GET", path: copyPath, token: token, status: 404, code: "not_submitted"})
	a.do(call{method: "GET", path: copyPath, request: violates, status: 401, code: "missing_token"})
	var none submissionsBody
	a.do(call{method: "GET", path: "/api/v1/response/submissions", token: token, status: 200}).decode(t, &none)
	if len(none.Submissions) != 0 {
		t.Fatalf("submissions before the first = %+v, want none", none.Submissions)
	}

	first := "Surveys of every district.\n\nA second paragraph, Arabic too: مسح ميداني"
	var answers []answerBody
	for n := 1; n <= 4; n++ {
		answers = append(answers, answerBody{QuestionID: q[n], Text: first})
	}
	a.do(call{method: "PUT", path: "/api/v1/response", token: token, status: 200, body: draftBody{Version: 0, Answers: answers}})
	var r1 struct{ Receipt string }
	a.do(call{method: "POST", path: "/api/v1/response/submit", token: token, status: 200,
		body: map[string]any{"version": 1, "attribution": "named"}}).decode(t, &r1)
	a.do(call{method: "PUT", path: "/api/v1/response", token: token, status: 200,
		body: draftBody{Version: 1, Answers: []answerBody{{QuestionID: q[1], Text: "Changed after."}}}})

	page := a.do(call{method: "GET", path: copyPath, token: token, status: 200})
	html := string(page.body)
	for _, want := range []string{r1.Receipt, "Sok Dara", "Cambodia", "@page", "A4", "Copy of the answers submitted",
		"Surveys of every district.\n\nA second paragraph, Arabic too: مسح ميداني"} {
		if !strings.Contains(html, want) {
			t.Errorf("the copy lacks %q", want)
		}
	}
	if strings.Contains(html, "Changed after.") || strings.Contains(html, "<script") {
		t.Errorf("the copy holds the later draft or a script:\n%s", html)
	}
	if got := page.header.Get("Content-Disposition"); !strings.HasPrefix(got, "inline") || !strings.Contains(got, r1.Receipt) {
		t.Errorf("Content-Disposition of the page = %q, want inline with the receipt", got)
	}
	fr := a.do(call{method: "GET", path: copyPath + "?in=fr", token: token, status: 200})
	if !strings.Contains(string(fr.body), "Copie des réponses soumises") || !strings.Contains(string(fr.body), `lang="fr"`) {
		t.Errorf("the copy in French is not in French")
	}

	// A resubmission: the last copy is the new one, the first stays.
	a.do(call{method: "POST", path: "/api/v1/response/submit", token: token, status: 200,
		body: map[string]any{"version": 2, "attribution": "anonymous"}})
	if last := a.do(call{method: "GET", path: copyPath, token: token, status: 200}); !strings.Contains(string(last.body), "Changed after.") {
		t.Errorf("the last copy lacks the resubmitted text")
	}
	doc := a.do(call{method: "GET", path: copyPath + "?format=docx&receipt=" + r1.Receipt, token: token, status: 200})
	if got := doc.header.Get("Content-Disposition"); got != `attachment; filename="submission-`+r1.Receipt+`.docx"` {
		t.Errorf("Content-Disposition of the Word copy = %q", got)
	}
	if text := docxText(t, doc.body); !strings.Contains(text, "Surveys of every district.") || strings.Contains(text, "Changed after.") {
		t.Errorf("the first submission's Word copy = %q, want its own text", text)
	}
	var hist submissionsBody
	a.do(call{method: "GET", path: "/api/v1/response/submissions", token: token, status: 200}).decode(t, &hist)
	if len(hist.Submissions) != 2 || hist.Submissions[1].Receipt != r1.Receipt || hist.Submissions[1].SubmittedBy != "Sok Dara" {
		t.Errorf("history = %+v, want two, the first last", hist.Submissions)
	}

	a.do(call{method: "GET", path: copyPath + "?format=odt", token: token, status: 400, code: "invalid_format"})
	a.do(call{method: "GET", path: copyPath + "?in=xx", token: token, status: 400, code: "invalid_language"})
	a.do(call{method: "GET", path: copyPath + "?receipt=VA-0000-0000-0000", token: token, status: 404, code: "no_such_receipt"})
	a.do(call{method: "GET", path: copyPath + "?receipt=%27%20OR%201%3D1", token: token, status: 404, code: "no_such_receipt"})
	// Another respondent does not reach this one's copies.
	other := a.invite(seedSlug, "CO", "Colombia", "")
	a.do(call{method: "GET", path: copyPath + "?receipt=" + r1.Receipt, token: other, status: 404, code: "no_such_receipt"})
	// This router has no browser to print with.
	a.do(call{method: "GET", path: copyPath + "?format=pdf", token: token, status: 503, code: "pdf_unavailable"})

	a.do(call{method: "GET", path: "/api/v1/response/submissions", status: 401, request: violates, code: "missing_token"})
	a.do(call{method: "GET", path: "/api/v1/response/submissions?note=a%00b", token: token, status: 400, code: "nul_character"})
	a.do(call{method: "GET", path: copyPath + "?note=a%00b", token: token, status: 400, code: "nul_character"})
	testPDFCopy(t, a, token)
	testCopiesWithDatabaseDown(t, a, token)
}

// testPDFCopy: with a browser, a copy comes as a PDF.
func testPDFCopy(t *testing.T, a *apiTest, token string) {
	copyPath := "/api/v1/response/copy"
	printer := pdf.New(os.Getenv("PDF_CHROMIUM"))
	if !printer.Available() {
		t.Log("no Chromium: the PDF copy is not checked")
		return
	}
	t.Cleanup(printer.Close)
	engine, err := app.Router(app.RouterConfig{Store: a.st, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), BaseURL: siteURL, PDF: printer})
	if err != nil {
		t.Fatal(err)
	}
	a.engine = engine
	out := a.do(call{method: "GET", path: copyPath + "?format=pdf", token: token, status: 200})
	if !bytes.HasPrefix(out.body, []byte("%PDF-")) || len(out.body) < 1024 {
		t.Errorf("the PDF copy is %d bytes starting %q", len(out.body), out.body[:min(8, len(out.body))])
	}
	if got := out.header.Get("Content-Disposition"); !strings.HasPrefix(got, "attachment") || !strings.Contains(got, ".pdf") {
		t.Errorf("Content-Disposition of the PDF = %q", got)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(out.body)
	text, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, want := range []string{"Copy of the answers submitted", "Sok Dara", "Changed after."} {
		if !strings.Contains(string(text), want) {
			t.Errorf("the PDF copy's text lacks %q:\n%s", want, text)
		}
	}
}

// testCopiesWithDatabaseDown: the history and the copies answer 503
// unavailable while PostgreSQL is out of reach.
func testCopiesWithDatabaseDown(t *testing.T, a *apiTest, token string) {
	pool, err := pgxpool.New(a.ctx, "postgres://postgres@127.0.0.1:1/vaconsult?connect_timeout=2&sslmode=disable")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	a.engine = app.NewRouter(store.New(pool), slog.New(slog.NewTextHandler(io.Discard, nil)), siteURL)
	for _, path := range []string{"/api/v1/response/submissions", "/api/v1/response/copy"} {
		a.do(call{method: "GET", path: path, token: token, status: 503, code: "unavailable"})
	}
}

// docxText is the text of a Word document's body, its XML tags dropped.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("open the Word document: %v", err)
	}
	f, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatalf("open word/document.xml: %v", err)
	}
	defer f.Close()
	raw, _ := io.ReadAll(f)
	var sb strings.Builder
	in := false
	for _, r := range string(raw) {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}
