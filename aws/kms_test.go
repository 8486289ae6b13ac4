package aws

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori/awsemu"
)

const kmsWorld = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1, us-east-1]
    per_region:
      ap-northeast-1:
        kms:
          keys:
            - {id: k1, rotation: true, aliases: [alias/app]}
            - {id: k2}
            - {id: k3, manager: AWS, aliases: [alias/aws/s3]}
            - {id: k4, spec: RSA_2048}
            - {id: k5, state: PendingDeletion}
      us-east-1:
        kms:
          keys:
            - {id: u1}
`

func TestKMS(t *testing.T) {
	got := collect(t, world(t, kmsWorld), awsemu.Faults{}, "kms")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	keys := got.byType("aws_kms_key")
	if len(keys) != 6 {
		t.Fatalf("got %d keys, want 6", len(keys))
	}
	k1 := got.byName(t, "aws_kms_key", "alias/app")
	want := map[string]any{
		"arn": "arn:aws:kms:ap-northeast-1:123456789012:key/k1", "key_id": "k1", "description": "",
		"key_manager": "CUSTOMER", "key_spec": "SYMMETRIC_DEFAULT", "key_usage": "ENCRYPT_DECRYPT",
		"origin": "AWS_KMS", "key_state": "Enabled", "is_enabled": true, "multi_region": false,
		"aliases": []any{"alias/app"}, "enable_key_rotation": true,
	}
	if d := cmp.Diff(want, k1.Attributes); d != "" {
		t.Errorf("k1 attributes (-want +got):\n%s", d)
	}
	if k1.Region != "ap-northeast-1" || k1.Account != "123456789012" || k1.Provider != "aws" {
		t.Errorf("k1 located at %s/%s/%s", k1.Provider, k1.Account, k1.Region)
	}
	for _, name := range []string{"k2", "k4", "k5", "u1"} {
		if got.byName(t, "aws_kms_key", name).Attributes["enable_key_rotation"] != false {
			t.Errorf("%s: rotation should be false", name)
		}
	}
	// Rotation status is only asked of keys that support it.
	if n := got.Stats.Calls["kms:GetKeyRotationStatus"]; n != 3 {
		t.Errorf("GetKeyRotationStatus called %d times, want 3 (k1, k2, u1)", n)
	}
}

func TestKMSPagination(t *testing.T) {
	var b strings.Builder
	b.WriteString("accounts:\n  - id: \"123456789012\"\n    regions: [eu-west-1]\n    per_region:\n      eu-west-1:\n        kms:\n          keys:\n")
	for i := 0; i < 250; i++ {
		b.WriteString("            - {id: key" + strings.Repeat("x", i%3) + string(rune('a'+i%26)) + itoa(i) + "}\n")
	}
	got := collect(t, world(t, b.String()), awsemu.Faults{}, "kms")
	if n := len(got.byType("aws_kms_key")); n != 250 {
		t.Fatalf("got %d keys, want 250", n)
	}
	if n := got.Stats.Calls["kms:ListKeys"]; n != 3 {
		t.Errorf("ListKeys called %d times, want 3 pages", n)
	}
}

func TestKMSAccessDenied(t *testing.T) {
	got := collect(t, world(t, kmsWorld), awsemu.Faults{Deny: []string{"kms:*@us-east-1"}}, "kms")
	if n := len(got.byType("aws_kms_key")); n != 5 {
		t.Errorf("got %d keys, want the 5 of ap-northeast-1", n)
	}
	if len(got.Errors) != 1 || got.Errors[0].Region != "us-east-1" || !strings.Contains(got.Errors[0].Message, "AccessDenied") {
		t.Fatalf("errors = %+v, want one AccessDenied in us-east-1", got.Errors)
	}
	if e := got.Errors[0]; len(e.Types) != 1 || e.Types[0] != "aws_kms_key" || e.Service != "kms" {
		t.Errorf("error = %+v", e)
	}
}

func TestThrottlingRetried(t *testing.T) {
	got := collect(t, world(t, kmsWorld), awsemu.Faults{RateLimit: 50, Burst: 1}, "kms")
	if len(got.Errors) != 0 {
		t.Fatalf("errors after retries: %v", got.Errors)
	}
	if n := len(got.byType("aws_kms_key")); n != 6 {
		t.Errorf("got %d keys, want 6", n)
	}
	if got.Stats.Throttled == 0 {
		t.Errorf("rate limit never throttled; test proves nothing")
	}
}

func itoa(i int) string {
	const d = "0123456789"
	if i < 10 {
		return d[i : i+1]
	}
	return itoa(i/10) + d[i%10:i%10+1]
}
