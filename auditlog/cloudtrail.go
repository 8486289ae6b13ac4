package auditlog

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/valyala/fastjson"

	"github.com/mamori-sec/mamori"
)

// ReadCloudTrail reads CloudTrail records from r and calls fn with each as
// an event, in the order of the input.
//
// The shape is recognised from the content (gzip by its magic bytes):
//
//   - {"Records":[...]}: the object CloudTrail delivers to S3, streamed
//     element by element whatever its size;
//   - [...]: a JSON array of records (as the Stratus Red Team detonation
//     logs are);
//   - objects one after another: JSON Lines, concatenated objects, or a
//     single record; CloudWatch Logs exports, whose lines start with a
//     timestamp, too;
//   - EventBridge events ("detail-type": "AWS API Call via CloudTrail",
//     "AWS Console Sign In via CloudTrail", ...): the record is "detail";
//   - {"Events":[{"CloudTrailEvent":"..."}]}: "aws cloudtrail
//     lookup-events" output; the record is the JSON in CloudTrailEvent;
//   - {"QueryResultRows":[[{"eventID":"..."},...],...]}: "aws cloudtrail
//     get-query-results" output for CloudTrail Lake; each row's columns
//     make one record (the query must select eventID, eventTime and
//     eventName).
//
// The event passed to fn and its Fields (a JSONRecord) are valid only
// during the call: the parser, the event and the record are reused. The
// event's string fields are copies fn may keep, and so are the strings
// Fields.Values returns.
//
// A record that cannot be an event (not an object, no eventID, eventTime or
// eventName, a time that does not parse) is skipped and told to
// opt.OnBadRecord. Input that is not CloudTrail at all (its first object has
// no eventName, eventID or eventVersion; CSV; binary) is one error wrapping
// ErrNotAuditLog; a CloudTrail digest file or a Lake sign file is an error
// wrapping ErrNoEvents. Input cut off (truncated gzip, JSON ending inside a
// record) is an error after the events before the cut are delivered. An
// error from fn stops the reading and is returned as is.
func ReadCloudTrail(r io.Reader, opt Options, fn func(*mamori.Event) error) error {
	in, err := open(r)
	if err != nil {
		return err
	}
	defer in.close()
	c := ctPool.Get().(*ctReader)
	defer ctPool.Put(c)
	// Parsers and buffers are kept; everything else starts anew.
	c.sc = scanner{in: in, buf: c.sc.buf[:0]}
	c.opt, c.fn, c.n, c.strs = opt, fn, 0, c.strs[:0]
	c.rec = record{enc: c.rec.enc[:0], num: c.rec.num[:0]}
	c.ev = mamori.Event{Fields: &c.rec}
	defer func() { c.sc.in, c.fn, c.opt, c.rec.v, c.rec.raw, c.ev = nil, nil, Options{}, nil, nil, mamori.Event{} }()
	return unstop(c.run())
}

// ctPool keeps readers, whose parsers and buffers have grown to the size
// of the records, from one file to the next.
var ctPool = sync.Pool{New: func() any { return new(ctReader) }}

// What the elements of an array are.
const (
	elemRecords  = iota // records, or objects that carry one
	elemLakeRows        // CloudTrail Lake rows: arrays of one-column objects
)

// containers are the keys whose array holds records, by the shape's name.
var containers = map[string]int{`"Records"`: elemRecords, `"Events"`: elemRecords, `"QueryResultRows"`: elemLakeRows}

type ctReader struct {
	sc    scanner
	opt   Options
	fn    func(*mamori.Event) error
	p, p2 fastjson.Parser // p2 parses the JSON inside lookup-events' CloudTrailEvent
	arena fastjson.Arena  // builds CloudTrail Lake rows
	n     int             // records seen
	ev    mamori.Event
	rec   record
	strs  []byte // the event's strings, before they become one string
}

