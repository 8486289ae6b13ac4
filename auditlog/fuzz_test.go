package auditlog

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/valyala/fastjson"

	"github.com/mamori-sec/mamori"
)

// Audit logs come from outside: any bytes give events, bad records or one
// error, never a panic. The seeds are the shapes the readers take and the
// inputs that once broke them (testdata/fuzz).

func ctSeeds(f *testing.F) {
	r1, r2 := recN(1), recN(2)
	for _, s := range []string{
		`{"Records":[` + r1 + `,` + r2 + `]}`,
		`[` + r1 + `]`,
		r1 + "\n" + r2,
		`{"detail-type":"AWS API Call via CloudTrail","detail":` + r1 + `}`,
		`{"Events":[{"CloudTrailEvent":` + quote(r1) + `}]}`,
		`{"QueryResultRows":[` + lakeRow("e1") + `]}`,
		"2026-01-02T03:04:06.000Z " + r1,
		`{"Records":[{"eventID":1}]`,
		`{"x":1,"Records":[` + r1 + `],"y":"]"}`,
		`{"digestStartTime":"x"}`,
		`{"eventName":"a","eventID":"b","eventTime":"2026-02-31T00:00:00Z"}`,
		`{"eventName":"a\u0000","eventID":"\ud800","eventTime":"2026-01-01 00:00:00.000","s":"\x"}`,
		"\x1f\x8b\x08",
		gzipped(r1),
	} {
		f.Add([]byte(s))
	}
}

func FuzzReadCloudTrail(f *testing.F) {
	ctSeeds(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		valid := json.Valid(b)
		err := ReadCloudTrail(bytes.NewReader(b), Options{OnBadRecord: func(n int, err error) {
			if n < 1 || strings.Contains(err.Error(), "\n") {
				t.Errorf("bad record %d: %q", n, err)
			}
		}}, func(ev *mamori.Event) error {
			if ev.ID == "" || ev.Name == "" || ev.Time.IsZero() || ev.Source != "aws.cloudtrail" {
				t.Errorf("event without ID, name or time: %+v", ev)
			}
			for _, p := range []string{"", "eventName", "userIdentity.arn", "a.b.c", "requestParameters"} {
				ev.Fields.Values(p, nil)
			}
			js := ev.Fields.(JSONRecord).JSON()
			if valid && !json.Valid(js) {
				t.Errorf("JSON() of valid input is not JSON: %q", js)
			}
			// The fields lifted into the event answer as the record does.
			var m map[string]any
			if json.Unmarshal(js, &m) == nil && utf8.Valid(js) && !surrogate.Match(js) {
				for _, p := range []string{"eventName", "eventSource", "eventID", "eventTime", "awsRegion", "sourceIPAddress",
					"userAgent", "errorCode", "userIdentity.type", "userIdentity.arn", "readOnly"} {
					comparePath(t, "fuzz", ev.Fields, mamori.MapRecord(m), p)
				}
			}
			return nil
		})
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("error on more than one line: %q", err)
		}
	})
}

// surrogate finds escaped UTF-16 surrogates, which fastjson and
// encoding/json decode differently when they are unpaired.
var surrogate = regexp.MustCompile(`(?i)\\u[d][89a-f]`)

// FuzzValuesMatchEncodingJSON: for any object encoding/json decodes, every
// path of it gives the same values through the fastjson record as through
// mamori.MapRecord.
func FuzzValuesMatchEncodingJSON(f *testing.F) {
	ctSeeds(f)
	f.Add([]byte(`{"a":[{"b":1.5e300},{"b":[1,[2]]},null,"x"],"c":{"z":"<&>","a":-0},"d":1,"d":{"e":true}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var m map[string]any
		if json.Unmarshal(b, &m) != nil || m == nil || !utf8.Valid(b) || surrogate.Match(b) {
			return
		}
		var p fastjson.Parser
		v, err := p.ParseBytes(b)
		if err != nil {
			t.Fatalf("encoding/json reads it, fastjson does not: %v", err)
		}
		r := &record{v: v}
		ps := map[string]bool{"": true, "nope": true}
		paths(m, "", ps)
		for path := range ps {
			comparePath(t, "fuzz", r, mamori.MapRecord(m), path)
		}
	})
}

// FuzzScannerMatchesDecoder: where encoding/json's Decoder reads a stream
// of objects, arrays and strings, the scanner cuts the same values.
func FuzzScannerMatchesDecoder(f *testing.F) {
	ctSeeds(f)
	f.Add([]byte(`"a\"b" [1,{"x":"]"}] {"y":"\\"} ["\\\""]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if bytes.HasPrefix(b, []byte{0x1f, 0x8b}) || bytes.HasPrefix(b, []byte("\ufeff")) || bytes.IndexByte(b, 0x1e) >= 0 {
			return // not plain JSON for the Decoder
		}
		var want [][]byte
		dec := json.NewDecoder(bytes.NewReader(b))
		for {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				if err.Error() != "EOF" {
					return
				}
				break
			}
			if !bytes.ContainsAny(raw[:1], `{["`) {
				return // top-level numbers are cut differently ("00"), and are never records
			}
			want = append(want, raw)
		}
		in, err := open(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		s := scanner{in: in}
		for i, w := range want {
			s.buf = s.buf[:0]
			if err := s.value(true); err != nil {
				t.Fatalf("value %d: %v", i, err)
			}
			if !bytes.Equal(bytes.TrimSpace(s.buf), bytes.TrimSpace(w)) {
				t.Fatalf("value %d: cut %q, the Decoder reads %q", i, s.buf, w)
			}
		}
		if _, err := s.peek(); err == nil {
			t.Fatalf("the scanner finds more than the %d values the Decoder reads", len(want))
		}
	})
}

func FuzzReadFlowLogs(f *testing.F) {
	for _, s := range []string{
		v2Header + v2Line,
		v2Line,
		"2026-01-01T00:00:59.000Z " + v2Line,
		"version srcaddr dstport action log-status region\n2 10.0.0.1 3333 ACCEPT OK ap-northeast-1\n2 - - - NODATA -\n",
		"${srcaddr} ${dstport}\n1.2.3.4 99999999999999999999\n",
		gzipped(v2Header + v2Line),
		"a b c\n",
	} {
		f.Add([]byte(s))
	}
	hexID := regexp.MustCompile(`^flow-[0-9a-f]{32}$`)
	f.Fuzz(func(t *testing.T, b []byte) {
		err := ReadFlowLogs(bytes.NewReader(b), Options{OnBadRecord: func(int, error) {}}, func(ev *mamori.Event) error {
			if !hexID.MatchString(ev.ID) || ev.Source != "aws.vpcflow" {
				t.Errorf("event %+v", ev)
			}
			r := ev.Fields.(*flowRecord)
			for _, name := range r.fmt.names {
				if _, ok := ev.Fields.Values(name, nil); !ok {
					t.Errorf("field %q of the header not found", name)
				}
			}
			if js := r.JSON(); !json.Valid(js) {
				t.Errorf("JSON() is not JSON: %q", js)
			}
			return nil
		})
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("error on more than one line: %q", err)
		}
	})
}
