package mamori

import (
	"context"
	"time"
)

// Notification is one notice to one recipient about a case or an alert. The
// sender names the recipient (an asset owner or a customer, as recorded on
// assets and cases) and supplies the facts; the Notifier finds the
// recipient's channels (e-mail, Slack, Teams, webhook) and language in its
// configuration and renders its ja/en template for Event.
type Notification struct {
	Tenant string
	Topic  string // what it is about: "case" or "alert"
	Ref    string // the case or alert it is about, e.g. "C-42"
	To     string // the recipient by name
	// Event picks the template: "case.notify" (fields: case, title,
	// advisory, asset, customer, urgency, due, decision, status) or "alert"
	// (fields: rule, title, severity, tier, time, account, region, actor,
	// event). A template renders fields it does not know as a list.
	Event  string
	Fields map[string]string
	Actor  string // who asked for it to be sent
}

// Delivery is one attempt-tracked sending of a Notification on one channel.
type Delivery struct {
	ID        int64
	Tenant    string
	Ref       string
	To        string
	Channel   string // "email", "slack", "teams", "webhook"
	Target    string // the address or URL host, never a secret
	Status    string // "sent", "pending" (will be retried), "failed" (gave up)
	Attempts  int
	LastError string
	Created   time.Time
	Updated   time.Time
	// Topic is the notification's ("case", "alert", "test").
	Topic string
	// NextAt is when a pending delivery is tried again (zero otherwise).
	NextAt time.Time
}

// Notifier sends notifications and records every delivery. A channel that
// cannot be reached is recorded as pending and retried with back-off; Notify
// returns an error only when the notification cannot be recorded at all, so
// that the change that caused it is kept either way.
type Notifier interface {
	Notify(ctx context.Context, n Notification) ([]Delivery, error)
}

// Delivery statuses.
const (
	DeliverySent    = "sent"    // the channel accepted it
	DeliveryPending = "pending" // not yet accepted; retried at NextAt
	DeliveryFailed  = "failed"  // given up: attempts used up, or nowhere to send
)

// DeliveryFilter selects recorded deliveries; zero fields select all.
type DeliveryFilter struct {
	Tenant string // "" for every tenant
	Status string
	Topic  string
	Ref    string
	To     string
	Limit  int
}

// DueDelivery is a pending delivery whose retry time has come, with the
// notification it sends again.
type DueDelivery struct {
	Delivery     Delivery
	Notification Notification
}

// DeliveryStore records notifications' deliveries. It never holds a secret:
// a Delivery's Target is an address or a host, and the Notification's fields
// are the facts of a case or an alert.
type DeliveryStore interface {
	// AddDeliveries records ds, the deliveries of n (one per channel), in
	// one transaction, and sets their ID, Created and Updated.
	AddDeliveries(ctx context.Context, n Notification, ds []Delivery) error
	// UpdateDelivery stores d's Status, Attempts, LastError and NextAt, and
	// sets Updated.
	UpdateDelivery(ctx context.Context, d *Delivery) error
	// DueDeliveries returns up to limit pending deliveries of tenant ("":
	// every tenant) due at now, oldest first, and moves their retry time to
	// now+lease, so that another process retrying at the same time does not
	// take them as well.
	DueDeliveries(ctx context.Context, tenant string, now time.Time, lease time.Duration, limit int) ([]DueDelivery, error)
	// Deliveries lists recorded deliveries matching f, newest first.
	Deliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, error)
	// Notified reports whether any delivery was recorded for the topic and
	// ref to the recipient (so that an alert seen twice is sent once).
	Notified(ctx context.Context, tenant, topic, ref, to string) (bool, error)
}
