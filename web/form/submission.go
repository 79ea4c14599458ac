package form

import (
	"net/url"
	"strconv"

	"github.com/vaconsult/vaconsult/store/domain"
)

// Submission is the check-your-answers form.
type Submission struct {
	Version     int
	Attribution domain.Attribution
}

// ParseSubmission reads the check-your-answers form.
func ParseSubmission(v url.Values) Submission {
	n, _ := strconv.Atoi(v.Get("version"))
	return Submission{Version: n, Attribution: domain.Attribution(v.Get("attribution"))}
}
