package store

import "github.com/jackc/pgx/v5"

// documentsStandIn reads, for a response locked by one kind of lockKey
// (the same key, as $1), whether documents stand in for its typed
// answers: its consultation allows documents and it holds one. A
// response then may be submitted with required questions left empty.
var documentsStandIn = map[string]string{
	lockByContributor.response: `SELECT c.attachments AND EXISTS (SELECT 1 FROM response_attachments a WHERE a.response_id = rs.id)
		FROM contributors k
		JOIN respondents r ON r.id = k.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations c ON c.id = r.consultation_id
		WHERE k.id = $1`,
	lockByAccessToken.response: `SELECT c.attachments AND EXISTS (SELECT 1 FROM response_attachments a WHERE a.response_id = rs.id)
		FROM contributors k
		JOIN respondents r ON r.id = k.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations c ON c.id = r.consultation_id
		WHERE k.token_hash = $1 AND k.revoked_at IS NULL`,
	lockBySession.response: `SELECT c.attachments AND EXISTS (SELECT 1 FROM response_attachments a WHERE a.response_id = rs.id)
		FROM contributors k
		JOIN respondents r ON r.id = k.respondent_id
		JOIN responses rs ON rs.respondent_id = r.id
		JOIN consultations c ON c.id = r.consultation_id
		WHERE k.id = (SELECT ws.contributor_id FROM web_sessions ws
				WHERE ws.token_hash = $1 AND ws.expires_at > now())
			AND k.revoked_at IS NULL`,
}

// queueDocumentsStandIn adds to b, after the lock, the statement that
// reads whether documents stand in for typed answers into lr: in the same
// round trip as the lock.
func queueDocumentsStandIn(b *pgx.Batch, key lockKey, lr *lockedResponse) {
	stmt, arg := key.statements()
	b.Queue(documentsStandIn[stmt.response], arg).QueryRow(func(row pgx.Row) error {
		return row.Scan(&lr.documentsStandIn)
	})
}
