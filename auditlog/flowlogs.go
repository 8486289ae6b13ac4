package auditlog

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// flowV2 is the default (version 2) format: the fields of a file without a
// header line, in order.
var flowV2 = strings.Fields("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status")

// flowKnown are the fields of flow log versions 2 to 8; a header line names
// at least one of them.
var flowKnown = map[string]bool{}

// flowNumeric are the fields given as numbers (float64), so that ports and
// counts compare with lt/gt.
var flowNumeric = map[string]bool{"version": true, "srcport": true, "dstport": true, "protocol": true, "packets": true,
	"bytes": true, "start": true, "end": true, "tcp-flags": true, "traffic-path": true}

func init() {
	for _, f := range append(strings.Fields(`vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr
		region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path
		ecs-cluster-arn ecs-cluster-name ecs-container-instance-arn ecs-container-instance-id ecs-container-id
		ecs-second-container-id ecs-service-name ecs-task-definition-arn ecs-task-arn ecs-task-id reject-reason`), flowV2...) {
		flowKnown[f] = true
	}
}

// maxLine bounds a flow log line (real ones are a few hundred bytes).
const maxLine = 64 << 10

// ReadFlowLogs reads VPC flow log records from r (space-separated fields,
// one record per line, plain or gzip) and calls fn with each as an event.
//
// A first line that names the fields (as S3 delivery writes it: "version
// account-id interface-id srcaddr ...", any custom format of versions 2 to
// 8) gives the field order; without one the default version-2 order is
// assumed (CloudWatch Logs). A line may start with an RFC 3339 timestamp,
// as CloudWatch Logs exports write them; it is not a field.
//
// The event: Source "aws.vpcflow", Name the action (ACCEPT, REJECT), SourceIP
// srcaddr, Account account-id, Region region (when the format has it), Time
// start (else end), ID "flow-" and a digest of the record's fields (so the
// same record gives the same ID whatever file it is read from). Fields gives
// each field by its name as in the header; a name also matches without
// hyphens or with underscores ("dst_port", "accountid", "log_status"), case
// aside. A value "-" is null; version, ports, protocol, packets, bytes,
// start, end, tcp-flags and traffic-path are numbers (float64); the rest
// are strings. Fields has no nested paths. The event and its Fields are
// valid only during the call to fn; every string, the event's and the
// ones Values returns, may be kept.
//
// NODATA and SKIPDATA records carry no traffic: they are told to
// opt.OnSkip, not to fn. A line with the wrong number of fields or a
// number that is not one is told to opt.OnBadRecord and skipped. Input
// whose first line is neither a header nor a version-2 record is one error
// wrapping ErrNotAuditLog.
func ReadFlowLogs(r io.Reader, opt Options, fn func(*mamori.Event) error) error {
	in, err := open(r)
	if err != nil {
		return err
	}
	defer in.close()
	f := &flowReader{in: in, opt: opt, fn: fn}
	f.ev.Fields = &f.rec
	return unstop(f.run())
}

type flowReader struct {
	in  *input
	opt Options
	fn  func(*mamori.Event) error
	fmt *flowFormat
	n   int // lines read
	ev  mamori.Event
	rec flowRecord
}

// flowFormat is a file's field order.
type flowFormat struct {
	names   []string // as written
	keys    []string // lower case, without - and _
	numeric []bool
	// Where the fields the event lifts are; -1 when absent.
	start, end, action, src, account, region, status int
}

func newFlowFormat(names []string) *flowFormat {
	f := &flowFormat{names: names, keys: make([]string, len(names)), numeric: make([]bool, len(names))}
	for i, n := range names {
		f.keys[i] = fieldKey(n)
		f.numeric[i] = flowNumeric[n]
	}
	f.start, f.end, f.action, f.src = f.index("start"), f.index("end"), f.index("action"), f.index("srcaddr")
	f.account, f.region, f.status = f.index("account-id"), f.index("region"), f.index("log-status")
	return f
}

// index returns where the field named key is, or -1.
func (f *flowFormat) index(name string) int {
	key := fieldKey(name)
	for i, k := range f.keys {
		if k == key {
			return i
		}
	}
	return -1
}

