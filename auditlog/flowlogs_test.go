package auditlog

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/mamori-sec/mamori"
)

const (
	v2Header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
	v2Line   = "2 111122223333 eni-1 10.0.2.40 203.0.113.200 40122 3333 6 10 4200 1767225600 1767225659 ACCEPT OK\n"
)

// flowGot is what a flow log read gave; look reads paths of each event
// during the callback.
type flowGot struct {
	evs     []mamori.Event
	vals    []map[string][]any
	js      []string
	bad     []string
	skipped []string
	err     error
}

func readFlow(in string, look ...string) flowGot {
	var g flowGot
	opt := Options{
		OnBadRecord: func(n int, err error) { g.bad = append(g.bad, fmt.Sprintf("%d: %v", n, err)) },
		OnSkip:      func(n int, why string) { g.skipped = append(g.skipped, fmt.Sprintf("%d: %s", n, why)) },
	}
	g.err = ReadFlowLogs(strings.NewReader(in), opt, func(ev *mamori.Event) error {
		m := map[string][]any{}
		for _, p := range look {
			if v, ok := ev.Fields.Values(p, nil); ok {
				m[p] = v
			}
		}
		g.vals = append(g.vals, m)
		g.js = append(g.js, string(ev.Fields.(JSONRecord).JSON()))
		c := *ev
		c.Fields = nil
		g.evs = append(g.evs, c)
		return nil
	})
	return g
}

func TestFlowLogsDefaultFormat(t *testing.T) {
	for name, in := range map[string]string{
		"S3 delivery, header":    v2Header + v2Line,
		"no header":              v2Line,
		"gzip":                   gzipped(v2Header + v2Line),
		"CloudWatch Logs export": "2026-01-01T00:00:59.000Z " + v2Line,
		"CRLF, blank lines":      "\r\n" + strings.ReplaceAll(v2Header+v2Line, "\n", "\r\n") + "\r\n",
		"tabs, no final newline": strings.ReplaceAll(strings.TrimSuffix(v2Line, "\n"), " ", "\t"),
	} {
		g := readFlow(in, "dstport", "dst_port", "DstPort", "srcaddr", "action", "log-status", "log_status", "accountid", "account-id", "protocol", "nope", "dstport.x")
		if g.err != nil || len(g.evs) != 1 || len(g.bad) != 0 {
			t.Errorf("%s: %d events, bad %v, err %v", name, len(g.evs), g.bad, g.err)
			continue
		}
		ev, v := g.evs[0], g.vals[0]
		if ev.Source != "aws.vpcflow" || ev.Name != "ACCEPT" || ev.SourceIP != "10.0.2.40" || ev.Account != "111122223333" || ev.Region != "" ||
			ev.Time.Unix() != 1767225600 || ev.Time.Location().String() != "UTC" || ev.Principal != "" {
			t.Errorf("%s: event %+v", name, ev)
		}
		sum := sha256.Sum256([]byte(strings.TrimSpace(v2Line)))
		if want := "flow-" + hex.EncodeToString(sum[:16]); ev.ID != want {
			t.Errorf("%s: ID %q", name, ev.ID)
		}
		want := "map[DstPort:[3333] account-id:[111122223333] accountid:[111122223333] action:[ACCEPT] dst_port:[3333] dstport:[3333] log-status:[OK] log_status:[OK] protocol:[6] srcaddr:[10.0.2.40]]"
		if fmt.Sprint(v) != want || v["dstport"][0] != 3333.0 || v["account-id"][0] != "111122223333" {
			t.Errorf("%s: values %v", name, v)
		}
	}
	// The same record gives the same ID, whatever file or prefix it comes in.
	a, b := readFlow(v2Header+v2Line), readFlow("2026-01-01T00:00:59.000Z  "+strings.ReplaceAll(v2Line, " ", "  "))
	c := readFlow(v2Header + strings.Replace(v2Line, "4200", "4201", 1))
	if len(a.evs) != 1 || len(b.evs) != 1 || a.evs[0].ID != b.evs[0].ID || c.evs[0].ID == a.evs[0].ID {
		t.Errorf("IDs: %v %v %v", a.evs, b.evs, c.evs)
	}
}

