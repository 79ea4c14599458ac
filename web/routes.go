package web

import "github.com/gin-gonic/gin"

// Register adds every page to r, grouped by who may see them, top to
// bottom. The addresses handlers and templates link to are built by the
// paths package from the same patterns.
//
// Without a reviewer's session every reviewer's and administrator's page
// but the sign-in sends the browser to it (303); a co-chair who asks for an
// administrator's page or action gets 403.
func (h *Handler) Register(r *gin.Engine) {
	r.GET("/static/:name", h.static)
	// The respondent's form's service worker, at the root so that it may
	// serve /respond; it keeps nothing of any other page.
	r.GET("/sw.js", h.headers, h.serviceWorker)

	pages := r.Group("/", h.headers, h.language, h.csrf)

	// Anyone.
	pages.GET("/", h.home)
	pages.GET("/c/:slug", h.consultation)
	pages.GET("/c/:slug/register", h.registerForm)
	pages.POST("/c/:slug/register", h.register)
	pages.GET("/c/:slug/lost-link", h.lostLinkForm)
	pages.GET("/c/:slug/questionnaire/:audience", h.questionnaire)
	pages.GET("/c/:slug/questionnaire/:audience/docx", h.questionnaireDOCX)
	pages.GET("/c/:slug/results", h.results)
	pages.GET("/c/:slug/results/:id", h.resultsSubmission)
	pages.POST("/c/:slug/lost-link", h.lostLink)
	pages.GET("/r/:token", h.access)
	pages.POST("/r/:token", h.accessSwitch)
	pages.POST("/signout", h.signOut)
	pages.GET("/review/signin", h.reviewSignInForm)
	pages.POST("/review/signin", h.reviewSignIn)
	pages.POST("/review/signout", h.reviewSignOut)
	// Half signed in: the password was right, the code is to come.
	pages.GET("/review/signin/code", h.reviewCodeForm)
	pages.POST("/review/signin/code", h.reviewCode)

	// A contributor with a web session, started by their access link. The
	// autosave authenticates the session in the store, as it saves.
	pages.POST("/respond/draft", h.saveDraft)
	resp := pages.Group("/respond", h.requireSession)
	resp.GET("", h.respondForm)
	resp.POST("", h.saveForm)
	resp.GET("/registered", h.registered)
	resp.POST("/registered/link/download", h.registeredDownload)
	resp.POST("/registered/link/email", h.registeredEmail)
	resp.GET("/check", h.check)
	resp.POST("/submit", h.submit)
	resp.POST("/approval-request", h.requestApproval)
	resp.POST("/withdraw", h.withdraw)
	resp.GET("/confirmation", h.confirmation)
	resp.GET("/submissions", h.submissions)
	resp.GET("/copy", h.submissionCopy)
	// A response's documents; the upload's body may be as large as one.
	resp.GET("/attachments/:id", h.downloadAttachmentPage)
	resp.POST("/attachments/:id/remove", h.removeAttachmentForm)
	r.POST("/respond/attachments", h.headers, h.language, h.attachmentForms, h.csrf, h.requireSession, h.uploadAttachment)

	// A reviewer's session, also one of an administrator who must set up
	// a second factor before anything else.
	enrol := pages.Group("/review/account/second-factor", h.requireEnrolling)
	enrol.GET("", h.reviewEnrolForm)
	enrol.POST("", h.reviewEnrol)

	// Co-Chairs and administrators, with a reviewer's session that has
	// given every factor.
	co := pages.Group("/review", h.requireReviewer)
	co.GET("", h.reviewHome)
	co.GET("/c/:slug", h.reviewDashboard)
	co.GET("/c/:slug/themes", h.reviewThemes)
	co.POST("/c/:slug/themes", h.reviewThemesCreate)
	co.POST("/c/:slug/themes/restore", h.reviewThemesRestore)
	co.POST("/c/:slug/themes/:theme/delete", h.reviewThemesDelete)
	co.POST("/c/:slug/themes/:theme/rename", h.reviewThemesRename)
	co.GET("/c/:slug/q/:number", h.reviewQuestion)
	co.POST("/c/:slug/q/:number/themes", h.reviewCreateTheme)
	co.POST("/c/:slug/q/:number/themes/restore", h.reviewRestoreTheme)
	co.POST("/c/:slug/q/:number/themes/:theme/delete", h.reviewDeleteTheme)
	co.POST("/c/:slug/q/:number/themes/:theme/rename", h.reviewRenameTheme)
	co.POST("/c/:slug/q/:number/tag", h.reviewTag)
	co.POST("/c/:slug/q/:number/untag", h.reviewUntag)
	co.POST("/c/:slug/q/:number/keypoints", h.reviewKeyPoints)
	co.POST("/c/:slug/q/:number/quotes", h.reviewChooseQuote)
	co.POST("/c/:slug/q/:number/quotes/:quote/remove", h.reviewRemoveQuote)
	co.POST("/c/:slug/q/:number/quotes/:quote/move", h.reviewMoveQuote)
	co.POST("/c/:slug/q/:number/quotes/:quote/note", h.reviewQuoteNote)
	co.GET("/c/:slug/country/:cc", h.reviewCountry)
	co.GET("/c/:slug/attachments/:id", h.reviewAttachment)
	co.GET("/c/:slug/export", h.reviewExport)
	co.GET("/c/:slug/answers/:response/:question/translations", h.reviewTranslations)
	co.POST("/c/:slug/answers/:response/:question/translations", h.reviewSaveTranslation)
	co.POST("/c/:slug/answers/:response/:question/translations/machine", h.reviewMachineTranslation)
	co.GET("/c/:slug/report", h.reviewReport)
	co.POST("/c/:slug/report", h.reviewSaveReport)
	co.GET("/account", h.reviewAccount)
	co.POST("/account/password", h.reviewChangePassword)
	co.POST("/account/sessions/:id/end", h.reviewEndSession)

	// Administrators only.
	admin := co.Group("", h.requireReviewAdmin)
	admin.POST("/c/:slug/respondents/:id/verify", h.reviewVerify)
	admin.GET("/reviewers", h.reviewReviewers)
	admin.POST("/reviewers", h.reviewAddReviewer)

	// Under /admin, whose forms may carry an invitation list or a
	// consultation file: the larger limit is checked before the body is
	// read. Co-Chairs read the consultations, their status and previews.
	rd := r.Group("/admin", h.headers, h.language, h.largeForms, h.csrf, h.requireReviewer)
	rd.GET("/consultations", h.adminConsultations)
	rd.GET("/c/:slug", h.adminConsultation)
	rd.GET("/c/:slug/preview/:audience", h.adminPreview)
	rd.GET("/c/:slug/form.xlsx", h.adminFormXLSX)
	rd.GET("/c/:slug/form.yaml", h.adminFormYAML)

	// Administrators only, under /admin.
	ad := rd.Group("", h.requireReviewAdmin)
	ad.POST("/consultations/upload", h.adminUpload)
	ad.POST("/consultations/copy", h.adminCopy)
	ad.POST("/c/:slug/status", h.adminSetStatus)
	ad.POST("/c/:slug/closing", h.adminExtendClosing)
	ad.GET("/c/:slug/settings", h.adminSettings)
	ad.POST("/c/:slug/settings", h.adminSaveSettings)
	ad.GET("/c/:slug/texts/:lang", h.adminTexts)
	ad.POST("/c/:slug/texts/:lang", h.adminSaveTexts)
	ad.GET("/invitations/template.csv", h.invitationTemplate)
	ad.GET("/invitations/states-parties.csv", h.statesPartiesList)
	ad.GET("/c/:slug/invitations", h.invitations)
	ad.POST("/c/:slug/invitations/preview", h.previewInvitations)
	ad.POST("/c/:slug/invitations/import", h.importInvitations)
	ad.POST("/c/:slug/invitations/reissue", h.reissueLinks)
	ad.POST("/c/:slug/invitations/links.csv", h.downloadLinks)
	ad.GET("/c/:slug/registrations", h.registrations)
	ad.POST("/c/:slug/registrations/:id/verify", h.verifyRegistration)
	ad.POST("/c/:slug/registrations/:id/merge", h.mergeRegistration)
	ad.POST("/c/:slug/registrations/:id/remove", h.removeRegistration)
	ad.POST("/c/:slug/personal-data/delete", h.deletePersonalData)
	ad.GET("/c/:slug/audit", h.auditLog)
	ad.GET("/c/:slug/messages", h.reviewMessages)
	ad.POST("/c/:slug/remind", h.reviewRemind)
}
