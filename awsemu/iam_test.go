package awsemu

import (
	"context"
	"encoding/csv"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"
	"gopkg.in/yaml.v3"
)

const iamEmuWorld = `
accounts:
  - id: "123456789012"
    alias: acme
    regions: [ap-northeast-1]
    iam:
      root: {created: 2018-01-01T00:00:00Z, mfa: hardware}
      groups:
        - {name: devs, path: /eng/, attached_policies: [app], created: 2020-01-01T00:00:00Z}
      policies:
        - {name: app, document: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::a b/*"}]}', version: 2}
        - {name: unused, document: '{"Statement":[]}'}
      users:
        - name: alice
          created: 2020-05-01T00:00:00Z
          password: {created: 2024-01-01T00:00:00Z, last_used: 2026-01-10T09:00:00Z, reset_required: true}
          mfa_devices: [{}, {type: hardware}]
          access_keys:
            - {id: AKIAALICE00000000002, created: 2025-12-01T00:00:00Z, last_used: 2026-01-14T00:00:00Z, service: ec2, region: us-east-1}
            - {id: AKIAALICE00000000001, status: Inactive, created: 2024-12-01T00:00:00Z}
          groups: [devs]
          attached_policies: ["aws:ReadOnlyAccess", app]
          inline_policies: {b: '{}', a: '{}'}
        - {name: bob, created: 2025-01-01T00:00:00Z}
`

func iamClient(t *testing.T, y string) *iam.Client {
	t.Helper()
	cfg := testConfig(t, y, "us-east-1")
	cfg.RetryMaxAttempts = 1
	return iam.NewFromConfig(cfg)
}

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func TestIAMUserOperations(t *testing.T) {
	cl := iamClient(t, iamEmuWorld)
	ctx := context.Background()

	users, err := cl.ListUsers(ctx, &iam.ListUsersInput{})
	if err != nil {
		t.Fatal(err)
	}
	if len(users.Users) != 2 || sdkaws.ToString(users.Users[0].Arn) != "arn:aws:iam::123456789012:user/alice" ||
		!sdkaws.ToTime(users.Users[0].PasswordLastUsed).Equal(time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC)) ||
		users.Users[1].PasswordLastUsed != nil {
		t.Errorf("ListUsers = %+v", users.Users)
	}

	lp, err := cl.GetLoginProfile(ctx, &iam.GetLoginProfileInput{UserName: sdkaws.String("alice")})
	if err != nil || !lp.LoginProfile.PasswordResetRequired || !sdkaws.ToTime(lp.LoginProfile.CreateDate).Equal(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("GetLoginProfile(alice) = %+v, %v", lp, err)
	}
	_, err = cl.GetLoginProfile(ctx, &iam.GetLoginProfileInput{UserName: sdkaws.String("bob")})
	var nse *types.NoSuchEntityException
	if !errors.As(err, &nse) {
		t.Errorf("GetLoginProfile(bob) err = %v, want NoSuchEntity", err)
	}
	if _, err := cl.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: sdkaws.String("carol")}); apiCode(err) != "NoSuchEntity" {
		t.Errorf("unknown user: err = %v", err)
	}

	mfa, err := cl.ListMFADevices(ctx, &iam.ListMFADevicesInput{UserName: sdkaws.String("alice")})
	if err != nil || len(mfa.MFADevices) != 2 || sdkaws.ToString(mfa.MFADevices[0].SerialNumber) != "arn:aws:iam::123456789012:mfa/alice" ||
		!strings.HasPrefix(sdkaws.ToString(mfa.MFADevices[1].SerialNumber), "GAHT") {
		t.Errorf("ListMFADevices = %+v, %v", mfa, err)
	}
	vm, err := cl.ListVirtualMFADevices(ctx, &iam.ListVirtualMFADevicesInput{})
	if err != nil || len(vm.VirtualMFADevices) != 1 || sdkaws.ToString(vm.VirtualMFADevices[0].User.UserName) != "alice" {
		t.Errorf("ListVirtualMFADevices = %+v, %v", vm, err)
	}

	keys, err := cl.ListAccessKeys(ctx, &iam.ListAccessKeysInput{UserName: sdkaws.String("alice")})
	if err != nil || len(keys.AccessKeyMetadata) != 2 || sdkaws.ToString(keys.AccessKeyMetadata[0].AccessKeyId) != "AKIAALICE00000000001" ||
		keys.AccessKeyMetadata[0].Status != types.StatusTypeInactive || keys.AccessKeyMetadata[1].Status != types.StatusTypeActive {
		t.Errorf("ListAccessKeys (oldest first) = %+v, %v", keys, err)
	}
	lu, err := cl.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: sdkaws.String("AKIAALICE00000000002")})
	if err != nil || sdkaws.ToString(lu.UserName) != "alice" || sdkaws.ToString(lu.AccessKeyLastUsed.ServiceName) != "ec2" ||
		sdkaws.ToString(lu.AccessKeyLastUsed.Region) != "us-east-1" || lu.AccessKeyLastUsed.LastUsedDate == nil {
		t.Errorf("GetAccessKeyLastUsed = %+v, %v", lu, err)
	}
	lu, err = cl.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: sdkaws.String("AKIAALICE00000000001")})
	if err != nil || lu.AccessKeyLastUsed.LastUsedDate != nil || sdkaws.ToString(lu.AccessKeyLastUsed.ServiceName) != "N/A" {
		t.Errorf("never-used key: %+v, %v", lu, err)
	}

	ap, err := cl.ListAttachedUserPolicies(ctx, &iam.ListAttachedUserPoliciesInput{UserName: sdkaws.String("alice")})
	if err != nil || len(ap.AttachedPolicies) != 2 || sdkaws.ToString(ap.AttachedPolicies[0].PolicyArn) != "arn:aws:iam::aws:policy/ReadOnlyAccess" ||
		sdkaws.ToString(ap.AttachedPolicies[1].PolicyArn) != "arn:aws:iam::123456789012:policy/app" {
		t.Errorf("ListAttachedUserPolicies = %+v, %v", ap, err)
	}
	up, err := cl.ListUserPolicies(ctx, &iam.ListUserPoliciesInput{UserName: sdkaws.String("alice")})
	if err != nil || strings.Join(up.PolicyNames, ",") != "a,b" {
		t.Errorf("ListUserPolicies = %+v, %v", up, err)
	}
	gs, err := cl.ListGroupsForUser(ctx, &iam.ListGroupsForUserInput{UserName: sdkaws.String("alice")})
	if err != nil || len(gs.Groups) != 1 || sdkaws.ToString(gs.Groups[0].Arn) != "arn:aws:iam::123456789012:group/eng/devs" {
		t.Errorf("ListGroupsForUser = %+v, %v", gs, err)
	}
}