func (c *ctReader) run() error {
	s := &c.sc
	for {
		b, err := s.peek()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return c.inputErr(err)
		}
		switch {
		case b == '{':
			err = c.object()
		case b == '[':
			s.skip1(false)
			err = c.elements(elemRecords)
		case b >= '0' && b <= '9' && c.timestamp():
			continue // a CloudWatch Logs export line's timestamp
		case c.n == 0:
			head, _ := s.in.Peek(512)
			return &notLogError{"CloudTrail file", sniff(head) + ", not a JSON object or array"}
		default:
			return syntaxErr("broken JSON after record %d: unexpected %q at byte %d", c.n, b, s.off)
		}
		if err != nil {
			return c.inputErr(err)
		}
	}
}

// inputErr says which record an error of the input is in.
func (c *ctReader) inputErr(err error) error {
	var st stopError
	if errors.As(err, &st) || errors.Is(err, ErrNotAuditLog) || errors.Is(err, ErrNoEvents) {
		return err
	}
	if err == errCut {
		return fmt.Errorf("record %d: %w", c.n+1, err)
	}
	var se *syntaxError
	if errors.As(err, &se) && c.n == 0 {
		return &notLogError{"CloudTrail file", "first object is not valid JSON: " + se.msg}
	}
	if err2 := c.sc.in.readErr(err); err2 != err {
		return fmt.Errorf("%w (after %d records)", err2, c.n)
	}
	return err
}

// timestamp consumes an RFC 3339 time and one space before a record, as
// CloudWatch Logs exports write them; it reports whether there was one.
func (c *ctReader) timestamp() bool {
	head, _ := c.sc.in.Peek(40)
	sp := bytes.IndexByte(head, ' ')
	if sp < 0 {
		return false
	}
	if _, err := time.Parse(time.RFC3339Nano, string(head[:sp])); err != nil {
		return false
	}
	c.sc.consume(head[:sp+1], false)
	return true
}

// object reads a top-level object: a container ({"Records":[...]} and the
// like), whose arrays are streamed element by element, or a record (or an
// object carrying one), kept whole. Which one is known only when a
// container key is met, so the object is kept until then.
func (c *ctReader) object() error {
	s := &c.sc
	s.buf = s.buf[:0]
	s.skip1(true)
	streamed := false
	for first := true; ; first = false {
		b, err := s.peek()
		if err != nil {
			return s.cut(err)
		}
		if b == '}' {
			s.skip1(!streamed)
			break
		}
		if !first {
			if b != ',' {
				return syntaxErr("broken JSON in record %d: unexpected %q at byte %d", c.n+1, b, s.off)
			}
			s.skip1(!streamed)
			if b, err = s.peek(); err != nil {
				return s.cut(err)
			}
		}
		if b != '"' {
			return syntaxErr("broken JSON in record %d: unexpected %q at byte %d", c.n+1, b, s.off)
		}
		k := len(s.buf)
		if err := s.value(true); err != nil {
			return s.cut(err)
		}
		elem, ok := containers[string(s.buf[k:])]
		if streamed {
			s.buf = s.buf[:k]
		}
		if b, err = s.peek(); err != nil {
			return s.cut(err)
		}
		if b != ':' {
			return syntaxErr("broken JSON in record %d: unexpected %q at byte %d", c.n+1, b, s.off)
		}
		s.skip1(!streamed)
		if b, err = s.peek(); err != nil {
			return s.cut(err)
		}
		if ok && b == '[' {
			streamed = true
			s.skip1(false)
			if err := c.elements(elem); err != nil {
				return err
			}
			continue
		}
		if err := s.value(!streamed); err != nil {
			return s.cut(err)
		}
	}
	if streamed {
		return nil
	}
	return c.record(s.buf)
}

// elements reads the elements of an array whose '[' is consumed.
func (c *ctReader) elements(elem int) error {
	s := &c.sc
	for first := true; ; first = false {
		b, err := s.peek()
		if err != nil {
			return s.cut(err)
		}
		if b == ']' {
			s.skip1(false)
			return nil
		}
		if !first {
			if b != ',' {
				return syntaxErr("broken JSON after record %d: unexpected %q at byte %d", c.n, b, s.off)
			}
			s.skip1(false)
		}
		s.buf = s.buf[:0]
		if err := s.value(true); err != nil {
			return s.cut(err)
		}
		if elem == elemLakeRows {
			err = c.lakeRow(s.buf)
		} else {
			err = c.record(s.buf)
		}
		if err != nil {
			return err
		}
	}
}

