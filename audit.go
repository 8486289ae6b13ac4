package mamori

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// The event-audit half of the vocabulary: audit records (CloudTrail events,
// VPC flow records) go through rules (Sigma) and behavioural detectors and
// come out as alerts. Data flows one way here too:
//
//	readers -> events -> rules, detectors (baselines) -> alerts -> store -> reports

// Record gives rules access to the fields of one audit record by the dotted
// paths Sigma rules use ("userIdentity.type", "requestParameters.bucketName").
type Record interface {
	// Values appends to dst the values found at path and reports whether the
	// path exists. Values are string, float64, bool or nil (JSON null); an
	// array on the path contributes each of its elements, and an object or
	// array at the end of the path is given as its compact JSON text.
	Values(path string, dst []any) ([]any, bool)
}

// Event is one audit record with the fields every detector needs lifted out.
type Event struct {
	// ID is unique per record: CloudTrail's eventID; for a flow record, a
	// digest of the record. Re-reading the same record gives the same ID.
	ID string `json:"id"`
	// Source names the kind of record: "aws.cloudtrail" or "aws.vpcflow".
	Source string `json:"source"`
	// Time is when it happened (eventTime; a flow record's start).
	Time time.Time `json:"time"`
	// Account and Region locate it (recipientAccountId, awsRegion).
	Account string `json:"account"`
	Region  string `json:"region"`
	// Principal is who acted: the userIdentity ARN, else its principalId or
	// type ("Root", "AWSService"); empty for flow records.
	Principal string `json:"principal,omitempty"`
	// PrincipalType is userIdentity.type ("Root", "IAMUser", "AssumedRole").
	PrincipalType string `json:"principal_type,omitempty"`
	// Service is the API's service (eventSource, "s3.amazonaws.com").
	Service string `json:"service,omitempty"`
	// Name is the API call (eventName); for flow records the action
	// ("ACCEPT", "REJECT").
	Name string `json:"name"`
	// SourceIP is sourceIPAddress (for flow records, srcaddr); it may be a
	// service name such as "s3.amazonaws.com".
	SourceIP string `json:"source_ip,omitempty"`
	// UserAgent is the caller's user agent.
	UserAgent string `json:"user_agent,omitempty"`
	// ErrorCode is set when the call failed ("AccessDenied").
	ErrorCode string `json:"error_code,omitempty"`
	// Fields is the whole record.
	Fields Record `json:"-"`
}

// MapRecord is a Record over a decoded JSON tree (map[string]any, []any,
// string, float64, bool, nil), as encoding/json produces it. Readers that
// need speed implement Record over their own representation.
type MapRecord map[string]any

// Values implements Record.
func (m MapRecord) Values(path string, dst []any) ([]any, bool) {
	return treeValues(map[string]any(m), path, dst)
}

func treeValues(v any, path string, dst []any) ([]any, bool) {
	if path == "" {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				dst = appendScalar(dst, e)
			}
			return dst, true
		default:
			return appendScalar(dst, x), true
		}
	}
	key, rest, _ := strings.Cut(path, ".")
	switch x := v.(type) {
	case map[string]any:
		e, ok := x[key]
		if !ok {
			return dst, false
		}
		return treeValues(e, rest, dst)
	case []any:
		found := false
		for _, e := range x {
			var ok bool
			if dst, ok = treeValues(e, path, dst); ok {
				found = true
			}
		}
		return dst, found
	}
	return dst, false
}

func appendScalar(dst []any, v any) []any {
	switch v.(type) {
	case map[string]any, []any:
		b, err := json.Marshal(v)
		if err != nil {
			return append(dst, nil)
		}
		return append(dst, string(b))
	case json.Number:
		f, err := v.(json.Number).Float64()
		if err != nil {
			return append(dst, v.(json.Number).String())
		}
		return append(dst, f)
	}
	return append(dst, v)
}

// Tier says whether an alert asks for a person's attention.
type Tier string

const (
	// TierAlert: a person should look (listed by mamori alerts, counted by
	// --fail-on).
	TierAlert Tier = "alert"
	// TierSignal: stored and searchable, used by detectors and correlation,
	// not pushed at anyone (mamori alerts --signals).
	TierSignal Tier = "signal"
)

// ParseTier reads "alert" or "signal", case-insensitively.
func ParseTier(s string) (Tier, error) {
	switch t := Tier(strings.ToLower(strings.TrimSpace(s))); t {
	case TierAlert, TierSignal:
		return t, nil
	}
	return "", fmt.Errorf("unknown tier %q (want alert or signal)", s)
}

