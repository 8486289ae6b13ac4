package auditlog

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
)

// dataDir holds the shared CloudTrail datasets: Invictus (S3-delivered
// {"Records":[...]} files) and Stratus Red Team detonation logs (JSON
// arrays of records, pretty-printed).
const dataDir = "../testdata/cloudtrail"

// sharedFiles returns the JSON files of the shared datasets, or skips.
func sharedFiles(t testing.TB) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dataDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Fatalf("CloudTrail data not found at %s", dataDir)
	}
	sort.Strings(files)
	return files
}

// decodeAll decodes a shared file with encoding/json, independently of the
// reader: a JSON array of records or {"Records":[...]}.
func decodeAll(t testing.TB, b []byte) []map[string]any {
	t.Helper()
	var recs []map[string]any
	if err := json.Unmarshal(b, &recs); err == nil {
		return recs
	}
	var obj struct{ Records []map[string]any }
	if err := json.Unmarshal(b, &obj); err != nil || obj.Records == nil {
		t.Fatalf("encoding/json cannot read the shared file: %v", err)
	}
	return obj.Records
}

// Every shared file reads without a problem, each gives as many events as
// encoding/json counts records, and every event's lifted fields agree with
// the record decoded by encoding/json.
func TestSharedDataEvents(t *testing.T) {
	total := 0
	for _, f := range sharedFiles(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want := decodeAll(t, b)
		i := 0
		err = ReadCloudTrail(bytes.NewReader(b), Options{OnBadRecord: func(n int, err error) { t.Errorf("%s: record %d: %v", f, n, err) }},
			func(ev *mamori.Event) error {
				if i < len(want) {
					checkLifted(t, f, ev, want[i])
				}
				i++
				return nil
			})
		if err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if i != len(want) {
			t.Errorf("%s: %d events, encoding/json counts %d records", f, i, len(want))
		}
		total += i
	}
	if total < 3000 {
		t.Errorf("%d events in all; the shared data has about 3,200", total)
	}
}

// checkLifted compares an event's fields with the rules of mamori.Event,
// applied to the record as encoding/json decodes it.
func checkLifted(t *testing.T, file string, ev *mamori.Event, m map[string]any) {
	t.Helper()
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	uid, _ := m["userIdentity"].(map[string]any)
	principal := str(uid, "arn")
	if principal == "" {
		principal = str(uid, "principalId")
	}
	if principal == "" {
		principal = str(uid, "type")
	}
	account := str(m, "recipientAccountId")
	if account == "" {
		account = str(uid, "accountId")
	}
	when, err := time.Parse(time.RFC3339, str(m, "eventTime"))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	want := mamori.Event{ID: str(m, "eventID"), Source: "aws.cloudtrail", Time: when, Account: account, Region: str(m, "awsRegion"),
		Principal: principal, PrincipalType: str(uid, "type"), Service: str(m, "eventSource"), Name: str(m, "eventName"),
		SourceIP: str(m, "sourceIPAddress"), UserAgent: str(m, "userAgent"), ErrorCode: str(m, "errorCode")}
	got := *ev
	got.Fields = nil
	if !got.Time.Equal(want.Time) || got.Time.Location() != time.UTC {
		t.Errorf("%s %s: time %v, want %v (UTC)", file, ev.ID, got.Time, want.Time)
	}
	got.Time, want.Time = time.Time{}, time.Time{}
	if got != want {
		t.Errorf("%s: event\n got  %+v\n want %+v", file, got, want)
	}
}

// paths returns every dotted path of a decoded record, objects and arrays
// on the way included, plus some that do not exist.
func paths(v any, prefix string, out map[string]bool) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			p := k
			if prefix != "" {
				p = prefix + "." + k
			}
			out[p] = true
			paths(e, p, out)
		}
		if prefix != "" {
			out[prefix+".nope"] = true
		}
	case []any:
		for _, e := range x {
			paths(e, prefix, out)
		}
	}
}

