// Package consultations holds the consultation files that ship with
// vaconsult, embedded in the binary so that a fresh installation has a
// consultation to open without any file beside it.
package consultations

import (
	"embed"
	"fmt"

	"github.com/vaconsult/vaconsult/questionset"
)

// Files holds every consultation file of this folder, by file name.
//
//go:embed *.yaml
var Files embed.FS

// DefaultFile is the file name, in Files, of the consultation seeded by
// default: the 2012 victim assistance consultation.
const DefaultFile = "2012-victim-assistance.yaml"

// Default parses and validates the default consultation. It returns an error
// only if the embedded file is broken, which the package's tests rule out.
func Default() (*questionset.File, error) {
	return Load(DefaultFile)
}

// Load parses and validates the embedded consultation file name. It returns
// an error when there is no such file or when the file is invalid.
func Load(name string) (*questionset.File, error) {
	data, err := Files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("consultations: %w", err)
	}
	f, err := questionset.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("consultations: %s: %w", name, err)
	}
	return f, nil
}
