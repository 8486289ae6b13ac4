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
}

// Notifier sends notifications and records every delivery. A channel that
// cannot be reached is recorded as pending and retried with back-off; Notify
// returns an error only when the notification cannot be recorded at all, so
// that the change that caused it is kept either way.
type Notifier interface {
	Notify(ctx context.Context, n Notification) ([]Delivery, error)
}
