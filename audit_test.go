package mamori

import (
	"encoding/json"
	"testing"
)

func TestSafeEvidence(t *testing.T) {
	good := []json.RawMessage{json.RawMessage(`{"a":1}`), json.RawMessage(`[1]`)}
	if got := SafeEvidence(good); &got[0] != &good[0] {
		t.Error("valid evidence was copied")
	}
	mixed := []json.RawMessage{json.RawMessage(`{"a":1}`), json.RawMessage("{\"a\":NaN,\"b\":\"\x01\xff\"}")}
	got := SafeEvidence(mixed)
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatalf("SafeEvidence gave evidence that does not encode: %v", err)
	}
	var text string
	if err := json.Unmarshal(got[1], &text); err != nil || text != "{\"a\":NaN,\"b\":\"\x01\uFFFD\"}" || string(got[0]) != `{"a":1}` {
		t.Errorf("SafeEvidence = %s", b)
	}
}
