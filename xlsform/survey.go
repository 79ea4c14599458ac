package xlsform

import (
	"strconv"
	"strings"

	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store/domain"
)

// surveyReader walks the survey sheet row by row.
type surveyReader struct {
	*reader
	t        *table
	lists    map[string]*list
	f        *questionset.File
	set      *questionset.QuestionSet // the open group, if any
	setRow   int
	lastName string // of the last select_one, for its comment row
	seen     map[string]bool
	// numbers are the States Parties' questions by row name, and pending
	// the answers_back_to cells that name one: a survivors' group may
	// come first in the sheet, so they are resolved at its end.
	numbers map[string]int
	pending []pendingPair
}

// pendingPair is an answers_back_to cell to resolve.
type pendingPair struct {
	row    int
	set, q int // indexes into the file's question sets and that set's questions
	name   string
}

func (r *reader) readSurvey(t *table, lists map[string]*list, f *questionset.File) {
	if _, ok := t.cols["type"]; !ok {
		r.add(Problem{Sheet: SheetSurvey, Row: 1, Column: "type", Code: "no_column"})
		return
	}
	s := &surveyReader{reader: r, t: t, lists: lists, f: f, seen: map[string]bool{}, numbers: map[string]int{}}
	for i, row := range t.rows {
		if !empty(row) {
			s.row(row, i+2)
		}
	}
	if s.set != nil {
		r.add(Problem{Sheet: SheetSurvey, Row: s.setRow, Code: "unclosed_group", Arg: string(s.set.Audience)})
	}
	s.resolvePairs()
}

// resolvePairs turns each answers_back_to name into the number of the
// States Parties' question of that name; Validate then checks the pairs.
func (s *surveyReader) resolvePairs() {
	for _, p := range s.pending {
		n, ok := s.numbers[p.name]
		if !ok {
			s.add(Problem{Sheet: SheetSurvey, Row: p.row, Column: columnAnswersBackTo, Code: "unknown_pair", Arg: p.name})
			continue
		}
		if p.set < len(s.f.QuestionSets) && p.q < len(s.f.QuestionSets[p.set].Questions) {
			s.f.QuestionSets[p.set].Questions[p.q].AnswersBackTo = n
		}
	}
}

func (s *surveyReader) row(row []string, n int) {
	typ := strings.Join(strings.Fields(strings.ToLower(s.t.cell(row, "type"))), " ")
	typ = strings.NewReplacer("begin group", "begin_group", "end group", "end_group", "select one ", "select_one ").Replace(typ)
	kind, arg, _ := strings.Cut(typ, " ")
	switch {
	case metadata[typ]:
	case typ == "begin_group":
		s.beginGroup(row, n)
	case typ == "end_group":
		s.endGroup(n)
	case typ == "note":
		s.note(row, n)
	case typ == "text":
		s.text(row, n)
	case kind == "select_one" && arg != "" && !strings.Contains(arg, " "):
		s.selectOne(row, n, arg)
	default:
		s.add(Problem{Sheet: SheetSurvey, Row: n, Column: "type", Code: "unknown_type", Arg: s.t.cell(row, "type")})
	}
}

func (s *surveyReader) beginGroup(row []string, n int) {
	if s.set != nil {
		s.add(Problem{Sheet: SheetSurvey, Row: n, Code: "nested_group"})
		return
	}
	name := s.t.cell(row, "name")
	audience := domain.Audience(name)
	switch {
	case !audience.Valid():
		s.add(Problem{Sheet: SheetSurvey, Row: n, Column: "name", Code: "unknown_audience", Arg: name})
	case s.seen[name]:
		s.add(Problem{Sheet: SheetSurvey, Row: n, Column: "name", Code: "duplicate_audience", Arg: name})
	}
	s.seen[name] = true
	s.set = &questionset.QuestionSet{Audience: audience, Title: s.label(row, n)}
	s.setRow = n
}

func (s *surveyReader) endGroup(n int) {
	if s.set == nil {
		s.add(Problem{Sheet: SheetSurvey, Row: n, Code: "stray_end"})
		return
	}
	if len(s.set.Questions) == 0 {
		s.add(Problem{Sheet: SheetSurvey, Row: s.setRow, Code: "empty_group", Arg: string(s.set.Audience)})
	}
	s.f.QuestionSets = append(s.f.QuestionSets, *s.set)
	s.set = nil
}

