package auditlog

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/mamori-sec/mamori"
)

const rec = `{"eventVersion":"1.08","eventID":"e1","eventTime":"2026-01-02T03:04:05Z","eventName":"StopLogging","eventSource":"cloudtrail.amazonaws.com","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7","userAgent":"aws-cli/2","recipientAccountId":"111122223333","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"},"requestParameters":{"name":"t","items":[{"port":22},{"port":3389}]}}`

// recN is rec with event ID eN.
func recN(n int) string { return strings.Replace(rec, `"e1"`, fmt.Sprintf(`"e%d"`, n), 1) }

// got is what a read gave: the events (with the ports of
// requestParameters.items read during the callback), the bad records and
// the error.
type got struct {
	evs   []mamori.Event
	ports [][]any
	bad   []string
	err   error
}

func read(in string) got {
	var g got
	g.err = ReadCloudTrail(strings.NewReader(in), Options{OnBadRecord: func(n int, err error) { g.bad = append(g.bad, fmt.Sprintf("%d: %v", n, err)) }},
		func(ev *mamori.Event) error {
			vals, _ := ev.Fields.Values("requestParameters.items.port", nil)
			g.ports = append(g.ports, vals)
			c := *ev
			c.Fields = nil
			g.evs = append(g.evs, c)
			return nil
		})
	return g
}

func (g got) ids() string {
	var ids []string
	for _, ev := range g.evs {
		ids = append(ids, ev.ID)
	}
	return strings.Join(ids, ",")
}

func gzipped(s string) string {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(s))
	zw.Close()
	return b.String()
}

