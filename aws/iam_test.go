package aws

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/analyze"
	"github.com/mamori-sec/mamori/awsemu"
	"github.com/mamori-sec/mamori/checks"
	"github.com/mamori-sec/mamori/engine"
)

const iamWorld = `
accounts:
  - id: "123456789012"
    alias: acme-prod
    regions: [ap-northeast-1]
    iam:
      root:
        created: 2018-01-01T00:00:00Z
        mfa: virtual
        password_last_used: 2025-12-01T10:00:00Z
        access_keys:
          - {id: AKIAROOT000000000001, status: Inactive, created: 2020-01-01T00:00:00Z, last_used: 2025-11-01T00:00:00Z}
      password_policy:
        minimum_password_length: 14
        require_symbols: true
        require_numbers: true
        require_uppercase_characters: true
        require_lowercase_characters: true
        allow_users_to_change_password: true
        max_password_age: 90
        password_reuse_prevention: 24
      groups:
        - {name: admins, attached_policies: ["aws:AdministratorAccess"]}
        - name: devs
          inline_policies:
            ro: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:Get*","Resource":"*"}}'
      policies:
        - name: full
          created: 2021-01-01T00:00:00Z
          document: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}'
        - name: s3-read
          path: /app/
          description: read the app bucket
          version: 3
          created: 2021-01-01T00:00:00Z
          updated: 2024-06-01T00:00:00Z
          document: '{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::app/*"}]}'
      roles:
        - name: deploy
          path: /ci/
          created: 2022-02-01T00:00:00Z
          assume_role_policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}'
          attached_policies: ["aws:AdministratorAccess"]
          inline_policies:
            broken: 'not json'
          last_used: 2026-01-02T03:04:05Z
          last_used_region: us-west-2
          instance_profile: true
          tags: {owner: ci}
      users:
        - name: alice
          created: 2020-05-01T00:00:00Z
          password: {created: 2024-01-01T00:00:00Z, last_used: 2026-01-10T09:00:00Z}
          mfa_devices: [{}, {type: fido}]
          access_keys:
            - {id: AKIAALICE00000000001, created: 2025-12-01T00:00:00Z, last_used: 2026-01-14T00:00:00Z, service: s3}
          groups: [admins, devs]
          tags: {team: platform}
        - name: bob
          created: 2025-01-01T00:00:00Z
          password: {created: 2025-01-01T00:00:00Z}
          attached_policies: [full]
          inline_policies:
            extra: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}'
        - name: ci
          path: /service/
          created: 2019-06-01T00:00:00Z
          attached_policies: [s3-read]
          permissions_boundary: s3-read
          access_keys:
            - {id: AKIACI00000000000002, created: 2025-10-01T00:00:00Z, last_used: 2026-01-15T00:00:00Z, service: s3, region: us-east-1}
            - {id: AKIACI00000000000001, status: Inactive, created: 2023-01-01T00:00:00Z}
`

