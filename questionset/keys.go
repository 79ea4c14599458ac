package questionset

import (
	"fmt"
	"strconv"
)

// DefaultKey is the key of question number n when its file gives none:
// files written before keys existed keep working, and a question keeps
// its key for as long as it keeps its number.
func DefaultKey(n int) string { return "q" + strconv.Itoa(n) }

// ValidKey reports whether s may be a question's key: a letter or an
// underscore, then letters, digits, underscores, hyphens or full stops, at
// most 64 in all, as XLSForm's names are written.
func ValidKey(s string) bool { return keyPattern.MatchString(s) }

// keys gives each question without a key its default, and checks that
// every key is well formed and used once in the set: a later cycle finds
// the question by it.
func (v *validator) keys(path string, qs []Question) {
	seen := map[string]int{}
	for i := range qs {
		if qs[i].Key == "" {
			qs[i].Key = DefaultKey(i + 1)
		}
		kpath := fmt.Sprintf("%s.questions[%d].key", path, i)
		key := qs[i].Key
		if !ValidKey(key) {
			v.addf(kpath, "%q must start with a letter or an underscore, then letters, digits, _, - or . (at most 64)", key)
			continue
		}
		if j, dup := seen[key]; dup {
			v.addf(kpath, "%q already used by questions[%d]; each question of a set needs its own key", key, j)
			continue
		}
		seen[key] = i
	}
}

// follows checks the slug of the consultation the file follows. Whether
// that consultation exists is for the store to say, when the file loads.
func (v *validator) follows(f *File) {
	switch {
	case f.Follows == "":
	case !ValidSlug(f.Follows):
		v.addf("follows", "%q is not the name of a consultation: lowercase letters and digits in words joined by single hyphens", f.Follows)
	case f.Follows == f.Slug:
		v.addf("follows", "a consultation cannot follow itself; name the earlier consultation")
	}
}
