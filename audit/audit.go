// Package audit runs the event audit: every event from the readers
// (auditlog) goes through the detectors — the Sigma rules and the behavioural
// detectors — and what they conclude is stored as alerts. It decides nothing
// about the input format and nothing about rendering.
//
//	auditlog (readers) -> events -> audit.Pipeline (detectors) -> alerts -> store
package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
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
	// Alerts is every alert of tier alert raised, Signals every one of tier
	// signal; New those of both not stored before (reading the same events
	// twice raises the same alerts, which are not new).
	Alerts  int `json:"alerts"`
	Signals int `json:"signals"`
	New     int `json:"new"`
	// BySeverity counts the alerts (tier alert) raised.
	BySeverity map[mamori.Severity]int `json:"by_severity"`
}

// Pipeline feeds events to detectors and stores their alerts in batches.
type Pipeline struct {
	dets    []Detector
	store   mamori.AlertStore
	now     func() time.Time
	pending []mamori.Alert
	stats   Stats
	// The store writes batches on a goroutine of its own while the reader
	// goes on (started with the first full batch): writes holds the batches
	// handed over, done is closed when the writer has stored them all, and
	// then written (new alerts) and werr (its first error) are its results.
	writes  chan []mamori.Alert
	done    chan struct{}
	written int
	werr    error
	failed  atomic.Bool
	emit    func(mamori.Alert) // made once: a closure per call would allocate per event
	// OnAlert, if set, sees each alert (of either tier) as it is raised.
	OnAlert func(mamori.Alert)
	// Tenant names the tenant of every alert; empty: DefaultTenant.
	Tenant string
}

// GCPercent is the garbage collector's GOGC that `mamori audit ingest`
// sets when GOGC is not set: the reader's live heap is small and flat (one
// record at a time), so collecting at 5x it instead of 2x costs a few MB
// and saves most of the collector's CPU time.
const GCPercent = 400

// MemoryLimit is the soft memory limit `mamori audit ingest` sets when
// GOMEMLIMIT is not set, so that GCPercent's headroom stays bounded when the
// live heap grows (many principals' baselines, many alerts to report).
const MemoryLimit = 256 << 20

// batch is how many alerts are stored per transaction: SQLite writes every
// page a transaction changed once at commit, so large transactions write
// the pages of the ID index, which alerts reach in random order, far fewer
// times (BENCHMARKS.md). Three batches at most are in memory: one filling,
// one handed over, one being written.
const batch = 5000

// New returns a pipeline; now stamps alerts (nil: time.Now).
func New(store mamori.AlertStore, now func() time.Time, dets ...Detector) *Pipeline {
	if now == nil {
		now = time.Now
	}
	p := &Pipeline{dets: dets, store: store, now: now, stats: Stats{BySeverity: map[mamori.Severity]int{}}}
	p.emit = func(a mamori.Alert) {
		a.CreatedAt = p.now().UTC()
		if a.Tenant == "" {
			a.Tenant = p.Tenant
			if a.Tenant == "" {
				a.Tenant = DefaultTenant
			}
		}
		if a.Tier == "" {
			a.Tier = mamori.TierAlert
		}
		if a.Tier == mamori.TierSignal {
			// A signal keeps what makes it searchable (rule, principal,
			// time, event IDs and names, addresses), not the records: a
			// routine rule matches most of a trail, and its records stay in
			// the trail itself.
			a.Evidence = nil
			p.stats.Signals++
		} else {
			p.stats.Alerts++
			p.stats.BySeverity[a.Severity]++
		}
		p.pending = append(p.pending, a)
		if p.OnAlert != nil {
			p.OnAlert(a)
		}
	}
	return p
}

// Observe runs every detector on ev.
func (p *Pipeline) Observe(ctx context.Context, ev *mamori.Event) error {
	p.stats.Events++
	for _, d := range p.dets {
		if err := d.Observe(ctx, ev, p.emit); err != nil {
			return fmt.Errorf("%s: %w", d.Name(), err)
		}
	}
	if len(p.pending) >= batch {
		return p.handOver(ctx)
	}
	return nil
}

// handOver gives the pending alerts to the writer, starting it the first
// time, and reports an error the writer met since.
func (p *Pipeline) handOver(ctx context.Context) error {
	if p.failed.Load() {
		return p.wait()
	}
	if len(p.pending) == 0 || p.store == nil {
		p.pending = p.pending[:0]
		return nil
	}
	if p.writes == nil {
		p.writes, p.done = make(chan []mamori.Alert, 1), make(chan struct{})
		go p.write(ctx)
	}
	select {
	case p.writes <- p.pending:
	case <-p.done: // the writer stopped on an error
		return p.wait()
	}
	p.pending = make([]mamori.Alert, 0, batch)
	return nil
}

