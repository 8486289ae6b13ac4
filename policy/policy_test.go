package policy

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStatements(t *testing.T) {
	one := map[string]any{"Effect": "Allow"}
	for _, c := range []struct {
		doc  map[string]any
		want []map[string]any
	}{
		{map[string]any{"Statement": one}, []map[string]any{one}},
		{map[string]any{"Statement": []any{one, "x", nil, one}}, []map[string]any{one, one}},
		{map[string]any{"Statement": "x"}, nil},
		{map[string]any{}, nil},
	} {
		if d := cmp.Diff(c.want, Statements(c.doc)); d != "" {
			t.Errorf("Statements(%v) (-want +got):\n%s", c.doc, d)
		}
	}
}

func TestStrings(t *testing.T) {
	for _, c := range []struct {
		in   any
		want []string
	}{
		{nil, nil},
		{"a", []string{"a"}},
		{[]any{"a", []any{"b", true}, float64(3)}, []string{"a", "b", "true", "3"}},
		{false, []string{"false"}},
	} {
		if d := cmp.Diff(c.want, Strings(c.in)); d != "" {
			t.Errorf("Strings(%v) (-want +got):\n%s", c.in, d)
		}
	}
}

func TestPublicStatements(t *testing.T) {
	cases := []struct {
		doc  string
		want int
	}{
		{``, 0},
		{`{"Statement":{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}}`, 1},
		{`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sqs:*"}]}`, 1},
		{`{"Statement":[{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage"}]}`, 0},
		{`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Condition":{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:ap-northeast-1:111122223333:t"}}}]}`, 0},
		{`{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sqs:SendMessage","Condition":{"ArnLike":{"aws:SourceArn":"*"}}}]}`, 1},
		{`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"*"}]}`, 0},
		{`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"*"}]}`, 0},
	}
	for _, c := range cases {
		got, ok := PublicStatements(c.doc)
		if !ok || len(got) != c.want {
			t.Errorf("PublicStatements(%s) = %v, %v; want %d reasons", c.doc, got, ok, c.want)
		}
	}
	if _, ok := PublicStatements("{"); ok {
		t.Error("broken JSON accepted")
	}
}

// FuzzPublicStatements: resource policies come from the cloud; any bytes give
// reasons or "unparsable", never a panic.
func FuzzPublicStatements(f *testing.F) {
	f.Add(`{"Statement":{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}}`)
	f.Add(`{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"x"},"NotAction":"s3:*","Condition":{"StringEquals":{"aws:SourceAccount":["1"]}}}]}`)
	f.Fuzz(func(t *testing.T, doc string) { PublicStatements(doc) })
}
