package store

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Failed sign-ins slow down, they never lock out: after freeFailures, each
// further attempt waits twice as long as the one before, from a second up
// to maxSignInDelay. The address's failures slow that address down; the
// account's slow down only addresses that have been failing themselves, so
// that someone who guesses at an account never keeps its owner out.
const (
	freeFailures     = 5
	maxSignInDelay   = 15 * time.Minute
	failureMemory    = 24 * time.Hour // as long as rate_events are kept
	secondFactorTTL  = 10 * time.Minute
	maxCodeFailures  = 5
	signInAddressKey = "signin:address:"
	signInAccountKey = "signin:account:"
)

var errBadSignIn = Errorf(KindUnauthorized, "invalid_credentials", "The email address or the password is not right.")

// SignIn checks a reviewer's password and starts a session, returning the
// reviewer and the session's token (kept only as a hash). The session is
// full, or waits for the second factor when the account has one, or for
// enrolment when an administrator has none yet.
//
// Each attempt is counted before the password is compared, so that guesses
// sent in parallel cannot slip under the delays together; a successful one
// is taken back off the count. An attempt that comes too soon after the
// last failures gets a rate_limited error carrying retry_after (seconds)
// in its Data; a right password from an address that has not been failing
// is never refused.
func (s *Store) SignIn(ctx context.Context, email, password, addr string) (*Reviewer, string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	keys := []string{signInAddressKey + addr, signInAccountKey + email}
	at, wait, err := s.reserveSignIn(ctx, keys[0], keys[1])
	if err != nil {
		return nil, "", fmt.Errorf("sign in: %w", err)
	}
	if wait > 0 {
		return nil, "", tooSoon(wait)
	}
	r, err := s.checkPassword(ctx, email, password)
	if err != nil {
		return nil, "", err
	}
	if err := s.releaseRateEvents(ctx, keys, at); err != nil {
		return nil, "", fmt.Errorf("sign in: %w", err)
	}
	stage, err := s.firstStage(ctx, r)
	if err != nil {
		return nil, "", err
	}
	token, err := s.startReviewerSession(ctx, r, stage, addr)
	if err != nil {
		return nil, "", err
	}
	return r, token, nil
}

// tooSoon is the error of an attempt that must wait.
func tooSoon(wait time.Duration) *Error {
	secs := int(math.Ceil(wait.Seconds()))
	e := Errorf(KindRateLimited, "too_many_attempts",
		"Too many failed sign-in attempts from here. Wait %d seconds, then try again.", secs)
	e.Data = map[string]any{"retry_after": secs}
	return e
}

// signInDelay is how long to wait after the last of n failures.
func signInDelay(n int) time.Duration {
	if n < freeFailures {
		return 0
	}
	if n-freeFailures >= 10 { // 2^10 s is past the ceiling already
		return maxSignInDelay
	}
	return min(time.Duration(1<<(n-freeFailures))*time.Second, maxSignInDelay)
}

// reserveSignIn counts one attempt under the address's and the account's
// keys, unless one of them must still wait: then it counts nothing and
// returns how long. It returns the time the events carry, which
// releaseRateEvents needs. Old events are forgotten on the way.
func (s *Store) reserveSignIn(ctx context.Context, addrKey, acctKey string) (at time.Time, wait time.Duration, err error) {
	err = s.withRateKeysLocked(ctx, []string{addrKey, acctKey}, func(tx pgx.Tx) error {
		var nAddr, nAcct int
		var lastAddr, lastAcct time.Time
		err := tx.QueryRow(ctx, `
			WITH old AS (DELETE FROM rate_events WHERE at < now() - interval '1 day'),
			f AS (SELECT key, count(*) AS n, max(at) AS last FROM rate_events
				WHERE key IN ($1, $2) AND at > now() - make_interval(secs => $3) GROUP BY key)
			SELECT now(),
				coalesce((SELECT n FROM f WHERE key = $1), 0), coalesce((SELECT last FROM f WHERE key = $1), now()),
				coalesce((SELECT n FROM f WHERE key = $2), 0), coalesce((SELECT last FROM f WHERE key = $2), now())`,
			addrKey, acctKey, failureMemory.Seconds()).Scan(&at, &nAddr, &lastAddr, &nAcct, &lastAcct)
		if err != nil {
			return err
		}
		wait = signInDelay(nAddr) - at.Sub(lastAddr)
		if nAddr > 0 {
			wait = max(wait, signInDelay(nAcct)-at.Sub(lastAcct))
		}
		if wait > 0 {
			return nil
		}
		_, err = tx.Exec(ctx, `INSERT INTO rate_events (key, at) VALUES ($1, $3), ($2, $3)`, addrKey, acctKey, at)
		return err
	})
	return at, wait, err
}

// sessionTTL is how long a session at stage lasts: a half-signed-in one
// only long enough to type a code.
func sessionTTL(stage string) time.Duration {
	if stage == StageSecondFactor {
		return secondFactorTTL
	}
	return ReviewerSessionTTL
}
