package auditlog

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/valyala/fastjson"

	"github.com/mamori-sec/mamori"
)

// Values answers as mamori.MapRecord over encoding/json on the corners:
// arrays on the way and at the end, arrays of arrays, null, numbers in
// every notation, escapes, HTML characters, repeated keys, objects at the
// end (their JSON text included).
func TestValuesCorners(t *testing.T) {
	doc := `{"eventName":"X","a":{"b":[{"c":1},{"c":[2,[3,4]]},{"d":5},"s",null,{"c":{"z":1,"a":[true,false]}}]},` +
		`"n":[1.5e3,-0,1e21,1e-7,0.000001,12345678901234567890,1E2,-2.50],"nul":null,"t":true,"f":false,"e":[],"o":{},` +
		`"s":"q\"\\\/\b\f\n\r\t\u00e9\u2028<>&\ud83d\ude00 \u0001","dup":1,"dup":2,"x":{"dup":{"a":1},"dup":{"b":2}},` +
		`"html":{"k<":"v>&"},"deep":[[{"k":1}],[{"k":2}]]}`
	var p fastjson.Parser
	v, err := p.Parse(doc)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(doc), &m); err != nil {
		t.Fatal(err)
	}
	r := &record{v: v}
	for _, path := range []string{"", "a", "a.b", "a.b.c", "a.b.c.z", "a.b.c.a", "a.b.d", "a.b.e", "n", "nul", "nul.x", "t", "f", "e", "o",
		"o.x", "s", "dup", "x", "x.dup", "x.dup.a", "x.dup.b", "html", "deep", "deep.k", "missing", "a.missing", "s.x", "eventName.x", "a..b", "."} {
		comparePath(t, "corners", r, mamori.MapRecord(m), path)
	}
}

// Plain lookups allocate only what boxing the values into dst needs.
func TestValuesAllocations(t *testing.T) {
	var p fastjson.Parser
	v, err := p.Parse(rec)
	if err != nil {
		t.Fatal(err)
	}
	r := &record{v: v}
	dst := make([]any, 0, 8)
	for path, want := range map[string]float64{
		"readOnly":                     0, // missing
		"userIdentity.type":            2, // the string's copy, and its box
		"requestParameters.items.port": 2, // two float64 boxes
		"eventVersion":                 2,
	} {
		if got := testing.AllocsPerRun(100, func() { dst, _ = r.Values(path, dst[:0]) }); got > want {
			t.Errorf("%s: %v allocations, want at most %v", path, got, want)
		}
	}
}

func TestJSONOfUnwrappedRecord(t *testing.T) {
	in := `{"detail-type":"AWS API Call via CloudTrail","detail":{"eventName":"A","eventID":"1","eventTime":"2026-01-01T00:00:00Z","p":"<x>","n":1.50,"u":"\u00e9"}}`
	var js string
	err := ReadCloudTrail(strings.NewReader(in), Options{}, func(ev *mamori.Event) error {
		js = string(ev.Fields.(JSONRecord).JSON())
		return nil
	})
	// Re-encoded compact, in the input's key order, numbers as written.
	if want := `{"eventName":"A","eventID":"1","eventTime":"2026-01-01T00:00:00Z","p":"\u003cx\u003e","n":1.50,"u":"é"}`; err != nil || js != want {
		t.Errorf("JSON %s, err %v; want %s", js, err, want)
	}
}