func TestIAMAccountOperations(t *testing.T) {
	cl := iamClient(t, iamEmuWorld)
	ctx := context.Background()

	sum, err := cl.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if err != nil || sum.SummaryMap["AccountMFAEnabled"] != 1 || sum.SummaryMap["AccountAccessKeysPresent"] != 0 ||
		sum.SummaryMap["Users"] != 2 || sum.SummaryMap["MFADevices"] != 3 {
		t.Errorf("GetAccountSummary = %v, %v", sum, err)
	}
	if _, err := cl.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{}); apiCode(err) != "NoSuchEntity" {
		t.Errorf("no password policy: err = %v", err)
	}
	al, err := cl.ListAccountAliases(ctx, &iam.ListAccountAliasesInput{})
	if err != nil || len(al.AccountAliases) != 1 || al.AccountAliases[0] != "acme" {
		t.Errorf("ListAccountAliases = %+v, %v", al, err)
	}

	if _, err := cl.GetCredentialReport(ctx, &iam.GetCredentialReportInput{}); apiCode(err) != "ReportNotPresent" {
		t.Errorf("report before generation: err = %v", err)
	}
	g, err := cl.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
	if err != nil || g.State != types.ReportStateTypeComplete {
		t.Fatalf("GenerateCredentialReport = %+v, %v", g, err)
	}
	rep, err := cl.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
	if err != nil || rep.ReportFormat != types.ReportFormatTypeTextCsv {
		t.Fatalf("GetCredentialReport = %+v, %v", rep, err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(rep.Content))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active," +
		"access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
		"access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service," +
		"cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated"
	if len(rows) != 4 || strings.Join(rows[0], ",") != want {
		t.Fatalf("report = %q", rows)
	}
	root := strings.Join(rows[1], ",")
	if root != "<root_account>,arn:aws:iam::123456789012:root,2018-01-01T00:00:00+00:00,not_supported,no_information,not_supported,not_supported,true,"+
		"false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A" {
		t.Errorf("root row = %s", root)
	}
	alice := strings.Join(rows[2], ",")
	if alice != "alice,arn:aws:iam::123456789012:user/alice,2020-05-01T00:00:00+00:00,true,2026-01-10T09:00:00+00:00,2024-01-01T00:00:00+00:00,N/A,true,"+
		"false,2024-12-01T00:00:00+00:00,N/A,N/A,N/A,true,2025-12-01T00:00:00+00:00,2026-01-14T00:00:00+00:00,us-east-1,ec2,false,N/A,false,N/A" {
		t.Errorf("alice row = %s", alice)
	}
	if bob := strings.Join(rows[3][:8], ","); bob != "bob,arn:aws:iam::123456789012:user/bob,2025-01-01T00:00:00+00:00,false,N/A,N/A,N/A,false" {
		t.Errorf("bob row = %s", bob)
	}
}

