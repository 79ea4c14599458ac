package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
)

// The second factor: six-digit codes that change every 30 seconds (RFC
// 6238, as every authenticator app reads them), one step of clock drift
// allowed either way, and ten single-use recovery codes.
const (
	totpIssuer    = "vaconsult"
	totpPeriod    = 30
	recoveryCodes = 10
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Skew: 0, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// Enrolment is a new second factor offered to a reviewer: the secret as
// text, as an otpauth:// address, and as a QR code (a PNG data URI).
type Enrolment struct {
	Secret string
	URL    string
	QR     string
}

var (
	errAlreadyEnrolled = Errorf(KindConflict, "second_factor_enrolled", "This account already has a second factor.")
	errBadCode         = &Error{Kind: KindValidation, Code: "invalid_code", Message: "This code is not right, or has been used.",
		Fields: map[string]string{"code": "is not right, or has been used"}}
)

// HasSecondFactor reports whether r has enrolled a second factor.
func (s *Store) HasSecondFactor(ctx context.Context, r *Reviewer) (bool, error) {
	var has bool
	err := s.pool.QueryRow(ctx, `SELECT totp_secret IS NOT NULL FROM reviewers WHERE id = $1`, r.ID).Scan(&has)
	if err != nil {
		return false, fmt.Errorf("second factor: %w", notFound(err))
	}
	return has, nil
}

// firstStage is the stage a session of r starts at once the password is
// right.
func (s *Store) firstStage(ctx context.Context, r *Reviewer) (string, error) {
	has, err := s.HasSecondFactor(ctx, r)
	switch {
	case err != nil:
		return "", err
	case has:
		return StageSecondFactor, nil
	case r.IsAdmin():
		return StageEnrol, nil
	}
	return StageFull, nil
}

// BeginEnrolment makes a new secret for r and keeps it until r confirms it
// with a code; each call replaces the one before, so a secret is shown
// once. It returns a conflict error when r has a second factor already.
func (s *Store) BeginEnrolment(ctx context.Context, r *Reviewer) (*Enrolment, error) {
	en, err := newEnrolment(r.Email, nil)
	if err != nil {
		return nil, err
	}
	tag, err := s.pool.Exec(ctx, `UPDATE reviewers SET totp_pending = $2 WHERE id = $1 AND totp_secret IS NULL`, r.ID, en.Secret)
	if err != nil {
		return nil, fmt.Errorf("second factor: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return nil, errAlreadyEnrolled
	}
	return en, nil
}

// PendingEnrolment returns the secret BeginEnrolment last offered r, for a
// person who mistyped the first code to try again with what they scanned.
// It returns a conflict error when r has a second factor already, and
// ErrNotFound when none is pending.
func (s *Store) PendingEnrolment(ctx context.Context, r *Reviewer) (*Enrolment, error) {
	var secret, pending *string
	err := s.pool.QueryRow(ctx, `SELECT totp_secret, totp_pending FROM reviewers WHERE id = $1`, r.ID).Scan(&secret, &pending)
	switch {
	case err != nil:
		return nil, fmt.Errorf("second factor: %w", notFound(err))
	case secret != nil:
		return nil, errAlreadyEnrolled
	case pending == nil:
		return nil, ErrNotFound
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(*pending)
	if err != nil {
		return nil, fmt.Errorf("second factor: %w", err)
	}
	return newEnrolment(r.Email, raw)
}

// newEnrolment describes the secret raw (a new random one when nil) for
// the account email.
func newEnrolment(email string, raw []byte) (*Enrolment, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: email, Period: totpPeriod, Secret: raw})
	if err != nil {
		return nil, fmt.Errorf("second factor: %w", err)
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return nil, fmt.Errorf("second factor: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("second factor: %w", err)
	}
	return &Enrolment{Secret: key.Secret(), URL: key.URL(),
		QR: "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}

// ConfirmEnrolment turns r's pending secret into its second factor when
// code is right for it, lets the session of sessionToken through if it was
// waiting for this, and returns new recovery codes, shown once and kept
// only as hashes. A wrong code gets a validation error naming "code".
func (s *Store) ConfirmEnrolment(ctx context.Context, r *Reviewer, sessionToken, code string) ([]string, error) {
	var codes []string
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var pending *string
		err := tx.QueryRow(ctx, `SELECT totp_pending FROM reviewers WHERE id = $1 AND totp_secret IS NULL FOR UPDATE`, r.ID).Scan(&pending)
		if errors.Is(err, pgx.ErrNoRows) {
			return errAlreadyEnrolled
		}
		if err != nil {
			return err
		}
		step, ok := matchCode(pending, code, time.Now())
		if !ok {
			return errBadCode
		}
		if _, err := tx.Exec(ctx, `UPDATE reviewers SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = $2
			WHERE id = $1`, r.ID, step); err != nil {
			return err
		}
		if codes, err = replaceRecoveryCodes(ctx, tx, r.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE reviewer_sessions SET stage = 'full'
			WHERE token_hash = $1 AND reviewer_id = $2 AND stage = 'enrol'`, hashToken(sessionToken), r.ID); err != nil {
			return err
		}
		return insertAudit(ctx, tx, Audit{Actor: r.Actor(), Action: "reviewer.second_factor_enrol"})
	})
	if err != nil {
		return nil, wrapInternal("second factor", err)
	}
	return codes, nil
}

// CompleteSignIn lets a session waiting for the second factor through when
// code is the current code of the account's authenticator, unused, or one
// of its unused recovery codes (which is then used up). A wrong code gets
// a validation error naming "code"; after maxCodeFailures the session is
// ended, and the person starts again with the password, whose failures
// slow down.
func (s *Store) CompleteSignIn(ctx context.Context, sessionToken, code string) error {
	passed := false
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var id, reviewerID int64
		var secret *string
		var last *int64
		err := tx.QueryRow(ctx, `SELECT s.id, r.id, r.totp_secret, r.totp_last_step
			FROM reviewer_sessions s JOIN reviewers r ON r.id = s.reviewer_id
			WHERE s.token_hash = $1 AND s.stage = 'second-factor' AND s.revoked_at IS NULL AND s.expires_at > now()
			AND r.disabled_at IS NULL FOR UPDATE`, hashToken(sessionToken)).Scan(&id, &reviewerID, &secret, &last)
		if errors.Is(err, pgx.ErrNoRows) {
			return errNoReviewerSession
		}
		if err != nil {
			return err
		}
		ok, how, err := useCode(ctx, tx, reviewerID, secret, last, code)
		if err != nil || !ok {
			return err
		}
		passed = true
		if _, err := tx.Exec(ctx, `UPDATE reviewer_sessions SET stage = 'full',
			expires_at = now() + make_interval(secs => $2) WHERE id = $1`, id, ReviewerSessionTTL.Seconds()); err != nil {
			return err
		}
		return insertAudit(ctx, tx, Audit{Actor: fmt.Sprintf("reviewer:%d", reviewerID), Action: "reviewer.second_factor",
			Details: map[string]any{"with": how}})
	})
	if err != nil {
		return wrapInternal("second factor", err)
	}
	if passed {
		return nil
	}
	return s.countCodeFailure(ctx, sessionToken)
}

// countCodeFailure counts a wrong code against a session that is still
// waiting, and ends it at the limit.
func (s *Store) countCodeFailure(ctx context.Context, sessionToken string) error {
	var failures int
	err := s.pool.QueryRow(ctx, `UPDATE reviewer_sessions SET code_failures = code_failures + 1,
			revoked_at = CASE WHEN code_failures + 1 >= $2 THEN now() END
		WHERE token_hash = $1 AND stage = 'second-factor' AND revoked_at IS NULL RETURNING code_failures`,
		hashToken(sessionToken), maxCodeFailures).Scan(&failures)
	if errors.Is(err, pgx.ErrNoRows) || err == nil && failures >= maxCodeFailures {
		return errNoReviewerSession
	}
	if err != nil {
		return fmt.Errorf("second factor: %w", err)
	}
	return errBadCode
}

// useCode checks code against the authenticator's secret (a step not used
// before) and then the unused recovery codes, and uses it up. It reports
// which matched: "totp" or "recovery".
func useCode(ctx context.Context, tx pgx.Tx, reviewerID int64, secret *string, last *int64, code string) (bool, string, error) {
	if step, ok := matchCode(secret, code, time.Now()); ok && (last == nil || step > *last) {
		_, err := tx.Exec(ctx, `UPDATE reviewers SET totp_last_step = $2 WHERE id = $1`, reviewerID, step)
		return err == nil, "totp", err
	}
	tag, err := tx.Exec(ctx, `UPDATE reviewer_recovery_codes SET used_at = now()
		WHERE reviewer_id = $1 AND code_hash = $2 AND used_at IS NULL`, reviewerID, hashToken(normaliseRecoveryCode(code)))
	if err != nil {
		return false, "", err
	}
	return tag.RowsAffected() == 1, "recovery", nil
}

// matchCode returns the time step whose code, under secret, code is: the
// current one or one either side, for clocks that drift.
func matchCode(secret *string, code string, now time.Time) (int64, bool) {
	code = strings.Join(strings.Fields(code), "")
	if secret == nil || len(code) != 6 {
		return 0, false
	}
	step := now.Unix() / totpPeriod
	for _, d := range []int64{0, -1, 1} {
		want, err := totp.GenerateCodeCustom(*secret, time.Unix((step+d)*totpPeriod, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return step + d, true
		}
	}
	return 0, false
}

// replaceRecoveryCodes gives reviewerID fresh recovery codes in place of
// any it had, and returns them: 80 random bits each, in groups of four.
func replaceRecoveryCodes(ctx context.Context, tx pgx.Tx, reviewerID int64) ([]string, error) {
	if _, err := tx.Exec(ctx, `DELETE FROM reviewer_recovery_codes WHERE reviewer_id = $1`, reviewerID); err != nil {
		return nil, err
	}
	codes := make([]string, recoveryCodes)
	hashes := make([][]byte, recoveryCodes)
	for i := range codes {
		raw := strings.ToLower(rand.Text()[:16])
		codes[i] = raw[0:4] + "-" + raw[4:8] + "-" + raw[8:12] + "-" + raw[12:16]
		hashes[i] = hashToken(raw)
	}
	_, err := tx.Exec(ctx, `INSERT INTO reviewer_recovery_codes (reviewer_id, code_hash)
		SELECT $1, h FROM unnest($2::bytea[]) AS h`, reviewerID, hashes)
	return codes, err
}

// normaliseRecoveryCode drops the dashes and spaces people copy with a
// code, and its case.
func normaliseRecoveryCode(code string) string {
	return strings.ToLower(strings.NewReplacer("-", "", " ", "", "\t", "").Replace(code))
}

// ResetSecondFactor removes the second factor and recovery codes of the
// account with that email, and ends its sessions, for a reviewer who lost
// their device: they enrol again at their next sign-in (an administrator
// must). It returns ErrNotFound for no active account.
func (s *Store) ResetSecondFactor(ctx context.Context, email, actor string) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		r, err := scanReviewer(tx.QueryRow(ctx, `UPDATE reviewers SET totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL
			WHERE email = lower($1) AND disabled_at IS NULL RETURNING id, email, name, role, created_at`, strings.TrimSpace(email)))
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM reviewer_recovery_codes WHERE reviewer_id = $1`, r.ID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE reviewer_sessions SET revoked_at = now() WHERE reviewer_id = $1 AND revoked_at IS NULL`, r.ID); err != nil {
			return err
		}
		return insertAudit(ctx, tx, Audit{Actor: actor, Action: "reviewer.second_factor_reset", Subject: r.Actor()})
	})
}

// wrapInternal names what failed on an internal error, and leaves an error
// meant for the caller as it is.
func wrapInternal(what string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return fmt.Errorf("%s: %w", what, err)
}
