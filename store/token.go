package store

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// newToken returns a random session token (256 bits, URL-safe) and the hash
// under which it is stored. The token itself is never stored.
func newToken() (token string, hash []byte) {
	b := make([]byte, 32)
	rand.Read(b) // never fails: see crypto/rand
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// plausibleToken rejects, before any query, strings that newToken cannot
// have made.
func plausibleToken(token string) bool {
	if len(token) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(token)
	return err == nil
}

// accessAlphabet holds the symbols of an access token: digits and capital
// letters without those read or typed for one another (0 and O, 1 and I
// and l). 32 symbols, 5 bits each.
const accessAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"

const (
	accessGroups    = 7 // of accessGroupSize symbols: 140 bits
	accessGroupSize = 4
	accessSymbols   = accessGroups * accessGroupSize
)

// newAccessToken returns a random access token, such as
// 7KQM-2XHD-RW9C-P4TN-JB6F-ZE8S-VA3G (140 bits), and the hash under which
// it is stored: that of the token as issued, to which accessTokenHash
// brings it back whatever the case and the dashes or spaces it is typed
// with. The token itself is never stored.
func newAccessToken() (token string, hash []byte) {
	b := make([]byte, accessSymbols)
	rand.Read(b) // never fails: see crypto/rand
	for i, v := range b {
		b[i] = accessAlphabet[v&31] // 256 is a multiple of 32: no bias
	}
	token = groupAccessToken(b)
	return token, hashToken(token)
}

// accessTokenHash returns the hash under which an access token is stored,
// or false for a string that no access link can hold. A token of the
// grouped alphabet is read in any case, with or without dashes or spaces;
// a token of the earlier 43-character form is hashed as it is, so links
// issued before keep working.
func accessTokenHash(token string) ([]byte, bool) {
	if plausibleToken(token) {
		return hashToken(token), true
	}
	if len(token) > 4*accessSymbols {
		return nil, false
	}
	norm := make([]byte, 0, accessSymbols)
	for i := 0; i < len(token); i++ {
		ch := token[i]
		switch {
		case ch == '-' || ch == ' ':
			continue
		case 'a' <= ch && ch <= 'z':
			ch -= 'a' - 'A'
		}
		if strings.IndexByte(accessAlphabet, ch) < 0 || len(norm) == accessSymbols {
			return nil, false
		}
		norm = append(norm, ch)
	}
	if len(norm) != accessSymbols {
		return nil, false
	}
	return hashToken(groupAccessToken(norm)), true
}

// groupAccessToken writes an access token's symbols in groups joined by
// dashes, as it is issued and hashed.
func groupAccessToken(symbols []byte) string {
	var sb strings.Builder
	for i, ch := range symbols {
		if i > 0 && i%accessGroupSize == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(ch)
	}
	return sb.String()
}