// write stores the batches handed over until the channel closes or a
// batch fails; the rest are then dropped (the run ends with the error).
func (p *Pipeline) write(ctx context.Context) {
	defer close(p.done)
	for as := range p.writes {
		n, err := p.store.PutAlerts(ctx, as)
		if err != nil {
			p.werr = err
			p.failed.Store(true)
			return
		}
		p.written += n
	}
}

// wait stops the writer once it has stored what it was given, and returns
// its error.
func (p *Pipeline) wait() error {
	if p.writes == nil {
		return p.werr
	}
	if !p.failed.Load() {
		close(p.writes)
	}
	<-p.done
	p.writes = nil
	p.stats.New += p.written
	p.written = 0
	return p.werr
}

// Close stores the remaining alerts and the detectors' baselines and returns
// the counts.
func (p *Pipeline) Close(ctx context.Context) (Stats, error) {
	if err := p.handOver(ctx); err != nil {
		return p.stats, err
	}
	if err := p.wait(); err != nil {
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
	return newAlert(ruleID, detector, sev, title, reason, true, evs...)
}

// newAlert is NewAlert, with the evidence only when asked for (a signal
// keeps none).
func newAlert(ruleID, detector string, sev mamori.Severity, title, reason mamori.Text, evidence bool, evs ...*mamori.Event) mamori.Alert {
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
		if !evidence {
			continue
		}
		if e := Evidence(ev); e != nil {
			a.Evidence = append(a.Evidence, e)
		}
	}
	a.ID = hex.EncodeToString(h.Sum(nil)[:16])
	return a
}

// rawJSON is implemented by records that keep their JSON text (auditlog's,
// which were parsed from it).
type rawJSON interface{ JSON() []byte }

// keyWalker is implemented by records that can look at their keys without
// parsing their text again (auditlog's).
type keyWalker interface {
	AnyKey(fn func(key []byte, object bool) bool) bool
}

// compactJSON appends the JSON text raw to dst without the white space
// between tokens, as json.Compact does for valid JSON, but a run at a time
// and without validating (the records were parsed already). A raw control
// character inside a string, which the lenient parser took, is escaped, so
// that the text stays JSON.
func compactJSON(dst, raw []byte) []byte {
	const hex = "0123456789abcdef"
	start, inStr := 0, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if inStr {
			switch {
			case c == '\\':
				i++
			case c == '"':
				inStr = false
			case c < 0x20:
				dst = append(append(dst, raw[start:i]...), '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
				start = i + 1
			}
			continue
		}
		switch {
		case c == '"':
			inStr = true
		case c <= ' ':
			dst = append(dst, raw[start:i]...)
			start = i + 1
		}
	}
	return append(dst, raw[start:]...)
}

// Evidence returns ev's record as JSON with secret values replaced by
// "REDACTED", or nil when the record cannot be rendered.
func Evidence(ev *mamori.Event) json.RawMessage {
	var tree any
	switch r := ev.Fields.(type) {
	case nil:
		return nil
	case rawJSON:
		raw := r.JSON()
		// Most records have no key that could hold a secret: their text is
		// kept as it is, compacted. auditlog's records tell without being
		// decoded; others are decoded and told by redact.
		k, walks := r.(keyWalker)
		if walks && !k.AnyKey(func(key []byte, object bool) bool { return !object && secretKey(key) }) {
			return compactJSON(make([]byte, 0, len(raw)), raw)
		}
		if err := json.Unmarshal(raw, &tree); err != nil {
			return nil
		}
		if !redact(tree) {
			return compactJSON(make([]byte, 0, len(raw)), raw)
		}
	case mamori.MapRecord:
		// Round trip, so the redaction never writes into the caller's map.
		b, err := json.Marshal(map[string]any(r))
		if err != nil || json.Unmarshal(b, &tree) != nil {
			return nil
		}
		redact(tree)
	default:
		return nil
	}
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

// secretKey is redact's test of a key, without allocating for short keys.
func secretKey(k []byte) bool {
	var buf [48]byte
	n := 0
	for _, c := range k {
		if c == '-' || c == '_' {
			continue
		}
		if c >= 0x80 || n == len(buf) {
			return secretKeys[strings.ToLower(keyNoise.Replace(string(k)))]
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	return secretKeys[string(buf[:n])]
}

// redact replaces the values under secret keys in v by "REDACTED" and
// reports whether it replaced any.
func redact(v any) bool {
	changed := false
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if secretKey([]byte(k)) {
				if _, isMap := e.(map[string]any); !isMap {
					x[k] = "REDACTED"
					changed = true
					continue
				}
			}
			changed = redact(e) || changed
		}
	case []any:
		for _, e := range x {
			changed = redact(e) || changed
		}
	}
	return changed
}
