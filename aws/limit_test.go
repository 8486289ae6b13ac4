package aws

import (
	"math"
	"testing"
	"time"

	"github.com/aws/smithy-go"
	"golang.org/x/time/rate"
)

// The limiter's arithmetic, on a clock of its own: a throttle cuts the
// rate to just below what got through, throttles of calls sent before the
// cut are the same signal, and successes bring the rate back.
func TestAPILimiterAdapts(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := &apiLimiter{lim: rate.NewLimiter(rate.Inf, 1), first: t0}
	// 20 calls a second get through for two seconds.
	for i := 0; i < 40; i++ {
		a.success(t0.Add(time.Duration(i) * 50 * time.Millisecond))
	}
	if a.lim.Limit() != rate.Inf {
		t.Fatalf("limited before any throttle: %v", a.lim.Limit())
	}
	now := t0.Add(2 * time.Second)
	a.throttled(now.Add(-10*time.Millisecond), now)
	got := float64(a.lim.Limit())
	if want := 20 * cutFactor; math.Abs(got-want) > 1.5 {
		t.Fatalf("after the first throttle: %.2f/s, want about %.2f/s", got, want)
	}
	// A call sent before the cut and throttled after it is the same signal.
	a.throttled(now.Add(-5*time.Millisecond), now.Add(20*time.Millisecond))
	if r := float64(a.lim.Limit()); r != got {
		t.Errorf("a throttle sent before the cut cut again: %.2f -> %.2f", got, r)
	}
	// One sent after it cuts by cutFactor.
	later := now.Add(100 * time.Millisecond)
	a.throttled(later.Add(-time.Millisecond), later)
	if r := float64(a.lim.Limit()); r > got*cutFactor+1e-9 || r < minRate {
		t.Errorf("second cut: %.2f, want at most %.2f", r, got*cutFactor)
	}
	// Successes raise it again, never past the rate AWS allowed by much
	// within the first second, faster once below the last throttled rate.
	cut := float64(a.lim.Limit())
	for i := 1; i <= 10; i++ {
		a.success(later.Add(time.Duration(i) * 50 * time.Millisecond))
	}
	if r := float64(a.lim.Limit()); r <= cut || r > cut*math.Pow(1.02, 10)+1e-9 {
		t.Errorf("after 10 successes: %.2f (from %.2f)", r, cut)
	}
	if a.throttles != 3 {
		t.Errorf("throttles counted: %d", a.throttles)
	}
}

func TestLimiterErrorKinds(t *testing.T) {
	for _, c := range []struct {
		code              string
		throttle, expired bool
	}{
		{"Throttling", true, false},
		{"ThrottlingException", true, false},
		{"RequestLimitExceeded", true, false},
		{"SlowDown", true, false},
		{"ExpiredToken", false, true},
		{"ExpiredTokenException", false, true},
		{"AccessDenied", false, false},
	} {
		err := apiErr(c.code)
		if throttleErr(err) != c.throttle || expiredErr(err) != c.expired {
			t.Errorf("%s: throttle %v expired %v", c.code, throttleErr(err), expiredErr(err))
		}
	}
}

func apiErr(code string) error { return &smithy.GenericAPIError{Code: code, Message: "x"} }

// A bucket opened after its API was throttled in another account or region
// starts at the rate that got through there; other APIs start unlimited.
func TestLimiterLearnsAcrossBuckets(t *testing.T) {
	l := NewLimiter(0)
	a := l.get("111111111111/ap-northeast-1/IAM:ListMFADevices", "IAM:ListMFADevices")
	if a.lim.Limit() != rate.Inf {
		t.Fatalf("first bucket limited: %v", a.lim.Limit())
	}
	t0 := time.Now()
	for i := 0; i < 10; i++ {
		a.success(t0.Add(time.Duration(i) * 100 * time.Millisecond))
	}
	now := t0.Add(time.Second)
	r, cut := a.throttled(now.Add(-time.Millisecond), now)
	if !cut || r <= 0 {
		t.Fatalf("throttle did not cut: %v %v", r, cut)
	}
	l.learn("IAM:ListMFADevices", r)
	b := l.get("222222222222/ap-northeast-1/IAM:ListMFADevices", "IAM:ListMFADevices")
	if got := float64(b.lim.Limit()); got != r {
		t.Errorf("new bucket of the throttled API: %.2f/s, want %.2f/s", got, r)
	}
	if c := l.get("222222222222/ap-northeast-1/IAM:ListAccessKeys", "IAM:ListAccessKeys"); c.lim.Limit() != rate.Inf {
		t.Errorf("another API's bucket limited: %v", c.lim.Limit())
	}
}

// A throttle that comes back before any call of its bucket succeeded (the
// first calls of a bucket all sent at once) must still limit the bucket:
// rate.Inf is math.MaxFloat64, and a cut of it by cutFactor was as good as
// unlimited, so one user's ListAccessKeys spent all its 20 attempts in 10 ms
// (TestIAMThrottled, once in CI).
func TestLimiterFirstThrottleBeforeAnySuccess(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := &apiLimiter{lim: rate.NewLimiter(rate.Inf, 1), first: t0}
	r, cut := a.throttled(t0, t0.Add(time.Millisecond))
	if !cut {
		t.Fatal("the first throttle did not cut")
	}
	if got := float64(a.lim.Limit()); got > 10 || got < minRate {
		t.Fatalf("after a throttle before any success: %g/s, want a modest finite rate (at most 10/s)", got)
	}
	if r > 10 {
		t.Errorf("rate learned for other buckets: %g/s", r)
	}
	// The next call waits for the bucket instead of going at once a second time.
	now := t0.Add(2 * time.Millisecond)
	a.lim.ReserveN(now, 1)
	if d := a.lim.ReserveN(now, 1).DelayFrom(now); d < 50*time.Millisecond {
		t.Errorf("second call after the cut may go in %v", d)
	}
}

// The first throttle of a bucket whose first calls went at once measures
// the API's burst, not its rate: the rate then climbs fast until the next
// throttle, and at the usual pace after that.
func TestLimiterFirstCutOfABurstClimbsFast(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := &apiLimiter{lim: rate.NewLimiter(rate.Inf, 1), first: t0}
	for i := 0; i < 5; i++ {
		a.success(t0.Add(30 * time.Millisecond))
	}
	now := t0.Add(60 * time.Millisecond)
	a.throttled(now.Add(-time.Millisecond), now)
	cut := float64(a.lim.Limit())
	if cut > 10 {
		t.Fatalf("first cut: %.2f/s, want the burst's estimate (at most 10/s)", cut)
	}
	for i := 1; i <= 10; i++ {
		a.success(now.Add(time.Duration(i) * 100 * time.Millisecond))
	}
	r := float64(a.lim.Limit())
	if r < cut*math.Pow(1+maxGrow, 10)*0.999 {
		t.Errorf("after 10 successes past a first cut from a burst: %.2f/s (from %.2f), want about %.2f", r, cut, cut*math.Pow(1+maxGrow, 10))
	}
	// A second throttle measures the rate: the climb is slow again.
	later := now.Add(1100 * time.Millisecond)
	a.throttled(later.Add(-time.Millisecond), later)
	second := float64(a.lim.Limit())
	for i := 1; i <= 10; i++ {
		a.success(later.Add(time.Duration(i) * 50 * time.Millisecond))
	}
	if r := float64(a.lim.Limit()); r > second*math.Pow(1.02, 10)+1e-9 {
		t.Errorf("after a second throttle, 10 successes took the rate from %.2f to %.2f/s: still climbing fast", second, r)
	}
}