// iamWant are the attributes the collector must produce from iamWorld.
var iamWant = map[string]map[string]any{
	"alice": {
		"arn": "arn:aws:iam::123456789012:user/alice", "user_name": "alice", "path": "/",
		"create_date": "2020-05-01T00:00:00Z", "password_enabled": true,
		"password_last_used": "2026-01-10T09:00:00Z", "password_last_changed": "2024-01-01T00:00:00Z",
		"mfa_active": true, "mfa_devices": int64(2),
		"access_keys": []any{map[string]any{"id": "AKIAALICE00000000001", "status": "Active", "create_date": "2025-12-01T00:00:00Z",
			"last_used_date": "2026-01-14T00:00:00Z", "last_used_service": "s3"}},
		"attached_policy_arns": []any{}, "inline_policy_names": []any{}, "groups": []any{"admins", "devs"},
		"has_admin_policy": false, "admin_via_group": true, "inline_policies": []any{}, "permissions_boundary": nil,
	},
	"bob": {
		"arn": "arn:aws:iam::123456789012:user/bob", "user_name": "bob", "path": "/",
		"create_date": "2025-01-01T00:00:00Z", "password_enabled": true,
		"password_last_used": nil, "password_last_changed": "2025-01-01T00:00:00Z",
		"mfa_active": false, "mfa_devices": int64(0), "access_keys": []any{},
		"attached_policy_arns": []any{"arn:aws:iam::123456789012:policy/full"}, "inline_policy_names": []any{"extra"}, "groups": []any{},
		"has_admin_policy": true, "admin_via_group": false, "permissions_boundary": nil,
		"inline_policies": []any{map[string]any{"name": "extra", "document": map[string]any{"Version": "2012-10-17", "Statement": []any{
			map[string]any{"Effect": "Allow", "NotAction": []any{"iam:*"}, "Resource": []any{"*"}}}}}},
	},
	"ci": {
		"arn": "arn:aws:iam::123456789012:user/service/ci", "user_name": "ci", "path": "/service/",
		"create_date": "2019-06-01T00:00:00Z", "password_enabled": false,
		"password_last_used": nil, "password_last_changed": nil,
		"mfa_active": false, "mfa_devices": int64(0),
		"access_keys": []any{
			map[string]any{"id": "AKIACI00000000000001", "status": "Inactive", "create_date": "2023-01-01T00:00:00Z", "last_used_date": nil, "last_used_service": nil},
			map[string]any{"id": "AKIACI00000000000002", "status": "Active", "create_date": "2025-10-01T00:00:00Z", "last_used_date": "2026-01-15T00:00:00Z", "last_used_service": "s3"},
		},
		"attached_policy_arns": []any{"arn:aws:iam::123456789012:policy/app/s3-read"}, "inline_policy_names": []any{}, "groups": []any{},
		"has_admin_policy": false, "admin_via_group": false, "inline_policies": []any{},
		"permissions_boundary": "arn:aws:iam::123456789012:policy/app/s3-read",
	},
}

// withoutID drops user_id, which the emulator derives.
func withoutID(t *testing.T, r mamori.Resource) map[string]any {
	t.Helper()
	m := map[string]any{}
	for k, v := range r.Attributes {
		m[k] = v
	}
	if id, _ := m["user_id"].(string); !strings.HasPrefix(id, "AIDA") {
		t.Errorf("%s: user_id %q", r.Name, id)
	}
	delete(m, "user_id")
	return m
}