// fieldKey is a field name for matching: lower case, without - and _.
func fieldKey(name string) string {
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c == '-' || c == '_':
		case 'A' <= c && c <= 'Z':
			b.WriteByte(c + 'a' - 'A')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func (f *flowReader) run() error {
	var cols []string
	for {
		line, err := f.line()
		if err == io.EOF {
			return nil
		}
		if err == errLong {
			_ = f.bad(err)
			continue
		}
		if err != nil {
			return err
		}
		cols = splitFields(line, cols[:0])
		if len(cols) == 0 {
			continue
		}
		if isTimestamp(cols[0]) {
			cols = cols[1:] // a CloudWatch Logs export's timestamp
			if len(cols) == 0 {
				continue
			}
		}
		if f.fmt == nil {
			header, err := f.first(line, cols)
			if err != nil {
				return err
			}
			if header {
				continue
			}
		}
		if err := f.record(cols); err != nil {
			return err
		}
	}
}

// errLong is a line longer than maxLine; the line is consumed.
var errLong = fmt.Errorf("is longer than %d KB", maxLine>>10)

// line returns the next line without its end of line.
func (f *flowReader) line() (string, error) {
	b, err := f.in.ReadSlice('\n')
	if len(b) > 0 || err == bufio.ErrBufferFull {
		f.n++
	}
	if err == bufio.ErrBufferFull || len(b) > maxLine {
		if f.fmt == nil {
			head, _ := f.in.Peek(512)
			return "", &notLogError{"VPC flow log", sniff(append(b[:min(len(b), 512):min(len(b), 512)], head...))}
		}
		for err == bufio.ErrBufferFull {
			_, err = f.in.ReadSlice('\n')
		}
		if err == nil || err == io.EOF {
			return "", errLong
		}
	}
	if err == io.EOF && len(b) > 0 {
		err = nil
	}
	if err != nil {
		if err != io.EOF {
			err = fmt.Errorf("%w (after line %d)", f.in.readErr(err), f.n)
		}
		return "", err
	}
	// One allocation per line: the record's strings are cut out of it.
	return string(bytes.TrimRight(b, "\r\n")), nil
}

// first reads the format from the first line: a header (it reports true),
// or the first record of the default format.
func (f *flowReader) first(line string, cols []string) (bool, error) {
	if isHeader(cols) {
		names := make([]string, len(cols))
		for i, c := range cols {
			names[i] = strings.TrimSuffix(strings.TrimPrefix(c, "${"), "}")
		}
		f.fmt = newFlowFormat(names)
		return true, nil
	}
	not := func(why string) error { return &notLogError{"VPC flow log", why} }
	if strings.HasPrefix(line, "{") || strings.HasPrefix(line, "[") {
		return false, not("it is JSON (CloudTrail is read without --flow-logs)")
	}
	if len(cols) != len(flowV2) {
		if !looksText(line) {
			return false, not(sniff([]byte(line)))
		}
		return false, not(fmt.Sprintf("the first line has %d fields and no header names them (the default format has %d): %s",
			len(cols), len(flowV2), strconv.Quote(clip(line, 60))))
	}
	f.fmt = newFlowFormat(flowV2)
	if err := f.check(cols); err != nil {
		return false, not(fmt.Sprintf("line %d: %v", f.n, err))
	}
	return false, nil
}

// isHeader tells a line of field names: each a lower-case name (or
// ${name}), one at least a known field.
func isHeader(cols []string) bool {
	known := false
	for _, c := range cols {
		c = strings.TrimSuffix(strings.TrimPrefix(c, "${"), "}")
		if c == "" || c[0] < 'a' || c[0] > 'z' {
			return false
		}
		for i := 0; i < len(c); i++ {
			if x := c[i]; !('a' <= x && x <= 'z' || '0' <= x && x <= '9' || x == '-' || x == '_') {
				return false
			}
		}
		known = known || flowKnown[c]
	}
	return known
}

// looksText tells text from binary data.
func looksText(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 && s[i] != '\t' || s[i] == 0x7f {
			return false
		}
	}
	return true
}

// check verifies the numeric fields of a record.
func (f *flowReader) check(cols []string) error {
	for i, c := range cols {
		if f.fmt.numeric[i] && c != "-" && !digits(c) {
			return fmt.Errorf("%s %s is not a number", f.fmt.names[i], strconv.Quote(clip(c, 40)))
		}
	}
	return nil
}

