package auditlog

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/mamori-sec/mamori"
)

// ReadCloudTrail reads CloudTrail records from r and calls fn with each as
// an event. It recognises, by content: the object CloudTrail delivers to S3
// ({"Records":[...]}, streamed element by element), a JSON array of records,
// and a sequence of objects (JSON Lines, or one object), where each object
// is a record, an EventBridge event carrying the record in "detail", or a
// CloudTrail Lake row carrying it in "eventData". gzip input is recognised by
// its magic bytes. The event and its record belong to the caller.
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
	dec := json.NewDecoder(br)
	dec.UseNumber()
	n := 0
	emit := func(m map[string]any, strict bool) error {
		n++
		rec := unwrap(m)
		ev, err := eventOf(rec)
		if err != nil {
			if strict && n == 1 {
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
	switch first {
	case '[':
		if _, err := dec.Token(); err != nil {
			return readErr(err, gz)
		}
		return readArray(dec, gz, emit)
	case '{':
		return readObjects(dec, br, gz, emit)
	}
	return fmt.Errorf("%w: not a CloudTrail file: it starts with %q, not a JSON object or array", ErrNotAuditLog, first)
}

// readArray decodes the elements of an array whose '[' has been read.
func readArray(dec *json.Decoder, gz bool, emit func(map[string]any, bool) error) error {
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			return readErr(fmt.Errorf("record: %w", err), gz)
		}
		if err := emit(m, true); err != nil {
			return err
		}
	}
	return nil
}

// readObjects reads a sequence of objects; an object whose first key is
// "Records" is streamed.
func readObjects(dec *json.Decoder, br *bufio.Reader, gz bool, emit func(map[string]any, bool) error) error {
	for {
		// Peek at the object's first key to stream {"Records":[...]}.
		head, _ := br.Peek(64)
		if i := bytes.IndexByte(head, '{'); i >= 0 && bytes.HasPrefix(bytes.TrimLeft(head[i+1:], " \t\r\n"), []byte(`"Records"`)) {
			if err := readRecordsObject(dec, gz, emit); err != nil {
				return err
			}
		} else {
			var m map[string]any
			err := dec.Decode(&m)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return readErr(fmt.Errorf("record: %w", err), gz)
			}
			if err := emit(m, true); err != nil {
				return err
			}
		}
		if !dec.More() {
			// Trailing garbage after the last object is an error; EOF is not.
			if _, err := dec.Token(); err != nil && err != io.EOF {
				return readErr(err, gz)
			}
			return nil
		}
	}
}

// readRecordsObject streams {"Records":[...], ...}.
func readRecordsObject(dec *json.Decoder, gz bool, emit func(map[string]any, bool) error) error {
	if _, err := dec.Token(); err != nil { // {
		return readErr(err, gz)
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return readErr(err, gz)
		}
		if key, _ := t.(string); key == "Records" {
			t, err := dec.Token()
			if err != nil {
				return readErr(err, gz)
			}
			if d, ok := t.(json.Delim); !ok || d != '[' {
				return fmt.Errorf("%w: \"Records\" is not an array", ErrNotAuditLog)
			}
			if err := readArray(dec, gz, emit); err != nil {
				return err
			}
			if _, err := dec.Token(); err != nil { // ]
				return readErr(err, gz)
			}
			continue
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return readErr(err, gz)
		}
	}
	if _, err := dec.Token(); err != nil { // }
		return readErr(err, gz)
	}
	return nil
}

// unwrap returns the CloudTrail record inside an EventBridge event or a
// CloudTrail Lake row, or m itself.
func unwrap(m map[string]any) map[string]any {
	if d, ok := m["detail"].(map[string]any); ok {
		if _, ok := m["detail-type"]; ok {
			return d
		}
	}
	if d, ok := m["eventData"].(map[string]any); ok {
		return d
	}
	return m
}

// eventOf lifts the fields detectors need out of a record.
func eventOf(rec map[string]any) (*mamori.Event, error) {
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	id, name, when := str(rec, "eventID"), str(rec, "eventName"), str(rec, "eventTime")
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
	who, _ := rec["userIdentity"].(map[string]any)
	principal := str(who, "arn")
	if principal == "" {
		principal = str(who, "principalId")
	}
	if principal == "" {
		principal = str(who, "type")
	}
	account := str(rec, "recipientAccountId")
	if account == "" {
		account = str(who, "accountId")
	}
	return &mamori.Event{
		ID: id, Source: "aws.cloudtrail", Time: t.UTC(), Account: account, Region: str(rec, "awsRegion"),
		Principal: principal, PrincipalType: str(who, "type"), Service: str(rec, "eventSource"), Name: name,
		SourceIP: str(rec, "sourceIPAddress"), UserAgent: str(rec, "userAgent"), ErrorCode: str(rec, "errorCode"),
		Fields: record(rec),
	}, nil
}

// record is a Record over a decoded record whose numbers are json.Number.
type record map[string]any

// Values implements mamori.Record.
func (r record) Values(path string, dst []any) ([]any, bool) {
	return mamori.MapRecord(r).Values(path, dst)
}

// JSON returns the record as JSON.
func (r record) JSON() []byte {
	b, _ := json.Marshal(map[string]any(r))
	return b
}