// record parses one element's text and passes on its event.
func (c *ctReader) record(text []byte) error {
	c.n++
	v, err := c.p.ParseBytes(text)
	if err != nil {
		return c.reject(fmt.Errorf("not valid JSON: %s", oneLine(err)))
	}
	return c.emit(v, text, true)
}

// eventBridge returns the record in an EventBridge event's detail.
func eventBridge(detailType, detail *fastjson.Value) (*fastjson.Value, error) {
	if detail == nil || detail.Type() != fastjson.TypeObject {
		return nil, errors.New(`an EventBridge event without a "detail" object`)
	}
	if detail.Get("eventName") == nil {
		name, _ := detailType.StringBytes()
		return nil, fmt.Errorf("an EventBridge event of detail-type %q, not a CloudTrail record", name)
	}
	return detail, nil
}

// lookupEvent parses the record in a lookup-events CloudTrailEvent, and
// returns it with its JSON text.
func (c *ctReader) lookupEvent(ev *fastjson.Value) (*fastjson.Value, []byte, error) {
	js, err := ev.StringBytes()
	if err != nil {
		return nil, nil, errors.New("CloudTrailEvent is not a string of JSON")
	}
	rec, err := c.p2.ParseBytes(js)
	if err != nil {
		return nil, nil, fmt.Errorf("CloudTrailEvent is not valid JSON: %s", oneLine(err))
	}
	return rec, js, nil
}

// lakeRow merges the one-column objects of a CloudTrail Lake result row
// into one record.
func (c *ctReader) lakeRow(text []byte) error {
	c.n++
	v, err := c.p.ParseBytes(text)
	if err != nil {
		return c.reject(fmt.Errorf("not valid JSON: %s", oneLine(err)))
	}
	cols, err := v.Array()
	if err != nil {
		return c.reject(fmt.Errorf("a CloudTrail Lake row is an array of columns, not %s", v.Type()))
	}
	c.arena.Reset()
	rec := c.arena.NewObject()
	for _, col := range cols {
		o, err := col.Object()
		if err != nil {
			return c.reject(fmt.Errorf("a CloudTrail Lake column is an object, not %s", col.Type()))
		}
		o.Visit(func(k []byte, v *fastjson.Value) { rec.Set(string(k), v) })
	}
	return c.emit(rec, nil, false)
}

// reject skips the current record as bad, or, when it is the first, fails
// the whole input: it is not CloudTrail.
func (c *ctReader) reject(err error) error {
	if c.n == 1 {
		return &notLogError{"CloudTrail file", "first object: " + err.Error()}
	}
	return c.bad(err)
}

// bad tells opt.OnBadRecord about the current record, which is skipped.
func (c *ctReader) bad(err error) error {
	if c.opt.OnBadRecord != nil {
		c.opt.OnBadRecord(c.n, err)
	}
	return nil
}

// The fields an event lifts out of a record.
const (
	fID = iota
	fName
	fTime
	fAccount
	fRegion
	fPrincipal
	fPType
	fService
	fIP
	fUA
	fErr
	nLifted
	// fArn is not lifted into the event (the principal may be another
	// field), but its value is answered without a walk like the others.
	fArn      = nLifted
	nAnswered = nLifted + 1
)

// liftedNames name them in errors.
var liftedNames = [nLifted]string{"eventID", "eventName", "eventTime", "recipientAccountId", "awsRegion", "userIdentity.arn",
	"userIdentity.type", "eventSource", "sourceIPAddress", "userAgent", "errorCode"}

