package aws

import (
	"encoding/json"
	"net/url"
	"testing"
	"time"
)

// Policy documents, credential reports and bucket policies come from the
// account being scanned: outside input. Any bytes give a result or an error,
// never a panic.

func FuzzIAMPolicyDocument(f *testing.F) {
	for _, s := range []string{
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
		`{"Statement":[{"Effect":"Allow","NotAction":["s3:*"],"Resource":"*"}]}`,
		`{"Statement":[{"Effect":"Allow","Action":["*:*"],"NotResource":"arn:aws:s3:::x"}]}`,
		`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`,
		`null`, `[]`, `{"Statement":"x"}`, `%zz`,
	} {
		f.Add(url.PathEscape(s))
	}
	f.Fuzz(func(t *testing.T, encoded string) {
		doc, err := iamPolicyDocument(encoded)
		if err != nil {
			return
		}
		_ = iamAdminEquivalent(doc)
	})
}

func FuzzIAMCredentialReport(f *testing.F) {
	f.Add([]byte("user,arn,user_creation_time,password_enabled,password_last_used,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_2_active\n" +
		"<root_account>,arn:aws:iam::1:root,2020-01-01T00:00:00+00:00,not_supported,2026-01-01T00:00:00+00:00,false,true,N/A,false\n" +
		"alice,arn:aws:iam::1:user/alice,2020-01-01T00:00:00+00:00,true,no_information,true,false,N/A,false\n"))
	f.Add([]byte("user\n\"unterminated"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rows, err := iamParseReport(b)
		if err != nil {
			return
		}
		for _, r := range rows {
			_ = r.keys()
			_ = r.time("password_last_used")
			acct := map[string]any{}
			r.rootAttributes(acct)
		}
	})
}

func FuzzS3Policy(f *testing.F) {
	for _, s := range []string{
		`{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`,
		`{"Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*","Condition":{"Null":{"s3:x-amz-server-side-encryption-customer-algorithm":"false"}}}]}`,
		`{"Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}}`,
		`{"Statement":[1,"x",null]}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var policy map[string]any
		if json.Unmarshal([]byte(s), &policy) != nil || policy == nil {
			return
		}
		_ = s3DeniesInsecureTransport(policy, "b")
		_ = s3DeniesSSEC(policy, "b")
	})
}

// The state transition reason is EC2's free text: a time comes back only
// from the documented "(YYYY-MM-DD HH:MM:SS GMT)" tail, and is UTC.
func FuzzEC2StoppedAt(f *testing.F) {
	for _, s := range []string{
		"User initiated (2024-01-15 09:00:00 GMT)", "Server.ScheduledStop (2023-12-31 23:59:59 GMT)",
		"", "User initiated", "(GMT)", "((2024-01-15 09:00:00 GMT)", "User initiated (2024-13-45 99:00:00 GMT)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, reason string) {
		if at, ok := ec2StoppedAt(reason); ok && at.Location() != time.UTC {
			t.Errorf("%q: %v is not UTC", reason, at)
		}
	})
}

func TestEC2StoppedAt(t *testing.T) {
	for reason, want := range map[string]string{
		"User initiated (2024-01-15 09:00:00 GMT)":       "2024-01-15T09:00:00Z",
		"Server.ScheduledStop (2023-12-31 23:59:59 GMT)": "2023-12-31T23:59:59Z",
		"User initiated": "",
		"User initiated (2024-13-45 09:00:00 GMT)": "",
		"": "",
	} {
		got := ""
		if at, ok := ec2StoppedAt(reason); ok {
			got = at.Format(time.RFC3339)
		}
		if got != want {
			t.Errorf("%q: got %q, want %q", reason, got, want)
		}
	}
}
