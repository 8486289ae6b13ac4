package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Headers of a generic webhook's request. The signature is
//
//	"sha256=" + hex(HMAC-SHA256(key, timestamp + "." + body))
//
// where timestamp is the exact value of HeaderTimestamp (Unix seconds) and
// body the request body's bytes as received. A receiver recomputes it with
// its copy of the key, compares in constant time, refuses a timestamp more
// than a few minutes from its clock, and remembers the HeaderDelivery IDs it
// accepted within that window to refuse a replay (a retry of the same
// delivery has the same ID and a new timestamp). Verify does the first
// three.
const (
	HeaderSignature = "X-Mamori-Signature"
	HeaderTimestamp = "X-Mamori-Timestamp"
	HeaderDelivery  = "X-Mamori-Delivery"
	HeaderEvent     = "X-Mamori-Event"
)

// DefaultTolerance is how far a webhook's timestamp may be from the
// receiver's clock.
const DefaultTolerance = 5 * time.Minute

// Sign returns the HeaderSignature value of body sent at timestamp ts.
func Sign(key []byte, ts string, body []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Errors of Verify.
var (
	ErrBadSignature = errors.New("webhook signature does not match")
	ErrStale        = errors.New("webhook timestamp is outside the tolerance (a replay, or a clock far off)")
)

// Verify checks a generic webhook request as a receiver must: the
// signature header against the body and the timestamp header, and the
// timestamp against now within tolerance (0: DefaultTolerance). Receivers
// should also refuse a HeaderDelivery ID they accepted before.
func Verify(key []byte, signature, timestamp string, body []byte, now time.Time, tolerance time.Duration) error {
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	sec, err := strconv.ParseInt(strings.TrimSpace(timestamp), 10, 64)
	if err != nil {
		return ErrStale
	}
	want := Sign(key, timestamp, body)
	if !hmac.Equal([]byte(want), []byte(strings.TrimSpace(signature))) {
		return ErrBadSignature
	}
	if d := now.Sub(time.Unix(sec, 0)); d > tolerance || d < -tolerance {
		return ErrStale
	}
	return nil
}
