package auditlog

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/valyala/fastjson"

	"github.com/mamori-sec/mamori"
)

// ReadCloudTrail reads CloudTrail records from r and calls fn with each as
// an event. It recognises, by content: the object CloudTrail delivers to S3
// ({"Records":[...]}, streamed element by element), a JSON array of records,
// and a sequence of objects (JSON Lines, or one object), where each object
// is a record, an EventBridge event carrying the record in "detail", or a
// CloudTrail Lake row carrying it in "eventData". gzip input is recognised by
// its magic bytes. Records are cut out of the stream without parsing and
// each is parsed with a reused github.com/valyala/fastjson parser, so the
// event's Fields (and the strings its Values return, and its JSON text) are
// valid only during the call to fn; the event's own string fields are
// copies the caller may keep.
//
// A record without eventID, eventTime or eventName is skipped and told to
// opt.OnBadRecord. Input whose first object is not a record at all is an
// error wrapping ErrNotAuditLog. An error from fn stops the reading and is
// returned as is.
func ReadCloudTrail(r io.Reader, opt Options, fn func(*mamori.Event) error) error {
	return unstop(readCloudTrail(r, opt, fn))
}

func readCloudTrail(r io.Reader, opt Options, fn func(*mamori.Event) error) error {
	in, gz, err := decompress(r)
	if err != nil {
		return err
	}
	br := in.(*bufio.Reader)
	first, err := firstByte(br)
	if err == io.EOF {
		return nil // empty file
	}
	if err != nil {
		return readErr(err, gz)
	}
	sp := &splitter{br: br}
	var p fastjson.Parser
	n := 0
	var emit func(v *fastjson.Value, raw []byte) error
	emit = func(v *fastjson.Value, raw []byte) error {
		n++
		if v.Type() == fastjson.TypeObject {
			if recs := v.GetArray("Records"); recs != nil && v.Get("eventName") == nil {
				// A delivery object whose "Records" is not the first key: read
				// whole.
				n--
				for _, rec := range recs {
					if err := emit(rec, rec.MarshalTo(nil)); err != nil {
						return err
					}
				}
				return nil
			}
		}
		rec, raw := unwrapFast(v, raw)
		ev, err := eventOfFast(rec, raw)
		if err != nil {
			if n == 1 {
				return fmt.Errorf("%w: not a CloudTrail file: first object %v", ErrNotAuditLog, err)
			}
			if opt.OnBadRecord != nil {
				opt.OnBadRecord(n, err)
			}
			return nil
		}
		if err := fn(ev); err != nil {
			return stopError{err}
		}
		return nil
	}
	one := func() error {
		raw, err := sp.value()
		if err != nil {
			if err == errCut {
				return fmt.Errorf("record %d: %w", n+1, errCut)
			}
			return readErr(err, gz)
		}
		v, err := p.ParseBytes(raw)
		if err != nil {
			if n == 0 {
				return fmt.Errorf("%w: not a CloudTrail file: %s", ErrNotAuditLog, oneLineErr(err))
			}
			n++
			if opt.OnBadRecord != nil {
				opt.OnBadRecord(n, fmt.Errorf("not JSON: %s", oneLineErr(err)))
			}
			return nil
		}
		return emit(v, raw)
	}
	array := func() error {
		for {
			c, err := sp.skip(",")
			if err == io.EOF {
				return readErr(fmt.Errorf("record %d: %w", n+1, errCut), gz)
			}
			if err != nil {
				return readErr(err, gz)
			}
			if c == ']' {
				return nil
			}
			if c != '{' {
				return fmt.Errorf("record %d: want an object, found %q", n+1, c)
			}
			if err := one(); err != nil {
				return err
			}
		}
	}
	switch first {
	case '[':
		_, _ = br.ReadByte()
		return array()
	case '{':
		head, _ := br.Peek(64)
		if bytes.HasPrefix(bytes.TrimLeft(head[1:], " \t\r\n"), []byte(`"Records"`)) {
			// Up to the array that follows "Records":.
			for {
				c, err := br.ReadByte()
				if err != nil {
					return readErr(err, gz)
				}
				if c == '[' {
					return array()
				}
				if c != '{' && c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != ':' && c != '"' && !('a' <= c && c <= 'z') && c != 'R' {
					return fmt.Errorf("%w: \"Records\" is not an array", ErrNotAuditLog)
				}
			}
		}
		for {
			c, err := sp.skip(",")
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return readErr(err, gz)
			}
			if c != '{' {
				return fmt.Errorf("record %d: want an object, found %q", n+1, c)
			}
			if err := one(); err != nil {
				return err
			}
		}
	}
	return fmt.Errorf("%w: not a CloudTrail file: it starts with %q, not a JSON object or array", ErrNotAuditLog, first)
}

func oneLineErr(err error) string { return strings.Join(strings.Fields(err.Error()), " ") }

// unwrapFast returns the CloudTrail record inside an EventBridge event or a
// CloudTrail Lake row, or v itself, with its JSON text.
func unwrapFast(v *fastjson.Value, raw []byte) (*fastjson.Value, []byte) {
	if d := v.Get("detail"); d != nil && d.Type() == fastjson.TypeObject && v.Get("detail-type") != nil {
		return d, d.MarshalTo(nil)
	}
	if d := v.Get("eventData"); d != nil && d.Type() == fastjson.TypeObject {
		return d, d.MarshalTo(nil)
	}
	return v, raw
}

// eventOfFast lifts the fields detectors need out of a record.
func eventOfFast(rec *fastjson.Value, raw []byte) (*mamori.Event, error) {
	if rec.Type() != fastjson.TypeObject {
		return nil, errors.New("is not an object")
	}
	id, name, when := fastString(rec, "eventID"), fastString(rec, "eventName"), fastString(rec, "eventTime")
	switch {
	case name == "":
		return nil, errors.New("has no eventName")
	case id == "":
		return nil, errors.New("has no eventID")
	case when == "":
		return nil, errors.New("has no eventTime")
	}
	t, err := time.Parse(time.RFC3339, when)
	if err != nil {
		return nil, fmt.Errorf("eventTime %q is not an RFC 3339 time", when)
	}
	principal := fastString(rec, "userIdentity", "arn")
	if principal == "" {
		principal = fastString(rec, "userIdentity", "principalId")
	}
	if principal == "" {
		principal = fastString(rec, "userIdentity", "type")
	}
	account := fastString(rec, "recipientAccountId")
	if account == "" {
		account = fastString(rec, "userIdentity", "accountId")
	}
	return &mamori.Event{
		ID: id, Source: "aws.cloudtrail", Time: t.UTC(), Account: account, Region: fastString(rec, "awsRegion"),
		Principal: principal, PrincipalType: fastString(rec, "userIdentity", "type"), Service: fastString(rec, "eventSource"), Name: name,
		SourceIP: fastString(rec, "sourceIPAddress"), UserAgent: fastString(rec, "userAgent"), ErrorCode: fastString(rec, "errorCode"),
		Fields: &fastRecord{v: rec, raw: raw},
	}, nil
}
