// Package smtptest runs a real SMTP server in the test process, on
// 127.0.0.1 and a port of its own, and keeps every message it accepts, so
// tests can read what vaconsult sent and open the links inside.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is one message the server accepted.
type Message struct {
	From     string
	To       []string
	AuthUser string // who authenticated, if anyone
	Raw      []byte
	Header   mail.Header
	Subject  string // decoded
	Text     string // the decoded text body
	// Attachments are the files a multipart message carries, decoded.
	Attachments []Attachment
}

// Attachment is a file a message carries.
type Attachment struct {
	Name        string
	ContentType string
	Body        []byte
}

// Options shape the server's behaviour.
type Options struct {
	// Delay is how long the server takes to accept each message, after it
	// has read it: a slow server, for tests that stop the sender mid-send.
	Delay time.Duration
	// Receiving, when set, is called as each message has been read, before
	// the Delay and the server's answer.
	Receiving func(to []string)
	// Reject, when set, answers each recipient: a non-nil error refuses it
	// with that reply (4xx for "try later", 5xx for "never").
	Reject func(to string) *smtp.SMTPError
	// User and Password, when set, are required (AUTH PLAIN).
	User, Password string
	// STARTTLS offers TLS with a certificate made for 127.0.0.1; clients
	// trust it through Server.TLSClientConfig.
	STARTTLS bool
}

// Server is a running SMTP server.
type Server struct {
	Addr string
	// TLSClientConfig trusts the server's certificate, when STARTTLS.
	TLSClientConfig *tls.Config
	opts            Options
	srv             *smtp.Server
	mu              sync.Mutex
	msgs            []Message
	seen            chan struct{}
}

// Start runs a server until t ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Addr: l.Addr().String(), opts: opts, seen: make(chan struct{}, 1)}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "smtptest.localhost"
	s.srv.AllowInsecureAuth = true
	s.srv.EnableSMTPUTF8 = true
	s.srv.MaxMessageBytes = 10 << 20
	s.srv.ReadTimeout = time.Minute
	s.srv.WriteTimeout = time.Minute
	if opts.STARTTLS {
		s.srv.TLSConfig, s.TLSClientConfig = selfSigned(t)
	}
	go s.srv.Serve(l) //nolint:errcheck // ends with Close
	t.Cleanup(func() { s.srv.Close() })
	return s
}

// URL is the server's address as SMTP_URL takes it.
func (s *Server) URL() string {
	if s.opts.User != "" {
		return "smtp://" + s.opts.User + ":" + s.opts.Password + "@" + s.Addr
	}
	return "smtp://" + s.Addr
}

// Messages returns the messages accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.msgs...)
}

// Wait returns the messages once there are at least n, failing t after
// timeout.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Message {
	t.Helper()
	deadline := time.After(timeout)
	for {
		if msgs := s.Messages(); len(msgs) >= n {
			return msgs
		}
		select {
		case <-s.seen:
		case <-deadline:
			t.Fatalf("SMTP server: %d messages after %s, want %d", len(s.Messages()), timeout, n)
		}
	}
}

// To returns the messages accepted for address.
func (s *Server) To(address string) []Message {
	var out []Message
	for _, m := range s.Messages() {
		for _, to := range m.To {
			if strings.EqualFold(to, address) {
				out = append(out, m)
			}
		}
	}
	return out
}

var linkRE = regexp.MustCompile(`https?://[^\s<>"]+`)

// Links returns the URLs in the message's text that start with prefix.
func (m Message) Links(prefix string) []string {
	var out []string
	for _, l := range linkRE.FindAllString(m.Text, -1) {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return out
}

func (s *Server) add(m Message) {
	s.mu.Lock()
	s.msgs = append(s.msgs, m)
	s.mu.Unlock()
	select {
	case s.seen <- struct{}{}:
	default:
	}
}

type session struct {
	s    *Server
	user string
	from string
	to   []string
}

func (ss *session) AuthMechanisms() []string {
	if ss.s.opts.User == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != ss.s.opts.User || password != ss.s.opts.Password {
			return smtp.ErrAuthFailed
		}
		ss.user = username
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.s.opts.User != "" && ss.user == "" {
		return smtp.ErrAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if ss.s.opts.Reject != nil {
		if e := ss.s.opts.Reject(to); e != nil {
			return e
		}
	}
	ss.to = append(ss.to, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	if ss.s.opts.Receiving != nil {
		ss.s.opts.Receiving(ss.to)
	}
	time.Sleep(ss.s.opts.Delay)
	m, err := parse(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, Message: "unparseable message: " + err.Error()}
	}
	m.From, m.To, m.AuthUser = ss.from, append([]string(nil), ss.to...), ss.user
	ss.s.add(m)
	return nil
}

func (ss *session) Reset()        { ss.from, ss.to = "", nil }
func (ss *session) Logout() error { return nil }

// parse decodes a message: its text, and the files a multipart message
// carries beside it.
func parse(raw []byte) (Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	m := Message{Raw: raw, Header: msg.Header}
	dec := new(mime.WordDecoder)
	if m.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return Message{}, err
	}
	mediaType, params, _ := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if strings.HasPrefix(mediaType, "multipart/") {
		return m, parseParts(&m, multipart.NewReader(msg.Body, params["boundary"]))
	}
	text, err := decodeBody(msg.Body, msg.Header.Get("Content-Transfer-Encoding"))
	if err != nil {
		return Message{}, err
	}
	m.Text = strings.ReplaceAll(string(text), "\r\n", "\n")
	return m, nil
}

// parseParts reads the parts of a multipart message: the first text
// without a file name is the message's text, the rest are attachments.
func parseParts(m *Message, mr *multipart.Reader) error {
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		body, err := decodeBody(p, p.Header.Get("Content-Transfer-Encoding"))
		if err != nil {
			return err
		}
		mediaType, params, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if strings.HasPrefix(mediaType, "multipart/") {
			if err := parseParts(m, multipart.NewReader(bytes.NewReader(body), params["boundary"])); err != nil {
				return err
			}
			continue
		}
		name := p.FileName()
		if name == "" && mediaType == "text/plain" && m.Text == "" {
			m.Text = strings.ReplaceAll(string(body), "\r\n", "\n")
			continue
		}
		m.Attachments = append(m.Attachments, Attachment{Name: name, ContentType: mediaType, Body: body})
	}
}

// decodeBody undoes a body's transfer encoding.
func decodeBody(r io.Reader, encoding string) ([]byte, error) {
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, &stripCRLF{r: r})
	case "", "7bit", "8bit":
	default:
		return nil, errors.New("unknown transfer encoding")
	}
	return io.ReadAll(r)
}

// stripCRLF drops line breaks from base64 text.
type stripCRLF struct{ r io.Reader }

func (s *stripCRLF) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	j := 0
	for _, b := range p[:n] {
		if b != '\r' && b != '\n' {
			p[j] = b
			j++
		}
	}
	return j, err
}

// selfSigned makes a certificate for 127.0.0.1, and a client configuration
// that trusts it.
func selfSigned(t testing.TB) (server, client *tls.Config) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}},
		&tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}
}