// The differential test: for every shared record and every path in it,
// Values answers exactly as mamori.MapRecord over encoding/json does, JSON
// text of objects and arrays included.
func TestSharedDataValuesMatchEncodingJSON(t *testing.T) {
	checked := 0
	for _, f := range sharedFiles(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want := decodeAll(t, b)
		i := 0
		err = ReadCloudTrail(bytes.NewReader(b), Options{}, func(ev *mamori.Event) error {
			m := mamori.MapRecord(want[i])
			i++
			ps := map[string]bool{"nope": true, "userIdentity.nope.deeper": true, "": true}
			paths(map[string]any(m), "", ps)
			for p := range ps {
				checked += comparePath(t, fmt.Sprintf("%s %s", f, ev.ID), ev.Fields, m, p)
			}
			// The record's JSON text decodes to the same record.
			var back map[string]any
			if err := json.Unmarshal(ev.Fields.(JSONRecord).JSON(), &back); err != nil || !jsonEqual(back, want[i-1]) {
				t.Errorf("%s %s: JSON() does not give the record back (%v)", f, ev.ID, err)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	t.Logf("compared %d values", checked)
	if checked < 100000 {
		t.Errorf("compared %d values; expected far more", checked)
	}
}

// comparePath compares one lookup; it returns how many values it compared.
func comparePath(t *testing.T, what string, got, want mamori.Record, p string) int {
	t.Helper()
	g, gok := got.Values(p, nil)
	w, wok := want.Values(p, nil)
	if gok != wok || len(g) != len(w) {
		t.Errorf("%s %q: fast %#v %v, encoding/json %#v %v", what, p, g, gok, w, wok)
		return 0
	}
	for i := range g {
		if g[i] != w[i] {
			t.Errorf("%s %q[%d]: fast %#v, encoding/json %#v", what, p, i, g[i], w[i])
		}
	}
	return len(g) + 1
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// The same shared records in every other shape give the same events and
// the same values: JSON Lines, EventBridge events, lookup-events output,
// CloudTrail Lake rows, gzip, a CloudWatch Logs export.
func TestSharedDataInEveryShape(t *testing.T) {
	var recs []map[string]any
	for _, f := range sharedFiles(t) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, decodeAll(t, b)...)
	}
	enc := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	shapes := map[string]func(i int, r map[string]any) string{
		"jsonl": func(_ int, r map[string]any) string { return enc(r) + "\n" },
		"eventbridge": func(_ int, r map[string]any) string {
			dt := "AWS API Call via CloudTrail"
			if r["eventType"] == "AwsConsoleSignIn" {
				dt = "AWS Console Sign In via CloudTrail"
			}
			return enc(map[string]any{"version": "0", "id": "x", "detail-type": dt, "source": "aws.cloudtrail",
				"account": r["recipientAccountId"], "time": r["eventTime"], "region": r["awsRegion"], "resources": []any{}, "detail": r}) + "\n"
		},
		"cloudwatch export": func(_ int, r map[string]any) string { return "2023-07-10T12:00:00.000Z " + enc(r) + "\n" },
	}
	var lookup, lake strings.Builder
	lookup.WriteString(`{"Events":[`)
	lake.WriteString(`{"QueryStatus":"FINISHED","QueryResultRows":[`)
	for i, r := range recs {
		if i > 0 {
			lookup.WriteByte(',')
			lake.WriteByte(',')
		}
		lookup.WriteString(enc(map[string]any{"EventId": r["eventID"], "EventName": r["eventName"], "CloudTrailEvent": enc(r)}))
		// Lake gives every column as a string, nested ones as text.
		var cols []any
		for _, k := range sortedKeys(r) {
			v := r[k]
			if s, ok := v.(string); ok {
				if k == "eventTime" {
					tm, _ := time.Parse(time.RFC3339, s)
					s = tm.Format("2006-01-02 15:04:05.000")
				}
				cols = append(cols, map[string]any{k: s})
			} else {
				cols = append(cols, map[string]any{k: enc(v)})
			}
		}
		lake.WriteString(enc(cols))
	}
	lookup.WriteString(`],"NextToken":"t"}`)
	lake.WriteString(`],"NextToken":"t"}`)

	inputs := map[string]string{"lookup-events": lookup.String(), "lake": lake.String()}
	for name, shape := range shapes {
		var sb strings.Builder
		for i, r := range recs {
			sb.WriteString(shape(i, r))
		}
		inputs[name] = sb.String()
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(inputs["jsonl"]))
	zw.Close()
	inputs["jsonl.gz"] = gz.String()

	for name, in := range inputs {
		i := 0
		err := ReadCloudTrail(strings.NewReader(in), Options{OnBadRecord: func(n int, err error) { t.Errorf("%s: record %d: %v", name, n, err) }},
			func(ev *mamori.Event) error {
				r := recs[i]
				i++
				if ev.ID != r["eventID"] || ev.Name != r["eventName"] || ev.Time.Format(time.RFC3339) != r["eventTime"] {
					t.Errorf("%s: event %s %s %v, want %v %v %v", name, ev.ID, ev.Name, ev.Time, r["eventID"], r["eventName"], r["eventTime"])
				}
				if name == "lake" {
					return nil // every value is a string there
				}
				for _, p := range []string{"userIdentity.arn", "requestParameters", "resources.ARN", "readOnly", "tlsDetails.tlsVersion", "responseElements.credentials.accessKeyId"} {
					comparePath(t, name+" "+ev.ID, ev.Fields, mamori.MapRecord(r), p)
				}
				return nil
			})
		if err != nil || i != len(recs) {
			t.Errorf("%s: %d of %d events, %v", name, i, len(recs), err)
		}
	}
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
