package analyze

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

const iamAcct = "111122223333"

func iamRes(typ, name string, attrs map[string]any) mamori.Resource {
	kind := strings.TrimPrefix(typ, "aws_iam_")
	arn := "arn:aws:iam::" + iamAcct + ":" + kind + "/" + name
	if typ == "aws_iam_policy" {
		arn = "arn:aws:iam::" + iamAcct + ":policy/" + name
	}
	a := map[string]any{"arn": arn, "attached_policy_arns": []any{}, "inline_policies": []any{}, "permissions_boundary": nil}
	for k, v := range attrs {
		a[k] = v
	}
	return mamori.Resource{Provider: "aws", Account: iamAcct, Region: "global", Type: typ, ID: arn, Name: name, Attributes: a}
}

func iamInline(name, doc string) []any {
	return []any{map[string]any{"name": name, "document": doc}}
}

func iamPolicyRes(name, doc string) mamori.Resource {
	return iamRes("aws_iam_policy", name, map[string]any{"document": doc, "default_version_id": "v1"})
}

const (
	allowAll  = `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`
	ec2Trust  = `{"Statement":{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}`
	acctTrust = `{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}}`
)

func iamFacts(t *testing.T, rs []mamori.Resource) map[string]map[string]any {
	t.Helper()
	Run(rs, nil)
	out := map[string]map[string]any{}
	for _, r := range rs {
		if r.Facts != nil {
			out[r.Name] = r.Facts
		}
	}
	return out
}