// Alert is what a rule or a detector concluded from one or more events.
type Alert struct {
	// ID identifies the alert so that reading the same events again adds
	// nothing: derived from the rule and the triggering event IDs.
	ID string `json:"id"`
	// Tenant is the customer (of an MSP) or company the events came from;
	// "default" while the CLI has one tenant.
	Tenant string `json:"tenant"`
	// Tier is TierAlert or TierSignal, from the rule's or detector's tier
	// (a user may change it per rule); empty is read as TierAlert.
	Tier Tier `json:"tier"`
	// RuleID is the Sigma rule id or the detector name.
	RuleID string `json:"rule_id"`
	// Detector is "sigma" for rules, else the behavioural detector.
	Detector string `json:"detector"`
	// Severity is the rule's level.
	Severity Severity `json:"severity"`
	// Title is the rule's title in both languages.
	Title Text `json:"title"`
	// Time is the time of the (first) triggering event.
	Time time.Time `json:"time"`
	// Principal, Account and Region come from the triggering event.
	Principal string `json:"principal"`
	Account   string `json:"account"`
	Region    string `json:"region"`
	// EventNames, EventIDs and SourceIPs summarise the triggering events.
	EventNames []string `json:"event_names"`
	EventIDs   []string `json:"event_ids"`
	SourceIPs  []string `json:"source_ips"`
	// Reason says why: the fields that matched, or the baseline that was
	// exceeded and by how much.
	Reason Text `json:"reason"`
	// Tags are the rule's tags (MITRE ATT&CK technique ids and the like).
	Tags []string `json:"tags,omitempty"`
	// Evidence holds the triggering records (as JSON objects), trimmed to
	// what an analyst needs; never credentials.
	Evidence []json.RawMessage `json:"evidence,omitempty"`
	// CreatedAt is when mamori raised the alert.
	CreatedAt time.Time `json:"created_at"`
}

// AlertFilter selects stored alerts. Zero fields select everything.
type AlertFilter struct {
	Since       time.Time
	Until       time.Time
	RuleID      string
	MinSeverity Severity
	Principal   string
	// Tier, when set, keeps the alerts of that tier only (TierAlert: what
	// a person should look at; empty: both tiers).
	Tier Tier
	// IDs, when set, keeps the alerts with these IDs (at most MaxAlertIDs).
	IDs []string
	// NoEvidence leaves Evidence out of what Alerts returns (reports that
	// do not show it need not read it).
	NoEvidence bool
	Limit      int
}

// MaxAlertIDs is how many IDs an AlertFilter may name at once; reports that
// read alerts back a batch at a time read this many.
const MaxAlertIDs = 500

// AlertStore keeps alerts and the baselines of the behavioural detectors.
type AlertStore interface {
	// PutAlerts stores alerts; an alert whose ID is already stored is left
	// as it is. It returns how many were new.
	PutAlerts(ctx context.Context, as []Alert) (int, error)
	// Alerts lists alerts matching f, newest first.
	Alerts(ctx context.Context, f AlertFilter) ([]Alert, error)
	// AlertKeys lists the keys of the alerts matching f, in the same order:
	// enough to count and order many alerts and read them a batch at a time
	// (AlertFilter.IDs).
	AlertKeys(ctx context.Context, f AlertFilter) ([]AlertKey, error)
	// Baseline returns what a detector has seen for a subject (a principal,
	// an account): each item with when it was first and last seen.
	Baseline(ctx context.Context, detector, subject string) (map[string]Seen, error)
	// PutBaseline merges items into a subject's baseline (earliest first
	// seen, latest last seen win).
	PutBaseline(ctx context.Context, detector, subject string, items map[string]Seen) error
}

// AlertKey identifies and orders an alert.
type AlertKey struct {
	ID       string
	Time     time.Time
	Severity Severity
	Tier     Tier
}

// Seen is when a baseline item was first and last observed, and how often.
type Seen struct {
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	Count int64     `json:"count"`
}

// Add counts a sighting at t.
func (s *Seen) Add(t time.Time) {
	if s.Count == 0 || t.Before(s.First) {
		s.First = t
	}
	if t.After(s.Last) {
		s.Last = t
	}
	s.Count++
}

// SafeEvidence returns evidence with every item that is not valid JSON
// replaced by its text as a JSON string, so that encoding an alert cannot
// fail however its records were written. Valid items are kept as they are.
func SafeEvidence(evidence []json.RawMessage) []json.RawMessage {
	var out []json.RawMessage
	for i, e := range evidence {
		if json.Valid(e) {
			if out != nil {
				out = append(out, e)
			}
			continue
		}
		if out == nil {
			out = append(make([]json.RawMessage, 0, len(evidence)), evidence[:i]...)
		}
		q, _ := json.Marshal(strings.ToValidUTF8(string(e), "\uFFFD"))
		out = append(out, q)
	}
	if out == nil {
		return evidence
	}
	return out
}
