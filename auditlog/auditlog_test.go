package auditlog

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mamori-sec/mamori"
)

const dataDir = "../../shared/data/cloudtrail"

// collect reads in; each event's Fields are valid only during the call, so
// the ports of requestParameters.items are read there and kept in Fields.
func collect(t *testing.T, in string) ([]*mamori.Event, []string, error) {
	t.Helper()
	var evs []*mamori.Event
	var bad []string
	err := ReadCloudTrail(strings.NewReader(in), Options{OnBadRecord: func(n int, err error) { bad = append(bad, err.Error()) }},
		func(ev *mamori.Event) error {
			vals, ok := ev.Fields.Values("requestParameters.items.port", nil)
			c := *ev
			c.Fields = mamori.MapRecord{"ports": vals, "found": ok}
			evs = append(evs, &c)
			return nil
		})
	return evs, bad, err
}

const rec = `{"eventVersion":"1.08","eventID":"e1","eventTime":"2026-01-02T03:04:05Z","eventName":"StopLogging","eventSource":"cloudtrail.amazonaws.com","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"},"requestParameters":{"name":"t","items":[{"port":22},{"port":3389}]}}`

func TestShapes(t *testing.T) {
	other := strings.Replace(rec, `"e1"`, `"e2"`, 1)
	for name, in := range map[string]string{
		"records":     `{"Records":[` + rec + `,` + other + `]}`,
		"array":       `[` + rec + `,` + other + `]`,
		"jsonl":       rec + "\n" + other + "\n",
		"eventbridge": `{"version":"0","detail-type":"AWS API Call via CloudTrail","source":"aws.cloudtrail","detail":` + rec + `}` + "\n" + `{"detail-type":"AWS API Call via CloudTrail","detail":` + other + `}`,
		"lake":        `{"eventData":` + rec + `}` + "\n" + `{"eventData":` + other + `}`,
	} {
		evs, bad, err := collect(t, in)
		if err != nil || len(bad) != 0 || len(evs) != 2 {
			t.Errorf("%s: %d events, bad %v, err %v", name, len(evs), bad, err)
			continue
		}
		ev := evs[0]
		if ev.ID != "e1" || ev.Name != "StopLogging" || ev.Principal != "arn:aws:iam::111122223333:user/alice" || ev.Region != "us-east-1" ||
			ev.Account != "111122223333" || ev.SourceIP != "198.51.100.7" || ev.Time.Format("15:04:05") != "03:04:05" {
			t.Errorf("%s: event %+v", name, ev)
		}
		rec := ev.Fields.(mamori.MapRecord)
		vals, _ := rec["ports"].([]any)
		if rec["found"] != true || len(vals) != 2 || vals[0] != 22.0 {
			t.Errorf("%s: requestParameters.items.port = %v, %v", name, vals, rec["found"])
		}
	}
}

