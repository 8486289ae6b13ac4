package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/sqlite"
)

// eventOf lifts the fields detectors need from a decoded CloudTrail record
// (the readers do this for real input).
func eventOf(t *testing.T, r map[string]any) *mamori.Event {
	t.Helper()
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	id, _ := r["userIdentity"].(map[string]any)
	at, err := time.Parse(time.RFC3339, str(r, "eventTime"))
	if err != nil {
		t.Fatal(err)
	}
	return &mamori.Event{ID: str(r, "eventID"), Source: "aws.cloudtrail", Time: at, Account: str(r, "recipientAccountId"),
		Region: str(r, "awsRegion"), Principal: str(id, "arn"), PrincipalType: str(id, "type"), Service: str(r, "eventSource"),
		Name: str(r, "eventName"), SourceIP: str(r, "sourceIPAddress"), UserAgent: str(r, "userAgent"), Fields: mamori.MapRecord(r)}
}

// The demo shows every behavioural detector at work, and only where meant.
func TestDemoBehaviour(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	var file struct{ Records []map[string]any }
	if err := json.Unmarshal(DemoCloudTrail(now), &file); err != nil {
		t.Fatal(err)
	}
	b, _ := DemoGeoIP()
	geo, err := OpenGeoIPBytes("demo", b)
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(":memory:", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	p := New(db, func() time.Time { return now }, NewRegion(db), NewService(db), NewUserAgent(db),
		&ImpossibleTravel{Geo: geo, Store: db, MaxSpeedKmh: DefaultMaxSpeedKmh, MinDistanceKm: DefaultMinDistanceKm})
	for _, r := range file.Records {
		if err := p.Observe(ctx, eventOf(t, r)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	as, err := db.Alerts(ctx, mamori.AlertFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range as {
		got = append(got, a.RuleID+" "+a.EventNames[0]+" "+a.Principal[strings.LastIndex(a.Principal, ":")+1:])
	}
	sort.Strings(got)
	want := []string{
		"impossible-travel StopLogging user/alice",             // London on day 8 at 20:00, Milton (US) 5 h 20 min later
		"new-region RunInstances user/alice",                   // sa-east-1: the account never used it
		"new-service AuthorizeSecurityGroupIngress user/alice", // the first EC2 write: alice only described instances
		"new-service ConsoleLogin user/bob",                    // bob only ever read CloudTrail
		"new-service CreateAccessKey user/alice",               // the first IAM write: alice only listed users
		"new-service DeleteDetector user/alice",                // GuardDuty
		"new-service DeletePublicAccessBlock user/alice",       // the first S3 write
		"new-service DeleteTrail user/bob",                     // bob's first CloudTrail write (refused)
		"new-service ScheduleKeyDeletion user/alice",           // KMS
		"new-service StopLogging user/alice",                   // CloudTrail
		"new-user-agent ConsoleLogin user/bob",                 // Chrome on Windows after the CLI
		"new-user-agent PutBucketLifecycle user/alice",         // boto3 after the CLI
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("demo alerts (-want +got):\n%s", d)
	}
}

// BenchmarkDetectors runs the behavioural detectors (baselines in memory,
// no store) over a stream built from the demo's baseline week repeated with
// fresh IDs and later times, as a long log looks once baselines exist: the
// detectors' share of the per-event cost, without reading or rules.
func BenchmarkDetectors(b *testing.B) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	var file struct{ Records []map[string]any }
	if err := json.Unmarshal(DemoCloudTrail(now), &file); err != nil {
		b.Fatal(err)
	}
	t := &testing.T{}
	var week []*mamori.Event
	for _, r := range file.Records {
		ev := eventOf(t, r)
		if ev.Time.Before(now.Add(-2 * 24 * time.Hour)) { // the baseline days only
			week = append(week, ev)
		}
	}
	const rounds = 200
	evs := make([]*mamori.Event, 0, rounds*len(week))
	for r := 0; r < rounds; r++ {
		for _, ev := range week {
			c := *ev
			c.ID = fmt.Sprintf("%s-%d", ev.ID, r)
			c.Time = ev.Time.Add(time.Duration(r) * 9 * 24 * time.Hour)
			evs = append(evs, &c)
		}
	}
	gb, _ := DemoGeoIP()
	geo, err := OpenGeoIPBytes("demo", gb)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	p := New(nil, nil, NewRegion(nil), NewService(nil), NewUserAgent(nil),
		&ImpossibleTravel{Geo: geo, MaxSpeedKmh: DefaultMaxSpeedKmh, MinDistanceKm: DefaultMinDistanceKm})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := p.Observe(ctx, evs[i%len(evs)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
