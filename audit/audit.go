// Package audit runs the event audit: every event from the readers
// (auditlog) goes through the detectors — the Sigma rules and the behavioural
// detectors — and what they conclude is stored as alerts. It decides nothing
// about the input format and nothing about rendering.
//
//	auditlog (readers) -> events -> audit.Pipeline (detectors) -> alerts -> store
package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// Detector looks at events one at a time, in the order they are read.
type Detector interface {
	// Name identifies the detector ("sigma", "new-region").
	Name() string
	// Observe looks at one event and emits the alerts it concludes. The
	// event and its fields are valid only during the call.
	Observe(ctx context.Context, ev *mamori.Event, emit func(mamori.Alert)) error
	// Close stores what the detector learned (baselines).
	Close(ctx context.Context) error
}

// Stats counts what a pipeline saw.
type Stats struct {
	Events int `json:"events"`
	// Alerts is every alert raised; New those not stored before (reading the
	// same events twice raises the same alerts, which are not new).
	Alerts int `json:"alerts"`
	New    int `json:"new"`
	// BySeverity counts the alerts raised.
	BySeverity map[mamori.Severity]int `json:"by_severity"`
}

// Pipeline feeds events to detectors and stores their alerts in batches.
type Pipeline struct {
	dets    []Detector
	store   mamori.AlertStore
	now     func() time.Time
	pending []mamori.Alert
	stats   Stats
	// OnAlert, if set, sees each alert as it is raised.
	OnAlert func(mamori.Alert)
}

// batch is how many alerts are stored per transaction.
const batch = 500

// New returns a pipeline; now stamps alerts (nil: time.Now).
func New(store mamori.AlertStore, now func() time.Time, dets ...Detector) *Pipeline {
	if now == nil {
		now = time.Now
	}
	return &Pipeline{dets: dets, store: store, now: now, stats: Stats{BySeverity: map[mamori.Severity]int{}}}
}

// Observe runs every detector on ev.
func (p *Pipeline) Observe(ctx context.Context, ev *mamori.Event) error {
	p.stats.Events++
	for _, d := range p.dets {
		err := d.Observe(ctx, ev, func(a mamori.Alert) {
			a.CreatedAt = p.now().UTC()
			p.stats.Alerts++
			p.stats.BySeverity[a.Severity]++
			p.pending = append(p.pending, a)
			if p.OnAlert != nil {
				p.OnAlert(a)
			}
		})
		if err != nil {
			return fmt.Errorf("%s: %w", d.Name(), err)
		}
	}
	if len(p.pending) >= batch {
		return p.flush(ctx)
	}
	return nil
}

func (p *Pipeline) flush(ctx context.Context) error {
	if len(p.pending) == 0 || p.store == nil {
		p.pending = p.pending[:0]
		return nil
	}
	n, err := p.store.PutAlerts(ctx, p.pending)
	if err != nil {
		return err
	}
	p.stats.New += n
	p.pending = p.pending[:0]
	return nil
}

// Close stores the remaining alerts and the detectors' baselines and returns
// the counts.
func (p *Pipeline) Close(ctx context.Context) (Stats, error) {
	if err := p.flush(ctx); err != nil {
		return p.stats, err
	}
	for _, d := range p.dets {
		if err := d.Close(ctx); err != nil {
			return p.stats, fmt.Errorf("%s: %w", d.Name(), err)
		}
	}
	return p.stats, nil
}

// NewAlert builds an alert from the events that triggered it. Its ID depends
// only on the rule and the events' IDs, so the same events always give the
// same alert. Evidence is the events' records with secret values redacted.
func NewAlert(ruleID, detector string, sev mamori.Severity, title, reason mamori.Text, evs ...*mamori.Event) mamori.Alert {
	h := sha256.New()
	h.Write([]byte(ruleID))
	a := mamori.Alert{RuleID: ruleID, Detector: detector, Severity: sev, Title: title, Reason: reason}
	for i, ev := range evs {
		h.Write([]byte{0})
		h.Write([]byte(ev.ID))
		if i == 0 {
			a.Time, a.Principal, a.Account, a.Region = ev.Time.UTC(), ev.Principal, ev.Account, ev.Region
		}
		a.EventIDs = append(a.EventIDs, ev.ID)
		if !slices.Contains(a.EventNames, ev.Name) && ev.Name != "" {
			a.EventNames = append(a.EventNames, ev.Name)
		}
		if ev.SourceIP != "" && !slices.Contains(a.SourceIPs, ev.SourceIP) {
			a.SourceIPs = append(a.SourceIPs, ev.SourceIP)
		}
		if e := Evidence(ev); e != nil {
			a.Evidence = append(a.Evidence, e)
		}
	}
	a.ID = hex.EncodeToString(h.Sum(nil)[:16])
	return a
}

// rawJSON is implemented by records that keep their JSON text.
type rawJSON interface{ JSON() []byte }

// Evidence returns ev's record as JSON with secret values replaced by
// "REDACTED", or nil when the record cannot be rendered.
func Evidence(ev *mamori.Event) json.RawMessage {
	var tree any
	switch r := ev.Fields.(type) {
	case nil:
		return nil
	case rawJSON:
		raw := r.JSON()
		if !mayHoldSecret(raw) {
			// Most records: no key that could hold a secret; keep the text as
			// it is, compacted, without decoding it.
			var b bytes.Buffer
			if json.Compact(&b, raw) != nil {
				return nil
			}
			return b.Bytes()
		}
		if err := json.Unmarshal(raw, &tree); err != nil {
			return nil
		}
	case mamori.MapRecord:
		// Round trip, so the redaction never writes into the caller's map.
		b, err := json.Marshal(map[string]any(r))
		if err != nil || json.Unmarshal(b, &tree) != nil {
			return nil
		}
	default:
		return nil
	}
	redact(tree)
	b, err := json.Marshal(tree)
	if err != nil {
		return nil
	}
	return b
}

// secretKeys are field names (lower case, without - and _) whose values are
// never kept. CloudTrail itself hides most secrets; these are the ones that
// can still appear in request parameters of some APIs or in custom records.
var secretKeys = map[string]bool{
	"password": true, "newpassword": true, "oldpassword": true, "secretaccesskey": true, "sessiontoken": true,
	"privatekey": true, "secretstring": true, "secretbinary": true, "clientsecret": true, "token": true,
	"accesstoken": true, "refreshtoken": true, "authorization": true, "xamzsecuritytoken": true,
	"xamzserversideencryptioncustomerkey": true, "ssecustomerkey": true, "masteruserpassword": true,
}

var keyNoise = strings.NewReplacer("-", "", "_", "")

// secretHints are lower-case fragments of every key in secretKeys: a record
// without any of them cannot hold a value redact would replace.
var secretHints = [][]byte{[]byte("password"), []byte("secret"), []byte("token"), []byte("privatekey"),
	[]byte("authorization"), []byte("customerkey"), []byte("customer-key"), []byte("customer_key")}

func mayHoldSecret(raw []byte) bool {
	low := bytes.ToLower(raw)
	for _, h := range secretHints {
		if bytes.Contains(low, h) {
			return true
		}
	}
	return false
}

func redact(v any) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			norm := strings.ToLower(keyNoise.Replace(k))
			if secretKeys[norm] {
				if _, isMap := e.(map[string]any); !isMap {
					x[k] = "REDACTED"
					continue
				}
			}
			redact(e)
		}
	case []any:
		for _, e := range x {
			redact(e)
		}
	}
}
