// Package paths builds the addresses of vaconsult's pages, so that a link
// is written the same way wherever it is made: by a handler redirecting,
// by a template through Funcs, or by the API handing out an access link.
// web's routes.go registers the patterns these addresses match; a test
// checks that every one of them reaches a route.
package paths

import (
	"html/template"
	"net/url"
	"strconv"

	"github.com/vaconsult/vaconsult/export"
	"github.com/vaconsult/vaconsult/store/domain"
)

// Home is the list of consultations.
func Home() string { return "/" }

// Static is the address of an embedded asset by its hashed name.
func Static(name string) string { return "/static/" + url.PathEscape(name) }

// Consultation is a consultation's public page.
func Consultation(slug string) string { return "/c/" + url.PathEscape(slug) }

// Register is a consultation's self-registration form.
func Register(slug string) string { return Consultation(slug) + "/register" }

// LostLink is the form that emails a new access link.
func LostLink(slug string) string { return Consultation(slug) + "/lost-link" }

// Questionnaire is a question set as a printable page, to draft offline.
func Questionnaire(slug string, audience domain.Audience) string {
	return Consultation(slug) + "/questionnaire/" + url.PathEscape(string(audience))
}

// QuestionnaireDOCX is a question set as a Word document, to draft
// offline.
func QuestionnaireDOCX(slug string, audience domain.Audience) string {
	return Questionnaire(slug, audience) + "/docx"
}

// Results is the public page of a consultation's published results.
func Results(slug string) string { return Consultation(slug) + "/results" }

// ResultsSubmission is the published submission of a respondent who
// agreed to be named.
func ResultsSubmission(slug string, responseID int64) string {
	return Results(slug) + "/" + strconv.FormatInt(responseID, 10)
}

// Access is the access link of a contributor's token.
func Access(token string) string { return "/r/" + url.PathEscape(token) }

// SignOut ends a respondent's web session.
func SignOut() string { return "/signout" }

// Respond is the form of the signed-in respondent's response.
func Respond() string { return "/respond" }

// ServiceWorker is the script that keeps the respondent's form for use
// without a connection; it is served from the site's root.
func ServiceWorker() string { return "/sw.js" }

// RespondDraft is where the form's script saves drafts.
func RespondDraft() string { return "/respond/draft" }

// Registered shows a new registration its access link.
func Registered() string { return "/respond/registered" }

// RegisteredLinkForms is the folder of the forms that send a new
// registration its access link: the cookie holding the link is scoped to it.
func RegisteredLinkForms() string { return "/respond/registered/link/" }

// RegisteredDownload sends a new registration's access link as a file.
func RegisteredDownload() string { return "/respond/registered/link/download" }

// RegisteredEmail emails a new registration its access link.
func RegisteredEmail() string { return "/respond/registered/link/email" }

// Check is the check-your-answers page.
func Check() string { return "/respond/check" }

// Submit is where the check page posts the submission.
func Submit() string { return "/respond/submit" }

// ApprovalRequest is where a drafter's pages post a request for approval.
func ApprovalRequest() string { return "/respond/approval-request" }

// Withdraw is where the check page posts a withdrawal of the response.
func Withdraw() string { return "/respond/withdraw" }

// Confirmation is the receipt of a submission.
func Confirmation() string { return "/respond/confirmation" }

// Submissions lists the signed-in respondent's submissions, each with
// links to its copy.
func Submissions() string { return "/respond/submissions" }

// SubmissionCopy is the copy of a submission in format (html, pdf or
// docx): the last one when receipt is "".
func SubmissionCopy(format, receipt string) string {
	q := url.Values{"format": {format}}
	if receipt != "" {
		q.Set("receipt", receipt)
	}
	return "/respond/copy?" + q.Encode()
}

// ReviewHome is the reviewers' list of consultations; every reviewer's
// page lives under it, and so does their session cookie.
func ReviewHome() string { return "/review" }

// ReviewSignIn is the reviewers' sign-in form.
func ReviewSignIn() string { return "/review/signin" }

