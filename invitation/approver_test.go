package invitation_test

import (
	"testing"

	"github.com/vaconsult/vaconsult/invitation"
)

// The approver column takes yes, true, 1 or x for an approver, in any case;
// empty, no, false or 0 for a drafter; anything else is not guessed.
func TestApproverColumn(t *testing.T) {
	t.Parallel()
	f := mustRead(t, []byte("audience;name;country;contributor;Approver\n"+
		"states-parties;Cambodia;KH;Sok Dara;YES\n"+
		"states-parties;Cambodia;KH;Chan Sophea;\n"+
		"states-parties;Cambodia;KH;Ly Vanna; x \n"+
		"states-parties;Cambodia;KH;Meas Bopha;0\n"))
	want := []bool{true, false, true, false}
	for i, r := range f.Rows {
		if r.IsApprover() != want[i] {
			t.Errorf("row %d (%q): approver = %v, want %v", r.Line, r.Approver, r.IsApprover(), want[i])
		}
	}
	for _, v := range []string{"yes", "True", "1", "X", "", "no", "FALSE", "0"} {
		if _, ok := invitation.ParseApprover(v); !ok {
			t.Errorf("ParseApprover(%q) refused", v)
		}
	}
	for _, v := range []string{"oui", "2", "approver", "y"} {
		if _, ok := invitation.ParseApprover(v); ok {
			t.Errorf("ParseApprover(%q) accepted", v)
		}
	}
}
