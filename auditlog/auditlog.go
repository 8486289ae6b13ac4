// Package auditlog reads audit logs into mamori events: CloudTrail records
// and VPC flow log records, plain or gzip-compressed, from files,
// directories, standard input or any stream.
//
// CloudTrail input is recognised by its content, never by its file name:
// the object CloudTrail delivers to S3 ({"Records":[...]}), a JSON array of
// records, JSON Lines (or any sequence of objects), EventBridge events
// carrying a record in "detail", the output of "aws cloudtrail
// lookup-events" ({"Events":[{"CloudTrailEvent":"..."}]}) and of "aws
// cloudtrail get-query-results" for CloudTrail Lake ({"QueryResultRows":
// ...}). Records are cut out of the stream one at a time and parsed with a
// reused github.com/valyala/fastjson parser, so memory stays flat however
// large the input.
//
// VPC flow logs are space-separated lines: the default version-2 format, or
// any custom format whose first line names the fields (S3 delivery writes
// such a header).
//
// Events are lent, not given: the *mamori.Event passed to the callback, its
// Fields and the bytes of Fields' JSON() are valid only during the call (the
// parser, the event and the record are reused). Strings are given: the
// event's string fields (ID, Principal, SourceIP, ...) and the strings
// Fields.Values returns may be kept.
//
// Bad input is reported, never fatal to the rest: a record that cannot be an
// event is told to Options.OnBadRecord and skipped; a file that is not the
// kind of log asked for is one error that says why (it wraps
// ErrNotAuditLog); ReadPaths names each bad file and reads the others.
package auditlog

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/gzip"
	"io"
	"strconv"
	"sync"
	"unicode/utf8"

	"github.com/mamori-sec/mamori"
)

// Options tune reading.
type Options struct {
	// OnBadRecord is told about each record that is skipped because it
	// cannot be an event: n counts the records of a CloudTrail input from
	// 1, and is the line number in a flow log. Nil ignores them.
	OnBadRecord func(n int, err error)
	// OnSkip is told about each record that is read and carries no event by
	// design: a flow log's NODATA and SKIPDATA records. Nil ignores them.
	OnSkip func(n int, reason string)
}

// ErrNotAuditLog is wrapped by the error for input that is not the kind of
// log asked for (its text says why: "not a CloudTrail file: first object has
// no eventName").
var ErrNotAuditLog = errors.New("not an audit log")

// ErrNoEvents is wrapped by the error for a file that belongs with the logs
// but holds no events: a CloudTrail digest file, the sign file of CloudTrail
// Lake query results. ReadPaths skips such files without calling them bad.
var ErrNoEvents = errors.New("holds no events")

// JSONRecord is implemented by the Fields of CloudTrail events: JSON returns
// the record's JSON text (as it was in the input for plain records;
// re-encoded, compact, for records unwrapped from an EventBridge event or a
// CloudTrail Lake row). It is valid only during the callback; copy it to
// keep it.
type JSONRecord interface {
	mamori.Record
	JSON() []byte
}

// notLogError is input that is not the kind of log asked for.
type notLogError struct{ kind, why string }

func (e *notLogError) Error() string        { return "not a " + e.kind + ": " + e.why }
func (e *notLogError) Is(target error) bool { return target == ErrNotAuditLog }

// noEventsError is a file that holds no events.
type noEventsError struct{ what string }

func (e *noEventsError) Error() string        { return e.what + ", which holds no events" }
func (e *noEventsError) Is(target error) bool { return target == ErrNoEvents }

// stopError carries an error of the caller's fn through a reader, so that
// it is not mistaken for a problem of the input.
type stopError struct{ err error }

func (e stopError) Error() string { return e.err.Error() }

// unstop returns fn's own error as is.
func unstop(err error) error {
	var s stopError
	if errors.As(err, &s) {
		return s.err
	}
	return err
}

const bufSize = 256 << 10

// input is a stream, unwrapped from gzip when it starts with gzip's magic
// bytes.
type input struct {
	*bufio.Reader
	gz bool
	// What close gives back to the pools: CloudTrail delivers many small
	// files, for which a fresh 256 KB buffer (and gzip state) each would
	// cost more than reading them.
	pooled []*bufio.Reader
	zr     *gzip.Reader
}

var (
	bufPool = sync.Pool{New: func() any { return bufio.NewReaderSize(nil, bufSize) }}
	gzPool  sync.Pool // *gzip.Reader
)

// open looks at the first bytes of r and returns the stream to read; close
// it when done.
func open(r io.Reader) (*input, error) {
	in := &input{}
	br, ok := r.(*bufio.Reader)
	if !ok || br.Size() < bufSize {
		br = bufPool.Get().(*bufio.Reader)
		br.Reset(r)
		in.pooled = append(in.pooled, br)
	}
	in.Reader = br
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, _ := gzPool.Get().(*gzip.Reader)
		var err error
		if zr == nil {
			zr, err = gzip.NewReader(br)
		} else {
			err = zr.Reset(br)
		}
		if err != nil {
			in.close()
			return nil, gzipErr(err)
		}
		in.zr = zr
		inner := bufPool.Get().(*bufio.Reader)
		inner.Reset(zr)
		in.pooled = append(in.pooled, inner)
		in.Reader, in.gz = inner, true
	}
	if bom, _ := in.Peek(3); string(bom) == "\ufeff" {
		_, _ = in.Discard(3)
	}
	return in, nil
}

// close gives the buffers back; in must not be used after.
func (in *input) close() {
	for _, b := range in.pooled {
		b.Reset(nil)
		bufPool.Put(b)
	}
	if in.zr != nil {
		gzPool.Put(in.zr)
	}
	in.pooled, in.zr, in.Reader = nil, nil, nil
}

// gzipErr names a damaged gzip stream as such; other errors pass.
func gzipErr(err error) error {
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("truncated gzip: the compressed data ends early (the file is cut off)")
	case errors.Is(err, gzip.ErrChecksum):
		return errors.New("damaged gzip: checksum mismatch")
	case errors.Is(err, gzip.ErrHeader):
		return errors.New("damaged gzip: invalid header")
	}
	var ce flate.CorruptInputError
	if errors.As(err, &ce) {
		return fmt.Errorf("damaged gzip: corrupt data at byte %d of the compressed stream", int64(ce))
	}
	return err
}

// readErr turns an error met while reading the (decompressed) stream into
// a one-line reason.
func (in *input) readErr(err error) error {
	if in.gz {
		return gzipErr(err)
	}
	return err
}

// sniff says what the input looks like when it is not the text expected:
// head is its first bytes.
func sniff(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return "it is a zip archive; unzip it first"
	case bytes.HasPrefix(head, []byte("\x28\xb5\x2f\xfd")):
		return "it is zstd-compressed; decompress it first (gzip is read as is)"
	case bytes.HasPrefix(head, []byte("BZh")):
		return "it is bzip2-compressed; decompress it first (gzip is read as is)"
	case bytes.HasPrefix(head, []byte("PAR1")):
		return "it is a Parquet file, which mamori does not read"
	case bytes.IndexByte(head, 0) >= 0 || !utf8.Valid(trimRune(head)):
		return "it is binary data"
	}
	line := head
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimSpace(line)
	if len(line) > 40 {
		line = append(line[:40:40], "..."...)
	}
	if bytes.Count(line, []byte(",")) >= 2 {
		return "it looks like CSV text (" + strconv.Quote(string(line)) + ")"
	}
	return "it starts with " + strconv.Quote(string(line))
}

// trimRune drops a rune cut at the end of b.
func trimRune(b []byte) []byte {
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}
