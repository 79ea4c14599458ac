package api

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/vaconsult/vaconsult/invitation"
	"github.com/vaconsult/vaconsult/store"
)

// invitationInput is one person to invite, in a JSON body.
type invitationInput struct {
	Audience    string `json:"audience"`
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	Country     string `json:"country"`
	Contributor string `json:"contributor"`
	Email       string `json:"email"`
	Language    string `json:"language"`
	Approver    string `json:"approver"`
}

type invitationsInput struct {
	Invitations []invitationInput `json:"invitations"`
}

// invitationOut is a row of the list with what the import did with it.
type invitationOut struct {
	Line        int                  `json:"line"`
	Status      string               `json:"status"`
	Audience    string               `json:"audience"`
	Kind        string               `json:"kind"`
	Name        string               `json:"name"`
	Country     string               `json:"country"`
	Contributor string               `json:"contributor"`
	Email       string               `json:"email"`
	Language    string               `json:"language"`
	Approver    bool                 `json:"approver,omitempty"`
	Respondent  string               `json:"respondent,omitempty"`
	AccessURL   string               `json:"access_url,omitempty"`
	Queued      bool                 `json:"invitation_queued,omitempty"`
	Problems    []invitation.Problem `json:"problems,omitempty"`
}

type importOut struct {
	DryRun         bool            `json:"dry_run"`
	Rows           int             `json:"rows"`
	New            int             `json:"new_respondents"`
	Added          int             `json:"added_contributors"`
	Existing       int             `json:"existing"`
	Invalid        int             `json:"invalid"`
	Queued         int             `json:"invitations_queued"`
	IgnoredColumns []string        `json:"ignored_columns"`
	Invitations    []invitationOut `json:"invitations"`
}

// errNoMail refuses ?send=true where no mail server is configured: the
// messages would wait in the queue for a server that never sends them.
var errNoMail = store.Errorf(store.KindConflict, "mail_not_configured",
	"Email is not configured on this server (SMTP_URL is not set): import without send=true and hand out the access links of the answer.")

// importInvitations imports an invitation list, sent as CSV, as an Excel
// workbook or as JSON: every row, or nothing when one is invalid (422
// invalid_rows, naming each bad line). With ?dry_run=true it only says
// what importing would do. With ?send=true it queues an invitation email
// for each new contributor with an address (409 mail_not_configured
// without SMTP_URL). The access links of the other new contributors are
// in the answer, this once. For administrators only.
func (h *Handler) importInvitations(c *gin.Context) {
	send := c.Query("send") == "true"
	if send && !h.mail {
		h.writeError(c, errNoMail)
		return
	}
	f, err := readInvitations(c)
	if err != nil {
		h.writeError(c, err)
		return
	}
	ctx, slug := c.Request.Context(), c.Param("slug")
	out := importOut{DryRun: c.Query("dry_run") == "true", IgnoredColumns: f.Ignored}
	if out.IgnoredColumns == nil {
		out.IgnoredColumns = []string{}
	}
	var plan *store.InvitationPlan
	urls, queued := map[int]string{}, map[int]bool{}
	if out.DryRun {
		plan, err = h.store.PlanInvitations(ctx, slug, f.Rows)
	} else {
		var res *store.ImportResult
		res, err = h.store.ImportInvitations(ctx, slug, f.Rows,
			store.ImportOptions{Actor: reviewer(c).Actor(), Source: "api", SendInvitations: send})
		if err == nil {
			plan, out.Queued = &res.InvitationPlan, res.Queued
			for _, l := range res.Links {
				// A queued invitation carries a link of its own, made when
				// it is sent, which replaces this one.
				if queued[l.Line] = l.Queued; !l.Queued {
					urls[l.Line] = AccessURL(h.baseURL, l.Token)
				}
			}
		}
	}
	if err != nil {
		h.writeError(c, err)
		return
	}
	out.Rows, out.New, out.Added, out.Existing, out.Invalid = len(plan.Rows), plan.New, plan.Added, plan.Existing, plan.Invalid
	out.Invitations = make([]invitationOut, len(plan.Rows))
	for i, r := range plan.Rows {
		out.Invitations[i] = invitationOut{Line: r.Line, Status: r.Status, Audience: r.Audience, Kind: r.Kind, Name: r.Name,
			Country: r.Country, Contributor: r.Contributor, Email: r.Email, Language: r.Language, Respondent: r.Respondent,
			Approver: r.IsApprover(), AccessURL: urls[r.Line], Queued: queued[r.Line], Problems: r.Problems}
	}
	c.JSON(http.StatusOK, out)
}

// readInvitations reads the body as the list its Content-Type says.
func readInvitations(c *gin.Context) (*invitation.File, error) {
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	switch mt {
	case "application/json":
		return invitationsFromJSON(c)
	case "text/csv", "text/plain", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		data, err := io.ReadAll(c.Request.Body) // limited by limitBodyTo
		if err != nil {
			return nil, err
		}
		f, err := invitation.Read(data)
		var fe *invitation.FileError
		if errors.As(err, &fe) {
			if errors.Is(err, invitation.ErrTooLarge) {
				return nil, &http.MaxBytesError{Limit: invitation.MaxFileSize}
			}
			return nil, invalid("invalid_file", fe.Error())
		}
		return f, err
	default:
		return nil, store.Errorf(store.KindUnsupported, "unsupported_media_type",
			"Send the list as text/csv, as an Excel workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) or as application/json.")
	}
}

// invitationsFromJSON reads {"invitations": [...]}: the line of each row is
// its position in the array, from 1.
func invitationsFromJSON(c *gin.Context) (*invitation.File, error) {
	var in invitationsInput
	if err := bindJSON(c, &in); err != nil {
		return nil, err
	}
	switch {
	case len(in.Invitations) == 0:
		return nil, invalid("invalid_file", "The list is empty: send {\"invitations\": [...]} with one object per person to invite.")
	case len(in.Invitations) > invitation.MaxRows:
		return nil, invalid("invalid_file", (&invitation.FileError{Code: "too_many_rows"}).Error())
	}
	f := &invitation.File{Rows: make([]invitation.Row, len(in.Invitations))}
	for i, v := range in.Invitations {
		f.Rows[i] = invitation.Row{Line: i + 1, Audience: v.Audience, Kind: v.Kind, Name: v.Name, Country: v.Country,
			Contributor: v.Contributor, Email: v.Email, Language: v.Language, Approver: v.Approver}
		invitation.CheckText(&f.Rows[i])
	}
	return f, nil
}