func TestIAMCredentialReportDelay(t *testing.T) {
	cl := iamClient(t, strings.Replace(iamEmuWorld, "    iam:\n", "    iam:\n      credential_report_delay: 2\n", 1))
	ctx := context.Background()
	var states []string
	for i := 0; i < 3; i++ {
		g, err := cl.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
		if err != nil {
			t.Fatal(err)
		}
		states = append(states, string(g.State))
		if i == 0 {
			if _, err := cl.GetCredentialReport(ctx, &iam.GetCredentialReportInput{}); apiCode(err) != "ReportInProgress" {
				t.Errorf("report while generating: err = %v", err)
			}
		}
	}
	if strings.Join(states, ",") != "STARTED,INPROGRESS,COMPLETE" {
		t.Errorf("states = %v", states)
	}
	if _, err := cl.GetCredentialReport(ctx, &iam.GetCredentialReportInput{}); err != nil {
		t.Errorf("report after completion: %v", err)
	}
}

func TestIAMPolicyOperations(t *testing.T) {
	cl := iamClient(t, iamEmuWorld)
	ctx := context.Background()

	names := func(in *iam.ListPoliciesInput) string {
		out, err := cl.ListPolicies(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		var n []string
		for _, p := range out.Policies {
			n = append(n, sdkaws.ToString(p.PolicyName))
		}
		return strings.Join(n, ",")
	}
	if got := names(&iam.ListPoliciesInput{Scope: types.PolicyScopeTypeLocal}); got != "app,unused" {
		t.Errorf("Local = %s", got)
	}
	if got := names(&iam.ListPoliciesInput{Scope: types.PolicyScopeTypeLocal, OnlyAttached: true}); got != "app" {
		t.Errorf("Local attached = %s", got)
	}
	if got := names(&iam.ListPoliciesInput{Scope: types.PolicyScopeTypeAws}); got != "ReadOnlyAccess" {
		t.Errorf("AWS = %s", got)
	}
	out, err := cl.ListPolicies(ctx, &iam.ListPoliciesInput{Scope: types.PolicyScopeTypeLocal, MaxItems: sdkaws.Int32(1)})
	if err != nil || len(out.Policies) != 1 || !out.IsTruncated || sdkaws.ToInt32(out.Policies[0].AttachmentCount) != 2 ||
		sdkaws.ToString(out.Policies[0].DefaultVersionId) != "v2" {
		t.Errorf("first page = %+v, %v", out, err)
	}

	pv, err := cl.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: sdkaws.String("arn:aws:iam::123456789012:policy/app"), VersionId: sdkaws.String("v2")})
	if err != nil || !pv.PolicyVersion.IsDefaultVersion {
		t.Fatalf("GetPolicyVersion = %+v, %v", pv, err)
	}
	enc := sdkaws.ToString(pv.PolicyVersion.Document)
	if strings.ContainsAny(enc, `{}" +`) || !strings.Contains(enc, "%20") {
		t.Errorf("document not URL-encoded as IAM does: %s", enc)
	}
	if doc, err := url.PathUnescape(enc); err != nil || !strings.Contains(doc, `"arn:aws:s3:::a b/*"`) {
		t.Errorf("document decodes to %q, %v", doc, err)
	}
	if _, err := cl.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: sdkaws.String("arn:aws:iam::123456789012:policy/app"), VersionId: sdkaws.String("v3")}); apiCode(err) != "NoSuchEntity" {
		t.Errorf("missing version: err = %v", err)
	}

	ents, err := cl.ListEntitiesForPolicy(ctx, &iam.ListEntitiesForPolicyInput{PolicyArn: sdkaws.String("arn:aws:iam::123456789012:policy/app")})
	if err != nil || len(ents.PolicyUsers) != 1 || len(ents.PolicyGroups) != 1 || sdkaws.ToString(ents.PolicyGroups[0].GroupName) != "devs" {
		t.Errorf("ListEntitiesForPolicy = %+v, %v", ents, err)
	}

	gaad, err := cl.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{
		Filter: []types.EntityType{types.EntityTypeLocalManagedPolicy, types.EntityTypeGroup}})
	if err != nil || len(gaad.UserDetailList) != 0 || len(gaad.GroupDetailList) != 1 || len(gaad.Policies) != 2 {
		t.Fatalf("GetAccountAuthorizationDetails = %+v, %v", gaad, err)
	}
	app := gaad.Policies[0]
	if len(app.PolicyVersionList) != 2 || !app.PolicyVersionList[0].IsDefaultVersion || sdkaws.ToString(app.PolicyVersionList[0].VersionId) != "v2" ||
		sdkaws.ToString(app.PolicyVersionList[0].Document) != enc {
		t.Errorf("app versions = %+v", app.PolicyVersionList)
	}
	all, err := cl.GetAccountAuthorizationDetails(ctx, &iam.GetAccountAuthorizationDetailsInput{MaxItems: sdkaws.Int32(2)})
	if err != nil || len(all.UserDetailList) != 2 || !all.IsTruncated || sdkaws.ToString(all.Marker) == "" {
		t.Fatalf("first page = %+v, %v", all, err)
	}
	u := all.UserDetailList[0]
	if len(u.UserPolicyList) != 2 || sdkaws.ToString(u.UserPolicyList[0].PolicyName) != "a" || len(u.GroupList) != 1 || len(u.AttachedManagedPolicies) != 2 {
		t.Errorf("alice detail = %+v", u)
	}
}

