package audit

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// NewValue is a behavioural detector: for each subject (a principal, an
// account) it keeps, in the store, the items it has been seen with (services,
// regions, user-agent families) and raises an alert the first time a subject
// shows an item outside its baseline — unless the subject is still learning.
//
//   - A subject learns for Learning after its first event: items seen then
//     join the baseline silently.
//   - An item counts as known if it was seen within Window before the event;
//     one last seen longer ago is new again.
//   - Reading the same events again raises the same alerts (same IDs), which
//     the store does not add twice: an item's first sighting is recognised by
//     its first-seen time.
type NewValue struct {
	// ID names the detector, its baselines and its alerts ("new-region").
	ID string
	// Severity of its alerts.
	Severity mamori.Severity
	// Tier of its alerts, and why (see RuleTier).
	Tier TierSetting
	// Title of its alerts.
	Title mamori.Text
	// Key returns the subject and item of an event; ok false skips it.
	Key func(ev *mamori.Event) (subject, item string, ok bool)
	// Describe says, in both languages, what the new item is ("region
	// sa-east-1"), for the alert's reason.
	Describe func(item string) mamori.Text
	// Learning and Window, see above.
	Learning, Window time.Duration
	// Store keeps the baselines; nil keeps them in memory only.
	Store mamori.AlertStore

	subjects map[string]*subjectState
	latest   time.Time // the latest event seen
	// The subject of the previous event: logs come in runs of one
	// principal's calls.
	lastName string
	last     *subjectState
}

type subjectState struct {
	items map[string]*itemSeen
	first time.Time
	// learnUntil is set when the subject was learning: until when.
	learnUntil time.Time
}

// itemSeen is an item of a subject's baseline: all is every sighting
// known, run those of this run, merged into the store on Close.
type itemSeen struct{ all, run mamori.Seen }

// Name implements Detector.
func (d *NewValue) Name() string { return d.ID }

// Observe implements Detector.
func (d *NewValue) Observe(ctx context.Context, ev *mamori.Event, emit func(mamori.Alert)) error {
	subject, item, ok := d.Key(ev)
	if !ok || subject == "" || item == "" || ev.Time.IsZero() {
		return nil
	}
	s, err := d.subject(ctx, subject)
	if err != nil {
		return err
	}
	t := ev.Time.UTC()
	if t.After(d.latest) {
		d.latest = t
	}
	if s.first.IsZero() || t.Before(s.first) {
		s.first = t
	}
	e := s.items[item]
	known := e != nil
	var seen mamori.Seen
	if known {
		seen = e.all
	}
	firstSighting := !known || !t.After(seen.First)
	stale := known && t.Sub(seen.Last) > d.Window
	learning := t.Before(s.first.Add(d.Learning))
	if learning {
		s.learnUntil = s.first.Add(d.Learning)
	}
	if !learning && (firstSighting || stale) {
		what := d.Describe(item)
		reason := mamori.Text{
			En: fmt.Sprintf("first %s for %s since its baseline began on %s (known: %s)", what.En, subject, s.first.Format("2006-01-02"), s.summary(t, d.Window, "none")),
			Ja: fmt.Sprintf("%s にとって初めての%s（基準は %s から。既知: %s）", subject, what.Ja, s.first.Format("2006-01-02"), s.summary(t, d.Window, "なし")),
		}
		if stale {
			days := int(t.Sub(seen.Last).Hours() / 24)
			reason = mamori.Text{
				En: fmt.Sprintf("%s for %s again after %d days (more than the %d-day window)", what.En, subject, days, int(d.Window.Hours()/24)),
				Ja: fmt.Sprintf("%s: %d 日ぶりの%s（基準期間 %d 日を超過）", subject, days, what.Ja, int(d.Window.Hours()/24)),
			}
		}
		a := NewAlert(d.ID, d.ID, d.Severity, d.Title, reason, ev)
		a.Tier = d.Tier.Tier
		emit(a)
	}
	if e == nil {
		e = &itemSeen{}
		s.items[item] = e
	}
	e.all.Add(t)
	e.run.Add(t)
	return nil
}

