package questionset

import (
	"bytes"

	"go.yaml.in/yaml/v3"
)

// Marshal writes f as a consultation file in YAML, which Parse reads back
// to the same consultation.
func Marshal(f *File) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("# A vaconsult consultation file: load it with vaconsult load FILE.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