func TestIAM(t *testing.T) {
	got := collect(t, world(t, iamWorld), awsemu.Faults{}, "iam")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	for name, want := range iamWant {
		u := got.byName(t, "aws_iam_user", name)
		if d := cmp.Diff(want, withoutID(t, u)); d != "" {
			t.Errorf("%s (-want +got):\n%s", name, d)
		}
		if u.Region != "global" || u.Account != "123456789012" || u.ID != want["arn"] {
			t.Errorf("%s located at %s/%s, id %s", name, u.Account, u.Region, u.ID)
		}
	}
	if tags := got.byName(t, "aws_iam_user", "alice").Tags; tags["team"] != "platform" {
		t.Errorf("alice tags = %v", tags)
	}
	if rel := got.byName(t, "aws_iam_user", "bob").Relations; len(rel) != 1 || rel[0].ID != "arn:aws:iam::123456789012:policy/full" {
		t.Errorf("bob relations = %+v", rel)
	}

	acct := got.byName(t, "aws_account", "acme-prod")
	wantAcct := map[string]any{
		"account_id": "123456789012", "alias": "acme-prod",
		"root_mfa_enabled": true, "root_hardware_mfa": false, "root_access_keys_present": true,
		"root_access_key_1_active": false, "root_access_key_2_active": false,
		"root_password_last_used": "2025-12-01T10:00:00Z", "root_access_key_last_used": "2025-11-01T00:00:00Z",
		"root_last_used": "2025-12-01T10:00:00Z", "support_roles": []any{},
	}
	if d := cmp.Diff(wantAcct, acct.Attributes); d != "" {
		t.Errorf("account (-want +got):\n%s", d)
	}
	if acct.ID != "arn:aws:iam::123456789012:root" || len(got.byType("aws_account")) != 1 {
		t.Errorf("account id %s, %d accounts", acct.ID, len(got.byType("aws_account")))
	}

	pp := got.byName(t, "aws_iam_account_password_policy", "account-password-policy")
	wantPP := map[string]any{
		"exists": true, "minimum_password_length": int64(14), "require_symbols": true, "require_numbers": true,
		"require_uppercase_characters": true, "require_lowercase_characters": true, "allow_users_to_change_password": true,
		"expire_passwords": true, "max_password_age": int64(90), "password_reuse_prevention": int64(24), "hard_expiry": false,
	}
	if d := cmp.Diff(wantPP, pp.Attributes); d != "" {
		t.Errorf("password policy (-want +got):\n%s", d)
	}

	pol := got.byName(t, "aws_iam_policy", "s3-read")
	delete(pol.Attributes, "policy_id")
	wantPol := map[string]any{
		"arn": "arn:aws:iam::123456789012:policy/app/s3-read", "name": "s3-read", "path": "/app/",
		"description": "read the app bucket", "default_version_id": "v3", "attachment_count": int64(1),
		"create_date": "2021-01-01T00:00:00Z", "update_date": "2024-06-01T00:00:00Z", "admin_equivalent": false,
		"document": map[string]any{"Version": "2012-10-17", "Statement": []any{
			map[string]any{"Sid": "Read", "Effect": "Allow", "Action": []any{"s3:GetObject"}, "Resource": []any{"arn:aws:s3:::app/*"}},
		}},
	}
	if d := cmp.Diff(wantPol, pol.Attributes); d != "" {
		t.Errorf("s3-read (-want +got):\n%s", d)
	}
	full := got.byName(t, "aws_iam_policy", "full")
	if full.Attributes["admin_equivalent"] != true || full.Attributes["attachment_count"] != int64(1) {
		t.Errorf("full: %v", full.Attributes)
	}
	if n := len(got.byType("aws_iam_policy")); n != 3 {
		t.Errorf("%d policies, want the 2 customer-managed ones and AdministratorAccess", n)
	}
	if a := got.byName(t, "aws_iam_policy", "AdministratorAccess").Attributes; a["aws_managed"] != true || a["admin_equivalent"] != true {
		t.Errorf("AdministratorAccess: %v", a)
	}
	if g := got.byName(t, "aws_iam_group", "admins"); !cmp.Equal(g.Attributes["attached_policy_arns"], []any{"arn:aws:iam::aws:policy/AdministratorAccess"}) {
		t.Errorf("admins group: %v", g.Attributes)
	}
	role := got.byName(t, "aws_iam_role", "deploy")
	delete(role.Attributes, "role_id")
	wantRole := map[string]any{
		"arn": "arn:aws:iam::123456789012:role/ci/deploy", "role_name": "deploy", "path": "/ci/", "create_date": "2022-02-01T00:00:00Z",
		"attached_policy_arns": []any{"arn:aws:iam::aws:policy/AdministratorAccess"},
		// A document that is not JSON stays as its text for the analyzer to name.
		"inline_policies":      []any{map[string]any{"name": "broken", "document": "not json"}},
		"permissions_boundary": nil,
		"assume_role_policy": map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{"Effect": "Allow",
			"Principal": map[string]any{"AWS": "arn:aws:iam::999988887777:root"}, "Action": []any{"sts:AssumeRole"}}}},
		"last_used_date": "2026-01-02T03:04:05Z", "last_used_region": "us-west-2", "service_linked": false,
		"instance_profile_arns": []any{"arn:aws:iam::123456789012:instance-profile/ci/deploy"},
	}
	if d := cmp.Diff(wantRole, role.Attributes); d != "" {
		t.Errorf("role (-want +got):\n%s", d)
	}
	if role.Tags["owner"] != "ci" {
		t.Errorf("role tags %v", role.Tags)
	}

	// The credential report answers for everyone: per-user calls only where
	// the report cannot say (MFA device count, key ids).
	wantCalls := map[string]int64{
		"iam:GetAccountAuthorizationDetails": 1, "iam:GetCredentialReport": 1, "iam:GenerateCredentialReport": 1,
		"iam:ListMFADevices": 1, "iam:ListAccessKeys": 2, "iam:ListVirtualMFADevices": 1,
		"iam:GetAccessKeyLastUsed": 0, "iam:GetLoginProfile": 0, "iam:ListUsers": 0,
	}
	for api, n := range wantCalls {
		if got.Stats.Calls[api] != n {
			t.Errorf("%s called %d times, want %d", api, got.Stats.Calls[api], n)
		}
	}
}

