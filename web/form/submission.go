package form

import (
	"net/url"
	"strconv"

	"github.com/vaconsult/vaconsult/store"
)

// Submission is the check-your-answers form.
type Submission struct {
	Version     int
	Attribution string
}

// ParseSubmission reads the check-your-answers form.
func ParseSubmission(v url.Values) Submission {
	n, _ := strconv.Atoi(v.Get("version"))
	return Submission{Version: n, Attribution: v.Get("attribution")}
}

// Check returns a problem when no attribution was chosen.
func (s Submission) Check() []Problem {
	switch s.Attribution {
	case store.AttributionNamed, store.AttributionAnonymous, store.AttributionConfidential:
		return nil
	}
	return []Problem{{Field: "attribution-" + store.AttributionNamed, Key: "check.error.attribution"}}
}
