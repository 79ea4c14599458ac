// Package translate asks a machine translation service with the
// LibreTranslate API (POST /translate) for a draft translation of an
// answer. Nothing is sent unless the service is configured (TRANSLATE_URL);
// what it returns is stored as a machine-made draft, for a person to check.
package translate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Client is a LibreTranslate client.
type Client struct {
	url    string // the service's base address, without /translate
	apiKey string
	http   *http.Client
}

// New returns a client of the service at base, or nil when base is empty:
// no service, nothing is ever sent.
func New(base, apiKey string) *Client {
	if base == "" {
		return nil
	}
	return &Client{url: strings.TrimRight(base, "/"), apiKey: apiKey, http: &http.Client{Timeout: 30 * time.Second}}
}

type request struct {
	Q      string `json:"q"`
	Source string `json:"source"`
	Target string `json:"target"`
	Format string `json:"format"`
	APIKey string `json:"api_key,omitempty"`
}

type response struct {
	TranslatedText string `json:"translatedText"`
	Error          string `json:"error"`
}

// Translate returns text, written in source, translated into target.
func (c *Client) Translate(ctx context.Context, text, source, target string) (string, error) {
	body, err := json.Marshal(request{Q: text, Source: source, Target: target, Format: "text", APIKey: c.apiKey})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/translate", bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("translate: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("translate: the service cannot be reached: %w", err)
	}
	defer resp.Body.Close()
	var out response
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&out); err != nil {
		return "", fmt.Errorf("translate: the service answered %s with no translation", resp.Status)
	}
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(out.TranslatedText) == "" {
		return "", fmt.Errorf("translate: the service answered %s: %s", resp.Status, out.Error)
	}
	return out.TranslatedText, nil
}
