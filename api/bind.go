package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
)

// maxBody is the largest request body accepted: far above the longest
// possible answer set, far below what would strain the server.
const maxBody = 1 << 20

// bindJSON decodes the request body into v. It refuses, with a clear error,
// a body over maxBody (413), invalid UTF-8 or NUL characters, malformed JSON,
// unknown fields and trailing data (400).
func bindJSON(c *gin.Context, v any) error {
	raw, err := readBody(c.Request)
	if err != nil {
		return err
	}
	if !utf8.Valid(raw) {
		return invalid("invalid_utf8", "The request body is not valid UTF-8 text.")
	}
	if hasNUL(raw) {
		return invalid("nul_character", "The request body contains a NUL character, which text cannot hold.")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return invalid("malformed_json", "The request body is not valid JSON for this call: "+describe(err))
	}
	if dec.More() {
		return invalid("malformed_json", "The request body holds more than one JSON value.")
	}
	return nil
}

// readBody reads the request body, capped by the limitBody middleware, into
// one buffer of the announced length when there is one: an autosave's body
// is read without the doublings of io.ReadAll. The server's http reads no
// further than the announced length; a shorter body is an error.
func readBody(r *http.Request) ([]byte, error) {
	if r.ContentLength <= 0 {
		return io.ReadAll(r.Body)
	}
	raw := make([]byte, r.ContentLength)
	if _, err := io.ReadFull(r.Body, raw); err != nil {
		return nil, err
	}
	return raw, nil
}

// hasNUL reports whether the JSON text holds a NUL, raw or escaped as \u0000.
// It follows escapes, so an escaped backslash followed by "u0000" is text.
func hasNUL(raw []byte) bool {
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case 0:
			return true
		case '\\':
			if i+5 < len(raw)+0 && raw[i+1] == 'u' && string(raw[i+2:i+6]) == "0000" {
				return true
			}
			i++ // skip the escaped character
		}
	}
	return false
}

func describe(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return "the body is empty."
	case errors.As(err, &syn):
		return fmt.Sprintf("syntax error at byte %d.", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("%q must be a %s.", typ.Field, typ.Type)
	case strings.HasPrefix(err.Error(), "json: unknown field"):
		return strings.TrimPrefix(err.Error(), "json: ") + "."
	default:
		return "it cannot be read."
	}
}

// required returns a validation error listing the missing fields, or nil.
func required(missing map[string]bool) error {
	fields := map[string]string{}
	for f, isMissing := range missing {
		if isMissing {
			fields[f] = "is required"
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return &store.Error{Kind: store.KindValidation, Code: "validation_failed", Message: "Some fields are missing.", Fields: fields}
}
