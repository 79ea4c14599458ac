// Package app wires vaconsult together: configuration, database, migrations,
// the HTTP server and its graceful stop. cmd/vaconsult only parses the
// command line and calls into it, so tests can run the whole server.
package app

import (
	"errors"
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
	// PoolSize (DATABASE_POOL_SIZE) is the most database connections the
	// server opens; 0 keeps pool_max_conns of DATABASE_URL, or pgx's
	// default of four or the number of CPUs, whichever is more.
	PoolSize int
	// ReplicaURL (DATABASE_REPLICA_URL) is a read replica of the database
	// that exports read from; empty: they read from the database.
	ReplicaURL string
	// ExportConcurrency (EXPORT_CONCURRENCY) is how many exports may stream
	// at once; 0 means export.DefaultConcurrency. It must stay under the
	// pool size, so that exports leave connections for saves.
	ExportConcurrency int

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
	// TranslateURL (TRANSLATE_URL) is a machine translation service with
	// the LibreTranslate API, which reviewers may ask for a draft
	// translation of an answer; empty: nothing is ever sent to one.
	// TranslateAPIKey (TRANSLATE_API_KEY) is its key, if it wants one.
	TranslateURL, TranslateAPIKey string
	// PDFChromium (PDF_CHROMIUM) is the Chromium (or Chrome) that prints
	// copies of submissions to PDF; empty: the first of chromium,
	// chromium-browser and google-chrome in PATH. Without one, no PDF is
	// offered.
	PDFChromium string
	// Mail is SMTPURL and MailFrom, parsed by Validate; nil without SMTPURL.
	Mail *mail.Config

	envErr error // a number in the environment that is not one
}

// DefaultListenAddr is where the server listens unless told otherwise.
const DefaultListenAddr = "127.0.0.1:8080"

// ConfigFromEnv reads the configuration from environment variables.
func ConfigFromEnv() Config {
	c := Config{
		DatabaseURL:     os.Getenv("DATABASE_URL"),
		ListenAddr:      envOr("LISTEN_ADDR", DefaultListenAddr),
		BaseURL:         os.Getenv("BASE_URL"),
		DataDir:         os.Getenv("VACONSULT_DATA_DIR"),
		PGBinDir:        os.Getenv("VACONSULT_PG_BINDIR"),
		LogFormat:       envOr("LOG_FORMAT", "text"),
		TrustedProxies:  splitList(os.Getenv("TRUSTED_PROXIES")),
		SMTPURL:         os.Getenv("SMTP_URL"),
		MailFrom:        os.Getenv("MAIL_FROM"),
		ReplicaURL:      os.Getenv("DATABASE_REPLICA_URL"),
		TranslateURL:    os.Getenv("TRANSLATE_URL"),
		TranslateAPIKey: os.Getenv("TRANSLATE_API_KEY"),
		PDFChromium:     os.Getenv("PDF_CHROMIUM"),
	}
	var err1, err2, err3, err4 error
	c.PoolSize, err1 = envInt("DATABASE_POOL_SIZE")
	c.ExportConcurrency, err2 = envInt("EXPORT_CONCURRENCY")
	c.MailRatePerMinute, err3 = envInt("MAIL_RATE_PER_MINUTE")
	c.MailRescueAfter, err4 = envDuration("MAIL_RESCUE_AFTER")
	c.envErr = errors.Join(err1, err2, err3, err4)
	return c
}

// envDuration reads a duration such as 10m from the environment; unset is 0.
func envDuration(key string) (time.Duration, error) {
	v := strings.TrimSpace(os.Getenv(key))
	if v == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 2*time.Second {
		return 0, fmt.Errorf("%s %q: want a duration of 2s or more, such as 10m", key, v)
	}
	return d, nil
}

// envInt reads a whole number from the environment; unset is 0.
func envInt(key string) (int, error) {
	v := strings.TrimSpace(os.Getenv(key))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s %q: want a whole number of at least 1", key, v)
	}
	return n, nil
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
	if c.envErr != nil {
		return c.envErr
	}
	if c.PoolSize < 0 || c.ExportConcurrency < 0 {
		return errors.New("DATABASE_POOL_SIZE and EXPORT_CONCURRENCY: want whole numbers of at least 1")
	}
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

// validateMail fills the mail defaults and parses SMTP_URL and MAIL_FROM.
func (c *Config) validateMail() error {
	if c.MailRatePerMinute == 0 {
		c.MailRatePerMinute = 60
	}
	if c.MailRescueAfter == 0 {
		c.MailRescueAfter = 10 * time.Minute
	}
	if c.MailRatePerMinute < 1 || c.MailRescueAfter < 2*time.Second {
		return errors.New("MAIL_RATE_PER_MINUTE and MAIL_RESCUE_AFTER: want a whole number of at least 1 and a duration of 2s or more")
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

// withPoolSize returns the database URL (or key=value connection string)
// with its pool_max_conns set to n; n of 0 leaves it as it is.
func withPoolSize(dsn string, n int) string {
	if n == 0 {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return dsn + " pool_max_conns=" + strconv.Itoa(n)
	}
	q := u.Query()
	q.Set("pool_max_conns", strconv.Itoa(n))
	u.RawQuery = q.Encode()
	return u.String()
}