// ReviewSignOut ends a reviewer's session.
func ReviewSignOut() string { return "/review/signout" }

// ReviewSignInCode asks a reviewer whose password was right for the code
// of their second factor.
func ReviewSignInCode() string { return "/review/signin/code" }

// ReviewAccount is a reviewer's own account: second factor, sessions,
// password.
func ReviewAccount() string { return "/review/account" }

// ReviewSecondFactor is where a reviewer sets up a second factor.
func ReviewSecondFactor() string { return ReviewAccount() + "/second-factor" }

// ReviewPassword is where a reviewer changes their password.
func ReviewPassword() string { return ReviewAccount() + "/password" }

// ReviewSessionEnd is where a reviewer ends one of their sessions.
func ReviewSessionEnd(id int64) string {
	return ReviewAccount() + "/sessions/" + strconv.FormatInt(id, 10) + "/end"
}

// ReviewConsultation is a consultation's dashboard.
func ReviewConsultation(slug string) string { return "/review/c/" + url.PathEscape(slug) }

// ReviewConsultationUnverified is a consultation's dashboard with its
// rates counting unverified self-registrations too.
func ReviewConsultationUnverified(slug string) string {
	return ReviewConsultation(slug) + "?unverified=include"
}

// ReviewQuestion is the page of a question, without the query that says
// which audience's set it belongs to: what its filters and forms extend.
func ReviewQuestion(slug string, number int) string {
	return ReviewConsultation(slug) + "/q/" + strconv.Itoa(number)
}

// ReviewQuestionOf is the page of question number of audience's set.
func ReviewQuestionOf(slug string, audience domain.Audience, number int) string {
	return ReviewQuestion(slug, number) + "?" + url.Values{"audience": {string(audience)}}.Encode()
}

// ReviewThemes is where a question's page creates a theme.
func ReviewThemes(slug string, number int) string { return ReviewQuestion(slug, number) + "/themes" }

// ReviewThemeRestore is where a question's page undoes a theme's deletion.
func ReviewThemeRestore(slug string, number int) string {
	return ReviewThemes(slug, number) + "/restore"
}

// ReviewThemeDelete is where a question's page deletes a theme.
func ReviewThemeDelete(slug string, number int, theme int64) string {
	return ReviewThemes(slug, number) + "/" + strconv.FormatInt(theme, 10) + "/delete"
}

// ReviewThemeRename is where a question's page renames a theme.
func ReviewThemeRename(slug string, number int, theme int64) string {
	return ReviewThemes(slug, number) + "/" + strconv.FormatInt(theme, 10) + "/rename"
}

// ReviewTag is where a question's page tags an answer with a theme.
func ReviewTag(slug string, number int) string { return ReviewQuestion(slug, number) + "/tag" }

// ReviewUntag is where a question's page removes a theme from an answer.
func ReviewUntag(slug string, number int) string { return ReviewQuestion(slug, number) + "/untag" }

// ReviewQuotes is where a question's page chooses a quote for the report.
func ReviewQuotes(slug string, number int) string { return ReviewQuestion(slug, number) + "/quotes" }

// ReviewQuoteRemove is where a question's page takes a quote off the report.
func ReviewQuoteRemove(slug string, number int, quote int64) string {
	return ReviewQuotes(slug, number) + "/" + strconv.FormatInt(quote, 10) + "/remove"
}

// ReviewQuoteNote is where a question's page saves the note on a quote.
func ReviewQuoteNote(slug string, number int, quote int64) string {
	return ReviewQuotes(slug, number) + "/" + strconv.FormatInt(quote, 10) + "/note"
}

// ReviewQuoteMove is where a question's page moves a quote in the report's
// order.
func ReviewQuoteMove(slug string, number int, quote int64) string {
	return ReviewQuotes(slug, number) + "/" + strconv.FormatInt(quote, 10) + "/move"
}

// ReviewKeyPoints is where a question's page saves the key points.
func ReviewKeyPoints(slug string, number int) string {
	return ReviewQuestion(slug, number) + "/keypoints"
}

