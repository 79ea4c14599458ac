package mail

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Envelope is one message to send: text already in the recipient's
// language.
type Envelope struct {
	ToName  string
	To      string
	Subject string
	Body    string
	Lang    string
	// Attachments go with the text: a receipt's copy of what was
	// submitted.
	Attachments []Attachment
}

// Attachment is a file a message carries.
type Attachment struct {
	Name        string
	ContentType string
	Body        []byte
}

// Sender hands messages to the SMTP server.
type Sender struct {
	cfg *Config
}

// NewSender returns a sender for cfg.
func NewSender(cfg *Config) *Sender { return &Sender{cfg: cfg} }

// Error is a failed delivery: Temporary when the server said "try again
// later" (4xx) or could not be reached, permanent (5xx) otherwise. Reply is
// what the server answered, without credentials.
type Error struct {
	Temporary bool
	Reply     string
}

func (e *Error) Error() string { return e.Reply }

// Send delivers one message. It returns the server's acceptance, or an
// *Error.
func (s *Sender) Send(ctx context.Context, e Envelope) (string, error) {
	msg, err := s.message(e)
	if err != nil {
		return "", &Error{Reply: err.Error()}
	}
	client, err := gomail.NewClient(s.cfg.Host, s.clientOptions()...)
	if err != nil {
		return "", &Error{Reply: "mail client: " + err.Error()}
	}
	conn, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return "", &Error{Temporary: true, Reply: "could not reach the mail server: " + reply(err)}
	}
	err = client.SendWithSMTPClient(conn, msg)
	// Once the server has taken the message, a failed QUIT changes nothing.
	client.CloseWithSMTPClient(conn) //nolint:errcheck
	if err != nil {
		return "", classify(err)
	}
	return "250 accepted as " + msg.GetMessageID(), nil
}

func (s *Sender) clientOptions() []gomail.Option {
	// No RSET after the message: its failure would look like the message's.
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(30 * time.Second), gomail.WithoutRset()}
	if s.cfg.TLS {
		opts = append(opts, gomail.WithSSL())
	} else {
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if s.cfg.TLSConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(s.cfg.TLSConfig))
	}
	if s.cfg.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.cfg.User), gomail.WithPassword(s.cfg.Password))
	}
	return opts
}

// message builds the MIME message. Names and subject go through go-mail's
// encoding (RFC 2047 for anything not ASCII); line breaks in them are
// refused here first, so no header can ever be added through a name.
func (s *Sender) message(e Envelope) (*gomail.Msg, error) {
	if strings.ContainsAny(e.ToName+e.To+e.Subject, "\r\n") {
		return nil, errors.New("refused: a line break in a name, an address or the subject")
	}
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := m.FromFormat(s.cfg.From.Name, s.cfg.From.Address); err != nil {
		return nil, fmt.Errorf("sender: %w", err)
	}
	if err := m.AddToFormat(e.ToName, e.To); err != nil {
		return nil, fmt.Errorf("recipient: %w", err)
	}
	m.Subject(e.Subject)
	m.SetGenHeader(gomail.HeaderContentLang, e.Lang)
	m.SetMessageID()
	m.SetDate()
	m.SetBodyString(gomail.TypeTextPlain, e.Body)
	for _, a := range e.Attachments {
		m.AttachReadSeeker(a.Name, bytes.NewReader(a.Body), gomail.WithFileContentType(gomail.ContentType(a.ContentType)))
	}
	return m, nil
}

// classify tells a temporary failure from a permanent one.
func classify(err error) *Error {
	var se *gomail.SendError
	if errors.As(err, &se) {
		code := se.ErrorCode()
		switch {
		case code == 0 && se.Reason == gomail.ErrSMTPDataClose:
			// The connection broke while the message was in flight: the
			// server may have it. Sending it again could make two.
			return &Error{Reply: "connection lost while sending; delivery unknown: " + reply(err)}
		case code >= 500:
			return &Error{Reply: reply(err)}
		case code >= 400:
			return &Error{Temporary: true, Reply: reply(err)}
		}
		return &Error{Temporary: se.IsTemp() || code == 0, Reply: reply(err)}
	}
	// Not reached, refused, timed out: nothing was delivered; try again.
	return &Error{Temporary: true, Reply: reply(err)}
}

func reply(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