// Without the credential report the same user facts come from per-user calls;
// the root user's report-only facts are missing, so their checks give ERROR.
func TestIAMWithoutCredentialReport(t *testing.T) {
	got := collect(t, world(t, iamWorld), awsemu.Faults{Deny: []string{"iam:GetCredentialReport"}}, "iam")
	if len(got.Errors) != 1 || got.Errors[0].Action != "iam:GetCredentialReport" || !strings.Contains(got.Errors[0].Message, "AccessDenied") ||
		!cmp.Equal(got.Errors[0].Types, []string{"aws_account"}) {
		t.Fatalf("errors = %+v, want one AccessDenied on iam:GetCredentialReport for aws_account", got.Errors)
	}
	for name, want := range iamWant {
		if d := cmp.Diff(want, withoutID(t, got.byName(t, "aws_iam_user", name))); d != "" {
			t.Errorf("%s (-want +got):\n%s", name, d)
		}
	}
	acct := got.byName(t, "aws_account", "acme-prod").Attributes
	for _, k := range []string{"root_last_used", "root_password_last_used", "root_access_key_1_active"} {
		if _, ok := acct[k]; ok {
			t.Errorf("account has %s without a credential report", k)
		}
	}
	if acct["root_mfa_enabled"] != true || acct["root_access_keys_present"] != true {
		t.Errorf("summary facts missing: %v", acct)
	}
	if n := got.Stats.Calls["iam:GetLoginProfile"]; n != 3 {
		t.Errorf("GetLoginProfile called %d times, want 3", n)
	}
	if n := got.Stats.Calls["iam:ListUsers"]; n != 1 {
		t.Errorf("ListUsers called %d times, want once", n)
	}
}

// A denied per-user call loses only what it alone says, and is reported.
func TestIAMListMFADevicesDenied(t *testing.T) {
	got := collect(t, world(t, iamWorld), awsemu.Faults{Deny: []string{"iam:ListMFADevices"}}, "iam")
	if len(got.Errors) != 1 || got.Errors[0].Action != "iam:ListMFADevices" || !cmp.Equal(got.Errors[0].Types, []string{"aws_iam_user"}) {
		t.Fatalf("errors = %+v", got.Errors)
	}
	alice := got.byName(t, "aws_iam_user", "alice").Attributes
	if _, ok := alice["mfa_devices"]; ok || alice["mfa_active"] != true {
		t.Errorf("alice: mfa_devices %v, mfa_active %v", alice["mfa_devices"], alice["mfa_active"])
	}
}

// A denied summary is no loss while the credential report says the same.
func TestIAMSummaryFromReport(t *testing.T) {
	got := collect(t, world(t, iamWorld), awsemu.Faults{Deny: []string{"iam:GetAccountSummary"}}, "iam")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	acct := got.byName(t, "aws_account", "acme-prod").Attributes
	if acct["root_mfa_enabled"] != true || acct["root_access_keys_present"] != true || acct["root_hardware_mfa"] != false {
		t.Errorf("account = %v", acct)
	}
}

func TestIAMCredentialReportInProgress(t *testing.T) {
	defer func(p time.Duration) { iamReportPoll = p }(iamReportPoll)
	iamReportPoll = time.Millisecond
	w := world(t, strings.Replace(iamWorld, "    iam:\n", "    iam:\n      credential_report_delay: 3\n", 1))
	got := collect(t, w, awsemu.Faults{}, "iam")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	if n := got.Stats.Calls["iam:GenerateCredentialReport"]; n != 4 {
		t.Errorf("GenerateCredentialReport called %d times, want 4 (3 in progress, then complete)", n)
	}
	if d := cmp.Diff(iamWant["alice"], withoutID(t, got.byName(t, "aws_iam_user", "alice"))); d != "" {
		t.Errorf("alice (-want +got):\n%s", d)
	}
}

