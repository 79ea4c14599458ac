package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/vaconsult/vaconsult/store/domain"
)

// client calls the vaconsult JSON API of one server.
type client struct {
	http *http.Client
	base string // scheme://host:port, no trailing slash
	slug string
}

// newClient returns a client whose connection pool keeps one idle
// connection per concurrent respondent, so that the measured phase opens
// no connections. It ignores proxy settings and follows no redirects: it
// only ever talks to base.
func newClient(base, slug string, conns int, timeout time.Duration) *client {
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &client{
		http: &http.Client{
			Transport:     tr,
			Timeout:       timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		base: base,
		slug: slug,
	}
}

// statusError is an answer other than the one expected.
type statusError struct {
	status int
	body   string
}

func (e *statusError) Error() string {
	return fmt.Sprintf("HTTP %d: %s", e.status, e.body)
}

// statusOf names the outcome of a failed request for the error counts: its
// HTTP status, or "transport" when no answer came back.
func statusOf(err error) string {
	var se *statusError
	if errors.As(err, &se) {
		return strconv.Itoa(se.status)
	}
	return "transport"
}

// do sends in (when not nil) as JSON and decodes the answer into out (when
// not nil). It returns a *statusError for any status but want.
func (c *client) do(ctx context.Context, method, path, token string, want int, in, out any) error {
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != want {
		return &statusError{status: res.StatusCode, body: string(bytes.TrimSpace(data))}
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(data, out)
}

// question is what the load needs of a question.
type question struct {
	ID        int64  `json:"id"`
	Number    int    `json:"number"`
	Kind      string `json:"kind"`
	Required  bool   `json:"required"`
	MaxLength int    `json:"max_length"`
	Choices   []struct {
		Value string `json:"value"`
	} `json:"choices"`
}

func (q question) takesChoice() bool { return q.Kind != "text" }
func (q question) takesText() bool   { return q.Kind != "choice" }

// form reads the consultation and returns the questions put to audience.
// A nil result with no error means the form was read but not decoded.
func (c *client) form(ctx context.Context, audience domain.Audience) ([]question, error) {
	var out struct {
		QuestionSets []struct {
			Audience  domain.Audience `json:"audience"`
			Questions []question      `json:"questions"`
		} `json:"question_sets"`
	}
	if err := c.do(ctx, http.MethodGet, "/api/v1/consultations/"+c.slug, "", http.StatusOK, nil, &out); err != nil {
		return nil, fmt.Errorf("read the form: %w", err)
	}
	for _, qs := range out.QuestionSets {
		if qs.Audience == audience {
			return qs.Questions, nil
		}
	}
	return nil, fmt.Errorf("consultation %s has no %s question set", c.slug, audience)
}

// readForm reads the consultation as a respondent's browser would, without
// decoding it: the questions are known already.
func (c *client) readForm(ctx context.Context) error {
	return c.do(ctx, http.MethodGet, "/api/v1/consultations/"+c.slug, "", http.StatusOK, nil, nil)
}

// register signs up a survivors' organisation and returns its access token.
func (c *client) register(ctx context.Context, name, country string) (string, error) {
	in := map[string]any{"audience": domain.AudienceSurvivors, "kind": domain.KindOrganisation, "name": name,
		"country": country, "contributor": "Contributor of " + name}
	var out struct {
		AccessToken string `json:"access_token"`
	}
	if err := c.do(ctx, http.MethodPost, "/api/v1/consultations/"+c.slug+"/registrations", "",
		http.StatusCreated, in, &out); err != nil {
		return "", fmt.Errorf("register %s: %w", name, err)
	}
	return out.AccessToken, nil
}

// responseVersion returns the current version of the token's response.
func (c *client) responseVersion(ctx context.Context, token string) (int, error) {
	var out struct {
		Version int `json:"version"`
	}
	err := c.do(ctx, http.MethodGet, "/api/v1/response", token, http.StatusOK, nil, &out)
	return out.Version, err
}

// answer is one answer of a draft.
type answer struct {
	QuestionID int64   `json:"question_id"`
	Choice     *string `json:"choice,omitempty"`
	Text       string  `json:"text"`
}

// save saves a draft based on version and returns the new version.
func (c *client) save(ctx context.Context, token string, version int, answers []answer) (int, error) {
	in := struct {
		Version int      `json:"version"`
		Answers []answer `json:"answers"`
	}{version, answers}
	var out struct {
		Version int `json:"version"`
	}
	err := c.do(ctx, http.MethodPut, "/api/v1/response", token, http.StatusOK, in, &out)
	return out.Version, err
}

// submit submits the response as it stands at version.
func (c *client) submit(ctx context.Context, token string, version int) error {
	in := map[string]any{"version": version, "attribution": domain.AttributionNamed}
	return c.do(ctx, http.MethodPost, "/api/v1/response/submit", token, http.StatusOK, in, nil)
}
