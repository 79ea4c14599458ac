package store

// AnswerCountsSQL and FullAnswerCountsSQL let the summary's tests read the
// plans of the statements that count the answers; SummaryStatements are
// every statement the summary runs.
const (
	AnswerCountsSQL     = answerCountsSQL
	FullAnswerCountsSQL = fullAnswerCountsSQL
)

var SummaryStatements = map[string]string{"rates": ratesSQL, "answers": answerCountsSQL, "themes": themeCountsSQL,
	"breakdown": themeBreakdownSQL}

// DashboardPageSQL lets the dashboard's tests read the plan of a page.
const DashboardPageSQL = dashboardPageSQL