// emit lifts the event's fields out of rec and calls fn; raw is rec's JSON
// text when it is the input's own. When outer is set, rec may be an
// EventBridge event or a lookup-events event carrying the record.
func (c *ctReader) emit(rec *fastjson.Value, raw []byte, outer bool) error {
	if rec.Type() != fastjson.TypeObject {
		return c.reject(fmt.Errorf("is %s, not an object", article(rec.Type())))
	}
	o, _ := rec.Object()
	// One pass over the keys finds what the event lifts; the last of
	// repeated keys wins, as with encoding/json.
	var v [nLifted]*fastjson.Value
	var uid *fastjson.Object
	var uidVal, detailType, detail, ctEvent, readOnly *fastjson.Value
	o.Visit(func(k []byte, x *fastjson.Value) {
		switch string(k) {
		case "detail-type":
			detailType = x
		case "detail":
			detail = x
		case "CloudTrailEvent":
			ctEvent = x
		case "eventID":
			v[fID] = x
		case "eventName":
			v[fName] = x
		case "eventTime":
			v[fTime] = x
		case "recipientAccountId":
			v[fAccount] = x
		case "awsRegion":
			v[fRegion] = x
		case "eventSource":
			v[fService] = x
		case "sourceIPAddress":
			v[fIP] = x
		case "userAgent":
			v[fUA] = x
		case "errorCode":
			v[fErr] = x
		case "userIdentity":
			uid, _ = x.Object()
			uidVal = x
		case "readOnly":
			readOnly = x
		}
	})
	switch {
	case !outer:
	case detailType != nil:
		inner, err := eventBridge(detailType, detail)
		if err != nil {
			return c.reject(err)
		}
		return c.emit(inner, nil, false)
	case ctEvent != nil && v[fName] == nil:
		inner, js, err := c.lookupEvent(ctEvent)
		if err != nil {
			return c.reject(err)
		}
		if hasControl(js) {
			js = nil // fastjson took raw control characters; JSON() re-encodes them escaped
		}
		return c.emit(inner, js, false)
	}
	if c.n == 1 {
		if err := firstObject(o); err != nil {
			return err
		}
	}
	var arn, principalID, account *fastjson.Value
	uid.Visit(func(k []byte, x *fastjson.Value) {
		switch string(k) {
		case "arn":
			arn = x
		case "principalId":
			principalID = x
		case "type":
			v[fPType] = x
		case "accountId":
			account = x
		}
	})
	v[fPrincipal] = arn
	if isEmpty(arn) {
		v[fPrincipal] = principalID
		if isEmpty(principalID) {
			v[fPrincipal] = v[fPType]
		}
	}
	if isEmpty(v[fAccount]) {
		v[fAccount] = account
	}
	// The strings the event keeps are copied into one allocation.
	var f [nLifted]struct{ from, to int }
	c.strs = c.strs[:0]
	for i, x := range v {
		f[i].from = len(c.strs)
		if x != nil && x.Type() != fastjson.TypeNull {
			b, err := x.StringBytes()
			if err != nil {
				return c.bad(fmt.Errorf("%s is %s, not a string", liftedNames[i], article(x.Type())))
			}
			c.strs = append(c.strs, validUTF8(b)...)
		}
		f[i].to = len(c.strs)
	}
	switch {
	case f[fName].from == f[fName].to:
		return c.bad(errors.New("has no eventName"))
	case f[fID].from == f[fID].to:
		return c.bad(errors.New("has no eventID"))
	case f[fTime].from == f[fTime].to:
		return c.bad(errors.New("has no eventTime"))
	}
	t, err := parseTime(c.strs[f[fTime].from:f[fTime].to])
	if err != nil {
		return c.bad(err)
	}
	all := string(c.strs)
	get := func(i int) string { return all[f[i].from:f[i].to] }
	c.ev = mamori.Event{
		ID: get(fID), Source: "aws.cloudtrail", Time: t, Account: get(fAccount), Region: get(fRegion),
		Principal: get(fPrincipal), PrincipalType: get(fPType), Service: get(fService), Name: get(fName),
		SourceIP: get(fIP), UserAgent: get(fUA), ErrorCode: get(fErr), Fields: &c.rec,
	}
	c.rec.v, c.rec.raw = rec, raw
	// The lifted fields that are the record's own values as they are
	// (Principal and Account may come from elsewhere, so they are not).
	switch {
	case readOnly == nil:
		c.rec.readOnly = liftMissing
	case readOnly.Type() == fastjson.TypeTrue:
		c.rec.readOnly = readOnlyTrue
	case readOnly.Type() == fastjson.TypeFalse:
		c.rec.readOnly = readOnlyFalse
	default:
		c.rec.readOnly = liftUnknown // a string (CloudTrail Lake), null: walk
	}
	// userIdentity.arn and .type are answered from here only when
	// userIdentity is an object (a list of them, say, is walked).
	c.rec.state[fArn] = liftUnknown
	switch {
	case uidVal == nil:
		c.rec.state[fArn] = liftMissing
	case uid == nil:
	case arn == nil:
		c.rec.state[fArn] = liftMissing
	case arn.Type() == fastjson.TypeNull:
		c.rec.state[fArn] = liftNull
	case arn.Type() == fastjson.TypeString:
		c.rec.state[fArn], c.rec.lifted[fArn] = liftString, ""
		if !isEmpty(arn) {
			c.rec.lifted[fArn] = get(fPrincipal) // the principal is the ARN when there is one
		}
	}
	for _, i := range [...]int{fID, fName, fTime, fRegion, fService, fIP, fUA, fErr, fPType} {
		switch x := v[i]; {
		case i == fPType && uidVal != nil && uid == nil:
			c.rec.state[i] = liftUnknown
		case x == nil:
			c.rec.state[i] = liftMissing
		case x.Type() == fastjson.TypeNull:
			c.rec.state[i] = liftNull
		default:
			c.rec.state[i], c.rec.lifted[i] = liftString, get(i)
		}
	}
	if err := c.fn(&c.ev); err != nil {
		return stopError{err}
	}
	return nil
}