// summary lists the items known at t, at most five.
func (s *subjectState) summary(t time.Time, window time.Duration, none string) string {
	var known []string
	for k, e := range s.items {
		if v := e.all; !v.First.After(t) && t.Sub(v.Last) <= window {
			known = append(known, k)
		}
	}
	if len(known) == 0 {
		return none
	}
	sort.Strings(known)
	if len(known) > 5 {
		return strings.Join(known[:5], ", ") + fmt.Sprintf(" (+%d)", len(known)-5)
	}
	return strings.Join(known, ", ")
}

func (d *NewValue) subject(ctx context.Context, subject string) (*subjectState, error) {
	if d.last != nil && d.lastName == subject {
		return d.last, nil
	}
	if s := d.subjects[subject]; s != nil {
		d.lastName, d.last = subject, s
		return s, nil
	}
	if d.subjects == nil {
		d.subjects = map[string]*subjectState{}
	}
	s := &subjectState{items: map[string]*itemSeen{}}
	if d.Store != nil {
		items, err := d.Store.Baseline(ctx, d.ID, subject)
		if err != nil {
			return nil, err
		}
		for k, v := range items {
			s.items[k] = &itemSeen{all: v}
			if s.first.IsZero() || v.First.Before(s.first) {
				s.first = v.First
			}
		}
	}
	d.subjects[subject] = s
	d.lastName, d.last = subject, s
	return s, nil
}

// StillLearning returns the subjects still learning at the latest event
// seen, and until when, sorted by subject.
func (d *NewValue) StillLearning() []Learning {
	var out []Learning
	for name, s := range d.subjects {
		if s.learnUntil.After(d.latest) {
			out = append(out, Learning{Detector: d.ID, Subject: name, Until: s.learnUntil})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Subject < out[j].Subject })
	return out
}

// Learning says that a detector did not yet judge a subject.
type Learning struct {
	Detector string
	Subject  string
	Until    time.Time
}

// Close implements Detector: this run's sightings are merged into the store.
func (d *NewValue) Close(ctx context.Context) error {
	if d.Store == nil {
		return nil
	}
	subjects := make([]string, 0, len(d.subjects))
	for s := range d.subjects {
		subjects = append(subjects, s)
	}
	sort.Strings(subjects)
	for _, subj := range subjects {
		run := map[string]mamori.Seen{}
		for k, e := range d.subjects[subj].items {
			if e.run.Count > 0 {
				run[k] = e.run
			}
		}
		if len(run) == 0 {
			continue
		}
		if err := d.Store.PutBaseline(ctx, d.ID, subj, run); err != nil {
			return err
		}
		for _, e := range d.subjects[subj].items {
			e.run = mamori.Seen{}
		}
	}
	return nil
}

// Defaults of the behavioural detectors.
const (
	DefaultLearning = 7 * 24 * time.Hour
	DefaultWindow   = 90 * 24 * time.Hour
)

// NewRegion raises an alert when an account acts in a region it has not used.
func NewRegion(store mamori.AlertStore) *NewValue {
	return &NewValue{
		ID: "new-region", Severity: mamori.SeverityMedium, Tier: TierSetting{mamori.TierAlert, WhyDetector}, Store: store, Learning: DefaultLearning, Window: DefaultWindow,
		Title: mamori.Text{En: "Activity in a region the account does not use", Ja: "通常使われていないリージョンでの操作"},
		Key: func(ev *mamori.Event) (string, string, bool) {
			// Global services answer in us-east-1 whatever the caller uses; a
			// failed call changed nothing.
			return ev.Account, ev.Region, ev.Source == "aws.cloudtrail" && ev.ErrorCode == "" && ev.Region != ""
		},
		Describe: func(item string) mamori.Text {
			return mamori.Text{En: "activity in region " + item, Ja: "リージョン " + item + " での操作"}
		},
	}
}

