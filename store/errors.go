package store

import (
	"errors"
	"fmt"

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

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = &Error{Kind: KindNotFound, Code: "not_found", Message: "Not found."}

// KindOf returns the kind of err, KindInternal for errors that are not *Error.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
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
