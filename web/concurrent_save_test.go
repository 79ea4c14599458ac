package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/form"
)

// belief is what a contributor's copy holds of one answer: the version it
// shows and the text the contributor takes to be that version's.
type belief struct {
	Version int
	Text    string
}

// contributor is one person answering through the form without script,
// its autosave and the API, one request at a time, as a person does. It
// keeps what it has seen of each answer, and for every text it sends, the
// answer it started from.
type contributor struct {
	name   string
	e      *env
	client *http.Client
	token  string
	csrf   string
	seen   map[int64]belief
	bases  map[string]belief // text sent → the answer it was based on
	fails  []string
}

func newContributor(e *env, name, token string) *contributor {
	jar, _ := cookiejar.New(nil)
	return &contributor{name: name, e: e, token: token, seen: map[int64]belief{}, bases: map[string]belief{},
		client: &http.Client{Jar: jar, Timeout: 30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *contributor) failf(format string, args ...any) {
	c.fails = append(c.fails, c.name+": "+fmt.Sprintf(format, args...))
}

func (c *contributor) send(method, path, contentType string, body []byte, header ...string) (int, []byte, error) {
	req, err := http.NewRequest(method, c.e.URL+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	return res.StatusCode, raw, err
}

// look opens the form and takes in every answer as it shows.
func (c *contributor) look(questions []int64) {
	status, body, err := c.send("GET", "/respond", "", nil)
	if err != nil || status != 200 {
		c.failf("GET /respond = %d %v", status, err)
		return
	}
	p := page{Status: status, Body: string(body)}
	v := formValues(p)
	c.csrf = v.Get("csrf")
	for _, id := range questions {
		n, _ := strconv.Atoi(v.Get(form.VersionName(id)))
		c.seen[id] = belief{Version: n, Text: v.Get(form.TextName(id))}
	}
}

// formFor is the form as the contributor's page holds it, with text typed
// into one answer.
func (c *contributor) formFor(questions []int64, edited int64, text string) url.Values {
	v := url.Values{"csrf": {c.csrf}}
	for _, id := range questions {
		b := c.seen[id]
		v.Set(form.VersionName(id), strconv.Itoa(b.Version))
		v.Set(form.HashName(id), form.Hash("", b.Text))
		v.Set(form.TextName(id), b.Text)
	}
	v.Set(form.TextName(edited), text)
	return v
}

func (c *contributor) saveByForm(questions []int64, id int64, text string) {
	v := c.formFor(questions, id, text)
	v.Set("action", "save")
	status, body, err := c.send("POST", "/respond", "application/x-www-form-urlencoded", []byte(v.Encode()))
	switch {
	case err != nil:
		c.failf("form save: %v", err)
	case status == http.StatusSeeOther:
	case status == http.StatusConflict && strings.Contains(string(body), "Someone else changed the same answer"):
	default:
		c.failf("form save = %d: %.200s", status, body)
	}
	c.look(questions) // the page shown after the save
}

func (c *contributor) saveByAutosave(questions []int64, id int64, text string) {
	v := c.formFor(questions, id, text)
	status, body, err := c.send("POST", "/respond/draft", "application/x-www-form-urlencoded", []byte(v.Encode()),
		"Accept", "application/json")
	if err != nil {
		c.failf("autosave: %v", err)
		return
	}
	var out struct {
		Saved []struct {
			ID      string `json:"id"`
			Version int    `json:"v"`
		} `json:"saved"`
		Conflicts []int `json:"conflicts"`
	}
	json.Unmarshal(body, &out)
	if status != 200 && (status != http.StatusConflict || len(out.Conflicts) == 0) {
		c.failf("autosave = %d: %.200s", status, body)
		return
	}
	for _, s := range out.Saved {
		sid, _ := strconv.ParseInt(s.ID, 10, 64)
		c.seen[sid] = belief{Version: s.Version, Text: v.Get(form.TextName(sid))}
	}
	if len(out.Conflicts) > 0 {
		c.look(questions) // "Compare both versions"
	}
}

func (c *contributor) saveByAPI(id int64, text string) {
	in := map[string]any{"answers": []any{map[string]any{"question_id": id, "text": text, "base_version": c.seen[id].Version}}}
	raw, _ := json.Marshal(in)
	status, body, err := c.send("PUT", "/api/v1/response", "application/json", raw, "Authorization", "Bearer "+c.token)
	if err != nil {
		c.failf("API save: %v", err)
		return
	}
	type answer struct {
		QuestionID int64  `json:"question_id"`
		Version    int    `json:"version"`
		Text       string `json:"text"`
	}
	var out struct {
		Saved []answer `json:"saved"`
		Error struct {
			Code      string   `json:"code"`
			Saved     []answer `json:"saved"`
			Conflicts []answer `json:"conflicts"`
		} `json:"error"`
	}
	json.Unmarshal(body, &out)
	switch {
	case status == 200:
	case status == http.StatusConflict && out.Error.Code == "answer_conflict":
		out.Saved = out.Error.Saved
		for _, a := range out.Error.Conflicts {
			c.seen[a.QuestionID] = belief{Version: a.Version, Text: a.Text}
		}
	default:
		c.failf("API save = %d: %.200s", status, body)
		return
	}
	for _, a := range out.Saved {
		c.seen[a.QuestionID] = belief{Version: a.Version, Text: text}
	}
}

// Twelve officials of one delegation save at the same moment, round after
// round: each its own answer in one round, answers they share in the
// next. Each goes through the form without script, its autosave or the API
// at random. Every save is accepted, merged or shown as a conflict: none is
// refused as if the consultation were closed, none fails, and no text
// replaces another that its writer had not seen.
func TestConcurrentSavesThroughPagesAndAPI(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	var questions []int64
	for _, q := range e.questions(domain.AudienceStatesParties) {
		questions = append(questions, q.ID)
	}
	var people []*contributor
	for _, name := range []string{"Ana", "Bruno", "Carmen", "Diego", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jean", "Karim", "Lina"} {
		c := newContributor(e, name, e.invite(domain.AudienceStatesParties, "CO", "Colombia", name))
		status, _, err := c.send("GET", "/r/"+c.token, "", nil)
		if err != nil || status != http.StatusSeeOther {
			t.Fatalf("%s opens the access link: %d %v", c.name, status, err)
		}
		c.look(questions)
		people = append(people, c)
	}

	deadline := time.Now().Add(3 * time.Second)
	for round := 0; round < 200 && time.Now().Before(deadline) && !t.Failed(); round++ {
		var wg sync.WaitGroup
		for k, c := range people {
			id := questions[rand.IntN(2)] // shared with others
			if round%2 == 0 {
				id = questions[k%len(questions)] // mostly one's own
			}
			text := fmt.Sprintf("%s's text %d", c.name, round)
			c.bases[text] = c.seen[id]
			wg.Add(1)
			go func() {
				defer wg.Done()
				switch rand.IntN(3) {
				case 0:
					c.saveByForm(questions, id, text)
				case 1:
					c.saveByAutosave(questions, id, text)
				default:
					c.saveByAPI(id, text)
				}
			}()
		}
		wg.Wait()
		for _, c := range people {
			for _, f := range c.fails {
				t.Error(f)
			}
			c.fails = nil
		}
	}
	checkNothingOverwritten(t, e, people)
}

// checkNothingOverwritten reads every saved version of every answer and
// checks that each was written from the version just before it, as its
// writer had seen it, unless it replaced the writer's own text.
func checkNothingOverwritten(t *testing.T, e *env, people []*contributor) {
	t.Helper()
	rows, err := e.st.Pool().Query(context.Background(), `SELECT question_id, version, text
		FROM answer_revisions ORDER BY question_id, version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type revision struct {
		question int64
		version  int
		text     string
	}
	var all []revision
	texts := map[[2]int64]string{} // question, version → text
	for rows.Next() {
		var r revision
		if err := rows.Scan(&r.question, &r.version, &r.text); err != nil {
			t.Fatal(err)
		}
		all = append(all, r)
		texts[[2]int64{r.question, int64(r.version)}] = r.text
	}
	bases := map[string]belief{}
	for _, c := range people {
		for text, b := range c.bases {
			bases[text] = b
		}
	}
	writer := func(text string) string { return text[:strings.Index(text, "'")] }
	for i, r := range all {
		b, ok := bases[r.text]
		if !ok {
			t.Errorf("question %d version %d holds %q, which no one sent", r.question, r.version, r.text)
			continue
		}
		if got := texts[[2]int64{r.question, int64(b.Version)}]; got != b.Text {
			t.Errorf("question %d version %d (%q) was written from version %d taken to hold %q; it held %q",
				r.question, r.version, r.text, b.Version, b.Text, got)
		}
		if i > 0 && all[i-1].question == r.question && writer(all[i-1].text) != writer(r.text) && b.Version < all[i-1].version {
			t.Errorf("question %d: %q (version %d) replaced %q (version %d), which its writer had not seen (based on version %d)",
				r.question, r.text, r.version, all[i-1].text, all[i-1].version, b.Version)
		}
	}
	t.Logf("%d saved versions checked", len(all))
}