// NewService raises an alert when a principal calls a service, or an API
// family of a service, it has not used before. The families are read
// (Get*, List*, Describe*: the record's readOnly) and write, so a principal
// that only ever read IAM and now changes it is told about, as is one that
// calls a service for the first time.
func NewService(store mamori.AlertStore) *NewValue {
	// The items of each service, made once: building them per event would
	// allocate per event.
	type items struct{ read, write string }
	known := map[string]items{}
	item := func(ev *mamori.Event) string {
		it, ok := known[ev.Service]
		if !ok {
			if len(known) >= 10000 {
				clear(known)
			}
			svc := strings.TrimSuffix(ev.Service, ".amazonaws.com")
			it = items{svc + " read", svc + " write"}
			known[ev.Service] = it
		}
		if APIFamily(ev) == "read" {
			return it.read
		}
		return it.write
	}
	return &NewValue{
		ID: "new-service", Severity: mamori.SeverityLow, Tier: TierSetting{mamori.TierSignal, WhyLowDetector}, Store: store, Learning: DefaultLearning, Window: DefaultWindow,
		Title: mamori.Text{En: "Principal uses a service or API family new to it", Ja: "プリンシパルが初めてのサービスまたは API 種別を使用"},
		Key: func(ev *mamori.Event) (string, string, bool) {
			if ev.Source != "aws.cloudtrail" || ev.PrincipalType == "AWSService" || ev.Service == "" {
				return "", "", false
			}
			return ev.Principal, item(ev), true
		},
		Describe: func(item string) mamori.Text {
			svc, fam, _ := strings.Cut(item, " ")
			if fam == "read" {
				return mamori.Text{En: "read calls to " + svc, Ja: svc + " の読み取り系 API の利用"}
			}
			return mamori.Text{En: "write calls to " + svc, Ja: svc + " の変更系 API の利用"}
		},
	}
}

// APIFamily says whether a CloudTrail event reads ("read") or changes
// ("write"): the record's readOnly when it has one (a boolean, or a string
// in CloudTrail Lake results), else the verb of the event name.
func APIFamily(ev *mamori.Event) string {
	if ev.Fields != nil {
		var buf [1]any
		if vals, ok := ev.Fields.Values("readOnly", buf[:0]); ok && len(vals) == 1 {
			switch v := vals[0].(type) {
			case bool:
				return family(v)
			case string:
				if b, err := strconv.ParseBool(v); err == nil {
					return family(b)
				}
			}
		}
	}
	for _, verb := range readVerbs {
		if strings.HasPrefix(ev.Name, verb) {
			return "read"
		}
	}
	return "write"
}

func family(readOnly bool) string {
	if readOnly {
		return "read"
	}
	return "write"
}

// readVerbs start the names of read-only API calls.
var readVerbs = []string{"Get", "List", "Describe", "Head", "Lookup", "Search", "BatchGet", "Scan", "Query", "Select"}

// NewUserAgent raises an alert when a principal calls from a user-agent
// family (tool or browser, and operating system) new to it.
func NewUserAgent(store mamori.AlertStore) *NewValue {
	// User agents repeat: each distinct string is parsed once (the cache is
	// dropped when it grows past 10,000 strings).
	cache := map[string]string{}
	family := func(ua string) string {
		if f, ok := cache[ua]; ok {
			return f
		}
		if len(cache) >= 10000 {
			clear(cache)
		}
		f := UserAgentFamily(ua)
		cache[ua] = f
		return f
	}
	return &NewValue{
		ID: "new-user-agent", Severity: mamori.SeverityLow, Tier: TierSetting{mamori.TierSignal, WhyLowDetector}, Store: store, Learning: DefaultLearning, Window: DefaultWindow,
		Title: mamori.Text{En: "Principal uses a new client (tool, browser or OS)", Ja: "プリンシパルが新しいクライアント（ツール・ブラウザ・OS）を使用"},
		Key: func(ev *mamori.Event) (string, string, bool) {
			if ev.Source != "aws.cloudtrail" || ev.PrincipalType == "AWSService" || ev.UserAgent == "" {
				return "", "", false
			}
			fam := family(ev.UserAgent)
			return ev.Principal, fam, fam != ""
		},
		Describe: func(item string) mamori.Text {
			return mamori.Text{En: "client " + item, Ja: "クライアント " + item + " の利用"}
		},
	}
}
