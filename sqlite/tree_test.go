package sqlite

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestTreeRoundTrip(t *testing.T) {
	in := map[string]any{
		"int":     int64(-42),
		"max":     int64(math.MaxInt64),
		"min":     int64(math.MinInt64),
		"whole":   float64(3),
		"neg":     -0.5,
		"big":     1e21,
		"small":   1e-7,
		"zero":    float64(0),
		"bool":    true,
		"nil":     nil,
		"str":     "a\"b\\c\n\x00\x1f\u2028é日本",
		"list":    []any{int64(1), 1.0, []any{}, map[string]any{}},
		"nested":  map[string]any{"a": map[string]any{"b": []any{map[string]any{"c": int64(1)}}}},
		"":        "empty key",
		"unicode": map[string]any{"キー": "値"},
	}
	text, err := encodeTree(in)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid([]byte(text)) {
		t.Fatalf("encodeTree wrote invalid JSON: %s", text)
	}
	out, err := decodeTree(text)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	for _, want := range []string{`"whole":3.0`, `"zero":0.0`, `"big":1e+21`, `"int":-42`} {
		if !strings.Contains(text, want) {
			t.Errorf("encodeTree = %s, want it to contain %s", text, want)
		}
	}
}

func TestTreeNil(t *testing.T) {
	text, err := encodeTree(nil)
	if err != nil || text != "null" {
		t.Fatalf("encodeTree(nil) = %q, %v; want null", text, err)
	}
	m, err := decodeTree(text)
	if err != nil || m != nil {
		t.Fatalf("decodeTree(null) = %v, %v; want nil map", m, err)
	}
}

func TestTreeDecodeNumbers(t *testing.T) {
	m, err := decodeTree(`{"a": 1, "b": 1.0, "c": 1e2, "d": 18446744073709551615, "e": -9223372036854775808, "f": 2E-1}`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"a": int64(1), "b": 1.0, "c": 100.0, "d": 18446744073709551615.0, "e": int64(math.MinInt64), "f": 0.2}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("decodeTree (-want +got):\n%s", diff)
	}
}

func TestTreeRefusesNonFinite(t *testing.T) {
	for _, v := range []any{math.NaN(), math.Inf(1), float32(math.Inf(-1)), []float64{math.NaN()}} {
		if text, err := encodeTree(map[string]any{"x": v}); err == nil {
			t.Errorf("encodeTree(%v) = %s, want an error", v, text)
		}
	}
}

func TestTreeMarshalers(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 6, time.UTC)
	type point struct {
		X int     `json:"x"`
		Y float64 `json:"y"`
	}
	text, err := encodeTree(map[string]any{"time": at, "bytes": []byte("hi"), "struct": point{1, 2.5}, "ptr": &point{3, 0.5}})
	if err != nil {
		t.Fatal(err)
	}
	got, err := decodeTree(text)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"time":   "2025-01-02T03:04:05.000000006Z",
		"bytes":  "aGk=",
		"struct": map[string]any{"x": int64(1), "y": 2.5},
		"ptr":    map[string]any{"x": int64(3), "y": 0.5},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// TestAppendStringMatchesEncodingJSON checks that strings read back as
// encoding/json reads its own output.
func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", "\"\\/", "\x00\x01\x1f\x7f", "\xff\xfe invalid", "a\xc3", "\u2028\u2029", "<>&", "日本語", "\t\r\n"} {
		var want, got string
		j, _ := json.Marshal(s)
		if err := json.Unmarshal(j, &want); err != nil {
			t.Fatal(err)
		}
		b := appendString(nil, s)
		if err := json.Unmarshal(b, &got); err != nil {
			t.Errorf("appendString(%q) = %s: invalid JSON: %v", s, b, err)
			continue
		}
		if got != want {
			t.Errorf("appendString(%q) reads back as %q, want %q", s, got, want)
		}
	}
}
