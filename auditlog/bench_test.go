package auditlog

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/valyala/fastjson"

	"github.com/mamori-sec/mamori"
)

// sharedInput is every shared file one after the other (S3 deliveries and
// pretty-printed arrays), and how many records it holds.
func sharedInput(b *testing.B) ([]byte, int) {
	var in bytes.Buffer
	n := 0
	for _, f := range sharedFiles(b) {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		n += len(decodeAll(b, data))
		in.Write(data)
		in.WriteByte('\n')
	}
	return in.Bytes(), n
}

func benchRead(b *testing.B, in []byte, want int) {
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		err := ReadCloudTrail(bytes.NewReader(in), Options{}, func(*mamori.Event) error { n++; return nil })
		if err != nil || n != want {
			b.Fatalf("%d events, %v", n, err)
		}
	}
	b.ReportMetric(float64(want)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkReadCloudTrail reads the shared datasets into events.
func BenchmarkReadCloudTrail(b *testing.B) {
	in, n := sharedInput(b)
	benchRead(b, in, n)
}

// BenchmarkReadCloudTrailGzip reads them gzip-compressed, as S3 holds them.
func BenchmarkReadCloudTrailGzip(b *testing.B) {
	in, n := sharedInput(b)
	gz := []byte(gzipped(string(in)))
	benchRead(b, gz, n)
	b.SetBytes(int64(len(in))) // MB/s of JSON, not of gzip
}

// BenchmarkEncodingJSON is the baseline: the same input decoded by
// encoding/json into maps, record by record.
func BenchmarkEncodingJSON(b *testing.B) {
	in, want := sharedInput(b)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		n := 0
		dec := json.NewDecoder(bytes.NewReader(in))
		for dec.More() {
			var v any
			if err := dec.Decode(&v); err != nil {
				b.Fatal(err)
			}
			switch x := v.(type) {
			case []any:
				n += len(x)
			case map[string]any:
				n += len(x["Records"].([]any))
			}
		}
		if n != want {
			b.Fatalf("%d records", n)
		}
	}
	b.ReportMetric(float64(want)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkValues looks up fields a rule would read.
func BenchmarkValues(b *testing.B) {
	var p fastjson.Parser
	v, err := p.Parse(rec)
	if err != nil {
		b.Fatal(err)
	}
	r := &record{v: v}
	dst := make([]any, 0, 8)
	for _, path := range []string{"eventName", "userIdentity.arn", "requestParameters.items.port", "requestParameters", "missing.path"} {
		b.Run(path, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				dst, _ = r.Values(path, dst[:0])
			}
		})
	}
}

// BenchmarkReadFlowLogs reads 10,000 version-2 records after a header.
func BenchmarkReadFlowLogs(b *testing.B) {
	var in bytes.Buffer
	in.WriteString(v2Header)
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&in, "2 111122223333 eni-0a1b2c3d 10.0.%d.%d 203.0.113.%d %d 443 6 %d %d 1767225600 1767225659 ACCEPT OK\n",
			i%256, i%200, i%250, 30000+i%30000, i%100, i*40)
	}
	b.SetBytes(int64(in.Len()))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		n := 0
		err := ReadFlowLogs(bytes.NewReader(in.Bytes()), Options{}, func(ev *mamori.Event) error { n++; return nil })
		if err != nil || n != 10000 {
			b.Fatalf("%d events, %v", n, err)
		}
	}
	b.ReportMetric(10000*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkStages breaks ReadCloudTrail down on the shared input: cutting
// the records out of the stream only; cutting and parsing each with
// fastjson; the whole reader (cutting, parsing, lifting the events).
func BenchmarkStages(b *testing.B) {
	in, n := sharedInput(b)
	cut := func(parse bool) func(b *testing.B) {
		return func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			var p fastjson.Parser
			for i := 0; i < b.N; i++ {
				if got := cutRecords(b, in, func(rec []byte) {
					if parse {
						if _, err := p.ParseBytes(rec); err != nil {
							b.Fatal(err)
						}
					}
				}); got != n {
					b.Fatalf("%d records", got)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
		}
	}
	b.Run("cut", cut(false))
	b.Run("cut+parse", cut(true))
	b.Run("read", func(b *testing.B) { benchRead(b, in, n) })
}

// cutRecords cuts the records of the shared input (arrays of records, at
// the top or in "Records") with the scanner and passes each to fn.
func cutRecords(b *testing.B, in []byte, fn func([]byte)) int {
	s := &scanner{in: &input{Reader: bufio.NewReaderSize(bytes.NewReader(in), bufSize)}}
	n := 0
	for {
		c, err := s.peek()
		if err == io.EOF {
			return n
		}
		if c == '{' { // {"Records":
			s.skip1(false)
			if err := s.value(false); err != nil {
				b.Fatal(err)
			}
			s.peek()
			s.skip1(false)
			s.peek()
		}
		s.skip1(false) // [
		for {
			if c, _ = s.peek(); c == ']' {
				s.skip1(false)
				break
			}
			if c == ',' {
				s.skip1(false)
			}
			s.buf = s.buf[:0]
			if err := s.value(true); err != nil {
				b.Fatal(err)
			}
			fn(s.buf)
			n++
		}
		if c, _ = s.peek(); c == '}' {
			s.skip1(false)
		}
	}
}