func TestFlowLogsCustomFormat(t *testing.T) {
	header := "version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr " +
		"protocol bytes packets start end action tcp-flags log-status region az-id sublocation-type sublocation-id " +
		"pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path\n"
	line := "5 vpc-1 subnet-1 i-1 eni-1 111122223333 IPv4 52.95.128.1 10.0.1.5 443 51234 52.95.128.1 10.0.1.5 " +
		"6 5000 4 1767225600 1767225660 REJECT 2 OK ap-northeast-1 apne1-az4 - - S3 - ingress -\n"
	g := readFlow(header+line+"5 vpc-1 - - eni-1 111122223333 - - - - - - - - - - 1767225600 1767225660 - - NODATA ap-northeast-1 - - - - - - -\n",
		"flow-direction", "flowdirection", "pkt-src-aws-service", "traffic-path", "sublocation-id", "tcp-flags", "region", "bytes")
	if g.err != nil || len(g.evs) != 1 || len(g.bad) != 0 || strings.Join(g.skipped, ",") != "3: NODATA" {
		t.Fatalf("%d events, bad %v, skipped %v, err %v", len(g.evs), g.bad, g.skipped, g.err)
	}
	ev, v := g.evs[0], g.vals[0]
	if ev.Name != "REJECT" || ev.Region != "ap-northeast-1" || ev.SourceIP != "52.95.128.1" || ev.Time.Unix() != 1767225600 {
		t.Errorf("event %+v", ev)
	}
	want := "map[bytes:[5000] flow-direction:[ingress] flowdirection:[ingress] pkt-src-aws-service:[S3] region:[ap-northeast-1] sublocation-id:[<nil>] tcp-flags:[2] traffic-path:[<nil>]]"
	if fmt.Sprint(v) != want {
		t.Errorf("values %v", v)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(g.js[0]), &m); err != nil || m["dstport"] != 51234.0 || m["sublocation-id"] != nil || m["vpc-id"] != "vpc-1" || len(m) != 29 {
		t.Errorf("JSON %s: %v", g.js[0], err)
	}
	// A header may name fields as the API's format does: ${srcaddr}.
	g = readFlow("${srcaddr} ${dstaddr} ${dstport} ${action}\n10.0.0.1 10.0.0.2 22 ACCEPT\n", "dstport")
	if g.err != nil || len(g.evs) != 1 || g.vals[0]["dstport"][0] != 22.0 || !g.evs[0].Time.IsZero() {
		t.Errorf("${} header: %+v", g)
	}
}

func TestFlowLogsBadRecords(t *testing.T) {
	in := v2Header + v2Line +
		"2 111122223333 eni-1 only five\n" +
		"2 111122223333 eni-1 10.0.2.40 203.0.113.200 http 3333 6 10 4200 1767225600 1767225659 ACCEPT OK\n" +
		"2 111122223333 eni-1 - - - - - - - 1767225600 1767225659 - NODATA\n" +
		"2 111122223333 eni-1 - - - - - - - 1767225600 1767225659 - SKIPDATA\n" +
		strings.Repeat("x", 300<<10) + "\n" + strings.Repeat("y", 100<<10) + "\n" +
		strings.Replace(v2Line, "ACCEPT", "REJECT", 1)
	g := readFlow(in)
	if g.err != nil || len(g.evs) != 2 || g.evs[1].Name != "REJECT" ||
		strings.Join(g.bad, "|") != `3: has 5 fields, the format has 14|4: srcport "http" is not a number|7: is longer than 64 KB|8: is longer than 64 KB` ||
		strings.Join(g.skipped, ",") != "5: NODATA,6: SKIPDATA" {
		t.Errorf("%d events, bad %q, skipped %v, err %v", len(g.evs), g.bad, g.skipped, g.err)
	}
}

func TestNotFlowLogs(t *testing.T) {
	for name, c := range map[string]struct{ in, want string }{
		"few fields":  {"a b c\n", `not a VPC flow log: the first line has 3 fields and no header names them (the default format has 14): "a b c"`},
		"CloudTrail":  {`{"Records":[]}`, "not a VPC flow log: it is JSON (CloudTrail is read without --flow-logs)"},
		"not numbers": {"x 111122223333 eni-1 10.0.2.40 203.0.113.200 1 2 6 10 4200 a b ACCEPT OK\n", `not a VPC flow log: line 1: version "x" is not a number`},
		"binary":      {"\x00\x01\x02 \x03\n", "not a VPC flow log: it is binary data"},
		"zip":         {"PK\x03\x04\x00\x00", "not a VPC flow log: it is a zip archive; unzip it first"},
		"Parquet":     {"PAR1\x15\x04", "not a VPC flow log: it is a Parquet file, which mamori does not read"},
		"long line":   {strings.Repeat("x", 70<<10), `not a VPC flow log: it starts with "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx..."`},
	} {
		g := readFlow(c.in)
		if !errors.Is(g.err, ErrNotAuditLog) || g.err.Error() != c.want || len(g.evs) != 0 {
			t.Errorf("%s: err %v, want %q", name, g.err, c.want)
		}
	}
	cut := gzipped(v2Header + strings.Repeat(v2Line, 2000))
	g := readFlow(cut[:len(cut)/2])
	if g.err == nil || !strings.HasPrefix(g.err.Error(), "truncated gzip") || len(g.evs) == 0 {
		t.Errorf("truncated gzip: %d events, err %v", len(g.evs), g.err)
	}
	if g := readFlow(""); g.err != nil || len(g.evs) != 0 {
		t.Errorf("empty: %v", g.err)
	}
}
