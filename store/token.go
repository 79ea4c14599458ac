package store

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// newToken returns a random access token (256 bits, URL-safe) and the hash
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
