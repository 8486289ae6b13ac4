package aws

import (
	"context"
	"math"
	"sort"
	"sync"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/smithy-go/middleware"
	"golang.org/x/time/rate"
)

// Limiter paces the scanner's API calls the way AWS rate-limits them: one
// adaptive token bucket per account × region × API, and one bound on the
// calls in flight across everything that shares the Limiter (every account
// of an organisation scan).
//
// A bucket starts unlimited, since the limits are not published. The first
// throttling answer sets its rate just below the rate of successful calls
// measured over the last second; every success then raises it by a little
// (0.5 %; 2 % while well below the rate of the last throttle), every
// further throttle lowers it by 7 % — at most once per
// round trip, so that a burst of throttled calls already in flight counts as
// one signal. Throttled attempts are retried at once: the bucket, not a
// back-off sleep, decides when they go.
//
// AWS gives an API the same limit in every account and region, so a bucket
// opened after the API was throttled elsewhere starts at the rate that got
// through there instead of unlimited: an organisation's fifty accounts do
// not each learn the limit again through a burst of throttles.
type Limiter struct {
	inflight chan struct{}
	mu       sync.Mutex
	keys     map[string]*apiLimiter
	// learned is, per API ("IAM:ListMFADevices"), the rate that got
	// through at its latest throttle in any bucket.
	learned map[string]float64
}

// DefaultMaxInFlight bounds the calls in flight when Options leave it 0.
const DefaultMaxInFlight = 64

// NewLimiter returns a limiter allowing maxInFlight calls at once.
func NewLimiter(maxInFlight int) *Limiter {
	if maxInFlight <= 0 {
		maxInFlight = DefaultMaxInFlight
	}
	return &Limiter{inflight: make(chan struct{}, maxInFlight), keys: map[string]*apiLimiter{}, learned: map[string]float64{}}
}

// LimiterStats sums up what a limiter saw.
type LimiterStats struct {
	// Keys is the number of account × region × API buckets; Throttled how
	// many of them were ever throttled.
	Keys, Throttled int
}

// Stats returns what the limiter saw so far.
func (l *Limiter) Stats() LimiterStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	st := LimiterStats{Keys: len(l.keys)}
	for _, k := range l.keys {
		k.mu.Lock()
		if k.throttles > 0 {
			st.Throttled++
		}
		k.mu.Unlock()
	}
	return st
}

func (l *Limiter) get(key, api string) *apiLimiter {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := l.keys[key]
	if k == nil {
		k = &apiLimiter{lim: rate.NewLimiter(rate.Inf, 1), turn: make(chan struct{}, 1)}
		if r := l.learned[api]; r > 0 {
			// Throttled elsewhere: start at the rate that got through
			// there, probing upwards slowly as after a cut.
			now := time.Now()
			k.lim.SetLimitAt(now, rate.Limit(r))
			k.wmax, k.lastCut = r, now
		}
		l.keys[key] = k
	}
	return k
}

// learn records the rate that got through an API's bucket at a throttle.
func (l *Limiter) learn(api string, r float64) {
	l.mu.Lock()
	l.learned[api] = r
	l.mu.Unlock()
}

// apiLimiter is one account × region × API.
type apiLimiter struct {
	lim *rate.Limiter
	// turn is held by the one call watching the bucket (see wait).
	turn chan struct{}
	mu   sync.Mutex
	// ok holds the times of recent successes, a ring of okCap.
	ok        [okCap]time.Time
	okN       int
	first     time.Time
	lastCut   time.Time
	throttles int
	// wmax is the rate at the last throttle.
	wmax float64
	// guess is set while the rate is the first cut of a bucket younger
	// than okWindow: what got through then was the API's burst, not its
	// rate, so the rate climbs fast until the next throttle measures it.
	guess bool
}

const (
	okCap      = 512
	okWindow   = time.Second
	minRate    = 0.2 // calls per second: never stop altogether
	cutFactor  = 0.93
	growFactor = 1.005
	maxGrow    = 0.1
)

