package aws

import (
	"encoding/json"
	"testing"
)

// FuzzSCPDocument: whatever Organizations returns as a policy's content,
// reading it never panics, and what it accepts is a JSON object that
// survives a round trip.
func FuzzSCPDocument(f *testing.F) {
	for _, s := range []string{
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
		`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":["eu-west-1"]}}}]}`,
		`{"Statement":[{"Effect":"Deny","Action":"s3:*","Condition":{"NumericLessThan":{"aws:MultiFactorAuthAge":3600}}}]}`,
		`[]`, `null`, `"x"`, `{`, ``, `{"a":1e400}`, `{"a":-0.5,"b":[1,2.0,3]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := scpDocument(s)
		if err != nil {
			if doc != nil {
				t.Fatalf("error %v with a document", err)
			}
			return
		}
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatalf("accepted document does not marshal: %v", err)
		}
		var back map[string]any
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatalf("round trip: %v", err)
		}
	})
}

func TestSCPDocumentNumbers(t *testing.T) {
	doc, err := scpDocument(`{"a":3600,"b":0.5,"c":[1]}`)
	if err != nil {
		t.Fatal(err)
	}
	if doc["a"] != int64(3600) || doc["b"] != 0.5 || doc["c"].([]any)[0] != int64(1) {
		t.Errorf("numbers: %#v", doc)
	}
	for _, bad := range []string{`[]`, `{`, `"x"`, `null`} {
		if _, err := scpDocument(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