// note is the context or the meeting outside the groups, a question set's
// introduction first in one.
func (s *surveyReader) note(row []string, n int) {
	label := s.label(row, n)
	name := s.t.cell(row, "name")
	switch {
	case s.set != nil && (len(s.set.Questions) > 0 || s.set.Intro != nil):
		s.add(Problem{Sheet: SheetSurvey, Row: n, Code: "misplaced_note"})
	case s.set != nil:
		s.set.Intro = label
	case name == "context":
		s.f.Context = label
	case name == "meeting":
		s.f.Meeting = label
	default:
		s.add(Problem{Sheet: SheetSurvey, Row: n, Column: "name", Code: "top_note", Arg: name})
	}
}

func (s *surveyReader) text(row []string, n int) {
	name := s.t.cell(row, "name")
	if s.set != nil && s.lastName != "" && name == s.lastName+commentSuffix {
		q := &s.set.Questions[len(s.set.Questions)-1]
		q.Kind, q.MaxLength = questionset.KindChoiceComment, s.maxLength(row, n)
		s.lastName = ""
		return
	}
	s.question(row, n, questionset.Question{Kind: questionset.KindText, MaxLength: s.maxLength(row, n)})
}

func (s *surveyReader) selectOne(row []string, n int, listName string) {
	q := questionset.Question{Kind: questionset.KindChoice}
	if l, ok := s.lists[listName]; !ok {
		s.add(Problem{Sheet: SheetSurvey, Row: n, Column: "type", Code: "unknown_list", Arg: listName})
	} else {
		q.Choices = l.choices
	}
	s.question(row, n, q)
	s.lastName = s.t.cell(row, "name")
}

// question adds q, with the label, hint and required of row, to the open
// group; its number is its place in the group.
func (s *surveyReader) question(row []string, n int, q questionset.Question) {
	s.lastName = ""
	if s.t.cell(row, "name") == "" {
		s.add(Problem{Sheet: SheetSurvey, Row: n, Column: "name", Code: "missing_name"})
	}
	q.Text = s.label(row, n)
	q.Hint = s.texts(s.t, row, n, "hint")
	req := s.t.cell(row, "required")
	var ok bool
	if q.Required, ok = yesNo(req); !ok {
		s.add(Problem{Sheet: SheetSurvey, Row: n, Column: "required", Code: "bad_required", Arg: req})
	}
	if !s.inGroup(n) {
		return
	}
	q.Number = len(s.set.Questions) + 1
	// The row's name is the question's key, which later cycles match it
	// by; a name no key can be leaves the default.
	if name := s.t.cell(row, "name"); questionset.ValidKey(name) {
		q.Key = name
	}
	s.set.Questions = append(s.set.Questions, q)
	if s.set.Audience == domain.AudienceStatesParties {
		s.numbers[s.t.cell(row, "name")] = q.Number
	}
	if name := s.t.cell(row, columnAnswersBackTo); name != "" {
		s.pending = append(s.pending, pendingPair{row: n, set: len(s.f.QuestionSets), q: q.Number - 1, name: name})
	}
}

func (s *surveyReader) inGroup(n int) bool {
	if s.set == nil {
		s.add(Problem{Sheet: SheetSurvey, Row: n, Code: "outside_group"})
		return false
	}
	return true
}

// label returns the row's label, which every row but the metadata needs.
func (s *surveyReader) label(row []string, n int) questionset.Text {
	t := s.texts(s.t, row, n, "label")
	if len(t) == 0 {
		s.add(Problem{Sheet: SheetSurvey, Row: n, Column: "label", Code: "missing_label"})
	}
	return t
}

// maxLength reads a text's constraint; none leaves the default.
func (s *surveyReader) maxLength(row []string, n int) int {
	c := s.t.cell(row, "constraint")
	if c == "" {
		return 0
	}
	m := lengthConstraint.FindStringSubmatch(c)
	if m == nil {
		s.add(Problem{Sheet: SheetSurvey, Row: n, Column: "constraint", Code: "bad_constraint", Arg: c})
		return 0
	}
	v, err := strconv.Atoi(m[1])
	if err != nil || v < 1 || v > questionset.MaxMaxLength {
		s.add(Problem{Sheet: SheetSurvey, Row: n, Column: "constraint", Code: "bad_constraint", Arg: c})
		return 0
	}
	return v
}
