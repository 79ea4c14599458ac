package questionset

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"go.yaml.in/yaml/v3"
)

// Parse decodes a consultation file written in YAML and validates it.
//
// Decoding is strict: a key the format does not know is an error, so that a
// misspelt "closes_at" or "requried" is reported instead of silently ignored.
// Defaults are filled in as Validate describes. On failure Parse returns nil
// and either a decoding error or a *ValidationError listing every problem.
func Parse(data []byte) (*File, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var f File
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("questionset: empty file")
		}
		return nil, fmt.Errorf("questionset: %w", err)
	}
	// A second document would be ignored by Decode; one file is one
	// consultation, so anything after the first document is a mistake.
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("questionset: more than one YAML document in file")
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	return &f, nil
}