func digits(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// record passes on the event of one record.
func (f *flowReader) record(cols []string) error {
	ft := f.fmt
	if len(cols) != len(ft.names) {
		return f.bad(fmt.Errorf("has %d fields, the format has %d", len(cols), len(ft.names)))
	}
	if err := f.check(cols); err != nil {
		return f.bad(err)
	}
	get := func(i int) string {
		if i < 0 || cols[i] == "-" {
			return ""
		}
		return cols[i]
	}
	if st := get(ft.status); st == "NODATA" || st == "SKIPDATA" {
		if f.opt.OnSkip != nil {
			f.opt.OnSkip(f.n, st)
		}
		return nil
	}
	var t time.Time
	if s := get(ft.start); s != "" {
		t = unixTime(s)
	} else if e := get(ft.end); e != "" {
		t = unixTime(e)
	}
	f.rec.fmt, f.rec.cols, f.rec.js = ft, cols, f.rec.js[:0]
	f.ev = mamori.Event{
		ID: flowID(cols), Source: "aws.vpcflow", Time: t, Account: get(ft.account), Region: get(ft.region),
		Name: get(ft.action), SourceIP: get(ft.src), Fields: &f.rec,
	}
	if err := f.fn(&f.ev); err != nil {
		return stopError{err}
	}
	return nil
}

func (f *flowReader) bad(err error) error {
	if f.opt.OnBadRecord != nil {
		f.opt.OnBadRecord(f.n, err)
	}
	return nil
}

func unixTime(s string) time.Time {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > 1<<40 {
		return time.Time{}
	}
	return time.Unix(n, 0).UTC()
}

// flowID is "flow-" and the first 16 bytes of the SHA-256 of the record's
// fields joined by single spaces, in hex.
func flowID(cols []string) string {
	h := sha256.New()
	for i, c := range cols {
		if i > 0 {
			h.Write([]byte{' '})
		}
		h.Write([]byte(c))
	}
	var sum [sha256.Size]byte
	return "flow-" + hex.EncodeToString(h.Sum(sum[:0])[:16])
}

// splitFields appends the space-separated fields of s to dst.
func splitFields(s string, dst []string) []string {
	for {
		for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
			s = s[1:]
		}
		if s == "" {
			return dst
		}
		i := strings.IndexAny(s, " \t")
		if i < 0 {
			return append(dst, s)
		}
		dst = append(dst, s[:i])
		s = s[i:]
	}
}

// isTimestamp tells an RFC 3339 time, as CloudWatch Logs exports put before
// each line.
func isTimestamp(s string) bool {
	if len(s) < 20 || s[4] != '-' || s[10] != 'T' {
		return false
	}
	_, err := time.Parse(time.RFC3339Nano, s)
	return err == nil
}

// flowRecord is a mamori.Record over one flow log record.
type flowRecord struct {
	fmt  *flowFormat
	cols []string
	js   []byte
}

// Values implements mamori.Record: a field by its name; paths with dots
// find nothing.
func (r *flowRecord) Values(path string, dst []any) ([]any, bool) {
	i := r.field(path)
	if i < 0 {
		return dst, false
	}
	return append(dst, r.value(i)), true
}

// field returns the index of the field path names, or -1.
func (r *flowRecord) field(path string) int {
	for i, name := range r.fmt.names {
		if name == path {
			return i
		}
	}
	if strings.IndexByte(path, '.') >= 0 {
		return -1
	}
	return r.fmt.index(path)
}

func (r *flowRecord) value(i int) any {
	c := r.cols[i]
	switch {
	case c == "-":
		return nil
	case r.fmt.numeric[i]:
		n, err := strconv.ParseFloat(c, 64)
		if err != nil {
			return c
		}
		return n
	}
	return c
}

// JSON returns the record as a JSON object of its fields, valid only during
// the callback.
func (r *flowRecord) JSON() []byte {
	if len(r.js) > 0 {
		return r.js
	}
	b := append(r.js[:0], '{')
	for i, name := range r.fmt.names {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, name)
		b = append(b, ':')
		switch v := r.value(i).(type) {
		case nil:
			b = append(b, "null"...)
		case float64:
			b = appendFloat(b, v)
		case string:
			b = appendString(b, v)
		}
	}
	r.js = append(b, '}')
	return r.js
}