// firstObject tells, from the first record of an input, whether the input
// is CloudTrail at all.
func firstObject(o *fastjson.Object) error {
	if o.Get("digestStartTime") != nil || o.Get("digestPublicKeyFingerprint") != nil {
		return &noEventsError{"a CloudTrail digest file"}
	}
	if o.Get("hashSignature") != nil && o.Get("files") != nil {
		return &noEventsError{"a CloudTrail Lake query results sign file"}
	}
	if o.Get("eventName") == nil && o.Get("eventID") == nil && o.Get("eventVersion") == nil {
		return &notLogError{"CloudTrail file", "first object has no eventName"}
	}
	return nil
}

// hasControl reports whether b has a control character other than the
// white space JSON allows between tokens.
func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != ' ' && c != '\t' && c != '\n' && c != '\r' {
			return true
		}
	}
	return false
}

func isEmpty(v *fastjson.Value) bool {
	if v == nil {
		return true
	}
	b, err := v.StringBytes()
	return err != nil || len(b) == 0
}

// article names a JSON type with its article ("an array").
func article(t fastjson.Type) string {
	switch t {
	case fastjson.TypeObject:
		return "an object"
	case fastjson.TypeArray:
		return "an array"
	case fastjson.TypeNumber:
		return "a number"
	case fastjson.TypeString:
		return "a string"
	case fastjson.TypeNull:
		return "null"
	}
	return "a boolean"
}

// parseTime reads an eventTime: RFC 3339 as CloudTrail writes it
// (2023-07-10T12:11:15Z), or as CloudTrail Lake gives it (2023-01-22
// 16:53:53.000, UTC).
func parseTime(b []byte) (time.Time, error) {
	if t, ok := fastTime(b); ok {
		return t, nil
	}
	s := string(b)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("eventTime %s is not an RFC 3339 time", strconv.Quote(clip(s, 40)))
}

// fastTime reads YYYY-MM-DDTHH:MM:SSZ, the layout of nearly every record.
func fastTime(b []byte) (time.Time, bool) {
	if len(b) != 20 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[19] != 'Z' {
		return time.Time{}, false
	}
	num := func(s []byte) int {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, mo, d, h, mi, s := num(b[0:4]), num(b[5:7]), num(b[8:10]), num(b[11:13]), num(b[14:16]), num(b[17:19])
	if y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, s, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, false // 31 February and the like: let time.Parse refuse it
	}
	return t, true
}

func oneLine(err error) string { return clip(strings.Join(strings.Fields(err.Error()), " "), 200) }

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
