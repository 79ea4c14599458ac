package main_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// load is respondents saving and submitting, each one request after the
// other, recording what the server acknowledged and what it was sent.
type load struct {
	t        *testing.T
	url      atomic.Value // string: the server's address changes on restart
	client   *http.Client
	people   []*loadRespondent
	stopping atomic.Bool
	wg       sync.WaitGroup
	lastAck  atomic.Int64 // unix nanoseconds of the last acknowledgement
	mu       sync.Mutex
	statuses map[string]int // refusals since statusesSince last ran
}

type loadRespondent struct {
	n         int
	token     string
	questions []loadQuestion
	version   int
	sent      map[int64][]string // every text sent per question, in order
	acked     map[int64][]string // the texts acknowledged, in order
	receipts  []ackedSubmission
}

type loadQuestion struct {
	id     int64
	choice string // the first choice, for the questions that take one
}

type ackedSubmission struct {
	version int
	receipt string
}

// newLoad registers n survivors and has each answer every question once,
// so that each can submit from then on.
func newLoad(t *testing.T, url string, n int) *load {
	t.Helper()
	l := &load{t: t, client: &http.Client{Timeout: 5 * time.Second}, statuses: map[string]int{}}
	l.url.Store(url)
	qs := survivorQuestions(t, url)
	for i := range n {
		body := fmt.Sprintf(`{"audience":"survivors","kind":"individual","name":"Survivor %d","country":"KH"}`, i)
		var reg struct {
			AccessToken string `json:"access_token"`
		}
		if status := l.send("POST", "/api/v1/consultations/va-impact-2012/registrations", "", body, &reg); status != 201 {
			t.Fatalf("registration %d: status %d", i, status)
		}
		p := &loadRespondent{n: i, token: reg.AccessToken, questions: qs, sent: map[int64][]string{}, acked: map[int64][]string{}}
		for _, q := range qs {
			if !l.save(p, q, fmt.Sprintf("respondent %d, first answer", i)) {
				t.Fatalf("first save of respondent %d failed", i)
			}
		}
		l.people = append(l.people, p)
	}
	return l
}

