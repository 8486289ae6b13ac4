package aws

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	awsmw "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/awsemu"
)

const s3World = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1, us-east-1]
    s3:
      account_public_access_block: {block_public_acls: true, block_public_policy: true}
      buckets:
        - name: web-assets
          region: ap-northeast-1
          created: "2023-05-01T10:00:00Z"
          ownership: BucketOwnerEnforced
          policy: '{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::web-assets/*"}]}'
        - name: audit.example.jp
          region: us-east-1
          created: "2022-01-02T03:04:05Z"
          public_access_block: {block_public_acls: true, ignore_public_acls: true, block_public_policy: true, restrict_public_buckets: true}
          logging: {target_bucket: access-logs, target_prefix: audit/}
          encryption: {algorithm: "aws:kms", kms_key_id: "arn:aws:kms:us-east-1:123456789012:key/k1", bucket_key: true, block_sse_c: true}
          versioning: Enabled
          mfa_delete: true
          ownership: BucketOwnerEnforced
          policy: |
            {"Version":"2012-10-17","Statement":[{"Sid":"TLS","Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*",
              "Resource":["arn:aws:s3:::audit.example.jp","arn:aws:s3:::audit.example.jp/*"],
              "Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}
        - name: legacy-acl
          region: us-east-1
          ownership: ObjectWriter
          versioning: Suspended
          encryption: {algorithm: none}
          acl:
            - {group: AllUsers, permission: READ}
            - {group: LogDelivery, permission: WRITE}
            - {id: 0123abcd, permission: READ_ACP}
            - {email: partner@example.jp, permission: WRITE}
        - name: ssec-denied
          policy: |
            {"Version":"2012-10-17","Statement":{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::ssec-denied/*",
              "Condition":{"Null":{"s3:x-amz-server-side-encryption-customer-algorithm":"false"}}}}
        - name: in-unscanned-region
          region: eu-west-1
`

func TestS3(t *testing.T) {
	got := collect(t, world(t, s3World), awsemu.Faults{}, "s3")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	if n := len(got.byType("aws_s3_bucket")); n != 4 {
		t.Fatalf("got %d buckets, want 4 (the one in eu-west-1 is not scanned)", n)
	}
	web := got.byName(t, "aws_s3_bucket", "web-assets")
	if web.ID != "arn:aws:s3:::web-assets" || web.Region != "ap-northeast-1" || web.Account != "123456789012" {
		t.Errorf("web-assets at %s %s %s", web.ID, web.Region, web.Account)
	}
	sse := map[string]any{"enabled": true, "sse_algorithm": "AES256", "kms_master_key_id": "", "bucket_key_enabled": false, "blocked_encryption_types": []any{}}
	owner := web.Attributes["owner_id"].(string)
	if len(owner) != 64 {
		t.Fatalf("owner_id = %q", owner)
	}
	ownerGrant := map[string]any{"grantee_type": "CanonicalUser", "grantee_uri": "", "grantee_id": owner, "permission": "FULL_CONTROL"}
	want := map[string]any{
		"arn": "arn:aws:s3:::web-assets", "bucket": "web-assets", "region": "ap-northeast-1", "creation_date": "2023-05-01T10:00:00Z",
		"policy": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
			"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::web-assets/*"}}},
		"owner_id":            owner,
		"acl_grants":          []any{ownerGrant},
		"public_access_block": nil,
		"logging":             map[string]any{"enabled": false, "target_bucket": "", "target_prefix": ""},
		"encryption":          sse,
		"versioning":          map[string]any{"status": "", "mfa_delete": false},
		"ownership_controls":  "BucketOwnerEnforced",
		"tls_only":            false,
		"sse_c_blocked":       false,
	}
	if d := cmp.Diff(want, web.Attributes); d != "" {
		t.Errorf("web-assets (-want +got):\n%s", d)
	}

	audit := got.byName(t, "aws_s3_bucket", "audit.example.jp")
	for k, v := range map[string]any{
		"region":              "us-east-1",
		"creation_date":       "2022-01-02T03:04:05Z",
		"public_access_block": map[string]any{"block_public_acls": true, "ignore_public_acls": true, "block_public_policy": true, "restrict_public_buckets": true},
		"logging":             map[string]any{"enabled": true, "target_bucket": "access-logs", "target_prefix": "audit/"},
		"encryption": map[string]any{"enabled": true, "sse_algorithm": "aws:kms", "kms_master_key_id": "arn:aws:kms:us-east-1:123456789012:key/k1",
			"bucket_key_enabled": true, "blocked_encryption_types": []any{"SSE-C"}},
		"versioning":         map[string]any{"status": "Enabled", "mfa_delete": true},
		"ownership_controls": "BucketOwnerEnforced",
		"tls_only":           true,
		"sse_c_blocked":      true,
	} {
		if d := cmp.Diff(v, audit.Attributes[k]); d != "" {
			t.Errorf("audit.example.jp %s (-want +got):\n%s", k, d)
		}
	}

	legacy := got.byName(t, "aws_s3_bucket", "legacy-acl")
	wantGrants := []any{
		ownerGrant,
		map[string]any{"grantee_type": "Group", "grantee_uri": "http://acs.amazonaws.com/groups/global/AllUsers", "grantee_id": "", "permission": "READ"},
		map[string]any{"grantee_type": "Group", "grantee_uri": "http://acs.amazonaws.com/groups/s3/LogDelivery", "grantee_id": "", "permission": "WRITE"},
		map[string]any{"grantee_type": "CanonicalUser", "grantee_uri": "", "grantee_id": "0123abcd", "permission": "READ_ACP"},
		map[string]any{"grantee_type": "AmazonCustomerByEmail", "grantee_uri": "", "grantee_id": "partner@example.jp", "permission": "WRITE"},
	}
	if d := cmp.Diff(wantGrants, legacy.Attributes["acl_grants"]); d != "" {
		t.Errorf("legacy-acl grants (-want +got):\n%s", d)
	}
	noEnc := map[string]any{"enabled": false, "sse_algorithm": "", "kms_master_key_id": "", "bucket_key_enabled": false, "blocked_encryption_types": []any{}}
	if d := cmp.Diff(noEnc, legacy.Attributes["encryption"]); d != "" {
		t.Errorf("legacy-acl encryption (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]any{"status": "Suspended", "mfa_delete": false}, legacy.Attributes["versioning"]); d != "" {
		t.Errorf("legacy-acl versioning (-want +got):\n%s", d)
	}
	if legacy.Attributes["policy"] != nil || legacy.Attributes["ownership_controls"] != "ObjectWriter" {
		t.Errorf("legacy-acl policy %v, ownership %v", legacy.Attributes["policy"], legacy.Attributes["ownership_controls"])
	}

	ssec := got.byName(t, "aws_s3_bucket", "ssec-denied")
	if ssec.Region != "ap-northeast-1" || ssec.Attributes["sse_c_blocked"] != true || ssec.Attributes["tls_only"] != false {
		t.Errorf("ssec-denied: region %s, sse_c_blocked %v, tls_only %v", ssec.Region, ssec.Attributes["sse_c_blocked"], ssec.Attributes["tls_only"])
	}
	if _, ok := ssec.Attributes["ownership_controls"]; !ok || ssec.Attributes["ownership_controls"] != "" {
		t.Errorf("ssec-denied ownership_controls = %#v, want \"\"", ssec.Attributes["ownership_controls"])
	}

	pab := got.byType("aws_s3_account_public_access_block")
	if len(pab) != 1 {
		t.Fatalf("got %d account public access blocks", len(pab))
	}
	wantPAB := map[string]any{"exists": true, "block_public_acls": true, "ignore_public_acls": false, "block_public_policy": true, "restrict_public_buckets": false}
	if d := cmp.Diff(wantPAB, pab[0].Attributes); d != "" {
		t.Errorf("account public access block (-want +got):\n%s", d)
	}
	if pab[0].ID != "arn:aws:s3::123456789012:account-public-access-block" || pab[0].Region != "global" {
		t.Errorf("account public access block at %s %s", pab[0].ID, pab[0].Region)
	}

	// One listing, no location lookups (ListBuckets names the regions), and
	// each bucket read once per configuration with a client of its region.
	for api, n := range map[string]int64{"s3:ListBuckets": 1, "s3:GetBucketLocation": 0, "s3:GetBucketPolicy": 4, "s3control:GetPublicAccessBlock": 1} {
		if got.Stats.Calls[api] != n {
			t.Errorf("%s called %d times, want %d", api, got.Stats.Calls[api], n)
		}
	}
	for k := range got.Stats.PerKey {
		if strings.Contains(k, "PermanentRedirect") || strings.Contains(k, "eu-west-1") {
			t.Errorf("unexpected call %s", k)
		}
	}
	if got.Stats.PerKey["123456789012/us-east-1/s3:GetBucketAcl"] != 2 || got.Stats.PerKey["123456789012/ap-northeast-1/s3:GetBucketAcl"] != 2 {
		t.Errorf("GetBucketAcl not sent to each bucket's region: %v", got.Stats.PerKey)
	}
}

// Without BucketRegion in the listing (S3 before 2024), the collector asks
// each bucket's location, and gets the same answer.
func TestS3LocationFallback(t *testing.T) {
	want := collect(t, world(t, s3World), awsemu.Faults{}, "s3")
	got := collect(t, world(t, strings.Replace(s3World, "    s3:\n", "    s3:\n      no_bucket_region: true\n", 1)), awsemu.Faults{}, "s3")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	if n := got.Stats.Calls["s3:GetBucketLocation"]; n != 5 {
		t.Errorf("GetBucketLocation called %d times, want 5", n)
	}
	if d := cmp.Diff(want.byType("aws_s3_bucket"), got.byType("aws_s3_bucket")); d != "" {
		t.Errorf("buckets differ (-listing +location):\n%s", d)
	}
}

func TestS3Pagination(t *testing.T) {
	defer func(n int32) { s3ListPageSize = n }(s3ListPageSize)
	s3ListPageSize = 3
	var b strings.Builder
	b.WriteString("accounts:\n  - id: \"123456789012\"\n    regions: [ap-northeast-1, us-east-1]\n    s3:\n      buckets:\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, "        - {name: bucket-%02d, region: %s}\n", i, []string{"ap-northeast-1", "us-east-1"}[i%2])
	}
	got := collect(t, world(t, b.String()), awsemu.Faults{}, "s3")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	if n := len(got.byType("aws_s3_bucket")); n != 10 {
		t.Fatalf("got %d buckets, want 10", n)
	}
	if n := got.Stats.Calls["s3:ListBuckets"]; n != 4 {
		t.Errorf("ListBuckets called %d times, want 4 pages", n)
	}
	pab := got.byType("aws_s3_account_public_access_block")
	want := map[string]any{"exists": false, "block_public_acls": false, "ignore_public_acls": false, "block_public_policy": false, "restrict_public_buckets": false}
	if len(pab) != 1 || !cmp.Equal(want, pab[0].Attributes) {
		t.Errorf("account public access block without configuration = %+v", pab)
	}
}

func TestS3AccessDenied(t *testing.T) {
	t.Run("bucket policy", func(t *testing.T) {
		got := collect(t, world(t, s3World), awsemu.Faults{Deny: []string{"s3:GetBucketPolicy"}}, "s3")
		if len(got.Errors) != 4 {
			t.Fatalf("errors = %v, want one per bucket", got.Errors)
		}
		for _, e := range got.Errors {
			if e.Action != "s3:GetBucketPolicy" || !strings.Contains(e.Message, "AccessDenied") || !slices.Equal(e.Types, []string{"aws_s3_bucket"}) || e.Region != "global" {
				t.Errorf("error = %+v", e)
			}
		}
		for _, b := range got.byType("aws_s3_bucket") {
			if _, ok := b.Attributes["policy"]; ok {
				t.Errorf("%s: policy present although unreadable", b.Name)
			}
			if _, ok := b.Attributes["tls_only"]; ok {
				t.Errorf("%s: tls_only present although the policy is unreadable", b.Name)
			}
		}
		// SSE-C blocked by the encryption configuration is still known;
		// "not blocked" is not, since the policy might block it.
		if v := got.byName(t, "aws_s3_bucket", "audit.example.jp").Attributes["sse_c_blocked"]; v != true {
			t.Errorf("audit.example.jp sse_c_blocked = %v, want true", v)
		}
		if _, ok := got.byName(t, "aws_s3_bucket", "web-assets").Attributes["sse_c_blocked"]; ok {
			t.Errorf("web-assets sse_c_blocked known although the policy is unreadable")
		}
	})
	t.Run("one region", func(t *testing.T) {
		got := collect(t, world(t, s3World), awsemu.Faults{Deny: []string{"s3:GetBucketAcl@us-east-1", "s3:GetBucketVersioning@us-east-1"}}, "s3")
		if len(got.Errors) != 4 {
			t.Fatalf("errors = %v, want 2 per us-east-1 bucket", got.Errors)
		}
		for _, b := range got.byType("aws_s3_bucket") {
			_, hasACL := b.Attributes["acl_grants"]
			_, hasVer := b.Attributes["versioning"]
			if hasACL != (b.Region != "us-east-1") || hasVer != (b.Region != "us-east-1") {
				t.Errorf("%s in %s: acl_grants %v, versioning %v", b.Name, b.Region, hasACL, hasVer)
			}
		}
	})
	t.Run("account block", func(t *testing.T) {
		got := collect(t, world(t, s3World), awsemu.Faults{Deny: []string{"s3control:*"}}, "s3")
		if len(got.Errors) != 1 || got.Errors[0].Action != "s3:GetAccountPublicAccessBlock" ||
			!slices.Equal(got.Errors[0].Types, []string{"aws_s3_account_public_access_block"}) {
			t.Fatalf("errors = %+v", got.Errors)
		}
		if !strings.Contains(got.Errors[0].Message, "AccessDenied") {
			t.Errorf("message %q does not say AccessDenied", got.Errors[0].Message)
		}
		if n := len(got.byType("aws_s3_account_public_access_block")); n != 0 {
			t.Errorf("account block emitted although unreadable")
		}
		if n := len(got.byType("aws_s3_bucket")); n != 4 {
			t.Errorf("got %d buckets, want 4", n)
		}
	})
	t.Run("listing", func(t *testing.T) {
		got := collect(t, world(t, s3World), awsemu.Faults{Deny: []string{"s3:ListBuckets"}}, "s3")
		if n := len(got.byType("aws_s3_bucket")); n != 0 {
			t.Errorf("got %d buckets without a listing", n)
		}
		var listErr *mamori.CollectError
		for i, e := range got.Errors {
			if slices.Contains(e.Types, "aws_s3_bucket") {
				listErr = &got.Errors[i]
			}
		}
		if listErr == nil || !strings.Contains(listErr.Message, "AccessDenied") {
			t.Fatalf("errors = %+v, want an AccessDenied covering aws_s3_bucket", got.Errors)
		}
	})
}

func TestS3Throttled(t *testing.T) {
	got := collect(t, world(t, s3World), awsemu.Faults{RateLimit: 50, Burst: 1}, "s3")
	if len(got.Errors) != 0 {
		t.Fatalf("errors after retries: %v", got.Errors)
	}
	if n := len(got.byType("aws_s3_bucket")); n != 4 {
		t.Errorf("got %d buckets, want 4", n)
	}
	if got.Stats.Throttled == 0 {
		t.Errorf("rate limit never throttled; test proves nothing")
	}
}

func TestS3PolicyHelpers(t *testing.T) {
	stmt := func(s string) map[string]any {
		return map[string]any{"Statement": []any{mustJSON(t, s)}}
	}
	cases := []struct {
		name      string
		policy    map[string]any
		tls, ssec bool
	}{
		{"none", nil, false, false},
		{"tls s3:*", stmt(`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`), true, false},
		{"tls bool value, list", stmt(`{"Effect":"Deny","Principal":{"AWS":["*"]},"Action":["s3:GetObject","s3:PutObject"],"Resource":["arn:aws:s3:::b","arn:aws:s3:::b/*"],"Condition":{"Bool":{"aws:securetransport":[false]}}}`), true, false},
		{"tls star resource and action", stmt(`{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`), true, false},
		{"tls only GetObject", stmt(`{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`), false, false},
		{"tls bucket only", stmt(`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`), false, false},
		{"tls other bucket", stmt(`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::other/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`), false, false},
		{"tls for one principal", stmt(`{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}`), false, false},
		{"tls narrowed by another condition", stmt(`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"false"},"StringNotEquals":{"aws:SourceVpce":"vpce-1"}}}`), false, false},
		{"tls allow", stmt(`{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}`), false, false},
		{"tls true", stmt(`{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b/*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}`), false, false},
		{"ssec null", stmt(`{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*","Condition":{"Null":{"s3:x-amz-server-side-encryption-customer-algorithm":"false"}}}`), false, true},
		{"ssec string equals, s3:Put*", stmt(`{"Effect":"Deny","Principal":"*","Action":"s3:Put*","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"s3:x-amz-server-side-encryption-customer-algorithm":"AES256"}}}`), false, true},
		{"ssec null true is the opposite", stmt(`{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*","Condition":{"Null":{"s3:x-amz-server-side-encryption-customer-algorithm":"true"}}}`), false, false},
		{"ssec GetObject only", stmt(`{"Effect":"Deny","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"Null":{"s3:x-amz-server-side-encryption-customer-algorithm":"false"}}}`), false, false},
		{"ssec prefix only", stmt(`{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/uploads/*","Condition":{"Null":{"s3:x-amz-server-side-encryption-customer-algorithm":"false"}}}`), false, false},
		{"single statement object", mustJSON(t, `{"Statement":{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::b*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}}`), true, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := s3DeniesInsecureTransport(c.policy, "b"); got != c.tls {
				t.Errorf("tls_only = %v, want %v", got, c.tls)
			}
			if got := s3DeniesSSEC(c.policy, "b"); got != c.ssec {
				t.Errorf("sse_c_blocked = %v, want %v", got, c.ssec)
			}
		})
	}
}

func mustJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// TestS3CallsInFlight: a region's buckets are read together, but no more than
// s3CallsInFlight of their calls are inside the SDK at once. Calls beyond what
// the limiter lets out wait there, each with a built request and a deep
// stack: 64 buckets × 7 calls in every region once held thousands alive in a
// large account.
func TestS3CallsInFlight(t *testing.T) {
	var b strings.Builder
	b.WriteString("accounts:\n  - id: \"123456789012\"\n    regions: [ap-northeast-1]\n    s3:\n      buckets:\n")
	for i := 0; i < 3*s3Buckets; i++ {
		fmt.Fprintf(&b, "        - {name: bucket-%02d, region: ap-northeast-1}\n", i)
	}
	w := world(t, b.String())
	s := awsemu.New(w, awsemu.Faults{Latency: 20 * time.Millisecond})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var (
		mu           sync.Mutex
		active, most int
	)
	count := middleware.InitializeMiddlewareFunc("countBucketCalls", func(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
		if op := awsmw.GetOperationName(ctx); awsmw.GetServiceID(ctx) == "S3" && op != "ListBuckets" {
			mu.Lock()
			active++
			most = max(most, active)
			mu.Unlock()
			defer func() { mu.Lock(); active--; mu.Unlock() }()
		}
		return next.HandleInitialize(ctx, in)
	})
	cfg := s.Config("ap-northeast-1")
	cfg.APIOptions = append(cfg.APIOptions, func(st *middleware.Stack) error {
		return st.Initialize.Add(count, middleware.Before)
	})
	// A limiter letting out fewer calls than the slots makes the slots fill.
	var n int
	err := New(Options{Config: cfg, Services: []string{"s3"}, Limiter: NewLimiter(8)}).Collect(context.Background(),
		func(r mamori.Resource) {
			if r.Type == "aws_s3_bucket" {
				n++
			}
		},
		func(e mamori.CollectError) { t.Errorf("collect error: %v", e) })
	if err != nil {
		t.Fatal(err)
	}
	if n != 3*s3Buckets {
		t.Fatalf("read %d buckets, want %d", n, 3*s3Buckets)
	}
	// s3Buckets × 7 calls want to go at once; the slots let s3CallsInFlight in.
	if most > s3CallsInFlight || most < s3CallsInFlight/2 {
		t.Errorf("%d S3 bucket calls in the SDK at most, want between %d and %d", most, s3CallsInFlight/2, s3CallsInFlight)
	}
}
