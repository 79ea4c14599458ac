// Package app wires vaconsult together: configuration, database, migrations,
// the HTTP server and its graceful stop. cmd/vaconsult only parses the
// command line and calls into it, so tests can run the whole server.
package app

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/vaconsult/vaconsult/mail"
)

// Config is the server's configuration, from the environment with flags
// overriding.
type Config struct {
	DatabaseURL string // DATABASE_URL; empty: a local or embedded PostgreSQL
	ListenAddr  string // LISTEN_ADDR, default 127.0.0.1:8080
	BaseURL     string // BASE_URL, the public address; default http://LISTEN_ADDR
	DataDir     string // VACONSULT_DATA_DIR: the embedded PostgreSQL's data
	PGBinDir    string // VACONSULT_PG_BINDIR: PostgreSQL binaries to use for the embedded server
	LogFormat   string // LOG_FORMAT: text or json
	// TrustedProxies (TRUSTED_PROXIES, comma-separated addresses or CIDR
	// ranges) are the reverse proxies whose X-Forwarded-For is believed.
	TrustedProxies []string
	// AllowEmbedded (serve --allow-embedded) lets serve start an embedded
	// PostgreSQL even when BASE_URL is https, which otherwise means
	// production and a real database.
	AllowEmbedded bool
	// SMTPURL (SMTP_URL) is the mail server messages are sent through;
	// empty: no email is sent, and the pages offer the mail-merge download.
	SMTPURL string
	// MailFrom (MAIL_FROM) is the messages' sender.
	MailFrom string
	// MailRatePerMinute (MAIL_RATE_PER_MINUTE, default 60) caps the
	// messages handed to the mail server per minute, across all servers.
	MailRatePerMinute int
	// MailRescueAfter (MAIL_RESCUE_AFTER, default 10m) is how long a
	// message job may run before it is taken for abandoned by a crashed
	// server and picked up again (then marked failed, never sent twice).
	MailRescueAfter time.Duration
	// Mail is SMTPURL and MailFrom, parsed by Validate; nil without SMTPURL.
	Mail *mail.Config
}

// DefaultListenAddr is where the server listens unless told otherwise.
const DefaultListenAddr = "127.0.0.1:8080"

// ConfigFromEnv reads the configuration from environment variables.
func ConfigFromEnv() Config {
	return Config{
		DatabaseURL:    os.Getenv("DATABASE_URL"),
		ListenAddr:     envOr("LISTEN_ADDR", DefaultListenAddr),
		BaseURL:        os.Getenv("BASE_URL"),
		DataDir:        os.Getenv("VACONSULT_DATA_DIR"),
		PGBinDir:       os.Getenv("VACONSULT_PG_BINDIR"),
		LogFormat:      envOr("LOG_FORMAT", "text"),
		TrustedProxies: splitList(os.Getenv("TRUSTED_PROXIES")),
		SMTPURL:        os.Getenv("SMTP_URL"),
		MailFrom:       os.Getenv("MAIL_FROM"),
		// Malformed numbers are caught by Validate, which says which.
		MailRatePerMinute: envInt("MAIL_RATE_PER_MINUTE", 60),
		MailRescueAfter:   envDuration("MAIL_RESCUE_AFTER", 10*time.Minute),
	}
}

func envInt(key string, def int) int {
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -1
	}
	return n
}

func envDuration(key string, def time.Duration) time.Duration {
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return -1
	}
	return d
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// EmbeddedRefusal returns why serve must not start an embedded PostgreSQL,
// or nil when it may: an https BASE_URL means production, where an embedded
// server in a home folder would hold the answers unnoticed, without backups.
func (c *Config) EmbeddedRefusal() error {
	u, err := url.Parse(c.BaseURL)
	if c.AllowEmbedded || err != nil || u.Scheme != "https" {
		return nil
	}
	return fmt.Errorf("BASE_URL is %s, which means production, yet no PostgreSQL server was found: "+
		"set DATABASE_URL to the production database, or start serve with --allow-embedded "+
		"to keep the data in an embedded PostgreSQL anyway", c.BaseURL)
}

// Validate checks the configuration once, at start.
func (c *Config) Validate() error {
	if _, _, err := net.SplitHostPort(c.ListenAddr); err != nil {
		return fmt.Errorf("LISTEN_ADDR %q: want host:port, such as 127.0.0.1:8080", c.ListenAddr)
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("BASE_URL %q: want an http or https URL, such as https://consult.example.org", c.BaseURL)
		}
		c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("LOG_FORMAT %q: want text or json", c.LogFormat)
	}
	return c.validateMail()
}

func (c *Config) validateMail() error {
	if c.MailRatePerMinute == 0 {
		c.MailRatePerMinute = 60
	}
	if c.MailRescueAfter == 0 {
		c.MailRescueAfter = 10 * time.Minute
	}
	if c.MailRatePerMinute < 1 {
		return fmt.Errorf("MAIL_RATE_PER_MINUTE: want a whole number of messages per minute, 1 or more, such as 60")
	}
	if c.MailRescueAfter < 2*time.Second {
		return fmt.Errorf("MAIL_RESCUE_AFTER: want a duration of 2s or more, such as 10m")
	}
	if c.SMTPURL == "" {
		return nil
	}
	mc, err := mail.ParseConfig(c.SMTPURL, c.MailFrom)
	if err != nil {
		return err
	}
	c.Mail = mc
	return nil
}
