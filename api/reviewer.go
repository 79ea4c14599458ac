package api

import (
	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/store"
)

const reviewerKey = "vaconsult.reviewer"

// requireReviewer authenticates a reviewer's personal API token and stops
// the request with 401 when it is missing or not a reviewer's. A
// respondent's access token is not a reviewer token: it gets 401 too.
func (h *Handler) requireReviewer(c *gin.Context) {
	token, ok := bearerToken(c)
	if !ok {
		h.writeError(c, store.Errorf(store.KindUnauthorized, "missing_token",
			"Send your personal reviewer token as: Authorization: Bearer <token>."))
		return
	}
	r, err := h.store.AuthenticateReviewerToken(c.Request.Context(), token)
	if err != nil {
		h.writeError(c, err)
		return
	}
	c.Set(reviewerKey, r)
	c.Next()
}

// requireAdmin lets only administrators through; it runs after
// requireReviewer.
func (h *Handler) requireAdmin(c *gin.Context) {
	if !reviewer(c).IsAdmin() {
		h.writeError(c, store.Errorf(store.KindForbidden, "admin_only", "Only an administrator may do this."))
		return
	}
	c.Next()
}

// reviewer returns the reviewer requireReviewer authenticated.
func reviewer(c *gin.Context) *store.Reviewer {
	return c.MustGet(reviewerKey).(*store.Reviewer)
}

// isReviewer reports whether the request carries a working reviewer's
// token, for the calls that show reviewers more than the public (a draft
// consultation) without refusing anyone.
func (h *Handler) isReviewer(c *gin.Context) bool {
	token, ok := bearerToken(c)
	if !ok {
		return false
	}
	_, err := h.store.AuthenticateReviewerToken(c.Request.Context(), token)
	return err == nil
}