// ReviewCountry is the country view of a consultation.
func ReviewCountry(slug, country string) string {
	return ReviewConsultation(slug) + "/country/" + url.PathEscape(country)
}

// ReviewExport is the download of a consultation in format, public or
// internal as variant says.
func ReviewExport(slug string, format export.Format, variant export.Variant) string {
	q := url.Values{"format": {string(format)}, "variant": {string(variant)}}
	return ReviewConsultation(slug) + "/export?" + q.Encode()
}

// ReviewReport is the page where the Co-Chairs write their report's
// introduction and conclusions in language l, and download it.
func ReviewReport(slug, l string) string {
	return ReviewConsultation(slug) + "/report?" + url.Values{"in": {l}}.Encode()
}

// ReviewReportSave is where the report page's form is sent.
func ReviewReportSave(slug string) string { return ReviewConsultation(slug) + "/report" }

// ReviewReportDownload is the public report in format and language l,
// without changing the pages' language.
func ReviewReportDownload(slug string, format export.Format, l string) string {
	return ReviewExport(slug, format, export.Public) + "&" + url.Values{"in": {l}}.Encode()
}

// ReviewTranslations is the page of a submitted answer's translations.
func ReviewTranslations(slug string, responseID, questionID int64) string {
	return ReviewConsultation(slug) + "/answers/" + strconv.FormatInt(responseID, 10) + "/" + strconv.FormatInt(questionID, 10) + "/translations"
}

// ReviewMachineTranslation asks the translation service for a draft.
func ReviewMachineTranslation(slug string, responseID, questionID int64) string {
	return ReviewTranslations(slug, responseID, questionID) + "/machine"
}

// ReviewVerify is where an administrator marks a respondent as verified.
func ReviewVerify(slug string, respondent int64) string {
	return ReviewConsultation(slug) + "/respondents/" + strconv.FormatInt(respondent, 10) + "/verify"
}

// Reviewers is the administrators' page of reviewer accounts.
func Reviewers() string { return "/review/reviewers" }

// AdminHome is where the administrators' pages live; the reviewer's
// session cookie is sent there too.
func AdminHome() string { return "/admin" }

// InvitationTemplate is the empty invitation list to fill in.
func InvitationTemplate() string { return "/admin/invitations/template.csv" }

// StatesPartiesList is an invitation list of every State Party, to start
// from.
func StatesPartiesList() string { return "/admin/invitations/states-parties.csv" }

// Invitations is a consultation's invitation page.
func Invitations(slug string) string { return "/admin/c/" + url.PathEscape(slug) + "/invitations" }

// InvitationsPreview is where an invitation list is checked before import.
func InvitationsPreview(slug string) string { return Invitations(slug) + "/preview" }

// InvitationsImport is where a checked invitation list is imported.
func InvitationsImport(slug string) string { return Invitations(slug) + "/import" }

// InvitationsReissue is where access links are issued anew.
func InvitationsReissue(slug string) string { return Invitations(slug) + "/reissue" }

// InvitationLinks is the download of access links for a mail merge.
func InvitationLinks(slug string) string { return Invitations(slug) + "/links.csv" }

// AdminConsultations is the administrators' list of consultations, where
// one is created from a file or copied.
func AdminConsultations() string { return "/admin/consultations" }

// AdminUpload is where a consultation file is uploaded.
func AdminUpload() string { return AdminConsultations() + "/upload" }

// AdminCopy is where a consultation is copied for the next cycle.
func AdminCopy() string { return AdminConsultations() + "/copy" }

// AdminConsultation is a consultation's status page.
func AdminConsultation(slug string) string { return "/admin/c/" + url.PathEscape(slug) }

// AdminStatus is where a consultation's status is set.
func AdminStatus(slug string) string { return AdminConsultation(slug) + "/status" }

// AdminClosing is where a consultation's closing time is set.
func AdminClosing(slug string) string { return AdminConsultation(slug) + "/closing" }

