package invitation

import "strings"

// ParseApprover reads the approver column: yes, true, 1 or x (in any case)
// mark an approver; empty, no, false or 0 a drafter. ok is false for
// anything else, which the import refuses rather than guess.
func ParseApprover(v string) (approver, ok bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "yes", "true", "1", "x":
		return true, true
	case "", "no", "false", "0":
		return false, true
	}
	return false, false
}

// IsApprover reports whether the row marks its contributor as an approver.
func (r Row) IsApprover() bool {
	a, _ := ParseApprover(r.Approver)
	return a
}
