package store

import (
	"context"
	"fmt"
	"time"
)

// Reviewer roles.
const (
	RoleAdmin    = "admin"    // everything, including accounts and verifying respondents
	RoleCoChair  = "co-chair" // reads answers, tags themes, writes key points, exports
)

// Reviewer is a Co-Chair or administrator account.
type Reviewer struct {
	ID        int64
	Email     string
	Name      string
	Role      string
	CreatedAt time.Time
}

// IsAdmin reports whether the reviewer may do admin-only things.
func (r *Reviewer) IsAdmin() bool { return r.Role == RoleAdmin }

// AuthenticateReviewerToken returns the reviewer a personal API token
// belongs to. It returns an unauthorized error for a malformed, unknown or
// revoked token, or a disabled account.
func (s *Store) AuthenticateReviewerToken(ctx context.Context, token string) (*Reviewer, error) {
	return nil, fmt.Errorf("reviewer tokens: not implemented")
}