// AdminSettings is a consultation's dates, time zone and self-registration.
func AdminSettings(slug string) string { return AdminConsultation(slug) + "/settings" }

// AdminTexts is every text of a consultation in language lang.
func AdminTexts(slug, lang string) string {
	return AdminConsultation(slug) + "/texts/" + url.PathEscape(lang)
}

// AdminPreview is a question set as respondents see it, in language lang.
func AdminPreview(slug string, audience domain.Audience, lang string) string {
	return AdminConsultation(slug) + "/preview/" + url.PathEscape(string(audience)) + "?lang=" + url.QueryEscape(lang)
}

// AdminFormXLSX is the download of a consultation as an XLSForm workbook.
func AdminFormXLSX(slug string) string { return AdminConsultation(slug) + "/form.xlsx" }

// AdminFormYAML is the download of a consultation as a consultation file.
func AdminFormYAML(slug string) string { return AdminConsultation(slug) + "/form.yaml" }

// Registrations is a consultation's page of self-registrations.
func Registrations(slug string) string {
	return "/admin/c/" + url.PathEscape(slug) + "/registrations"
}

// registration is the address of one registration on that page.
func registration(slug string, id int64) string {
	return Registrations(slug) + "/" + strconv.FormatInt(id, 10)
}

// RegistrationVerify is where an administrator verifies a registration.
func RegistrationVerify(slug string, id int64) string { return registration(slug, id) + "/verify" }

// RegistrationMerge is where an administrator merges a registration into
// another respondent.
func RegistrationMerge(slug string, id int64) string { return registration(slug, id) + "/merge" }

// RegistrationRemove is where an administrator removes a junk registration.
func RegistrationRemove(slug string, id int64) string { return registration(slug, id) + "/remove" }

// PersonalDataDelete is where an administrator deletes the respondents'
// personal data after the retention period.
func PersonalDataDelete(slug string) string {
	return "/admin/c/" + url.PathEscape(slug) + "/personal-data/delete"
}

// Audit is a consultation's audit log.
func Audit(slug string) string { return "/admin/c/" + url.PathEscape(slug) + "/audit" }

// Messages is an administrator's page of a consultation's messages and
// reminders.
func Messages(slug string) string { return "/admin/c/" + url.PathEscape(slug) + "/messages" }

// Remind queues reminders for those who have not submitted.
func Remind(slug string) string { return "/admin/c/" + url.PathEscape(slug) + "/remind" }

