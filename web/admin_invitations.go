package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/invitation"
	"github.com/vaconsult/vaconsult/refdata"
	"github.com/vaconsult/vaconsult/store"
)

// adminFormLimit caps the administrators' forms: an invitation list of
// 5 MiB, and its rows carried from the preview to the import.
const adminFormLimit = 4 * invitation.MaxFileSize

// largeForms lets the administrators' forms carry an invitation list, and
// refuses a larger body before reading it.
func (h *Handler) largeForms(c *gin.Context) {
	if c.Request.ContentLength > adminFormLimit {
		h.fail(c, errTooLarge)
		return
	}
	c.Set(formLimitKey, int64(adminFormLimit))
}

// invitationsPage is the upload form and the list of working links.
type invitationsPage struct {
	reviewBase
	Consultation *store.Consultation
	Invited      []store.InvitedContributor
	FileErr      string
}

// invitations shows the upload form, the downloads and who is invited.
func (h *Handler) invitations(c *gin.Context) {
	h.renderInvitations(c, http.StatusOK, "")
}

func (h *Handler) renderInvitations(c *gin.Context, status int, fileErr string) {
	cn, ok := h.findReviewConsultation(c)
	if !ok {
		return
	}
	invited, err := h.store.FindInvitedContributors(c.Request.Context(), cn.Slug)
	if err != nil {
		h.fail(c, err)
		return
	}
	p := &invitationsPage{reviewBase: reviewBase{Me: reviewer(c), Slug: cn.Slug}, Consultation: cn, Invited: invited, FileErr: fileErr}
	v := h.reviewView(c, "admin.invitations.title", p)
	if fileErr != "" {
		h.problem(v, "list", fileErr)
	}
	h.render(c, status, "admin_invitations", v)
}

// invitationTemplate downloads the header of a list and an example row.
func (h *Handler) invitationTemplate(c *gin.Context) {
	var b bytes.Buffer
	if err := invitation.WriteTemplate(&b); err != nil {
		h.fail(c, err)
		return
	}
	sendCSV(c, "invitations-template.csv", b.Bytes())
}

// statesPartiesList downloads every State Party of the reference data as a
// list to complete.
func (h *Handler) statesPartiesList(c *gin.Context) {
	countries, err := refdata.StatesParties()
	if err != nil {
		h.fail(c, err)
		return
	}
	var b bytes.Buffer
	if err := invitation.WriteStatesParties(&b, countries); err != nil {
		h.fail(c, err)
		return
	}
	sendCSV(c, "invitations-states-parties.csv", b.Bytes())
}

func sendCSV(c *gin.Context, filename string, data []byte) {
	c.Header("Content-Disposition", `attachment; filename="`+filename+`"`)
	c.Data(http.StatusOK, "text/csv; charset=utf-8", data)
}

// readUpload returns the uploaded list, or the message of the error
// summary and the status to answer with.
func (h *Handler) readUpload(c *gin.Context) (*invitation.File, string, int) {
	fh, err := c.FormFile("list")
	if err != nil {
		return nil, h.t(c, "admin.invitations.error.no_file"), http.StatusUnprocessableEntity
	}
	if fh.Size > invitation.MaxFileSize {
		return nil, h.t(c, "admin.invitations.file.too_large"), http.StatusRequestEntityTooLarge
	}
	f, err := fh.Open()
	if err != nil {
		return nil, h.t(c, "admin.invitations.error.no_file"), http.StatusUnprocessableEntity
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, invitation.MaxFileSize+1))
	if err != nil {
		return nil, h.t(c, "admin.invitations.error.no_file"), http.StatusUnprocessableEntity
	}
	list, err := invitation.Read(data)
	var fe *invitation.FileError
	if errors.As(err, &fe) {
		status := http.StatusUnprocessableEntity
		if errors.Is(err, invitation.ErrTooLarge) {
			status = http.StatusRequestEntityTooLarge
		}
		var args []any
		if fe.Arg != "" {
			args = append(args, fe.Arg)
		}
		return nil, h.t(c, "admin.invitations.file."+fe.Code, args...), status
	}
	return list, "", 0
}

// rowsFromForm reads the rows the preview carried to the import, checking
// them again as a file's: the form is the browser's to change.
func rowsFromForm(c *gin.Context) ([]invitation.Row, bool) {
	var rows []invitation.Row
	if err := json.Unmarshal([]byte(c.PostForm("rows")), &rows); err != nil || len(rows) == 0 || len(rows) > invitation.MaxRows {
		return nil, false
	}
	for i := range rows {
		rows[i].Problems = nil
		invitation.CheckText(&rows[i])
	}
	return rows, true
}

// parseIDs reads the chosen contributors of the reissue form.
func parseIDs(values []string) []int64 {
	var ids []int64
	for _, v := range values {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil && id > 0 {
			ids = append(ids, id)
		}
	}
	return ids
}
