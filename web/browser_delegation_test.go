package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/vaconsult/vaconsult/internal/dbtest"
)

// A delegation's year, on the real binary: Colombia answered the 2011
// consultation; for 2012 a drafter in Bogotá starts from last year's
// answers, updates one, attaches the ministry's report as a PDF and sends
// the answers for approval; the head of delegation, the approver, submits
// them; the copy holds exactly what was submitted and names the approver,
// as a page, a PDF and a Word document.
func TestBrowserDelegationCompletesACycle(t *testing.T) {
	t.Parallel()
	s := startReal(t, dbtest.NewDatabaseURL(t))
	dir := t.TempDir()
	lastYear, thisYear := cycleFiles(t, dir)
	s.cli("load", lastYear)
	last := s.invite("va-impact-2011", "--contributor", "Luz")
	said := func(n int) string { return fmt.Sprintf("2011, question %d: the national registry of survivors.", n) }
	lastAnswers := map[float64]string{}
	for i, id := range questionIDs(t, s, "va-impact-2011") {
		lastAnswers[id] = said(i + 1)
	}
	submitByAPI(t, s, last, lastAnswers)
	s.cli("load", thisYear)
	qs := questionIDs(t, s, "va-impact-2012")
	answers := map[float64]string{} // what this year's form should hold, by question
	for i, id := range qs {
		answers[id] = said(i + 1) // the same keys, so last year's answers
	}

	drafter := s.invite("va-impact-2012", "--contributor", "Ana", "--language", "es")
	approver := s.invite("va-impact-2012", "--contributor", "Bruno", "--approver")
	report := filepath.Join(dir, "informe.pdf")
	if err := os.WriteFile(report, samplePDF, 0o600); err != nil {
		t.Fatal(err)
	}

	// The drafter, in Spanish, with the page's script.
	ana := newTab(t, s.URL, true)
	ana.open("/?lang=es")
	ana.open("/r/" + drafter)
	ana.waitPage("respond")
	ana.pressAndLoad("#carry-all")
	ana.waitPage("respond")
	for _, id := range qs {
		if got := ana.value(fmt.Sprintf("#q-%.0f-text", id)); got != answers[id] {
			t.Fatalf("question %.0f after starting from last year's answers = %q, want %q", id, got, answers[id])
		}
	}
	ana.do(chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{report}))
	ana.pressAndLoad("#attach")
	ana.waitPage("respond")
	if got := ana.text("#attachments .attachment-list"); !strings.Contains(got, "informe.pdf") {
		t.Fatalf("the documents listed = %q, want informe.pdf", got)
	}
	first := fmt.Sprintf("#q-%.0f-text", qs[0])
	ana.typeInto(first, " Updated in 2012.")
	answers[qs[0]] += " Updated in 2012."
	ana.pressAndLoad(`button[value="continue"]`)
	ana.waitPage("check")
	if ana.eval(`String(!!document.querySelector('form[action="/respond/submit"]'))`) != "false" {
		t.Fatal("the drafter may submit")
	}
	ana.pressAndLoad("#signoff-send")
	ana.waitPage("check")
	if got := ana.text("#signoff-pending"); !strings.Contains(got, "Ana") {
		t.Fatalf("after sending for approval the drafter's page says %q", got)
	}

	// The approver, in English, without script, by keyboard.
	bruno := newTab(t, s.URL, false)
	bruno.open("/?lang=en")
	bruno.open("/r/" + approver)
	bruno.waitPage("respond")
	if got := bruno.text("#signoff-pending"); !strings.HasPrefix(strings.TrimSpace(got), "Ana asked for approval on ") {
		t.Fatalf("the approver's form says %q", got)
	}
	bruno.pressAndLoad(`button[value="continue"]`)
	bruno.waitPage("check")
	if got := bruno.text("main"); !strings.Contains(got, "informe.pdf") {
		t.Fatalf("the approver's check page does not list the report:\n%s", got)
	}
	bruno.tabTo("#attribution-named")
	bruno.keys(" ")
	bruno.pressAndLoad(`form[action="/respond/submit"] button`)
	bruno.waitPage("confirmation")
	if got := bruno.text("#approved-by"); !strings.Contains(got, "Bruno") {
		t.Fatalf("the receipt says %q, want the approver named", got)
	}
	receipt := strings.TrimSpace(bruno.text(".receipt"))

	// The copy: the answers exactly as submitted, and who approved them.
	bruno.pressAndLoad(`a[href^="/respond/copy?format=html"]`)
	bruno.waitPage("submission_copy")
	if got := bruno.text(".facts .code"); got != receipt {
		t.Fatalf("the copy's receipt = %q, want %q", got, receipt)
	}
	var shown []string
	if err := json.Unmarshal([]byte(bruno.eval(`JSON.stringify([...document.querySelectorAll(".answer")].map(e => e.innerText))`)), &shown); err != nil {
		t.Fatal(err)
	}
	if len(shown) != len(qs) {
		t.Fatalf("the copy shows %d answers, want %d", len(shown), len(qs))
	}
	for i, id := range qs {
		if shown[i] != answers[id] {
			t.Errorf("answer %d in the copy = %q, want %q", i+1, shown[i], answers[id])
		}
	}
	if got := bruno.text(".facts"); !strings.Contains(got, "Submitted and approved by") || !strings.Contains(got, "Bruno") {
		t.Errorf("the copy's facts do not name the approver:\n%s", got)
	}
	for format, magic := range map[string]string{"pdf": "%PDF", "docx": "PK"} {
		body, header := getWithToken(t, s.URL+"/api/v1/response/copy?format="+format, approver)
		if !bytes.HasPrefix(body, []byte(magic)) || !strings.HasPrefix(header.Get("Content-Disposition"), "attachment") {
			t.Errorf("the copy as %s: %d bytes starting %q, %q", format, len(body), body[:min(len(body), 8)], header.Get("Content-Disposition"))
		}
	}
}

