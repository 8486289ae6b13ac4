// Package notify sends mamori's notifications — about vulnerability cases
// and the event audit's alerts — by e-mail (SMTP), Slack, Microsoft Teams
// and a generic signed webhook, in each recipient's language, and records
// every delivery in a mamori.DeliveryStore: sent, pending (retried with
// exponential back-off) or failed (given up).
//
// Who receives what, where, and in which language is a YAML Config (see
// docs/notify.md). Secrets — the SMTP password, webhook URLs, signing keys —
// are read from environment variables or files the Config names, when a
// message is sent; they are never stored, logged or reported: a delivery
// names an e-mail address or a webhook's host, and error messages are built
// from hosts and scrubbed of every secret.
package notify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/mamori-sec/mamori"
)

// Interface guard.
var _ mamori.Notifier = (*Notifier)(nil)

// Channel "none": the delivery recorded when the recipient has no channels
// in the configuration (so that the omission shows in mamori notify list).
const NoChannel = "none"

// attemptTimeout bounds one attempt on one channel.
const attemptTimeout = 30 * time.Second

// lease is how long a delivery taken by Retry is kept from other retrying
// processes.
const lease = 10 * time.Minute

// Notifier sends notifications as its Config says and records them in
// Store. It is safe for concurrent use once set up.
type Notifier struct {
	Config *Config
	Store  mamori.DeliveryStore
	// Now is the clock (nil: time.Now).
	Now func() time.Time
	// HTTPClient posts to webhooks (nil: a client with a 30s timeout that
	// does not follow redirects).
	HTTPClient *http.Client
	// LookupEnv reads environment variables (nil: os.LookupEnv).
	LookupEnv func(string) (string, bool)

	// down holds the channels that failed during this run (since the
	// Notifier was made, or since Retry started), with
	// the reason: later deliveries to them are recorded pending without
	// being tried, so that one unreachable webhook does not hold up a run
	// that notifies many alerts by its timeout each time.
	mu   sync.Mutex
	down map[string]string
}

// New returns a Notifier.
func New(cfg *Config, store mamori.DeliveryStore, now func() time.Time) *Notifier {
	return &Notifier{Config: cfg, Store: store, Now: now}
}

func (nf *Notifier) now() time.Time {
	if nf.Now != nil {
		return nf.Now()
	}
	return time.Now()
}

func (nf *Notifier) lookupEnv(k string) (string, bool) {
	if nf.LookupEnv != nil {
		return nf.LookupEnv(k)
	}
	return os.LookupEnv(k)
}

// Notify records one delivery of n per channel of its recipient, then tries
// each once. A delivery that fails is left pending for Retry (or failed, if
// the recipient has no channels or a single attempt is configured). The
// error is about recording only: n is invalid, or the store failed; a
// channel that could not be reached is in the returned deliveries.
func (nf *Notifier) Notify(ctx context.Context, n mamori.Notification) ([]mamori.Delivery, error) {
	n.Tenant = mamori.TenantOr(n.Tenant)
	if n.To == "" || n.Event == "" {
		return nil, errors.New("notify: a notification needs a recipient and an event")
	}
	if n.Topic == "" {
		n.Topic = n.Event
	}
	now := nf.now().UTC()
	rc := nf.Config.Recipient(n.To)
	if rc == nil {
		d := []mamori.Delivery{{Channel: NoChannel, Status: mamori.DeliveryFailed, LastError: nf.noRecipient(n.To)}}
		if err := nf.Store.AddDeliveries(ctx, n, d); err != nil {
			return nil, err
		}
		return d, nil
	}
	chans := rc.channels()
	ds := make([]mamori.Delivery, len(chans))
	for i, c := range chans {
		ds[i] = mamori.Delivery{Channel: c.kind, Target: nf.target(c), Status: mamori.DeliveryPending, NextAt: now}
	}
	// Recorded before anything is sent: if mamori stops half-way, Retry
	// finds what is left.
	if err := nf.Store.AddDeliveries(ctx, n, ds); err != nil {
		return nil, err
	}
	var errs []error
	for i, c := range chans {
		if err := nf.attempt(ctx, &ds[i], &n, rc, c); err != nil {
			errs = append(errs, err)
		}
	}
	return ds, errors.Join(errs...)
}

func (nf *Notifier) noRecipient(name string) string {
	if p := nf.Config.Path(); p != "" {
		return fmt.Sprintf("%q is not a recipient in %s", name, p)
	}
	return fmt.Sprintf("%q is not a recipient in the notification configuration", name)
}

// target is what a delivery names: the address, or the webhook's host.
func (nf *Notifier) target(c channel) string {
	if c.kind == Email {
		return c.address
	}
	u, _, err := nf.hookURL(c.hook)
	if err != nil {
		return ""
	}
	return u.Host
}

