// Package mail sends vaconsult's email messages: it renders them from the
// message catalogs in the recipient's language and hands them to an SMTP
// server with go-mail, saying whether a failure is worth another try.
package mail

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
)

// Config is where and as whom messages are sent.
type Config struct {
	Host     string
	Port     int
	TLS      bool // TLS from the start (smtps://); otherwise STARTTLS when the server offers it
	User     string
	Password string
	From     *mail.Address
	// TLSConfig, when set, replaces the system's: for a server whose
	// certificate a private authority signed.
	TLSConfig *tls.Config
}

// ParseConfig reads SMTP_URL and MAIL_FROM. SMTP_URL is
// smtp://[user:password@]host[:port] (port 25 by default; STARTTLS when the
// server offers it) or smtps://… (TLS from the start, port 465 by default).
// Its errors never repeat the password.
func ParseConfig(smtpURL, from string) (*Config, error) {
	u, err := url.Parse(smtpURL)
	if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" || u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("SMTP_URL: want smtp://user:password@host:port or smtps://…, such as smtp://mailer:secret@mail.example.org:587")
	}
	c := &Config{Host: u.Hostname(), TLS: u.Scheme == "smtps", Port: 25}
	if c.TLS {
		c.Port = 465
	}
	if p := u.Port(); p != "" {
		if c.Port, err = strconv.Atoi(p); err != nil || c.Port < 1 || c.Port > 65535 {
			return nil, fmt.Errorf("SMTP_URL: the port must be a number from 1 to 65535")
		}
	}
	if u.User != nil {
		c.User = u.User.Username()
		c.Password, _ = u.User.Password()
	}
	if from == "" {
		return nil, fmt.Errorf("MAIL_FROM: set the sender of the messages, such as \"VA consultation <consult@example.org>\", when SMTP_URL is set")
	}
	a, err := mail.ParseAddress(from)
	if err != nil || strings.ContainsAny(from, "\r\n") {
		return nil, fmt.Errorf("MAIL_FROM %q: want an address such as consult@example.org or \"VA consultation <consult@example.org>\"", from)
	}
	c.From = a
	return c, nil
}

// Addr is host:port.
func (c *Config) Addr() string { return net.JoinHostPort(c.Host, strconv.Itoa(c.Port)) }
