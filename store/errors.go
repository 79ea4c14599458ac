package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Kind classifies an error so that the API and the pages can answer it the
// same way whichever layer raised it.
type Kind string

// Error kinds.
const (
	KindInvalid      Kind = "invalid"      // the request is malformed
	KindValidation   Kind = "validation"   // well-formed, but some fields are wrong
	KindNotFound     Kind = "not_found"    // no such thing, or not yours to see
	KindConflict     Kind = "conflict"     // the state has moved on, or a rule forbids it now
	KindUnauthorized Kind = "unauthorized" // no valid credentials
	KindForbidden    Kind = "forbidden"    // valid credentials, not allowed
	KindRateLimited  Kind = "rate_limited" // too many attempts; try again later
	KindUnsupported  Kind = "unsupported"  // a body in a format the call does not take
	KindTooLarge     Kind = "too_large"    // a body or a file over its limit
	KindNotAllowed   Kind = "not_allowed"  // a method the route does not take
	KindUnavailable  Kind = "unavailable"  // busy or cut off for a moment: send it again later
	KindInternal     Kind = "internal"
)

// Error is an error the caller may show: its Code and Message are meant for
// clients, Fields maps a field to what is wrong with it, and Data carries
// details a client needs to recover (the current version after a conflict).
type Error struct {
	Kind    Kind
	Code    string
	Message string
	Fields  map[string]string
	Data    map[string]any
	// Err is the sentinel this error is an instance of (ErrClosed,
	// ErrVersionConflict…), for errors.Is; nil when it is only of its kind.
	Err error
	// RetryAfter is, for KindUnavailable, how many seconds to wait before
	// sending the request again.
	RetryAfter string
	// sentinel marks the sentinel of a kind (ErrNotFound), which unwraps
	// to nothing.
	sentinel bool
}

// Unwrap returns the error's sentinel and the sentinel of its kind, so
// that errors.Is(err, ErrClosed) and errors.Is(err, ErrConflict) both hold
// for a closed consultation.
func (e *Error) Unwrap() []error {
	var out []error
	if e.Err != nil {
		out = append(out, e.Err)
	}
	// ErrNotFound is its kind's sentinel itself: it unwraps to nothing.
	if k := kindSentinels[e.Kind]; k != nil && !e.sentinel {
		out = append(out, k)
	}
	return out
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	return fmt.Sprintf("%s %v", e.Message, e.Fields)
}

// Errorf returns an *Error of the given kind and code.
func Errorf(kind Kind, code, format string, args ...any) *Error {
	return &Error{Kind: kind, Code: code, Message: fmt.Sprintf(format, args...)}
}

// withSentinel marks e as an instance of sentinel, for errors.Is.
func withSentinel(e *Error, sentinel error) *Error {
	e.Err = sentinel
	return e
}

// ErrNotFound is returned when a looked-up row does not exist; every error
// of kind not found matches it with errors.Is.
var ErrNotFound = &Error{Kind: KindNotFound, Code: "not_found", Message: "Not found.", sentinel: true}

// Sentinels of the kinds: errors.Is(err, ErrConflict) holds for every
// error of kind conflict, whatever its code.
var (
	ErrInvalid      = errors.New("invalid request")
	ErrValidation   = errors.New("some fields are not valid")
	ErrConflict     = errors.New("conflict")
	ErrUnauthorized = errors.New("unauthorized")
	ErrForbidden    = errors.New("forbidden")
	ErrRateLimited  = errors.New("rate limited")
	ErrUnsupported  = errors.New("unsupported media type")
	ErrTooLarge     = errors.New("too large")
	ErrNotAllowed   = errors.New("method not allowed")
	ErrUnavailable  = errors.New("unavailable")
)