func TestShapes(t *testing.T) {
	r1, r2 := recN(1), recN(2)
	eb := func(dt, r string) string {
		return `{"version":"0","id":"x","detail-type":"` + dt + `","source":"aws.cloudtrail","account":"111122223333","detail":` + r + `}`
	}
	for name, in := range map[string]string{
		"S3 delivery":             `{"Records":[` + r1 + `,` + r2 + `]}`,
		"S3 delivery, gzip":       gzipped(`{"Records":[` + r1 + `,` + r2 + `]}`),
		"Records not first":       `{"x":{"Records":[1]},"Records":[` + r1 + `,` + r2 + `],"y":[{"z":"]"}]}`,
		"pretty":                  "{\n  \"Records\" : [\n    " + r1 + " ,\n    " + r2 + "\n  ]\n}\n",
		"two deliveries":          `{"Records":[` + r1 + `]}` + "\n" + `{"Records":[` + r2 + `]}`,
		"array":                   `[` + r1 + `,` + r2 + `]`,
		"JSON Lines":              r1 + "\n" + r2 + "\n",
		"JSON Lines, CRLF":        r1 + "\r\n" + r2 + "\r\n",
		"concatenated":            r1 + r2,
		"JSON text sequence":      "\x1e" + r1 + "\n\x1e" + r2 + "\n",
		"byte order mark":         "\ufeff" + r1 + r2,
		"EventBridge":             eb("AWS API Call via CloudTrail", r1) + "\n" + eb("AWS Console Sign In via CloudTrail", r2),
		"EventBridge array":       `[` + eb("AWS API Call via CloudTrail", r1) + `,` + eb("AWS Service Event via CloudTrail", r2) + `]`,
		"lookup-events":           `{"Events":[{"EventId":"e1","CloudTrailEvent":` + quote(r1) + `},{"EventId":"e2","CloudTrailEvent":` + quote(r2) + `}],"NextToken":"x"}`,
		"CloudWatch Logs export":  "2026-01-02T03:04:06.000Z " + r1 + "\n2026-01-02T03:04:07.123Z " + r2 + "\n",
		"Lake get-query-results":  `{"QueryStatus":"FINISHED","QueryResultRows":[` + lakeRow("e1") + `,` + lakeRow("e2") + `],"QueryStatistics":{"ResultsCount":2}}`,
		"leading white space":     "\n\n   \t" + r1 + "   " + r2 + "\n\n",
		"empty Records then more": `{"Records":[]}` + r1 + r2,
	} {
		g := read(in)
		if g.err != nil || len(g.bad) != 0 || g.ids() != "e1,e2" {
			t.Errorf("%s: events %s, bad %v, err %v", name, g.ids(), g.bad, g.err)
			continue
		}
		ev := g.evs[0]
		if name == "Lake get-query-results" {
			ev.Principal, ev.PrincipalType = "arn:aws:iam::111122223333:user/alice", "IAMUser" // not lifted from Lake's "arn" column
		}
		if ev.Name != "StopLogging" || ev.Principal != "arn:aws:iam::111122223333:user/alice" || ev.PrincipalType != "IAMUser" ||
			ev.Region != "us-east-1" || ev.Account != "111122223333" || ev.SourceIP != "198.51.100.7" || ev.UserAgent != "aws-cli/2" ||
			ev.Service != "cloudtrail.amazonaws.com" || ev.Source != "aws.cloudtrail" || ev.Time.Format("2006-01-02 15:04:05 MST") != "2026-01-02 03:04:05 UTC" {
			t.Errorf("%s: event %+v", name, ev)
		}
		if name != "Lake get-query-results" && fmt.Sprint(g.ports[0]) != "[22 3389]" {
			t.Errorf("%s: requestParameters.items.port = %v", name, g.ports[0])
		}
	}
	for name, in := range map[string]string{"empty": "", "white space": " \n\t\n", "no records": `{"Records":[]}`, "empty array": `[]`} {
		if g := read(in); g.err != nil || len(g.evs) != 0 || len(g.bad) != 0 {
			t.Errorf("%s: events %s, bad %v, err %v", name, g.ids(), g.bad, g.err)
		}
	}
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

// lakeRow is a get-query-results row of the columns of rec.
func lakeRow(id string) string {
	return `[{"eventID":"` + id + `"},{"eventTime":"2026-01-02 03:04:05.000"},{"eventName":"StopLogging"},{"eventSource":"cloudtrail.amazonaws.com"},` +
		`{"awsRegion":"us-east-1"},{"sourceIPAddress":"198.51.100.7"},{"userAgent":"aws-cli/2"},{"recipientAccountId":"111122223333"},` +
		`{"arn":"arn:aws:iam::111122223333:user/alice"},{"type":"IAMUser"}]`
}

func TestLakeRowBecomesRecord(t *testing.T) {
	var js string
	var arn []any
	err := ReadCloudTrail(strings.NewReader(`{"QueryResultRows":[`+lakeRow("e1")+`]}`), Options{}, func(ev *mamori.Event) error {
		js = string(ev.Fields.(JSONRecord).JSON())
		arn, _ = ev.Fields.Values("arn", nil)
		return nil
	})
	// Lake names a nested column by its last part (useridentity.arn is
	// "arn"), so the principal is not lifted; the column is there.
	if err != nil || !strings.HasPrefix(js, `{"eventID":"e1","eventTime":"2026-01-02 03:04:05.000",`) || fmt.Sprint(arn) != "[arn:aws:iam::111122223333:user/alice]" {
		t.Errorf("JSON %s, arn %v, err %v", js, arn, err)
	}
}

func TestBadRecordsAreSkipped(t *testing.T) {
	noID := strings.Replace(rec, `"eventID":"e1",`, ``, 1)
	noTime := strings.Replace(recN(4), `"eventTime":"2026-01-02T03:04:05Z",`, ``, 1)
	badTime := strings.Replace(recN(5), `2026-01-02T03:04:05Z`, `yesterday`, 1)
	numID := strings.Replace(rec, `"e1"`, `7`, 1)
	other := `{"detail-type":"EC2 Instance State-change Notification","detail":{"state":"running"}}`
	for name, c := range map[string]struct {
		in, ids, bad string
	}{
		"no eventID":   {`{"Records":[` + recN(1) + `,` + noID + `,` + recN(3) + `]}`, "e1,e3", "2: has no eventID"},
		"no eventTime": {`[` + recN(1) + `,` + noTime + `]`, "e1", "2: has no eventTime"},
		"bad time":     {recN(1) + badTime, "e1", `2: eventTime "yesterday" is not an RFC 3339 time`},
		"number ID":    {recN(1) + numID, "e1", "2: eventID is a number, not a string"},
		"not object":   {`{"Records":[` + recN(1) + `,"x",[1],null,` + recN(3) + `]}`, "e1,e3", "2: is a string, not an object|3: is an array, not an object|4: is null, not an object"},
		"bad JSON":     {`{"Records":[` + recN(1) + `,{"a":tru},` + recN(3) + `]}`, "e1,e3", "2: not valid JSON: cannot parse JSON: cannot parse object: cannot parse object value: unexpected value found: \"tru}\"; unparsed tail: \"tru}\""},
		"other event":  {recN(1) + "\n" + other, "e1", `2: an EventBridge event of detail-type "EC2 Instance State-change Notification", not a CloudTrail record`},
		"first no ID":  {noID + recN(2), "e2", "1: has no eventID"},
	} {
		g := read(c.in)
		if g.err != nil || g.ids() != c.ids || strings.Join(g.bad, "|") != c.bad {
			t.Errorf("%s: events %s, bad %q, err %v; want %s, %q", name, g.ids(), strings.Join(g.bad, "|"), g.err, c.ids, c.bad)
		}
	}
}

func TestNotCloudTrail(t *testing.T) {
	for name, c := range map[string]struct{ in, want string }{
		"other JSON":        {`{"hello":"world"}`, "not a CloudTrail file: first object has no eventName"},
		"empty object":      {`{}`, "not a CloudTrail file: first object has no eventName"},
		"Records not array": {`{"Records":"nope"}`, "not a CloudTrail file: first object has no eventName"},
		"array of numbers":  {`[1,2]`, "not a CloudTrail file: first object: is a number, not an object"},
		"CSV":               {"eventid,eventname,eventtime\n1,2,3\n", `not a CloudTrail file: it looks like CSV text ("eventid,eventname,eventtime"), not a JSON object or array`},
		"text":              {"hello world\n", `not a CloudTrail file: it starts with "hello world", not a JSON object or array`},
		"binary":            {"\x00\x01\x02\xff", "not a CloudTrail file: it is binary data, not a JSON object or array"},
		"zip":               {"PK\x03\x04rest", "not a CloudTrail file: it is a zip archive; unzip it first, not a JSON object or array"},
		"broken first":      {`{"eventName":}` + rec, "not a CloudTrail file: first object is not valid JSON: unexpected '}' at byte 13"},
		"other EventBridge": {`{"detail-type":"EC2 Spot Instance Interruption Warning","detail":{"instance-id":"i-1"}}`, `not a CloudTrail file: first object: an EventBridge event of detail-type "EC2 Spot Instance Interruption Warning", not a CloudTrail record`},
		"flow log":          {"2 111122223333 eni-1 10.0.0.1 10.0.0.2 1 2 6 1 1 1 1 ACCEPT OK\n", `not a CloudTrail file: it starts with "2 111122223333 eni-1 10.0.0.1 10.0.0.2 1...", not a JSON object or array`},
	} {
		g := read(c.in)
		if !errors.Is(g.err, ErrNotAuditLog) || !strings.HasPrefix(g.err.Error(), c.want) || len(g.evs) != 0 || len(g.bad) != 0 {
			t.Errorf("%s: err %v (events %s, bad %v), want %q", name, g.err, g.ids(), g.bad, c.want)
		}
	}
	// Quickly: a large input that is not CloudTrail is refused after its
	// first object, not read to the end.
	r := &countingReader{r: io.MultiReader(strings.NewReader(`[{"a":1},`), endless(`{"a":1},`))}
	if err := ReadCloudTrail(r, Options{}, func(*mamori.Event) error { return nil }); !errors.Is(err, ErrNotAuditLog) || r.n > 1<<20 {
		t.Errorf("endless other JSON: err %v after %d bytes", err, r.n)
	}
}

func TestFilesWithoutEvents(t *testing.T) {
	digest := `{"awsAccountId":"111122223333","digestStartTime":"2026-01-01T00:00:00Z","digestEndTime":"2026-01-01T01:00:00Z","logFiles":[]}`
	sign := `{"region":"us-east-1","files":[{"fileHashValue":"5b","fileName":"result_1.csv.gz"}],"hashAlgorithm":"SHA-256","hashSignature":"x"}`
	for name, c := range map[string]struct{ in, want string }{
		"digest":      {gzipped(digest), "a CloudTrail digest file, which holds no events"},
		"Lake's sign": {sign, "a CloudTrail Lake query results sign file, which holds no events"},
	} {
		if g := read(c.in); !errors.Is(g.err, ErrNoEvents) || g.err.Error() != c.want {
			t.Errorf("%s: err %v, want %q", name, g.err, c.want)
		}
	}
}

func TestCutInput(t *testing.T) {
	many := `{"Records":[` + strings.Repeat(rec+",", 300) + rec + `]}`
	gz := gzipped(many)
	for name, c := range map[string]struct {
		in   string
		want string
	}{
		"truncated gzip": {gz[:len(gz)*2/3], "truncated gzip: the compressed data ends early (the file is cut off) (after "},
		"gzip header":    {gz[:5], "truncated gzip"},
		"cut JSON":       {many[:len(many)/2], "the input ends in the middle of a JSON value (the file is cut off)"},
		"cut line":       {rec + "\n" + rec[:40], "record 2: the input ends in the middle of a JSON value"},
		"cut after key":  {`{"Records"`, "record 1: the input ends in the middle"},
		"no closing":     {`{"Records":[` + rec, "record 2: the input ends in the middle"},
		"garbage after":  {`{"Records":[` + rec + `]} x`, "broken JSON after record 1: unexpected 'x' at byte"},
	} {
		g := read(c.in)
		if g.err == nil || !strings.Contains(g.err.Error(), c.want) || strings.Contains(g.err.Error(), "\n") {
			t.Errorf("%s: err %v, want %q", name, g.err, c.want)
		}
		if name == "truncated gzip" && (len(g.evs) < 100 || len(g.evs) > 300) {
			t.Errorf("truncated gzip: %d events before the cut, want the ones before it", len(g.evs))
		}
	}
	// A damaged gzip body.
	bad := []byte(gz)
	for i := 20; i < 40; i++ {
		bad[i] ^= 0x55
	}
	if g := read(string(bad)); g.err == nil || !strings.Contains(g.err.Error(), "gzip") {
		t.Errorf("damaged gzip: err %v", g.err)
	}
}

func TestCallbackErrorStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := ReadCloudTrail(strings.NewReader(rec+rec+rec), Options{}, func(*mamori.Event) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("err %v after %d events, want fn's error as is after 1", err, n)
	}
}

