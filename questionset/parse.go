package questionset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Parse decodes a consultation file written in YAML and validates it.
//
// Decoding is strict: a key the format does not know is an error, so that a
// misspelt "closes_at" or "requried" is reported instead of silently ignored.
// Defaults are filled in as Validate describes. On failure Parse returns nil
// and either an error for a file that is not YAML at all, or a
// *ValidationError listing every problem, by line where the file does not
// fit the format.
func Parse(data []byte) (*File, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f File
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty file: a consultation file starts with format: " + Format)
		}
		return nil, decodeError(err)
	}
	// A second document would be ignored by Decode; one file is one
	// consultation, so anything after the first document is a mistake.
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("questionset: more than one YAML document in file")
	}
	if err := f.Validate(); err != nil {
		return nil, withPairLines(data, err)
	}
	return &f, nil
}

var pairPath = regexp.MustCompile(`^question_sets\[(\d+)\]\.questions\[(\d+)\]\.answers_back_to: `)

// withPairLines starts each problem of an answers_back_to with its line, as
// decoding errors start: a pair names two questions, and the line says
// which one to change.
func withPairLines(data []byte, err error) error {
	var verr *ValidationError
	var root yaml.Node
	if !errors.As(err, &verr) || yaml.Unmarshal(data, &root) != nil {
		return err
	}
	for i, p := range verr.Problems {
		m := pairPath.FindStringSubmatch(p)
		if m == nil {
			continue
		}
		set, _ := strconv.Atoi(m[1])
		q, _ := strconv.Atoi(m[2])
		node := child(item(child(item(child(docOf(&root), "question_sets"), set), "questions"), q), "answers_back_to")
		if node != nil {
			verr.Problems[i] = fmt.Sprintf("line %d: %s", node.Line, p)
		}
	}
	return verr
}

func docOf(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return n.Content[0]
	}
	return n
}

// child returns the value of key in a mapping node, or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// item returns element i of a sequence node, or nil.
func item(n *yaml.Node, i int) *yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode || i >= len(n.Content) {
		return nil
	}
	return n.Content[i]
}

// decodeError says what a decoding error means for whoever edits the file,
// in the file's terms rather than in Go's.
func decodeError(err error) error {
	var te *yaml.TypeError
	var pe *time.ParseError
	switch {
	case errors.As(err, &te):
		problems := make([]string, len(te.Errors))
		for i, e := range te.Errors {
			problems[i] = typeProblem(e)
		}
		return &ValidationError{Problems: problems}
	case errors.As(err, &pe):
		return &ValidationError{Problems: []string{fmt.Sprintf(
			"%q is not a date and time of the form 2012-05-25T18:00:00+02:00 (cannot parse it: opens_at and closes_at need one, with its offset)", pe.Value)}}
	}
	return fmt.Errorf("not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
}

var (
	unknownKey = regexp.MustCompile(`^(line \d+): field (\S+) not found in type \S+$`)
	wrongType  = regexp.MustCompile("^(line \\d+): cannot unmarshal !!\\w+ `(.*)` into (\\S+)$")
)

// typeNames says what a value of a Go type looks like in a file.
var typeNames = map[string]string{
	"int":                       "a whole number",
	"bool":                      "true or false",
	"string":                    "a text",
	"questionset.Text":          "texts by language, such as {en: …, fr: …}",
	"[]questionset.QuestionSet": "a list of question sets",
	"[]questionset.Question":    "a list of questions",
	"[]questionset.Choice":      "a list of choices",
	"questionset.File":          "keys and values",
	"questionset.QuestionSet":   "keys and values",
	"questionset.Question":      "keys and values",
	"questionset.Choice":        "keys and values, such as {value: yes, label: {en: Yes}}",
	"time.Time":                 "a date and time of the form 2012-05-25T18:00:00+02:00",
}

// typeProblem rewrites one of yaml's type errors, such as
// "line 5: field requried not found in type questionset.Question".
func typeProblem(e string) string {
	if m := unknownKey.FindStringSubmatch(e); m != nil {
		return fmt.Sprintf("%s: unknown key %q: check its spelling, or remove it", m[1], m[2])
	}
	if m := wrongType.FindStringSubmatch(e); m != nil {
		if want, ok := typeNames[m[3]]; ok {
			return fmt.Sprintf("%s: %q cannot be read here: want %s", m[1], m[2], want)
		}
	}
	return e
}