// Funcs gives templates the same builders, each named after its function
// with a "Path" suffix: {{consultationPath .C.Slug}}.
func Funcs() template.FuncMap {
	return template.FuncMap{
		"homePath":                     Home,
		"consultationPath":             Consultation,
		"registerPath":                 Register,
		"lostLinkPath":                 LostLink,
		"resultsPath":                  Results,
		"questionnairePath":            Questionnaire,
		"questionnaireDocxPath":        QuestionnaireDOCX,
		"resultsSubmissionPath":        ResultsSubmission,
		"messagesPath":                 Messages,
		"remindPath":                   Remind,
		"signOutPath":                  SignOut,
		"respondPath":                  Respond,
		"respondDraftPath":             RespondDraft,
		"serviceWorkerPath":            ServiceWorker,
		"checkPath":                    Check,
		"registeredDownloadPath":       RegisteredDownload,
		"registeredEmailPath":          RegisteredEmail,
		"submitPath":                   Submit,
		"approvalRequestPath":          ApprovalRequest,
		"reviewHomePath":               ReviewHome,
		"reviewSignInPath":             ReviewSignIn,
		"reviewSignOutPath":            ReviewSignOut,
		"reviewSignInCodePath":         ReviewSignInCode,
		"reviewAccountPath":            ReviewAccount,
		"reviewSecondFactorPath":       ReviewSecondFactor,
		"reviewPasswordPath":           ReviewPassword,
		"reviewSessionEndPath":         ReviewSessionEnd,
		"accessPath":                   Access,
		"reviewConsultationPath":       ReviewConsultation,
		"reviewUnverifiedPath":         ReviewConsultationUnverified,
		"reviewQuestionOfPath":         ReviewQuestionOf,
		"reviewCountryPath":            ReviewCountry,
		"themesPath":                   ConsultationThemes,
		"themeRestorePath":             ConsultationThemeRestore,
		"themeDeletePath":              ConsultationThemeDelete,
		"themeRenamePath":              ConsultationThemeRename,
		"reviewExportPath":             ReviewExport,
		"reviewTranslationsPath":       ReviewTranslations,
		"reviewMachineTranslationPath": ReviewMachineTranslation,
		"reviewReportPath":             ReviewReport,
		"reviewReportSavePath":         ReviewReportSave,
		"reviewReportDownload":         ReviewReportDownload,
		"reviewVerifyPath":             ReviewVerify,
		"reviewersPath":                Reviewers,
		"invitationTemplatePath":       InvitationTemplate,
		"statesPartiesListPath":        StatesPartiesList,
		"invitationsPath":              Invitations,
		"invitationsPreviewPath":       InvitationsPreview,
		"invitationsImportPath":        InvitationsImport,
		"invitationsReissuePath":       InvitationsReissue,
		"invitationLinksPath":          InvitationLinks,
		"adminConsultationsPath":       AdminConsultations,
		"adminUploadPath":              AdminUpload,
		"adminCopyPath":                AdminCopy,
		"adminConsultationPath":        AdminConsultation,
		"adminStatusPath":              AdminStatus,
		"adminClosingPath":             AdminClosing,
		"adminSettingsPath":            AdminSettings,
		"adminTextsPath":               AdminTexts,
		"adminPreviewPath":             AdminPreview,
		"adminFormXLSXPath":            AdminFormXLSX,
		"adminFormYAMLPath":            AdminFormYAML,
		"withdrawPath":                 Withdraw,
		"registrationsPath":            Registrations,
		"registrationVerifyPath":       RegistrationVerify,
		"registrationMergePath":        RegistrationMerge,
		"registrationRemovePath":       RegistrationRemove,
		"personalDataDeletePath":       PersonalDataDelete,
		"auditPath":                    Audit,
		"submissionsPath":              Submissions,
		"submissionCopyPath":           SubmissionCopy,
		"attachmentsPath":              Attachments,
		"attachmentPath":               Attachment,
		"attachmentRemovePath":         AttachmentRemove,
		"reviewAttachmentPath":         ReviewAttachment,
	}
}

// ConsultationThemes is a consultation's themes page, where reviewers
// create, rename and delete the themes of all its questions.
func ConsultationThemes(slug string) string { return ReviewConsultation(slug) + "/themes" }

// ConsultationThemeRestore is where the themes page undoes a deletion.
func ConsultationThemeRestore(slug string) string { return ConsultationThemes(slug) + "/restore" }

// ConsultationThemeDelete is where the themes page deletes a theme.
func ConsultationThemeDelete(slug string, theme int64) string {
	return ConsultationThemes(slug) + "/" + strconv.FormatInt(theme, 10) + "/delete"
}

// ConsultationThemeRename is where the themes page renames a theme.
func ConsultationThemeRename(slug string, theme int64) string {
	return ConsultationThemes(slug) + "/" + strconv.FormatInt(theme, 10) + "/rename"
}

// Attachments is where the respondent's form uploads a document.
func Attachments() string { return Respond() + "/attachments" }

// Attachment is one of the respondent's documents, to download.
func Attachment(id int64) string { return Attachments() + "/" + strconv.FormatInt(id, 10) }

// AttachmentRemove removes one of the respondent's documents.
func AttachmentRemove(id int64) string { return Attachment(id) + "/remove" }

// ReviewAttachment is a submitted response's document, for reviewers.
func ReviewAttachment(slug string, id int64) string {
	return ReviewConsultation(slug) + "/attachments/" + strconv.FormatInt(id, 10)
}