// Strings from the event and from Values stay right after the callback,
// while the parser and the event are reused for the next records.
func TestStringsOutliveTheCallback(t *testing.T) {
	var ids, arns []string
	var js [][]byte
	err := ReadCloudTrail(strings.NewReader(recN(1)+recN(2)+recN(3)), Options{}, func(ev *mamori.Event) error {
		ids = append(ids, ev.ID)
		v, _ := ev.Fields.Values("eventID", nil)
		arns = append(arns, v[0].(string))
		js = append(js, bytes.Clone(ev.Fields.(JSONRecord).JSON()))
		return nil
	})
	if err != nil || strings.Join(ids, ",") != "e1,e2,e3" || strings.Join(arns, ",") != "e1,e2,e3" || string(js[0]) != recN(1) {
		t.Errorf("ids %v, values %v, json %s, err %v", ids, arns, js, err)
	}
}

// Memory stays flat: 64 MB of records, generated as they are read, go
// through with a heap that never holds more than a few MB.
func TestMemoryStaysFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 64 MB")
	}
	one := "," + rec
	size := int64(64<<20) / int64(len(one)) * int64(len(one))
	r := io.MultiReader(strings.NewReader(`{"Records":[`+rec), io.LimitReader(endless(one), size), strings.NewReader(`]}`))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak uint64
	n := 0
	err := ReadCloudTrail(r, Options{}, func(*mamori.Event) error {
		if n++; n%20000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != int(size)/len(one)+1 || peak-min(peak, base) > 16<<20 {
		t.Errorf("%d events; heap grew by %d MB", n, (peak-min(peak, base))>>20)
	}
}

// endless repeats s forever.
func endless(s string) io.Reader { return &repeater{s: s} }

type repeater struct {
	s string
	i int
}

func (r *repeater) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.s[r.i:])
		n += c
		r.i = (r.i + c) % len(r.s)
	}
	return n, nil
}