func TestIAMEffective(t *testing.T) {
	admin := "arn:aws:iam::aws:policy/AdministratorAccess"
	rs := []mamori.Resource{
		{Provider: "aws", Account: iamAcct, Region: "global", Type: "aws_iam_policy", ID: admin, Name: "AdministratorAccess",
			Attributes: map[string]any{"arn": admin, "document": allowAll, "aws_managed": true}},
		iamPolicyRes("deploy", `{"Statement":{"Effect":"Allow","Action":["iam:CreatePolicyVersion"],"Resource":"*"}}`),
		iamRes("aws_iam_user", "root-like", map[string]any{"attached_policy_arns": []any{admin}}),
		// NotAction that leaves IAM allowed is admin; PowerUser is not.
		iamRes("aws_iam_user", "notaction", map[string]any{"inline_policies": iamInline("p", `{"Statement":{"Effect":"Allow","NotAction":"s3:DeleteBucket","Resource":"*"}}`)}),
		iamRes("aws_iam_user", "poweruser", map[string]any{"inline_policies": iamInline("p", `{"Statement":{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}}`)}),
		// Admin through a condition.
		iamRes("aws_iam_user", "mfa-admin", map[string]any{"inline_policies": iamInline("p", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}`)}),
		// A boundary takes admin away.
		iamRes("aws_iam_user", "bounded", map[string]any{"attached_policy_arns": []any{admin},
			"permissions_boundary": "arn:aws:iam::111122223333:policy/deploy"}),
		// Escalation: edits its own policy.
		iamRes("aws_iam_user", "self-editor", map[string]any{"inline_policies": iamInline("p", `{"Statement":{"Effect":"Allow","Action":"iam:PutUserPolicy","Resource":"arn:aws:iam::111122223333:user/self-editor"}}`)}),
		// Escalation: a new version of its attached customer policy.
		iamRes("aws_iam_user", "versioner", map[string]any{"attached_policy_arns": []any{"arn:aws:iam::111122223333:policy/deploy"}}),
		// Escalation: PassRole to an admin role trusted by EC2, with RunInstances.
		iamRes("aws_iam_user", "launcher", map[string]any{"inline_policies": iamInline("p", `{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/ec2-admin"},{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}]}`)}),
		iamRes("aws_iam_role", "ec2-admin", map[string]any{"attached_policy_arns": []any{admin}, "assume_role_policy": ec2Trust, "instance_profile_arns": []any{"arn:aws:iam::111122223333:instance-profile/ec2-admin"}}),
		// Two hops: a key for a user who can assume an admin role.
		iamRes("aws_iam_user", "helpdesk", map[string]any{"inline_policies": iamInline("p", `{"Statement":{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::111122223333:user/ops"}}`)}),
		iamRes("aws_iam_user", "ops", map[string]any{"inline_policies": iamInline("p", `{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}}`)}),
		iamRes("aws_iam_role", "break-glass", map[string]any{"attached_policy_arns": []any{admin}, "assume_role_policy": acctTrust}),
		// Explicit deny stops the same path.
		iamRes("aws_iam_user", "denied", map[string]any{"inline_policies": iamInline("p", `{"Statement":[{"Effect":"Allow","Action":"iam:PutUserPolicy","Resource":"*"},{"Effect":"Deny","Action":"iam:*","Resource":"*"}]}`)}),
		// Unreadable: named, not safe.
		iamRes("aws_iam_user", "broken", map[string]any{"inline_policies": iamInline("p", `{"Statement":{"Effect":"allow","Action":"*","Resource":"*"}}`),
			"attached_policy_arns": []any{"arn:aws:iam::111122223333:policy/missing"}}),
		// Trust: public, external, a service without source condition.
		iamRes("aws_iam_role", "public", map[string]any{"assume_role_policy": `{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}}`}),
		iamRes("aws_iam_role", "vendor", map[string]any{"assume_role_policy": `{"Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::999988887777:root","111122223333"]},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}}`}),
		iamRes("aws_iam_role", "sns", map[string]any{"assume_role_policy": `{"Statement":[{"Effect":"Allow","Principal":{"Service":["sns.amazonaws.com","lambda.amazonaws.com"]},"Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"Service":"config.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"111122223333"}}}]}`}),
	}
	f := iamFacts(t, rs)
	for name, want := range map[string]bool{"root-like": true, "notaction": true, "poweruser": false, "mfa-admin": true, "bounded": false,
		"self-editor": false, "ec2-admin": true, "break-glass": true, "denied": false} {
		if got := f[name]["admin_equivalent"]; got != want {
			t.Errorf("%s admin_equivalent = %v, want %v", name, got, want)
		}
	}
	if f["mfa-admin"]["admin_conditional"] != true || !strings.Contains(f["mfa-admin"]["admin_conditions"].([]any)[0].(string), "aws:MultiFactorAuthPresent") {
		t.Errorf("mfa-admin conditions: %v", f["mfa-admin"])
	}
	for name, want := range map[string]string{
		"self-editor": "iam:PutUserPolicy an inline policy allowing * to arn:aws:iam::111122223333:user/self-editor (itself)",
		"versioner":   "iam:CreatePolicyVersion --set-as-default on its policy arn:aws:iam::111122223333:policy/deploy with a document allowing *",
		"launcher":    "iam:PassRole arn:aws:iam::111122223333:role/ec2-admin with ec2:RunInstances (run code as the role) → arn:aws:iam::111122223333:role/ec2-admin is admin-equivalent",
		"ops":         "sts:AssumeRole arn:aws:iam::111122223333:role/break-glass → arn:aws:iam::111122223333:role/break-glass is admin-equivalent",
		"helpdesk":    "iam:CreateAccessKey on arn:aws:iam::111122223333:user/ops (create an access key for it, then act as it) → sts:AssumeRole arn:aws:iam::111122223333:role/break-glass → arn:aws:iam::111122223333:role/break-glass is admin-equivalent",
		"denied":      "",
		// PowerUserAccess cannot touch IAM but may assume a role that trusts its account.
		"poweruser": "sts:AssumeRole arn:aws:iam::111122223333:role/break-glass → arn:aws:iam::111122223333:role/break-glass is admin-equivalent",
	} {
		if got := f[name]["escalation_summary"]; got != want {
			t.Errorf("%s escalation_summary\n got %q\nwant %q", name, got, want)
		}
	}
	if _, ok := f["broken"]["admin_equivalent"]; ok {
		t.Errorf("broken has admin_equivalent though a policy is unreadable: %v", f["broken"])
	}
	if d := cmp.Diff([]any{"arn:aws:iam::111122223333:policy/missing (not collected)",
		`inline policy p of user broken: statement 1: Effect is "allow", not Allow or Deny`}, f["broken"]["unreadable_policies"]); d != "" {
		t.Errorf("broken unreadable (-want +got):\n%s", d)
	}
	if f["public"]["trust_public"] != true || f["vendor"]["trust_public"] != false {
		t.Errorf("trust_public: public %v vendor %v", f["public"]["trust_public"], f["vendor"]["trust_public"])
	}
	if d := cmp.Diff([]any{"999988887777"}, f["vendor"]["trust_external_accounts"]); d != "" {
		t.Errorf("vendor external (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]any{"sns.amazonaws.com"}, f["sns"]["trust_unconditioned_services"]); d != "" {
		t.Errorf("sns services (-want +got):\n%s", d)
	}
}

func TestIAMSCPs(t *testing.T) {
	admin := iamRes("aws_iam_user", "admin", map[string]any{"inline_policies": iamInline("p", allowAll)})
	scp := func(name, content string, targets ...any) mamori.Resource {
		return mamori.Resource{Provider: "aws", Account: "000000000001", Region: "global", Type: "aws.organizations.policy", ID: name, Name: name,
			Attributes: map[string]any{"Content": content, "Targets": targets, "Type": "SERVICE_CONTROL_POLICY"}}
	}
	acct := mamori.Resource{Provider: "aws", Account: "000000000001", Region: "global", Type: "aws.organizations.account", ID: iamAcct,
		Attributes: map[string]any{"Id": iamAcct, "Parents": []any{"ou-ab12-workloads", "r-ab12"}}}
	full := `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`
	for _, c := range []struct {
		name       string
		scps       []mamori.Resource
		admin      bool
		incomplete bool
	}{
		{"FullAWSAccess everywhere", []mamori.Resource{scp("full", full, "r-ab12", "ou-ab12-workloads", map[string]any{"TargetId": iamAcct, "Type": "ACCOUNT"})}, true, false},
		// Admin equivalence is judged against what the account's SCPs leave
		// to anyone: a probe they deny to everyone does not count, so the
		// user allowed everything else is still the account's administrator.
		{"deny IAM at the OU", []mamori.Resource{scp("full", full, "r-ab12", "ou-ab12-workloads", iamAcct),
			scp("no-iam", `{"Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}`, "ou-ab12-workloads")}, true, false},
		{"deny leaving the organisation at the root", []mamori.Resource{scp("full", full, "r-ab12", "ou-ab12-workloads", iamAcct),
			scp("stay", `{"Statement":{"Effect":"Deny","Action":"organizations:LeaveOrganization","Resource":"*"}}`, "r-ab12")}, true, false},
		{"OU allows only S3", []mamori.Resource{scp("full", full, "r-ab12", iamAcct), scp("s3", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, "ou-ab12-workloads")}, true, false},
		// Nothing any principal could do: nobody is admin.
		{"deny everything", []mamori.Resource{scp("full", full, "r-ab12", iamAcct), scp("none", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}`, "ou-ab12-workloads")}, false, false},
		{"another account's deny", []mamori.Resource{scp("full", full, "r-ab12"), scp("no-iam", `{"Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}`, "444455556666")}, true, false},
		{"unreadable SCP", []mamori.Resource{scp("full", full, "r-ab12"), scp("bad", `{"Statement":5}`, "r-ab12")}, true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			rs := append([]mamori.Resource{admin, acct}, c.scps...)
			f := iamFacts(t, rs)
			if got := f["admin"]["admin_equivalent"]; got != c.admin {
				t.Errorf("admin_equivalent = %v, want %v", got, c.admin)
			}
			if got := f["admin"]["scp_incomplete"] == true; got != c.incomplete {
				t.Errorf("scp_incomplete = %v, want %v", got, c.incomplete)
			}
		})
	}
}