func TestBadInput(t *testing.T) {
	// A record without an ID is skipped and reported; the rest is read.
	noID := strings.Replace(rec, `"eventID":"e1",`, ``, 1)
	evs, bad, err := collect(t, `{"Records":[`+rec+`,`+noID+`]}`)
	if err != nil || len(evs) != 1 || len(bad) != 1 || !strings.Contains(bad[0], "eventID") {
		t.Errorf("record without eventID: %d events, bad %v, err %v", len(evs), bad, err)
	}
	for name, in := range map[string]string{
		"csv":        "a,b,c\n1,2,3\n",
		"other json": `{"hello":"world"}`,
		"records":    `{"Records":"nope"}`,
	} {
		if _, _, err := collect(t, in); !errors.Is(err, ErrNotAuditLog) {
			t.Errorf("%s: err %v, want ErrNotAuditLog", name, err)
		}
	}
	if _, _, err := collect(t, `{"Records":[`+rec+`,{"eventID":`); err == nil {
		t.Error("cut-off JSON read without error")
	}
	// Truncated gzip: the events before the cut still arrive.
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"Records":[` + strings.Repeat(rec+",", 200) + rec + `]}`))
	zw.Close()
	evs, _, err = collect(t, gz.String()[:gz.Len()*2/3])
	if err == nil || !strings.Contains(err.Error(), "gzip") || len(evs) == 0 {
		t.Errorf("truncated gzip: %d events, err %v", len(evs), err)
	}
	evs, _, err = collect(t, gz.String())
	if err != nil || len(evs) != 201 {
		t.Errorf("whole gzip: %d events, err %v", len(evs), err)
	}
}

// Every record of the shared datasets reads, and their count matches a
// count with encoding/json.
func TestRealData(t *testing.T) {
	if _, err := os.Stat(dataDir); err != nil {
		t.Skipf("shared CloudTrail data not found at %s", dataDir)
	}
	files, err := listFiles(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var recs []json.RawMessage
		var obj struct{ Records []json.RawMessage }
		if json.Unmarshal(b, &recs) != nil {
			if err := json.Unmarshal(b, &obj); err != nil {
				continue // not a log (a README)
			}
			recs = obj.Records
		}
		want += len(recs)
	}
	s, err := ReadPaths([]string{dataDir}, CloudTrail, nil, func(*mamori.Event) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if s.Events != want || s.Events < 2000 {
		t.Errorf("read %d events from %d files (bad: %v), encoding/json counts %d", s.Events, s.Files, s.Bad, want)
	}
}

func TestFlowLogs(t *testing.T) {
	in := "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n" +
		"2 111122223333 eni-1 10.0.2.40 203.0.113.200 40122 3333 6 10 4200 1767225600 1767225659 ACCEPT OK\n" +
		"2 111122223333 eni-1 - - - - - - - 1767225600 1767225659 - NODATA\n" +
		"2 111122223333 eni-1 only five fields\n"
	var evs []*mamori.Event
	var bad int
	err := ReadFlowLogs(strings.NewReader(in), Options{OnBadRecord: func(int, error) { bad++ }}, func(ev *mamori.Event) error { evs = append(evs, ev); return nil })
	if err != nil || len(evs) != 1 || bad != 1 {
		t.Fatalf("%d events, %d bad, err %v", len(evs), bad, err)
	}
	ev := evs[0]
	port, _ := ev.Fields.Values("dstport", nil)
	if ev.Name != "ACCEPT" || ev.SourceIP != "10.0.2.40" || len(port) != 1 || port[0] != 3333.0 || ev.Time.Unix() != 1767225600 || !strings.HasPrefix(ev.ID, "flow-") {
		t.Errorf("event %+v, dstport %v", ev, port)
	}
	// Without a header: the default version-2 order.
	evs = nil
	if err := ReadFlowLogs(strings.NewReader(strings.SplitN(in, "\n", 2)[1]), Options{}, func(ev *mamori.Event) error { evs = append(evs, ev); return nil }); err != nil || len(evs) != 1 {
		t.Errorf("headerless: %d events, %v", len(evs), err)
	}
	if err := ReadFlowLogs(strings.NewReader("a b c\n"), Options{}, func(*mamori.Event) error { return nil }); !errors.Is(err, ErrNotAuditLog) {
		t.Errorf("not a flow log: %v", err)
	}
}

func TestReadPathsReportsBadFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "good.json"), []byte(`{"Records":[`+rec+`]}`), 0o600)
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{"hello":1}`), 0o600)
	os.MkdirAll(filepath.Join(dir, "CloudTrail-Digest"), 0o700)
	os.WriteFile(filepath.Join(dir, "CloudTrail-Digest", "d.json"), []byte(`{"digestStartTime":"x"}`), 0o600)
	os.WriteFile(filepath.Join(dir, "notes.md"), []byte(`# not a log`), 0o600)
	s, err := ReadPaths([]string{dir, filepath.Join(dir, "missing.json")}, CloudTrail, nil, func(*mamori.Event) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if s.Files != 2 || s.Events != 1 || len(s.Bad) != 2 {
		t.Errorf("summary %+v", s)
	}
	stop := errors.New("stop")
	if _, err := ReadPaths([]string{dir}, CloudTrail, nil, func(*mamori.Event) error { return stop }); err != stop {
		t.Errorf("fn's error = %v, want it returned as is", err)
	}
}