// Sentinels of particular refusals, each also of its kind.
var (
	// ErrClosed: the consultation has closed; it takes no change.
	ErrClosed = errors.New("consultation closed")
	// ErrNotOpen: the consultation has not opened yet.
	ErrNotOpen = errors.New("consultation not open")
	// ErrVersionConflict: the response moved on from the version the
	// request was based on.
	ErrVersionConflict = errors.New("version conflict")
	// ErrEditConflict: a theme or key points changed since they were read.
	ErrEditConflict = errors.New("edit conflict")
	// ErrContributorExists: the person has a working link already.
	ErrContributorExists = errors.New("contributor exists")
	// ErrInvalidRows: an invitation list has rows with problems.
	ErrInvalidRows = errors.New("invalid rows")
	// ErrAlreadyRestored: a deleted theme was brought back already.
	ErrAlreadyRestored = errors.New("theme restored already")
)

var kindSentinels = map[Kind]error{
	KindInvalid:      ErrInvalid,
	KindValidation:   ErrValidation,
	KindNotFound:     ErrNotFound,
	KindConflict:     ErrConflict,
	KindUnauthorized: ErrUnauthorized,
	KindForbidden:    ErrForbidden,
	KindRateLimited:  ErrRateLimited,
	KindUnsupported:  ErrUnsupported,
	KindTooLarge:     ErrTooLarge,
	KindNotAllowed:   ErrNotAllowed,
	KindUnavailable:  ErrUnavailable,
}

// KindOf returns the kind of err, KindInternal for errors that are neither
// *Error nor *ValidationError.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	var v *ValidationError
	if errors.As(err, &v) {
		return KindValidation
	}
	return KindInternal
}

// notFound turns pgx.ErrNoRows into ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// isUniqueViolation reports whether err broke the named unique constraint or
// index.
func isUniqueViolation(err error, constraint string) bool {
	var pg *pgconn.PgError
	return errors.As(err, &pg) && pg.Code == "23505" && pg.ConstraintName == constraint
}

// Unavailable reports whether err says the database cannot be reached or
// is not serving: refused or dropped connections, timeouts while
// connecting, a server shutting down, starting up or out of connections.
// Such an error says nothing of the request: it is worth trying again.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var connect *pgconn.ConnectError
	var pg *pgconn.PgError
	var netErr net.Error
	switch {
	case errors.As(err, &connect), errors.As(err, &netErr):
		return true
	case errors.As(err, &pg):
		// Class 08: connection exception; 57P01-57P03: shutdown, crash
		// shutdown, cannot connect now; 53300: too many connections.
		return strings.HasPrefix(pg.Code, "08") || pg.Code == "57P01" || pg.Code == "57P02" ||
			pg.Code == "57P03" || pg.Code == "53300"
	}
	return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || pgconn.Timeout(err)
}

// BadValue reports whether PostgreSQL refused a value the request carried
// (a character it cannot store, a number out of range, a text too long
// for an index): the request's fault, not the server's. The edge refuses
// such values first; this keeps one that slips past from becoming a 500.
func BadValue(err error) bool {
	var pg *pgconn.PgError
	if !errors.As(err, &pg) {
		return false
	}
	switch pg.Code {
	case "22021", "22P05", "22001", "22003", "22P02", "54000":
		return true
	}
	return false
}

// UnavailableReason names, for /readyz, why the database is unavailable,
// without the error's text, which may hold addresses or user names.
func UnavailableReason(err error) string {
	var pg *pgconn.PgError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection_refused"
	case pgconn.Timeout(err), errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.As(err, &pg) && pg.Code == "28P01", errors.As(err, &pg) && pg.Code == "28000":
		return "authentication_failed"
	case errors.As(err, &pg) && strings.HasPrefix(pg.Code, "57P"):
		return "shutting_down_or_starting"
	case errors.As(err, &pg) && pg.Code == "53300":
		return "too_many_connections"
	case errors.As(err, &pg) && pg.Code == "3D000":
		return "database_missing"
	case Unavailable(err):
		return "connection_lost"
	}
	return "error"
}