// attempt sends d once and records the outcome; the error is the store's.
func (nf *Notifier) attempt(ctx context.Context, d *mamori.Delivery, n *mamori.Notification, rc *Recipient, c channel) error {
	if ctx.Err() != nil {
		return ctx.Err() // stopped: d stays pending as recorded
	}
	key := n.To + "\x00" + c.kind + "\x00" + c.address
	nf.mu.Lock()
	why, down := nf.down[key]
	nf.mu.Unlock()
	if down {
		d.Status, d.LastError = mamori.DeliveryPending, "not tried: "+why
		d.NextAt = nf.now().UTC().Add(nf.Config.Retry.First)
		return nf.Store.UpdateDelivery(ctx, d)
	}
	actx, cancel := context.WithTimeout(ctx, attemptTimeout)
	m := Render(nf.Config.LangOf(rc), *n)
	var err error
	switch c.kind {
	case Email:
		err = nf.sendEmail(actx, c.address, m)
	case Slack:
		err = nf.sendSlack(actx, c.hook, m)
	case Teams:
		err = nf.sendTeams(actx, c.hook, m)
	case WebhookKind:
		err = nf.sendWebhook(actx, c.signer, d, n, m)
	default:
		err = &sendError{msg: "unknown channel " + c.kind}
	}
	cancel()
	if d.Target == "" && c.kind != Email {
		d.Target = nf.target(c)
	}
	nf.outcome(d, err)
	if err != nil {
		nf.mu.Lock()
		if nf.down == nil {
			nf.down = map[string]string{}
		}
		nf.down[key] = d.LastError
		nf.mu.Unlock()
	}
	if uerr := nf.Store.UpdateDelivery(ctx, d); uerr != nil {
		return uerr
	}
	return nil
}

// outcome sets d's status after an attempt that ended with err.
func (nf *Notifier) outcome(d *mamori.Delivery, err error) {
	d.Attempts++
	if err == nil {
		d.Status, d.LastError, d.NextAt = mamori.DeliverySent, "", time.Time{}
		return
	}
	var se *sendError
	wait := time.Duration(0)
	if errors.As(err, &se) {
		d.LastError = se.msg
		wait = se.retryAfter
	} else {
		d.LastError = scrub(err.Error())
	}
	if d.Attempts >= nf.Config.Retry.MaxAttempts {
		d.Status, d.NextAt = mamori.DeliveryFailed, time.Time{}
		return
	}
	d.Status = mamori.DeliveryPending
	d.NextAt = nf.now().UTC().Add(max(wait, Backoff(nf.Config.Retry, d.Attempts)))
}

// Backoff is the wait after the attempts-th failed attempt:
// First·2^(attempts-1), at most Max.
func Backoff(r Retry, attempts int) time.Duration {
	d := r.First
	for i := 1; i < attempts && d < r.Max; i++ {
		d *= 2
	}
	return min(d, r.Max)
}

// Retry tries again the pending deliveries of tenant ("": all tenants)
// that are due, and returns them with their new status. A recipient or a
// channel no longer in the configuration fails the delivery.
func (nf *Notifier) Retry(ctx context.Context, tenant string) ([]mamori.Delivery, error) {
	nf.mu.Lock()
	nf.down = nil // a retry run tries every channel afresh
	nf.mu.Unlock()
	var out []mamori.Delivery
	seen := map[int64]bool{}
	for {
		due, err := nf.Store.DueDeliveries(ctx, tenant, nf.now().UTC(), lease, 100)
		if err != nil {
			return out, err
		}
		fresh := 0
		for _, dd := range due {
			d, n := dd.Delivery, dd.Notification
			if seen[d.ID] {
				continue
			}
			seen[d.ID] = true
			fresh++
			c, rc, why := nf.find(&d, &n)
			if why != "" {
				d.Attempts++
				d.Status, d.LastError, d.NextAt = mamori.DeliveryFailed, why, time.Time{}
				if err := nf.Store.UpdateDelivery(ctx, &d); err != nil {
					return out, err
				}
			} else if err := nf.attempt(ctx, &d, &n, rc, c); err != nil {
				return out, err
			}
			out = append(out, d)
		}
		if fresh == 0 {
			return out, ctx.Err()
		}
	}
}

// find is the channel of the configuration a recorded delivery goes to: the
// same recipient, the same kind, and for e-mail the same address.
func (nf *Notifier) find(d *mamori.Delivery, n *mamori.Notification) (channel, *Recipient, string) {
	rc := nf.Config.Recipient(n.To)
	if rc == nil {
		return channel{}, nil, nf.noRecipient(n.To)
	}
	for _, c := range rc.channels() {
		if c.kind == d.Channel && (c.kind != Email || c.address == d.Target) {
			return c, rc, ""
		}
	}
	return channel{}, nil, fmt.Sprintf("%s %s of %q is no longer in the notification configuration", d.Channel, d.Target, n.To)
}
