package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/auditlog"
	"github.com/mamori-sec/mamori/sigma"
	"github.com/mamori-sec/mamori/sqlite"
)

func flow(id, action string, port any) *mamori.Event {
	return &mamori.Event{ID: id, Source: "aws.vpcflow", Name: action, Account: "111122223333", SourceIP: "10.0.1.5",
		Time:   time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		Fields: mamori.MapRecord{"srcaddr": "10.0.1.5", "dstaddr": "203.0.113.9", "dstport": port, "action": action}}
}

// The built-in mining-port rule fires on accepted flows to a listed port
// only, and reading the same records again stores nothing new.
func TestMiningPortsAndDedup(t *testing.T) {
	db, err := sqlite.Open(":memory:", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	evs := []*mamori.Event{
		flow("f1", "ACCEPT", 3333.0), // fires
		flow("f2", "REJECT", 3333.0), // rejected: nothing got through
		flow("f3", "ACCEPT", 443.0),  // not a mining port
		flow("f4", "ACCEPT", "14444"),
		{ID: "c1", Source: "aws.cloudtrail", Name: "ACCEPT", Fields: mamori.MapRecord{"dstport": 3333.0}}, // not a flow record
	}
	run := func() Stats {
		p := New(db, nil, builtinSigma(t, DefaultMiningPorts))
		for _, ev := range evs {
			if err := p.Observe(ctx, ev); err != nil {
				t.Fatal(err)
			}
		}
		st, err := p.Close(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	first := run()
	if first.Events != 5 || first.Alerts != 2 || first.New != 2 {
		t.Fatalf("first run: %+v, want 5 events, 2 alerts, 2 new", first)
	}
	second := run()
	if second.Alerts != 2 || second.New != 0 {
		t.Fatalf("second run over the same records: %+v, want 2 alerts, 0 new", second)
	}
	as, err := db.Alerts(ctx, mamori.AlertFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 2 || !strings.Contains(as[0].Reason.En, "dstport = ") || as[0].Reason.Ja == "" || as[0].RuleID != MiningRuleID {
		t.Errorf("stored alerts: %+v", as)
	}
}

func TestEvidenceRedacted(t *testing.T) {
	rec := mamori.MapRecord{
		"eventName": "CreateUser",
		"requestParameters": map[string]any{
			"userName": "bob", "password": "hunter2",
			"nested": []any{map[string]any{"SecretAccessKey": "abc", "x-amz-security-token": "tok"}},
		},
	}
	ev := &mamori.Event{ID: "e", Fields: rec}
	got := string(Evidence(ev))
	for _, secret := range []string{"hunter2", "abc", "tok"} {
		if strings.Contains(got, `"`+secret+`"`) {
			t.Errorf("evidence keeps %q: %s", secret, got)
		}
	}
	if !strings.Contains(got, `"bob"`) {
		t.Errorf("evidence lost a plain value: %s", got)
	}
	if rec["requestParameters"].(map[string]any)["password"] != "hunter2" {
		t.Error("redaction wrote into the caller's record")
	}
	var v any
	if err := json.Unmarshal([]byte(got), &v); err != nil {
		t.Errorf("evidence is not JSON: %v", err)
	}
}

func TestNewAlertIDStable(t *testing.T) {
	e1 := &mamori.Event{ID: "a", Name: "StopLogging", SourceIP: "1.2.3.4"}
	e2 := &mamori.Event{ID: "b", Name: "StopLogging", SourceIP: "1.2.3.4"}
	a := NewAlert("r", "sigma", mamori.SeverityHigh, mamori.Text{}, mamori.Text{}, e1, e2)
	b := NewAlert("r", "sigma", mamori.SeverityHigh, mamori.Text{}, mamori.Text{}, e1, e2)
	c := NewAlert("r2", "sigma", mamori.SeverityHigh, mamori.Text{}, mamori.Text{}, e1, e2)
	if a.ID != b.ID || a.ID == c.ID {
		t.Errorf("IDs: %s %s %s", a.ID, b.ID, c.ID)
	}
	if len(a.EventNames) != 1 || len(a.SourceIPs) != 1 || len(a.EventIDs) != 2 {
		t.Errorf("summary: names %v ips %v ids %v", a.EventNames, a.SourceIPs, a.EventIDs)
	}
}

func ct(id string, at time.Time, region string) *mamori.Event {
	return &mamori.Event{ID: id, Source: "aws.cloudtrail", Time: at, Account: "111122223333", Region: region,
		Principal: "arn:aws:iam::111122223333:user/alice", Name: "DescribeInstances", Service: "ec2.amazonaws.com",
		Fields: mamori.MapRecord{"eventID": id}}
}

// New-region: silent while learning, an alert on the first use of a region
// after that, none for later uses, again after the window; the baseline
// survives between runs and a second reading of the same events adds nothing.
func TestNewRegionBaseline(t *testing.T) {
	db, err := sqlite.Open(":memory:", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	day := func(n int) time.Time { return time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, n) }
	run := func(evs ...*mamori.Event) (Stats, []Learning) {
		det := NewRegion(db)
		p := New(db, nil, det)
		for _, ev := range evs {
			if err := p.Observe(ctx, ev); err != nil {
				t.Fatal(err)
			}
		}
		st, err := p.Close(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st, det.StillLearning()
	}
	// Week one: learning; two regions join the baseline.
	st, learning := run(ct("e1", day(0), "ap-northeast-1"), ct("e2", day(3), "us-east-1"))
	if st.Alerts != 0 || len(learning) != 1 || !learning[0].Until.Equal(day(7)) {
		t.Fatalf("learning run: %+v, learning %+v", st, learning)
	}
	// Later, in another run: a known region is quiet, a new one alerts once.
	st, learning = run(ct("e3", day(10), "us-east-1"), ct("e4", day(11), "sa-east-1"), ct("e5", day(12), "sa-east-1"))
	if st.Alerts != 1 || st.New != 1 || len(learning) != 0 {
		t.Fatalf("after learning: %+v, learning %+v; want one alert", st, learning)
	}
	// The same events again: the same alert, nothing new.
	st, _ = run(ct("e3", day(10), "us-east-1"), ct("e4", day(11), "sa-east-1"), ct("e5", day(12), "sa-east-1"))
	if st.New != 0 {
		t.Fatalf("re-reading: %+v, want nothing new", st)
	}
	// ap-northeast-1 unused for 120 days (> 90-day window): new again.
	st, _ = run(ct("e6", day(120), "ap-northeast-1"))
	if st.New != 1 {
		t.Fatalf("after the window: %+v, want one new alert", st)
	}
	as, err := db.Alerts(ctx, mamori.AlertFilter{RuleID: "new-region"})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 2 || !strings.Contains(as[1].Reason.En, "sa-east-1") || !strings.Contains(as[0].Reason.En, "days") || as[0].Reason.Ja == "" {
		t.Errorf("alerts: %+v", as)
	}
	base, err := db.Baseline(ctx, "new-region", "111122223333")
	if err != nil || base["sa-east-1"].Count != 4 || !base["sa-east-1"].First.Equal(day(11)) {
		t.Errorf("baseline: %+v, %v", base, err)
	}
}

type rawRecord []byte

func (r rawRecord) Values(string, []any) ([]any, bool) { return nil, false }
func (r rawRecord) JSON() []byte                       { return r }

// Records read from files keep their text as evidence: compacted when no key
// could hold a secret, redacted otherwise.
func TestEvidenceFromRawJSON(t *testing.T) {
	plain := Evidence(&mamori.Event{Fields: rawRecord("{ \"eventName\" : \"ListUsers\",\n \"n\": 1 }")})
	if string(plain) != `{"eventName":"ListUsers","n":1}` {
		t.Errorf("plain record evidence = %s", plain)
	}
	secret := Evidence(&mamori.Event{Fields: rawRecord(`{"requestParameters":{"SSECustomerKey":"c2VjcmV0","x-amz-security-token":"tok"}}`)})
	if strings.Contains(string(secret), "c2VjcmV0") || strings.Contains(string(secret), `"tok"`) || !strings.Contains(string(secret), "REDACTED") {
		t.Errorf("secret record evidence = %s", secret)
	}
	// Words that hint at secrets in values only (a service, an API) keep the
	// text as it is; the same words as keys of a nested list are redacted.
	hint := Evidence(&mamori.Event{Fields: rawRecord(`{"eventSource":"secretsmanager.amazonaws.com", "eventName":"GetSessionToken","z":{"Password":{"a":1}}}`)})
	if string(hint) != `{"eventSource":"secretsmanager.amazonaws.com","eventName":"GetSessionToken","z":{"Password":{"a":1}}}` {
		t.Errorf("record with hints in values only: evidence = %s", hint)
	}
	nested := Evidence(&mamori.Event{Fields: rawRecord(`{"items":[{"x":1},{"Master_User-Password":"hunter2"}]}`)})
	if strings.Contains(string(nested), "hunter2") || !strings.Contains(string(nested), "REDACTED") {
		t.Errorf("nested secret evidence = %s", nested)
	}
}

// compactJSON gives what json.Compact gives for any valid JSON.
func FuzzCompactJSON(f *testing.F) {
	for _, s := range []string{`{ "a" : [1, 2,"x y"] }`, `"a\"b \\" `, "\n[ ]\t", `{"k":"v\\\\","w" :null}`, `"\\"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		if !json.Valid(raw) {
			return
		}
		var want bytes.Buffer
		if err := json.Compact(&want, raw); err != nil {
			t.Fatal(err)
		}
		if got := compactJSON(nil, raw); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("compactJSON(%q) = %q, json.Compact gives %q", raw, got, want.Bytes())
		}
	})
}

// builtinSigma is the Sigma detector with the built-in rules, their
// %mining_ports% filled with ports.
func builtinSigma(t testing.TB, ports []int) *Sigma {
	t.Helper()
	rules, err := sigma.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		if err := r.Resolve(Placeholders(ports)); err != nil {
			t.Fatal(err)
		}
	}
	return NewSigma(rules)
}

// The mining ports are configurable: --mining-ports replaces the list.
func TestMiningPortsConfigurable(t *testing.T) {
	p := New(nil, nil, builtinSigma(t, []int{4444}))
	for _, ev := range []*mamori.Event{flow("a", "ACCEPT", 3333.0), flow("b", "ACCEPT", 4444.0)} {
		if err := p.Observe(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
	}
	if st, _ := p.Close(context.Background()); st.Alerts != 1 {
		t.Errorf("with ports [4444]: %d alerts, want 1 (for port 4444)", st.Alerts)
	}
}

// Records from auditlog are checked for secret keys on their parsed tree:
// the same redaction as the text path.
func TestEvidenceFromReader(t *testing.T) {
	in := `[{"eventVersion":"1.08","eventID":"e1","eventTime":"2026-01-02T03:04:05Z","eventName":"CreateUser","eventSource":"secretsmanager.amazonaws.com",` +
		`"requestParameters":{"items":[{"x":1},{"Master_User-Password":"hunter2"}],"sessionToken":{"nested":"kept"}}},` +
		`{"eventVersion":"1.08","eventID":"e2","eventTime":"2026-01-02T03:04:05Z","eventName":"GetSessionToken", "eventSource":"secretsmanager.amazonaws.com"}]`
	var got []string
	err := auditlog.ReadCloudTrail(strings.NewReader(in), auditlog.Options{}, func(ev *mamori.Event) error {
		got = append(got, string(Evidence(ev)))
		return nil
	})
	if err != nil || len(got) != 2 {
		t.Fatalf("read %d records: %v", len(got), err)
	}
	if strings.Contains(got[0], "hunter2") || !strings.Contains(got[0], `"REDACTED"`) || !strings.Contains(got[0], `"nested":"kept"`) {
		t.Errorf("record with a secret key: evidence %s", got[0])
	}
	if want := `{"eventVersion":"1.08","eventID":"e2","eventTime":"2026-01-02T03:04:05Z","eventName":"GetSessionToken","eventSource":"secretsmanager.amazonaws.com"}`; got[1] != want {
		t.Errorf("record with hints in values only: evidence %s, want the text compacted", got[1])
	}
}

// failingStore fails PutAlerts after ok successful calls.
type failingStore struct {
	mamori.AlertStore
	ok, calls int
	stored    int
}

func (f *failingStore) PutAlerts(_ context.Context, as []mamori.Alert) (int, error) {
	f.calls++
	if f.calls > f.ok {
		return 0, errors.New("disk full")
	}
	f.stored += len(as)
	return len(as), nil
}

// The store writes on its own goroutine: what it stored is counted, and an
// error it meets ends the run, at the latest at Close.
func TestPipelineWriter(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		ok      int
		wantErr bool
	}{{"stores every batch", 1 << 30, false}, {"first batch fails", 0, true}, {"second batch fails", 1, true}} {
		t.Run(tc.name, func(t *testing.T) {
			st := &failingStore{ok: tc.ok}
			p := New(st, nil, builtinSigma(t, []int{4444}))
			var err error
			n := 2*batch + 7
			for i := 0; i < n && err == nil; i++ {
				err = p.Observe(ctx, flow(fmt.Sprint("w", i), "ACCEPT", 4444.0))
			}
			stats, cerr := p.Close(ctx)
			if err == nil {
				err = cerr
			}
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v, want an error: %v", err, tc.wantErr)
			}
			if !tc.wantErr && (stats.New != n || st.stored != n || stats.Alerts != n) {
				t.Errorf("stats %+v, stored %d; want %d new and stored", stats, st.stored, n)
			}
			if tc.wantErr && !strings.Contains(err.Error(), "disk full") {
				t.Errorf("error %v, want the store's", err)
			}
		})
	}
}