func survivorQuestions(t *testing.T, url string) []loadQuestion {
	t.Helper()
	resp, err := http.Get(url + "/api/v1/consultations/va-impact-2012")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var c struct {
		QuestionSets []struct {
			Audience  string `json:"audience"`
			Questions []struct {
				ID      int64 `json:"id"`
				Choices []struct {
					Value string `json:"value"`
				} `json:"choices"`
			} `json:"questions"`
		} `json:"question_sets"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil {
		t.Fatal(err)
	}
	var qs []loadQuestion
	for _, set := range c.QuestionSets {
		if set.Audience != "survivors" {
			continue
		}
		for _, q := range set.Questions {
			lq := loadQuestion{id: q.ID}
			if len(q.Choices) > 0 {
				lq.choice = q.Choices[0].Value
			}
			qs = append(qs, lq)
		}
	}
	if len(qs) == 0 {
		t.Fatal("no survivors' questions")
	}
	return qs
}

func (l *load) setURL(url string) { l.url.Store(url) }

// start sets every respondent working: three saves, then a submission,
// again and again, until stop.
func (l *load) start() {
	for _, p := range l.people {
		l.wg.Go(func() {
			for i := 0; !l.stopping.Load(); i++ {
				var ok bool
				if i%4 == 3 {
					ok = l.submit(p)
				} else {
					q := p.questions[i%len(p.questions)]
					ok = l.save(p, q, fmt.Sprintf("respondent %d, save %d: réponse — إجابة — 答复 ✓\n\nsecond paragraph", p.n, i))
				}
				if !ok {
					l.resync(p)
					time.Sleep(20 * time.Millisecond)
				}
			}
		})
	}
}

func (l *load) stop() {
	l.stopping.Store(true)
	l.wg.Wait()
}

// save sends one answer and reports whether the server acknowledged it.
func (l *load) save(p *loadRespondent, q loadQuestion, text string) bool {
	a := map[string]any{"question_id": q.id, "text": text}
	if q.choice != "" {
		a["choice"] = q.choice
	}
	body, _ := json.Marshal(map[string]any{"version": p.version, "answers": []any{a}})
	p.sent[q.id] = append(p.sent[q.id], text)
	var out struct {
		Version int `json:"version"`
	}
	if l.send("PUT", "/api/v1/response", p.token, string(body), &out) != http.StatusOK {
		return false
	}
	p.version = out.Version
	p.acked[q.id] = append(p.acked[q.id], text)
	l.lastAck.Store(time.Now().UnixNano())
	return true
}

// submit submits the response as it stands.
func (l *load) submit(p *loadRespondent) bool {
	body := fmt.Sprintf(`{"version":%d,"attribution":"named"}`, p.version)
	var out struct {
		Receipt          string `json:"receipt"`
		SubmittedVersion int    `json:"submitted_version"`
	}
	if l.send("POST", "/api/v1/response/submit", p.token, body, &out) != http.StatusOK {
		return false
	}
	p.receipts = append(p.receipts, ackedSubmission{version: out.SubmittedVersion, receipt: out.Receipt})
	l.lastAck.Store(time.Now().UnixNano())
	return true
}

// resync reads the response's version after a failure: an unacknowledged
// save may have been committed all the same.
func (l *load) resync(p *loadRespondent) {
	var out struct {
		Version int `json:"version"`
	}
	if l.send("GET", "/api/v1/response", p.token, "", &out) == http.StatusOK {
		p.version = out.Version
	}
}

// send makes one request and decodes a 2xx answer into out. It returns
// the status, 0 when no answer came, and counts what is not a success.
func (l *load) send(method, path, token, body string, out any) int {
	req, _ := http.NewRequest(method, l.url.Load().(string)+path, bytes.NewBufferString(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := l.client.Do(req)
	if err != nil {
		l.count("no answer")
		return 0
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 == 2 {
		if json.Unmarshal(raw, out) != nil {
			l.count("undecodable " + strconv.Itoa(resp.StatusCode))
			return 0
		}
		return resp.StatusCode
	}
	l.count(strconv.Itoa(resp.StatusCode))
	return resp.StatusCode
}

func (l *load) count(what string) {
	l.mu.Lock()
	l.statuses[what]++
	l.mu.Unlock()
}

// statusesSince returns the refusals counted since it last ran.
func (l *load) statusesSince() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.statuses
	l.statuses = map[string]int{}
	return s
}

// waitForAck waits for an acknowledgement after since and returns how long
// after since it came.
func (l *load) waitForAck(t *testing.T, since time.Time) time.Duration {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if at := time.Unix(0, l.lastAck.Load()); at.After(since) {
			return at.Sub(since)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("nothing acknowledged within 30 s after %s; refusals: %v", since.Format(time.TimeOnly), l.statusesSince())
	return 0
}

// acked returns how many saves and submissions were acknowledged.
func (l *load) acked() (saves, submissions int) {
	for _, p := range l.people {
		for _, texts := range p.acked {
			saves += len(texts)
		}
		submissions += len(p.receipts)
	}
	return saves, submissions
}

// verify checks the database: every acknowledged save is a revision with
// its exact text, each current answer is the last acknowledged one or one
// sent after it, and every acknowledged submission is there with its
// version and receipt. It returns how many acknowledged writes are missing.
func (l *load) verify(t *testing.T, dbURL string) (lost int) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, p := range l.people {
		hash := sha256.Sum256([]byte(p.token))
		var contributor, response int64
		if err := conn.QueryRow(ctx, `SELECT c.id, r.id FROM contributors c JOIN responses r USING (respondent_id)
			WHERE c.token_hash = $1`, hash[:]).Scan(&contributor, &response); err != nil {
			t.Fatalf("respondent %d: %v", p.n, err)
		}
		revisions := map[int64]map[string]bool{}
		rows, _ := conn.Query(ctx, `SELECT question_id, text FROM answer_revisions WHERE response_id = $1`, response)
		var q int64
		var text string
		pgx.ForEachRow(rows, []any{&q, &text}, func() error {
			if revisions[q] == nil {
				revisions[q] = map[string]bool{}
			}
			revisions[q][text] = true
			return nil
		})
		for q, texts := range p.acked {
			for _, text := range texts {
				if !revisions[q][text] {
					lost++
					t.Errorf("respondent %d, question %d: the acknowledged save %q is missing", p.n, q, text)
				}
			}
			var current string
			if err := conn.QueryRow(ctx, `SELECT text FROM answers WHERE response_id = $1 AND question_id = $2`, response, q).Scan(&current); err != nil {
				t.Fatal(err)
			}
			if !laterOrLast(p.sent[q], texts[len(texts)-1], current) {
				lost++
				t.Errorf("respondent %d, question %d: the answer is %q, older than the last acknowledged %q", p.n, q, current, texts[len(texts)-1])
			}
		}
		for _, s := range p.receipts {
			var n int
			conn.QueryRow(ctx, `SELECT count(*) FROM submissions WHERE response_id = $1 AND version = $2 AND receipt = $3`,
				response, s.version, s.receipt).Scan(&n)
			if n != 1 {
				lost++
				t.Errorf("respondent %d: the acknowledged submission of version %d (%s) is missing", p.n, s.version, s.receipt)
			}
		}
	}
	return lost
}

// laterOrLast reports whether current is last, or was sent after it.
func laterOrLast(sent []string, last, current string) bool {
	for i := len(sent) - 1; i >= 0; i-- {
		if sent[i] == current {
			return true
		}
		if sent[i] == last {
			return false
		}
	}
	return false
}