func FuzzReadCloudTrail(f *testing.F) {
	f.Add([]byte(`{"Records":[` + rec + `]}`))
	f.Add([]byte(`[` + rec + `]`))
	f.Add([]byte(rec + "\n" + rec))
	f.Add([]byte(`{"detail-type":"x","detail":` + rec + `}`))
	f.Add([]byte(`{"Records":[{"eventID":1}]`))
	f.Add([]byte("\x1f\x8b\x08"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = ReadCloudTrail(bytes.NewReader(b), Options{OnBadRecord: func(int, error) {}}, func(ev *mamori.Event) error {
			ev.Fields.Values("userIdentity.arn", nil)
			return nil
		})
	})
}

func FuzzReadFlowLogs(f *testing.F) {
	f.Add([]byte("version srcaddr dstport action\n2 10.0.0.1 3333 ACCEPT\n"))
	f.Add([]byte("2 1 eni 1.1.1.1 2.2.2.2 1 2 6 1 1 1 1 ACCEPT OK\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_ = ReadFlowLogs(bytes.NewReader(b), Options{OnBadRecord: func(int, error) {}}, func(*mamori.Event) error { return nil })
	})
}

// The fast record answers every lookup as a map decoded by encoding/json
// does, over every shared record (objects and arrays at the end of a path
// excepted: their JSON text may order keys differently).
func TestFastRecordMatchesEncodingJSON(t *testing.T) {
	if _, err := os.Stat(dataDir); err != nil {
		t.Skipf("shared CloudTrail data not found at %s", dataDir)
	}
	files, err := listFiles(dataDir)
	if err != nil {
		t.Fatal(err)
	}
	paths := []string{"eventName", "eventSource", "userIdentity.arn", "userIdentity.type", "userIdentity.sessionContext.attributes.mfaAuthenticated",
		"requestParameters.ipPermissions.items.ipRanges.items.cidrIp", "requestParameters.ipPermissions.items.fromPort", "responseElements",
		"additionalEventData.MFAUsed", "resources.ARN", "readOnly", "requestParameters.maxResults", "requestParameters.instancesSet.items.instanceId",
		"errorCode", "nope", "userIdentity.nope.deeper"}
	checked := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var recs []map[string]any
		var obj struct{ Records []map[string]any }
		if json.Unmarshal(b, &recs) != nil {
			if json.Unmarshal(b, &obj) != nil {
				continue
			}
			recs = obj.Records
		}
		byID := map[string]mamori.MapRecord{}
		for _, r := range recs {
			id, _ := r["eventID"].(string)
			byID[id] = r
		}
		err = ReadCloudTrail(bytes.NewReader(b), Options{}, func(ev *mamori.Event) error {
			want := byID[ev.ID]
			for _, p := range paths {
				g, gok := ev.Fields.Values(p, nil)
				w, wok := want.Values(p, nil)
				if gok != wok || len(g) != len(w) {
					t.Errorf("%s %s %s: fast %v %v, encoding/json %v %v", f, ev.ID, p, g, gok, w, wok)
					continue
				}
				for i := range g {
					if s, ok := w[i].(string); ok && (strings.HasPrefix(s, "{") || strings.HasPrefix(s, "[")) {
						continue
					}
					if g[i] != w[i] {
						t.Errorf("%s %s %s[%d]: fast %#v, encoding/json %#v", f, ev.ID, p, i, g[i], w[i])
					}
				}
			}
			checked++
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	if checked < 2000 {
		t.Errorf("checked %d records", checked)
	}
}
