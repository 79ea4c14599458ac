package store

import (
	"context"
	"fmt"
)

// Audit is one entry of the audit log: who did what, to what.
type Audit struct {
	Actor          string // "cli", "contributor:12", "reviewer:3", "system"
	Action         string // "consultation.create", "response.submit", ...
	ConsultationID *int64
	Subject        string
	Details        map[string]any
}

func insertAudit(ctx context.Context, db DBTX, a Audit) error {
	details := a.Details
	if details == nil {
		details = map[string]any{}
	}
	_, err := db.Exec(ctx, `INSERT INTO audit_log (actor, action, consultation_id, subject, details)
		VALUES ($1, $2, $3, $4, $5)`, a.Actor, a.Action, a.ConsultationID, a.Subject, details)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}