func (a *apiLimiter) success(now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.ok[a.okN%okCap] = now
	a.okN++
	if r := a.lim.Limit(); r != rate.Inf {
		// Each full second without a throttle doubles the step, so that a
		// rate cut too far comes back in a few seconds, not minutes.
		step := growFactor - 1
		for quiet := now.Sub(a.lastCut); quiet > time.Second && step < maxGrow; quiet -= time.Second {
			step *= 2
		}
		// Well below the rate of the last throttle, come back quickly;
		// near it, probe slowly.
		if float64(r) < a.wmax*0.97 {
			step = max(step, 0.02)
		}
		if a.guess {
			step = maxGrow
		}
		a.lim.SetLimitAt(now, r*rate.Limit(1+min(step, maxGrow)))
	}
}

// measured is the rate of recent successes, per second (0: none known).
func (a *apiLimiter) measured(now time.Time) float64 {
	const few = 5
	span := max(okWindow/2, min(okWindow, now.Sub(a.first)))
	n := min(a.okN, okCap)
	recent := make([]time.Time, 0, n)
	for i := 0; i < n; i++ {
		recent = append(recent, a.ok[i])
	}
	sort.Slice(recent, func(i, j int) bool { return recent[i].After(recent[j]) }) // newest first
	k := 0
	for k < len(recent) && now.Sub(recent[k]) <= span {
		k++
	}
	if k >= few || k == len(recent) {
		return float64(k) / span.Seconds()
	}
	k = min(few, len(recent))
	if d := now.Sub(recent[k-1]); d > 0 {
		return float64(k) / d.Seconds()
	}
	return 0
}

// wait blocks until the bucket has a token at its current rate. It holds
// no reservation while it waits: golang.org/x/time/rate's Wait reserves a
// slot at the rate in force when the call joins the queue, so a long queue
// would go on at the old rate long after a cut, its throttles unheeded.
//
// Only the call at the head of the queue (holding turn) watches the bucket,
// so that a long queue does not wake up whole at every token.
func (a *apiLimiter) wait(ctx context.Context) error {
	select {
	case a.turn <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-a.turn }()
	for {
		now := time.Now()
		r := a.lim.ReserveN(now, 1)
		d := r.DelayFrom(now)
		if r.OK() && d == 0 {
			return nil
		}
		r.CancelAt(now)
		if d <= 0 {
			d = time.Millisecond
		}
		t := time.NewTimer(d)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
	}
}

// throttled lowers the rate after a throttle of a call sent at sent. When
// it cuts, it returns the rate that got through, and cut is true.
func (a *apiLimiter) throttled(sent, now time.Time) (through float64, cut bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.throttles++
	if !sent.After(a.lastCut) {
		return 0, false // sent before the last cut: the same signal
	}
	a.lastCut = now
	r := float64(a.lim.Limit())
	// The rate AWS let through: the successes of the last second (or since
	// the first call, when younger than that, but no less than half a
	// second); at low rates, over the last few successes instead, so that
	// one second's count of 0, 1 or 2 does not decide.
	if measured := a.measured(now); measured > 0 {
		r = math.Min(r, measured)
	}
	if rate.Limit(r) == rate.Inf {
		// Nothing succeeded yet: a modest start. (rate.Inf is
		// math.MaxFloat64, not +Inf: a cut of it is still unlimited.)
		r = 10
	}
	a.wmax = r
	// The first throttle of a young bucket (its first calls all went at
	// once) says how many the API lets through in a burst, and little of
	// its rate: 5 in the first tenth of a second read as 10/s where AWS
	// allowed 20, and the bucket took seconds to climb back.
	a.guess = a.throttles == 1 && now.Sub(a.first) < okWindow
	a.lim.SetLimitAt(now, rate.Limit(math.Max(minRate, r*cutFactor)))
	a.lim.SetBurstAt(now, 1)
	return r, true
}

