package xlsform

import (
	"github.com/vaconsult/vaconsult/questionset"
	"github.com/vaconsult/vaconsult/store/domain"
)

// keyOr returns key, or the name a question of that number takes when its
// file gives no key.
func keyOr(key string, number int) string {
	if key != "" {
		return key
	}
	return questionName(number)
}

// statesKeys returns the keys of f's States Parties' questions by number,
// which the survivors' rows that answer back to one name.
func statesKeys(f *questionset.File) map[int]string {
	out := map[int]string{}
	for _, s := range f.QuestionSets {
		if s.Audience != domain.AudienceStatesParties {
			continue
		}
		for _, q := range s.Questions {
			out[q.Number] = q.Key
		}
	}
	return out
}