func TestWhen(t *testing.T) {
	var v struct {
		A, B, C, D When
	}
	if err := yaml.Unmarshal([]byte("{a: 2024-04-01T09:00:00Z, b: 2024-04-01, c: 30d ago, d: 6h ago}"), &v); err != nil {
		t.Fatal(err)
	}
	if !v.A.Time(time.Time{}).Equal(time.Date(2024, 4, 1, 9, 0, 0, 0, time.UTC)) || !v.B.Time(time.Time{}).Equal(time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("absolute times: %v %v", v.A, v.B)
	}
	if d := epoch.Sub(v.C.Time(time.Time{})); d != 30*24*time.Hour {
		t.Errorf("30d ago is %v before the epoch", d)
	}
	if d := epoch.Sub(v.D.Time(time.Time{})); d != 6*time.Hour {
		t.Errorf("6h ago is %v before the epoch", d)
	}
	for _, bad := range []string{"a: yesterday", "a: 3w ago", "a: -1d ago", "a: [1]"} {
		if err := yaml.Unmarshal([]byte(bad), &v); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// The synthetic world's IAM part: unique names and keys, references that
// resolve, and a realistic share of problems.
func TestSyntheticIAM(t *testing.T) {
	w := Synthetic(4000, 3)
	st := w.Accounts[0].IAM
	if st == nil {
		t.Fatal("no iam state")
	}
	if n := len(st.Users) + len(st.Policies); n < 550 || n > 650 {
		t.Errorf("%d users and policies, want about 600 (15%% of 4000)", n)
	}
	if len(st.Policies) < 40 || len(st.Policies) > 80 {
		t.Errorf("%d policies, want about a tenth", len(st.Policies))
	}
	names, keys, pols, groups := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, p := range st.Policies {
		pols[p.Name] = true
	}
	for _, g := range st.Groups {
		groups[g.Name] = true
	}
	var noMFA, admin int
	for _, u := range st.Users {
		if names[u.Name] {
			t.Errorf("duplicate user %s", u.Name)
		}
		names[u.Name] = true
		for i, k := range u.AccessKeys {
			id := k.id(w.Accounts[0].ID+"/"+u.Name, i)
			if keys[id] {
				t.Errorf("duplicate key %s", id)
			}
			keys[id] = true
		}
		for _, g := range u.Groups {
			if !groups[g] {
				t.Errorf("%s in unknown group %s", u.Name, g)
			}
		}
		for _, p := range u.AttachedPolicies {
			if !pols[p] && !strings.HasPrefix(p, "aws:") {
				t.Errorf("%s has unknown policy %s", u.Name, p)
			}
			if p == "aws:AdministratorAccess" {
				admin++
			}
		}
		if u.Password != nil && len(u.MFADevices) == 0 {
			noMFA++
		}
	}
	if noMFA == 0 || noMFA > len(st.Users)/3 || admin == 0 || admin > len(st.Users)/10 {
		t.Errorf("%d console users without MFA, %d direct admins among %d users: not a realistic mix", noMFA, admin, len(st.Users))
	}
}
