package xlsform_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/vaconsult/vaconsult/consultations"
	"github.com/vaconsult/vaconsult/xlsform"
)

// A row's name is its question's key, and the settings' follows names the
// consultation followed: both are written and read back, and a pair names
// the States' row by its key.
func TestKeysAndFollowsRoundTrip(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(followUpFixture)
	if err != nil {
		t.Fatal(err)
	}
	f, err := xlsform.Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f.QuestionSets[0].Questions[0].Key, "tools"; got != want {
		t.Errorf("key of the first States' question = %q, want the row's name %q", got, want)
	}

	f, err = consultations.Default()
	if err != nil {
		t.Fatal(err)
	}
	f.Follows = "va-impact-2011"
	f.QuestionSets[0].Questions[0].Key = "tools"
	var b bytes.Buffer
	if err := xlsform.Write(&b, f); err != nil {
		t.Fatal(err)
	}
	back, err := xlsform.Read(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if back.Follows != "va-impact-2011" {
		t.Errorf("follows = %q, want va-impact-2011", back.Follows)
	}
	if got := back.QuestionSets[0].Questions[0].Key; got != "tools" {
		t.Errorf("key = %q, want tools", got)
	}
	if got := back.QuestionSets[1].Questions[0].AnswersBackTo; got != 1 {
		t.Errorf("the survivors' question 1 answers back to %d, want 1 (by the key tools)", got)
	}
}