func TestIAMNoPasswordPolicyNoAlias(t *testing.T) {
	got := collect(t, world(t, `
accounts:
  - id: "123456789012"
    regions: [us-east-1]
`), awsemu.Faults{}, "iam")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	pp := got.byName(t, "aws_iam_account_password_policy", "account-password-policy").Attributes
	if pp["exists"] != false || pp["minimum_password_length"] != int64(8) || pp["password_reuse_prevention"] != int64(0) {
		t.Errorf("password policy = %v", pp)
	}
	acct := got.byName(t, "aws_account", "123456789012").Attributes
	want := map[string]any{
		"account_id": "123456789012", "alias": "", "root_mfa_enabled": false, "root_hardware_mfa": false,
		"root_access_keys_present": false, "root_access_key_1_active": false, "root_access_key_2_active": false,
		"root_password_last_used": nil, "root_access_key_last_used": nil, "root_last_used": nil, "support_roles": []any{},
	}
	if d := cmp.Diff(want, acct); d != "" {
		t.Errorf("account (-want +got):\n%s", d)
	}
	if len(got.byType("aws_iam_user")) != 0 || len(got.byType("aws_iam_policy")) != 0 || len(got.byType("aws_iam_server_certificate")) != 0 {
		t.Errorf("resources from an empty account: %v", got.Resources)
	}
}

// Denied IAM never reads as compliant: every IAM check is ERROR, none PASS.
func TestIAMAccessDenied(t *testing.T) {
	for _, deny := range []string{"iam:*", "iam:GetAccountAuthorizationDetails", "iam:GetAccountSummary,iam:GetCredentialReport"} {
		t.Run(deny, func(t *testing.T) {
			got := collect(t, world(t, iamWorld), awsemu.Faults{Deny: strings.Split(deny, ",")}, "iam")
			if len(got.Errors) == 0 {
				t.Fatal("no collect errors")
			}
			for _, e := range got.Errors {
				if e.Service != "iam" || e.Region != "global" || !strings.Contains(e.Message, "AccessDenied") || len(e.Types) == 0 {
					t.Errorf("error = %+v", e)
				}
			}
			fs := iamFindings(t, got)
			denied := map[string]bool{}
			for _, f := range fs {
				if f.Status == mamori.StatusError {
					denied[f.CheckID] = true
				}
			}
			for _, f := range fs {
				if f.Status == mamori.StatusPass && denied[f.CheckID] {
					t.Errorf("%s passed on %s although its data could not be read", f.CheckID, f.Resource.Name)
				}
			}
			if deny == "iam:*" {
				for _, f := range fs {
					if f.Status != mamori.StatusError {
						t.Errorf("%s on %s: %s, want ERROR", f.CheckID, f.Resource.Name, f.Status)
					}
				}
				if len(denied) < 12 {
					t.Errorf("only %d IAM checks reported ERROR", len(denied))
				}
			}
		})
	}
}