type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// The fields answered without a walk answer as the walk would, in the
// shapes where they cannot be lifted too: userIdentity a list, an ARN that
// is null, empty or a number.
func TestLiftedFieldsAnswerAsTheRecord(t *testing.T) {
	for _, uid := range []string{
		`{"type":"IAMUser","arn":"arn:aws:iam::1:user/a"}`,
		`[{"type":"Root","arn":"arn:aws:iam::1:root"},{"type":"IAMUser"}]`,
		`{"type":null,"arn":null}`,
		`{"type":"AWSService","arn":""}`,
		`{"type":"IAMUser","arn":7}`,
		`"a string"`,
		`null`,
	} {
		in := `{"eventVersion":"1.08","eventID":"e1","eventTime":"2026-01-02T03:04:05Z","eventName":"X","readOnly":"true","userIdentity":` + uid + `}`
		var m map[string]any
		if err := json.Unmarshal([]byte(in), &m); err != nil {
			t.Fatal(err)
		}
		err := ReadCloudTrail(strings.NewReader(in), Options{OnBadRecord: func(n int, err error) { t.Errorf("%s: %v", uid, err) }},
			func(ev *mamori.Event) error {
				for _, p := range []string{"userIdentity.type", "userIdentity.arn", "readOnly", "eventName"} {
					comparePath(t, uid, ev.Fields, mamori.MapRecord(m), p)
				}
				return nil
			})
		if err != nil {
			t.Errorf("%s: %v", uid, err)
		}
	}
}
