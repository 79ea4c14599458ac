package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vaconsult/vaconsult/store"
	"github.com/vaconsult/vaconsult/store/domain"
	"github.com/vaconsult/vaconsult/web/form"
)

// The fresh modes make a real consultation's traffic: every submission is
// a respondent nobody has seen yet, invited through the store before the
// measurement, who opens the form, saves and submits; over the API (-fresh
// api: read the consultation and the response, save every answer, submit)
// or over the pages as a browser with its script does (-fresh pages: open
// the access link, read the form, autosave, continue, read check your
// answers, submit, read the receipt). At the end the database must hold
// as many submitted responses of those respondents as the load counted.

// freshPool is the respondents invited for a fresh run, handed out once.
type freshPool struct {
	tokens []string
	ids    []int64
	next   atomic.Int64
}

// take returns the next unused respondent's token, or "" when none is left.
func (p *freshPool) take() string {
	i := p.next.Add(1) - 1
	if i >= int64(len(p.tokens)) {
		return ""
	}
	return p.tokens[i]
}

// inviteFresh invites count survivors' organisations through the store, n
// at a time.
func (l *load) inviteFresh(ctx context.Context, st *store.Store, count int) (*freshPool, error) {
	run := time.Now().UnixNano() % 1_000_000
	p := &freshPool{tokens: make([]string, count), ids: make([]int64, count)}
	var next atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range l.cfg.workers {
		wg.Go(func() {
			for {
				k := int(next.Add(1) - 1)
				if k >= count || ctx.Err() != nil {
					return
				}
				acc, err := st.Invite(ctx, store.NewRespondent{Consultation: l.cfg.consultation,
					Audience: domain.AudienceSurvivors, Kind: domain.KindOrganisation,
					Name: fmt.Sprintf("Fresh survivors' network %d-%d", run, k+1), Country: countries[k%len(countries)]})
				if err != nil {
					mu.Lock()
					firstErr = cmpOr(firstErr, fmt.Errorf("invite: %w", err))
					mu.Unlock()
					return
				}
				p.tokens[k], p.ids[k] = acc.Token, acc.Respondent.ID
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return p, ctx.Err()
}

// loadAverage returns the machine's load averages over 1, 5 and 15
// minutes, as /proc/loadavg gives them.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func cmpOr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// freshPhase measures complete submissions of fresh respondents, after one
// unmeasured submission per worker, and checks the database afterwards.
func (l *load) freshPhase(ctx context.Context) (*phaseResult, error) {
	st, err := store.Open(ctx, l.cfg.databaseURL)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	start := time.Now()
	pool, err := l.inviteFresh(ctx, st, l.cfg.respondents)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(l.out, "fresh respondents: %d invited through the store in %s\n", len(pool.tokens), time.Since(start).Round(time.Millisecond))
	step := func(ctx context.Context, w *worker, t *tally, _ int) {
		token := pool.take()
		if token == "" {
			return
		}
		answers := w.complete()
		start := time.Now()
		var err error
		if l.cfg.fresh == "pages" {
			err = w.cl.pagesSubmission(ctx, token, answers)
		} else {
			err = w.apiSubmission(ctx, token, answers)
		}
		if err != nil {
			t.fail(statusOf(err))
			if t.firstError == nil {
				t.firstError = err
			}
			return
		}
		t.submissions = append(t.submissions, time.Since(start))
	}
	wt, _ := runWorkers(ctx, l.workers, bound{count: 1}, step) // warm-up
	warm := len(wt.submissions)
	per := (len(pool.tokens) - int(pool.next.Load())) / len(l.workers)
	l.cfg.warmup = 0
	load1 := loadAverage()
	res, err := l.measure(ctx, bound{d: l.cfg.duration, count: per}, step)
	if err != nil {
		return nil, err
	}
	res.load = [2]string{load1, loadAverage()}
	ok, err := st.CountSubmitted(ctx, pool.ids)
	if err != nil {
		return nil, err
	}
	want := len(res.tally.submissions) + warm
	fmt.Fprintf(l.out, "verified in the database: %d submitted responses of fresh respondents; the load counted %d (%d warm-up, %d measured)\n",
		ok, want, warm, len(res.tally.submissions))
	if res.tally.firstError != nil {
		fmt.Fprintf(l.out, "first error: %v\n", res.tally.firstError)
	}
	l.record("verified_submitted", "%d", ok)
	if ok < want {
		return res, fmt.Errorf("the database holds %d submitted responses of the fresh respondents, the load counted %d", ok, want)
	}
	return res, nil
}

// apiSubmission is a fresh respondent's complete submission over the API.
func (w *worker) apiSubmission(ctx context.Context, token string, answers []answer) error {
	if err := w.cl.readForm(ctx); err != nil {
		return err
	}
	v, err := w.cl.responseVersion(ctx, token)
	if err != nil {
		return err
	}
	if v, err = w.cl.save(ctx, token, v, answers); err != nil {
		return err
	}
	return w.cl.submit(ctx, token, v)
}

// page is one answer of the pages.
type page struct {
	status   int
	location string
	body     string
}

var hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// hidden returns the hidden inputs of a page, as its forms send them.
func (p page) hidden() url.Values {
	v := url.Values{}
	for _, m := range hiddenRE.FindAllStringSubmatch(p.body, -1) {
		v.Set(m[1], unescapeHTML(m[2]))
	}
	return v
}

func unescapeHTML(s string) string {
	return strings.NewReplacer("&#43;", "+", "&amp;", "&", "&#34;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">").Replace(s)
}

// browse sends one request of a browser with its own cookies, and checks
// the status (and, for a redirect, where to).
func (c *client) browse(ctx context.Context, hc *http.Client, method, path string, body url.Values, want int, wantLocation string, header ...string) (page, error) {
	var rd io.Reader
	if body != nil {
		rd = strings.NewReader(body.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return page{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Language", "en")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := hc.Do(req)
	if err != nil {
		return page{}, err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return page{}, err
	}
	p := page{status: res.StatusCode, location: res.Header.Get("Location"), body: string(data)}
	if p.status != want || wantLocation != "" && p.location != wantLocation {
		return p, &statusError{status: p.status, body: fmt.Sprintf("%s %s: to %q; %.200s", method, path, p.location, p.body)}
	}
	return p, nil
}

// pagesSubmission is a fresh respondent's complete submission over the
// pages, with a browser of its own (its own cookies) on the shared
// connections.
func (c *client) pagesSubmission(ctx context.Context, token string, answers []answer) error {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Transport: c.http.Transport, Timeout: c.http.Timeout, Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if _, err := c.browse(ctx, hc, "GET", "/r/"+token, nil, http.StatusSeeOther, "/respond"); err != nil {
		return err
	}
	f, err := c.browse(ctx, hc, "GET", "/respond", nil, http.StatusOK, "")
	if err != nil {
		return err
	}
	v := f.hidden()
	for _, a := range answers {
		if a.Choice != nil {
			v.Set(form.ChoiceName(a.QuestionID), *a.Choice)
		}
		v.Set(form.TextName(a.QuestionID), a.Text)
	}
	// The script's autosave, then "Continue", which finds the answers saved.
	if _, err := c.browse(ctx, hc, "POST", "/respond/draft", v, http.StatusOK, "", "Accept", "application/json"); err != nil {
		return err
	}
	v.Set("action", "continue")
	if _, err := c.browse(ctx, hc, "POST", "/respond", v, http.StatusSeeOther, "/respond/check"); err != nil {
		return err
	}
	check, err := c.browse(ctx, hc, "GET", "/respond/check", nil, http.StatusOK, "")
	if err != nil {
		return err
	}
	sv := check.hidden()
	if _, err := strconv.Atoi(sv.Get("version")); err != nil {
		return fmt.Errorf("check your answers has no version: %w", err)
	}
	sv.Set("attribution", string(domain.AttributionNamed))
	if _, err := c.browse(ctx, hc, "POST", "/respond/submit", sv, http.StatusSeeOther, "/respond/confirmation"); err != nil {
		return err
	}
	_, err = c.browse(ctx, hc, "GET", "/respond/confirmation", nil, http.StatusOK, "")
	return err
}