// iamFindings evaluates the built-in IAM checks on a collection, with the
// collection errors turned into ERROR findings as a scan does.
func iamFindings(t *testing.T, got collected) []mamori.Finding {
	t.Helper()
	all, err := checks.Builtin(KnownType)
	if err != nil {
		t.Fatal(err)
	}
	var iamChecks []*mamori.Check
	for _, c := range all {
		if c.Service == "iam" {
			iamChecks = append(iamChecks, c)
		}
	}
	e, err := engine.New(iamChecks)
	if err != nil {
		t.Fatal(err)
	}
	analyze.Run(got.Resources, nil)
	fs, err := e.Run(context.Background(), got.Resources, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return append(fs, e.ErrorFindings(got.Errors)...)
}

// Server certificates are read with ListServerCertificates (metadata only);
// when the roles cannot be read, support_roles is left out, so that the
// support-role check is ERROR rather than FAIL.
func TestIAMServerCertificatesAndSupportRoles(t *testing.T) {
	const w = `
accounts:
  - id: "123456789012"
    alias: acme-prod
    regions: [ap-northeast-1]
    iam:
      roles:
        - name: support
          created: 2022-02-01T00:00:00Z
          assume_role_policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}'
          attached_policies: ["aws:AWSSupportAccess"]
        - name: ops
          created: 2022-02-01T00:00:00Z
          assume_role_policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}'
          attached_policies: ["aws:ReadOnlyAccess"]
    iam_certificates:
      server_certificates:
        - {ServerCertificateName: old-site, ServerCertificateId: ASCAOLDSITE000000001, Path: /lb/, Arn: "arn:aws:iam::123456789012:server-certificate/lb/old-site",
           UploadDate: "2020-01-01T00:00:00Z", Expiration: "2021-01-01T00:00:00Z"}
`
	got := collect(t, world(t, w), awsemu.Faults{}, "iam")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	if d := cmp.Diff([]any{"support"}, got.byName(t, "aws_account", "acme-prod").Attributes["support_roles"]); d != "" {
		t.Errorf("support_roles (-want +got):\n%s", d)
	}
	certs := got.byType("aws_iam_server_certificate")
	if len(certs) != 1 {
		t.Fatalf("%d server certificates, want 1", len(certs))
	}
	want := map[string]any{"arn": "arn:aws:iam::123456789012:server-certificate/lb/old-site", "name": "old-site",
		"server_certificate_id": "ASCAOLDSITE000000001", "path": "/lb/", "upload_date": "2020-01-01T00:00:00Z", "expiration": "2021-01-01T00:00:00Z"}
	if d := cmp.Diff(want, certs[0].Attributes); d != "" || certs[0].ID != want["arn"] || certs[0].Region != "global" {
		t.Errorf("certificate %s in %s (-want +got):\n%s", certs[0].ID, certs[0].Region, d)
	}
	status := map[string]mamori.Status{}
	for _, f := range iamFindings(t, got) {
		status[f.CheckID+" "+f.Resource.Name] = f.Status
	}
	if s := status["aws-iam-server-certificate-not-expired old-site"]; s != mamori.StatusFail {
		t.Errorf("expired certificate: %s, want FAIL", s)
	}
	if s := status["aws-iam-support-role acme-prod"]; s != mamori.StatusPass {
		t.Errorf("support role: %s, want PASS", s)
	}

	got = collect(t, world(t, w), awsemu.Faults{Deny: []string{"iam:GetAccountAuthorizationDetails", "iam:ListServerCertificates"}}, "iam")
	if _, ok := got.byName(t, "aws_account", "acme-prod").Attributes["support_roles"]; ok {
		t.Error("support_roles set although the roles could not be read")
	}
	var certErr bool
	for _, e := range got.Errors {
		certErr = certErr || e.Action == "iam:ListServerCertificates" && len(e.Types) == 1 && e.Types[0] == "aws_iam_server_certificate"
	}
	if !certErr {
		t.Errorf("no ListServerCertificates error for aws_iam_server_certificate: %v", got.Errors)
	}
	for _, f := range iamFindings(t, got) {
		if (f.CheckID == "aws-iam-support-role" || f.CheckID == "aws-iam-server-certificate-not-expired") && f.Status != mamori.StatusError {
			t.Errorf("%s on %s: %s, want ERROR", f.CheckID, f.Resource.Name, f.Status)
		}
	}
}

func TestIAMPagination(t *testing.T) {
	var b strings.Builder
	b.WriteString("accounts:\n  - id: \"123456789012\"\n    regions: [eu-west-1]\n    iam:\n      users:\n")
	for i := 0; i < 1203; i++ {
		fmt.Fprintf(&b, "        - {name: user%04d, groups: [g]}\n", i)
	}
	b.WriteString("      groups: [{name: g}]\n      policies:\n")
	for i := 0; i < 5; i++ {
		fmt.Fprintf(&b, "        - {name: p%d, document: '{\"Statement\":[]}'}\n", i)
	}
	got := collect(t, world(t, b.String()), awsemu.Faults{}, "iam")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	if n := len(got.byType("aws_iam_user")); n != 1203 {
		t.Errorf("got %d users, want 1203", n)
	}
	if n := len(got.byType("aws_iam_policy")); n != 5 {
		t.Errorf("got %d policies, want 5", n)
	}
	if n := got.Stats.Calls["iam:GetAccountAuthorizationDetails"]; n != 2 {
		t.Errorf("GetAccountAuthorizationDetails called %d times, want 2 pages", n)
	}
	if n := got.Stats.Calls["iam:ListMFADevices"] + got.Stats.Calls["iam:ListAccessKeys"]; n != 0 {
		t.Errorf("%d per-user calls for users without MFA or keys", n)
	}
}

func TestIAMThrottled(t *testing.T) {
	got := collect(t, world(t, iamWorld), awsemu.Faults{RateLimit: 50, Burst: 1}, "iam")
	if len(got.Errors) != 0 {
		t.Fatalf("errors after retries: %v", got.Errors)
	}
	if d := cmp.Diff(iamWant["ci"], withoutID(t, got.byName(t, "aws_iam_user", "ci"))); d != "" {
		t.Errorf("ci (-want +got):\n%s", d)
	}
}

func TestIAMPolicyDocument(t *testing.T) {
	doc, err := iamPolicyDocument("%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C" +
		"%22Action%22%3A%22s3%3AGet%2A%22%2C%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Aa%20b%2Bc%22%7D%7D")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"Version": "2012-10-17", "Statement": []any{
		map[string]any{"Effect": "Allow", "Action": []any{"s3:Get*"}, "Resource": []any{"arn:aws:s3:::a b+c"}},
	}}
	if d := cmp.Diff(want, doc); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	for _, bad := range []string{"%zz", "%7Bnot json"} {
		if _, err := iamPolicyDocument(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestIAMAdminEquivalent(t *testing.T) {
	cases := []struct {
		doc  string
		want bool
	}{
		{`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, true},
		{`{"Statement":[{"Effect":"Allow","Action":["s3:*","*:*"],"Resource":["*"]}]}`, true},
		{`{"Statement":[{"Effect":"Allow","NotAction":"s3:DeleteBucket","Resource":"*"}]}`, true},
		{`{"Statement":[{"Effect":"Allow","Action":"*","NotResource":"arn:aws:s3:::logs/*"}]}`, true},
		{`{"Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}]}`, false}, // PowerUserAccess
		{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`, false},
		{`{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`, false},
		{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"arn:aws:s3:::x"}]}`, false},
		{`{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`, false},
		{`{"Statement":[]}`, false},
		{`{"Version":"2012-10-17"}`, false},
	}
	for _, c := range cases {
		doc, err := iamPolicyDocument(c.doc)
		if err != nil {
			t.Fatalf("%s: %v", c.doc, err)
		}
		if got := iamAdminEquivalent(doc); got != c.want {
			t.Errorf("%s: admin equivalent = %v, want %v", c.doc, got, c.want)
		}
	}
}

// The demo account fails the IAM checks it was built to fail, and passes the
// ones its well-kept users should pass.
func TestIAMDemo(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, "iam")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	if n := len(got.byType("aws_iam_user")); n != 6 {
		t.Errorf("demo has %d users, want 6", n)
	}
	status := map[string]mamori.Status{}
	for _, f := range iamFindings(t, got) {
		status[f.CheckID+" "+f.Resource.Name] = f.Status
	}
	want := map[string]mamori.Status{
		"aws-iam-root-mfa mamori-demo":                                         mamori.StatusFail,
		"aws-iam-root-no-access-keys mamori-demo":                              mamori.StatusFail,
		"aws-iam-root-not-recently-used mamori-demo":                           mamori.StatusFail,
		"aws-iam-root-hardware-mfa mamori-demo":                                mamori.StatusFail,
		"aws-iam-password-policy-exists account-password-policy":               mamori.StatusPass,
		"aws-iam-password-policy-min-length account-password-policy":           mamori.StatusFail,
		"aws-iam-password-policy-reuse-prevention account-password-policy":     mamori.StatusFail,
		"aws-iam-password-policy-expiry account-password-policy":               mamori.StatusFail,
		"aws-iam-password-policy-complexity account-password-policy":           mamori.StatusFail,
		"aws-iam-user-console-mfa tanaka.hiroshi":                              mamori.StatusPass,
		"aws-iam-user-console-mfa yamada.admin":                                mamori.StatusFail,
		"aws-iam-user-console-mfa suzuki.yuki":                                 mamori.StatusFail,
		"aws-iam-user-console-mfa ci-deploy":                                   mamori.StatusPass,
		"aws-iam-user-no-direct-admin yamada.admin":                            mamori.StatusFail,
		"aws-iam-user-no-direct-admin ci-deploy":                               mamori.StatusFail,
		"aws-iam-user-no-direct-admin tanaka.hiroshi":                          mamori.StatusPass,
		"aws-iam-user-unused-credentials sato.kenji":                           mamori.StatusFail,
		"aws-iam-user-unused-credentials ci-deploy":                            mamori.StatusFail,
		"aws-iam-user-unused-credentials tanaka.hiroshi":                       mamori.StatusPass,
		"aws-iam-user-access-keys-rotated suzuki.yuki":                         mamori.StatusFail,
		"aws-iam-user-access-keys-rotated tanaka.hiroshi":                      mamori.StatusPass,
		"aws-iam-user-single-active-access-key ci-deploy":                      mamori.StatusFail,
		"aws-iam-user-single-active-access-key tanaka.hiroshi":                 mamori.StatusPass,
		"aws-iam-user-permissions-through-groups suzuki.yuki":                  mamori.StatusFail,
		"aws-iam-user-permissions-through-groups watanabe.mika":                mamori.StatusPass,
		"aws-iam-policy-no-full-admin legacy-full-access":                      mamori.StatusFail,
		"aws-iam-policy-no-full-admin dev-s3-access":                           mamori.StatusPass,
		"aws-iam-policy-no-full-admin AdministratorAccess":                     mamori.StatusPass,
		"aws-iam-user-not-admin-equivalent yamada.admin":                       mamori.StatusFail,
		"aws-iam-user-not-admin-equivalent tanaka.hiroshi":                     mamori.StatusFail,
		"aws-iam-user-not-admin-equivalent watanabe.mika":                      mamori.StatusPass,
		"aws-iam-user-not-admin-equivalent suzuki.yuki":                        mamori.StatusPass,
		"aws-iam-user-no-privilege-escalation suzuki.yuki":                     mamori.StatusFail,
		"aws-iam-user-no-privilege-escalation watanabe.mika":                   mamori.StatusPass,
		"aws-iam-role-no-privilege-escalation web-server-role":                 mamori.StatusPass,
		"aws-iam-role-trust-no-external-accounts vendor-monitoring":            mamori.StatusFail,
		"aws-iam-role-trust-no-external-accounts migration-2023":               mamori.StatusPass,
		"aws-iam-role-trust-service-source-condition sns-delivery-logs":        mamori.StatusFail,
		"aws-iam-role-trust-service-source-condition web-server-role":          mamori.StatusPass,
		"aws-iam-role-trust-service-source-condition AWSServiceRoleForSupport": mamori.StatusPass,
		"aws-iam-role-trust-not-public vendor-monitoring":                      mamori.StatusPass,
		"aws-iam-role-unused migration-2023":                                   mamori.StatusFail,
		"aws-iam-role-unused AWSServiceRoleForSupport":                         mamori.StatusPass,
		"aws-iam-role-unused web-server-role":                                  mamori.StatusPass,
		"aws-iam-support-role mamori-demo":                                     mamori.StatusFail,
		"aws-iam-server-certificate-not-expired campaign-2020-sakura-shop":     mamori.StatusFail,
		"aws-iam-server-certificate-not-expired intranet-sakura-private-ca":    mamori.StatusPass,
	}
	for k, w := range want {
		if status[k] != w {
			t.Errorf("%s: %s, want %s", k, status[k], w)
		}
	}
	for k, s := range status {
		if s == mamori.StatusError {
			t.Errorf("%s: ERROR", k)
		}
	}
}