// Wrap returns cfg with the limiter in front of every attempt of every call,
// the standard retryer without its own back-off for throttling, and expired
// assumed-role sessions refreshed and retried. label names the account in
// the buckets' keys.
func (l *Limiter) Wrap(cfg sdkaws.Config, label string) sdkaws.Config {
	cfg = cfg.Copy()
	cfg.Retryer = func() sdkaws.Retryer {
		return retry.NewStandard(func(o *retry.StandardOptions) {
			// Throttled attempts wait for the limiter, not a back-off: allow
			// more of them than the SDK's default.
			o.MaxAttempts = 20
			// Throttles are paced by the limiter; a retry quota would make a
			// long throttled scan give up half-way.
			o.RateLimiter = ratelimit.None
			std := retry.NewExponentialJitterBackoff(20 * time.Second)
			o.Backoff = retry.BackoffDelayerFunc(func(attempt int, err error) (time.Duration, error) {
				if throttleErr(err) || expiredErr(err) {
					return 0, nil
				}
				return std.BackoffDelay(attempt, err)
			})
			o.Retryables = append(o.Retryables, retry.IsErrorRetryableFunc(func(err error) sdkaws.Ternary {
				if expiredErr(err) {
					return sdkaws.TrueTernary
				}
				return sdkaws.UnknownTernary
			}))
		})
	}
	creds, _ := cfg.Credentials.(*sdkaws.CredentialsCache)
	cfg.APIOptions = append(cfg.APIOptions, func(st *middleware.Stack) error {
		return st.Finalize.Insert(&limitMiddleware{l: l, label: label, creds: creds}, "Retry", middleware.After)
	})
	return cfg
}

var throttles = retry.IsErrorThrottles(retry.DefaultThrottles)

func throttleErr(err error) bool { return throttles.IsErrorThrottle(err) == sdkaws.TrueTernary }

// expiredErr reports an answer saying the session's credentials expired.
func expiredErr(err error) bool {
	switch ErrorCode(err) {
	case "ExpiredToken", "ExpiredTokenException", "RequestExpired", "TokenRefreshRequired":
		return true
	}
	return false
}

type limitMiddleware struct {
	l     *Limiter
	label string
	creds *sdkaws.CredentialsCache
}

func (*limitMiddleware) ID() string { return "MamoriLimiter" }

func (m *limitMiddleware) HandleFinalize(ctx context.Context, in middleware.FinalizeInput, next middleware.FinalizeHandler) (middleware.FinalizeOutput, middleware.Metadata, error) {
	api := awsmw.GetServiceID(ctx) + ":" + awsmw.GetOperationName(ctx)
	key := m.label + "/" + awsmw.GetRegion(ctx) + "/" + api
	a := m.l.get(key, api)
	entered := time.Now()
	a.mu.Lock()
	if a.first.IsZero() {
		a.first = entered
	}
	a.mu.Unlock()
	if err := a.wait(ctx); err != nil {
		return middleware.FinalizeOutput{}, middleware.Metadata{}, err
	}
	// A call is judged by when it was sent: a call sent before a cut went
	// at the old rate, and its throttle is the same signal as the one that
	// caused the cut. (wait reserves nothing ahead, so every call sent
	// after a cut was paced at the new rate.)
	sent := time.Now()
	select {
	case m.l.inflight <- struct{}{}:
	case <-ctx.Done():
		return middleware.FinalizeOutput{}, middleware.Metadata{}, ctx.Err()
	}
	out, md, err := next.HandleFinalize(ctx, in)
	<-m.l.inflight
	now := time.Now()
	switch {
	case throttleErr(err):
		if r, cut := a.throttled(sent, now); cut {
			m.l.learn(api, r)
		}
	case expiredErr(err) && m.creds != nil:
		// The session ran out before the cache's early refresh (a clock
		// off, or a session revoked): fetch a new one for the retry.
		m.creds.Invalidate()
	case err == nil || ErrorCode(err) != "":
		// Any answer but a throttle went through AWS's limit: "no such
		// policy" counts like a success.
		a.success(now)
	}
	return out, md, err
}
