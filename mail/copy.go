package mail

import (
	"bytes"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/store"
)

// receiptCopy is the copy of the submission a receipt is for, as the
// printable page the respondent's pages offer, in the message's language:
// a file a delegation can print and file, whatever the mail program makes
// of the text. None when the receipt's submission is not known whole.
func (r *Renderer) receiptCopy(o *store.Outgoing) []Attachment {
	if o.Copy == nil {
		return nil
	}
	var b bytes.Buffer
	if err := export.WriteSubmissionHTML(&b, o.Copy, o.Language, nil); err != nil {
		return nil // the text of the message holds the answers all the same
	}
	return []Attachment{{Name: export.SubmissionFilename(o.Copy, "html"), ContentType: "text/html", Body: b.Bytes()}}
}
