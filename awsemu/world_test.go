package awsemu

import (
	"strings"
	"testing"
)

func TestParseWorldErrors(t *testing.T) {
	cases := map[string]string{
		"accounts: [":                         "world:",
		"accounts: []":                        "no accounts",
		"accounts: [{id: '1', regions: [x]}]": "not 12 digits",
		"accounts: [{id: '123456789012'}]":    "has no regions",
		"accounts: [{id: '123456789012', regions: [a], per_region: {b: {}}}]": "not in its regions",
		"acounts: []": "field acounts not found",
	}
	for in, want := range cases {
		if _, err := ParseWorld([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseWorld(%q) = %v, want error containing %q", in, err, want)
		}
	}
}

// FuzzParseWorld: a world file is outside input (--demo-world); any bytes give
// a world or an error, never a panic.
func FuzzParseWorld(f *testing.F) {
	files, _ := demoFS.ReadDir("demo")
	for _, e := range files {
		b, _ := demoFS.ReadFile("demo/" + e.Name())
		f.Add(b)
	}
	f.Add([]byte("faults: {deny: ['s3:*'], latency: 1ms}\naccounts: [{id: '123456789012', regions: [a]}]"))
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := ParseWorld(b)
		if err == nil && len(w.Accounts) == 0 {
			t.Fatal("world without accounts accepted")
		}
	})
}
