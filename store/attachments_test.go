package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vaconsult/vaconsult/internal/document"
	"github.com/vaconsult/vaconsult/store"
)

// pdfBytes is a small PDF, as the type check reads it.
var pdfBytes = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

// allowAttachments lets the 2012 consultation take documents.
func allowAttachments(t *testing.T, st *store.Store) {
	t.Helper()
	if _, err := st.Pool().Exec(context.Background(),
		`UPDATE consultations SET attachments = true WHERE slug = $1`, slug2012); err != nil {
		t.Fatal(err)
	}
}

// TestAttachmentsAreCheckedCountedAndRemoved attaches documents to a
// response: refused while the consultation takes none, then the type is
// read from the content, three at most, another respondent cannot read
// or remove them, and removing one frees its place.
func TestAttachmentsAreCheckedCountedAndRemoved(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	p := mustState(t, st, "KH")
	other := mustState(t, st, "AO")

	_, err := st.AddAttachment(ctx, p, "report.pdf", pdfBytes)
	wantKind(t, err, store.KindConflict, "attachments_not_allowed")
	allowAttachments(t, st)

	elf := append([]byte("\x7fELF\x02\x01\x01\x00"), make([]byte, 64)...)
	_, err = st.AddAttachment(ctx, p, "report.pdf", elf)
	wantKind(t, err, store.KindValidation, "attachment_type")
	if !errors.Is(err, store.ErrAttachmentType) {
		t.Errorf("err = %v, want ErrAttachmentType", err)
	}
	_, err = st.AddAttachment(ctx, p, "big.pdf", append(bytes.Clone(pdfBytes), make([]byte, document.MaxSize)...))
	wantKind(t, err, store.KindTooLarge, "attachment_too_large")

	before, _ := st.FindResponse(ctx, p)
	var ids []int64
	for _, name := range []string{"report.pdf", "annex", "C:\\drafts\\third.pdf"} {
		a, err := st.AddAttachment(ctx, p, name, pdfBytes)
		if err != nil {
			t.Fatalf("add %s: %v", name, err)
		}
		ids = append(ids, a.ID)
	}
	_, err = st.AddAttachment(ctx, p, "fourth.pdf", pdfBytes)
	wantKind(t, err, store.KindConflict, "too_many_attachments")

	list, err := st.FindAttachments(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(list), 3; got != want {
		t.Fatalf("%d attachments, want %d", got, want)
	}
	a := list[1]
	if a.Name != "annex.pdf" || a.Type != document.TypePDF || a.Size != int64(len(pdfBytes)) || len(a.SHA256) != 64 ||
		a.Contributor != p.ContributorName || list[2].Name != "third.pdf" {
		t.Errorf("attachments = %+v, want annex.pdf then third.pdf, PDFs with their size, hash and contributor", list)
	}
	after, _ := st.FindResponse(ctx, p)
	if after.Version != before.Version+3 {
		t.Errorf("version %d after three documents, want %d", after.Version, before.Version+3)
	}

	f, err := st.FindAttachmentFile(ctx, p, ids[0])
	if err != nil || !bytes.Equal(f.Content, pdfBytes) {
		t.Fatalf("file = %v, %v; want the bytes attached", f, err)
	}
	if _, err := st.FindAttachmentFile(ctx, other, ids[0]); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another respondent reads a document: %v, want ErrNotFound", err)
	}
	if err := st.RemoveAttachment(ctx, other, ids[0]); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another respondent removes a document: %v, want ErrNotFound", err)
	}
	if err := st.RemoveAttachment(ctx, p, ids[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddAttachment(ctx, p, "fourth.pdf", pdfBytes); err != nil {
		t.Errorf("after removing one, a third document is refused: %v", err)
	}
	var added, removed int
	if err := st.Pool().QueryRow(ctx, `SELECT count(*) FILTER (WHERE action = 'response.attachment_add'),
		count(*) FILTER (WHERE action = 'response.attachment_remove') FROM audit_log`).Scan(&added, &removed); err != nil {
		t.Fatal(err)
	}
	if added != 4 || removed != 1 {
		t.Errorf("audit log: %d documents attached, %d removed; want 4 and 1", added, removed)
	}
}

// TestDocumentsStandInForTypedAnswers submits a response with no typed
// answer: refused without a document, or when the consultation takes
// none; taken with one where it does.
func TestDocumentsStandInForTypedAnswers(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	p := mustState(t, st, "KH")
	r, _ := st.FindResponse(ctx, p)
	_, err := st.SubmitResponse(ctx, p, store.Submission{Version: r.Version, Attribution: "named"})
	wantKind(t, err, store.KindValidation, "missing_answers")

	allowAttachments(t, st)
	if _, err := st.AddAttachment(ctx, p, "written-submission.pdf", pdfBytes); err != nil {
		t.Fatal(err)
	}
	r, _ = st.FindResponse(ctx, p)
	sub, err := st.SubmitResponse(ctx, p, store.Submission{Version: r.Version, Attribution: "named"})
	if err != nil {
		t.Fatalf("submit with a document and no typed answer: %v", err)
	}
	if sub.Receipt == "" {
		t.Error("no receipt")
	}
	// The setting turned off again: typed answers are required again.
	if _, err := st.Pool().Exec(ctx, `UPDATE consultations SET attachments = false`); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Pool().Exec(ctx, `UPDATE responses SET version = version + 1 WHERE id = $1`, p.ResponseID); err != nil {
		t.Fatal(err)
	}
	_, err = st.SubmitResponse(ctx, p, store.Submission{Version: r.Version + 1, Attribution: "named"})
	wantKind(t, err, store.KindValidation, "missing_answers")
}

// TestAttachmentsGoWithWithdrawal checks that withdrawing a response
// deletes its documents.
func TestAttachmentsGoWithWithdrawal(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	allowAttachments(t, st)
	p := mustState(t, st, "KH")
	if _, err := st.AddAttachment(ctx, p, "report.pdf", pdfBytes); err != nil {
		t.Fatal(err)
	}
	if err := st.WithdrawResponse(ctx, p); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM response_attachments`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d documents left after withdrawal (%v), want 0", n, err)
	}
}

// TestAttachmentsGoWithPersonalData checks that deleting a consultation's
// personal data at the end of its retention period deletes its documents,
// those of submitted responses included.
func TestAttachmentsGoWithPersonalData(t *testing.T) {
	t.Parallel()
	st := newStore(t)
	ctx := context.Background()
	allowAttachments(t, st)
	p := mustState(t, st, "KH")
	if _, err := st.AddAttachment(ctx, p, "report.pdf", pdfBytes); err != nil {
		t.Fatal(err)
	}
	r, _ := st.FindResponse(ctx, p)
	if _, err := st.SubmitResponse(ctx, p, store.Submission{Version: r.Version, Attribution: "named"}); err != nil {
		t.Fatal(err)
	}
	closed := time.Now().Add(-48 * time.Hour)
	setWindow(t, st, nil, &closed)
	if _, err := st.Pool().Exec(ctx, `UPDATE consultations SET retention_days = 1`); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DeletePersonalData(ctx, "cli", slug2012); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM response_attachments`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d documents left after the personal data's deletion (%v), want 0", n, err)
	}
}