// cycleFiles writes two consultation files into dir: the 2012 one renamed
// as a 2011 consultation, and the 2012 one following it and taking
// documents.
func cycleFiles(t *testing.T, dir string) (lastYear, thisYear string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), "consultations", "2012-victim-assistance.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	y := string(b)
	old := strings.NewReplacer("slug: va-impact-2012", "slug: va-impact-2011",
		`en: "Victim assistance: measuring and reporting impact"`, `en: "Victim assistance in 2011"`,
		"opens_at: 2012-03-22", "opens_at: 2011-03-22").Replace(y)
	lastYear, thisYear = filepath.Join(dir, "2011.yaml"), filepath.Join(dir, "2012.yaml")
	for name, text := range map[string]string{lastYear: old, thisYear: y + "\nfollows: va-impact-2011\nattachments: true\n"} {
		if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return lastYear, thisYear
}

// invite invites a contributor of Colombia's delegation to the
// consultation slug and returns their access token.
func (s *realServer) invite(slug string, args ...string) string {
	s.t.Helper()
	out := s.cli(append([]string{"invite", "--consultation", slug, "--audience", "states-parties",
		"--name", "Colombia", "--country", "CO"}, args...)...)
	link := strings.TrimSpace(out)
	token, ok := strings.CutPrefix(link, s.URL+"/r/")
	if !ok {
		s.t.Fatalf("invite printed %q, want a link under %s/r/", link, s.URL)
	}
	return token
}

// questionIDs returns the ids of the States Parties' questions of the
// consultation slug, in order.
func questionIDs(t *testing.T, s *realServer, slug string) []float64 {
	t.Helper()
	body, _ := getWithToken(t, s.URL+"/api/v1/consultations/"+slug, "")
	var c struct {
		Sets []struct {
			Audience  string `json:"audience"`
			Questions []struct {
				ID float64 `json:"id"`
			} `json:"questions"`
		} `json:"question_sets"`
	}
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatalf("the consultation: %v\n%s", err, body)
	}
	for _, set := range c.Sets {
		if set.Audience != "states-parties" {
			continue
		}
		ids := make([]float64, len(set.Questions))
		for i, q := range set.Questions {
			ids[i] = q.ID
		}
		return ids
	}
	t.Fatalf("%s has no States Parties' questions", slug)
	return nil
}

// submitByAPI saves answers by question id and submits them, named.
func submitByAPI(t *testing.T, s *realServer, token string, answers map[float64]string) {
	t.Helper()
	var list []map[string]any
	for id, text := range answers {
		list = append(list, map[string]any{"question_id": id, "text": text})
	}
	saved := sendJSON(t, "PUT", s.URL+"/api/v1/response", token, map[string]any{"version": 0, "answers": list})
	sendJSON(t, "POST", s.URL+"/api/v1/response/submit", token, map[string]any{"version": saved["version"], "attribution": "named"})
}

func sendJSON(t *testing.T, method, url, token string, body any) map[string]any {
	t.Helper()
	b, _ := json.Marshal(body)
	req, _ := http.NewRequest(method, url, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: %d %s", method, url, resp.StatusCode, raw)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func getWithToken(t *testing.T, url, token string) ([]byte, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, body)
	}
	return body, resp.Header
}
