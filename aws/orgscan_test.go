package aws

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/awsemu"
)

// orgWorld is an organisation with one member for each thing that can go
// wrong: a role never deployed, a role without EC2 permissions, a suspended
// account, a region not enabled, a region and a service denied by SCPs, an
// account closed part-way, and a healthy one.
const orgWorld = `
organization:
  management: "111111111111"
  root: r-ab12
  role: {name: MamoriAudit, external_id: ext-42}
  units:
    - {id: ou-ab12-prod, name: Prod}
    - {id: ou-ab12-sandbox, name: Sandbox, parent: ou-ab12-prod}
  members:
    - {id: "222222222222", name: prod-app, parent: ou-ab12-prod}
    - {id: "333333333333", name: no-role, no_role: true}
    - {id: "444444444444", name: no-ec2, role_deny: ["ec2:*"]}
    - {id: "555555555555", name: gone, status: SUSPENDED}
    - {id: "666666666666", name: two-regions}
    - {id: "777777777777", name: sandbox, parent: ou-ab12-sandbox}
    - {id: "888888888888", name: closing, close_after: 12}
  delegated_administrators:
    - {account: "222222222222", services: [guardduty.amazonaws.com, securityhub.amazonaws.com]}
  policies:
    - id: p-FullAWSAccess
      name: FullAWSAccess
      aws_managed: true
      targets: [r-ab12]
      content: '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}'
    - id: p-regions
      name: DenyEuWest1
      targets: [ou-ab12-sandbox]
      content: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:*","sts:*","organizations:*","s3:*"],"Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":["eu-west-1"]}}}]}'
    - id: p-noguardduty
      name: DenyGuardDuty
      targets: ["777777777777"]
      content: '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"guardduty:*","Resource":"*"}]}'
accounts:
  - id: "111111111111"
    regions: [ap-northeast-1, us-east-1, eu-west-1]
    per_region:
      ap-northeast-1:
        cloudtrail:
          trails:
            - {name: org-trail, multi_region: true, organization: true, logging: true}
  - id: "222222222222"
    regions: [ap-northeast-1, us-east-1, eu-west-1]
    per_region:
      ap-northeast-1:
        guardduty:
          detectors: [{id: d222, members: ["666666666666", "777777777777"]}]
      us-east-1:
        kms:
          keys: [{id: k222, rotation: false}]
  - id: "333333333333"
    regions: [ap-northeast-1, us-east-1, eu-west-1]
  - id: "444444444444"
    regions: [ap-northeast-1, us-east-1, eu-west-1]
  - id: "555555555555"
    regions: [ap-northeast-1, us-east-1, eu-west-1]
  - id: "666666666666"
    regions: [ap-northeast-1, us-east-1]
  - id: "777777777777"
    regions: [ap-northeast-1, us-east-1, eu-west-1]
    per_region:
      eu-west-1:
        kms:
          keys: [{id: k777, rotation: false}]
  - id: "888888888888"
    regions: [ap-northeast-1, us-east-1, eu-west-1]
`

var orgRegions = []string{"ap-northeast-1", "us-east-1", "eu-west-1"}

type orgRun struct {
	collected
	col *OrgCollector
	emu *awsemu.Server
}

// collectOrg scans the organisation of w from its management account.
func collectOrg(t testing.TB, w *awsemu.World, o OrgOptions) orgRun {
	t.Helper()
	s := awsemu.New(w, awsemu.Faults{})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	o.Config = s.Config("ap-northeast-1")
	if o.Role == "" {
		o.Role = "MamoriAudit"
	}
	c := NewOrg(o)
	var out orgRun
	var mu sync.Mutex
	err := c.Collect(context.Background(), func(r mamori.Resource) { mu.Lock(); out.Resources = append(out.Resources, r); mu.Unlock() },
		func(e mamori.CollectError) { mu.Lock(); out.Errors = append(out.Errors, e); mu.Unlock() })
	if err != nil {
		t.Fatal(err)
	}
	out.Stats, out.col, out.emu = s.Stats(), c, s
	sort.Slice(out.Errors, func(i, j int) bool {
		a, b := out.Errors[i], out.Errors[j]
		return a.Account+a.Region+a.Service+a.Action < b.Account+b.Region+b.Service+b.Action
	})
	return out
}

// errorLine is a CollectError in one line, for comparing.
func errorLine(e mamori.CollectError) string {
	na := ""
	if e.NotApplicable {
		na = "n/a "
	}
	return na + e.Account + " " + e.Region + " " + e.Service + " " + e.Action
}

func TestOrgScan(t *testing.T) {
	got := collectOrg(t, world(t, orgWorld), OrgOptions{Options: Options{Regions: orgRegions}, ExternalID: "ext-42"})
	var lines []string
	for _, e := range got.Errors {
		lines = append(lines, errorLine(e))
	}
	want := []string{
		"333333333333 global sts sts:AssumeRole",
		"444444444444 ap-northeast-1 ec2 ec2:DescribeAddresses",
		"444444444444 ap-northeast-1 vpc ec2:DescribeAddresses", // VPC endpoints and peerings are EC2 reads too
		"444444444444 eu-west-1 ec2 ec2:DescribeAddresses",
		"444444444444 eu-west-1 vpc ec2:DescribeAddresses",
		"444444444444 global ec2 ec2:DescribeAddresses",
		"444444444444 us-east-1 ec2 ec2:DescribeAddresses",
		"444444444444 us-east-1 vpc ec2:DescribeAddresses",
		"n/a 555555555555 global organizations ",
		"n/a 666666666666 eu-west-1 * ",
		"n/a 777777777777 * guardduty ",
		"n/a 777777777777 eu-west-1 * ",
		"888888888888 global * ",
	}
	// EC2's calls run together; which one reports the denial first varies,
	// so compare the role's failures by service only.
	for i, l := range lines {
		if strings.HasPrefix(l, "444444444444") {
			f := strings.Fields(l)
			lines[i] = strings.Join(append(f[:3], "ec2:DescribeAddresses"), " ")
		}
	}
	lines = slices.Compact(lines)
	if d := cmp.Diff(want, lines); d != "" {
		t.Errorf("errors (-want +got):\n%s\nall: %v", d, got.Errors)
	}
	for _, e := range got.Errors {
		switch {
		case e.Account == "333333333333" && !strings.Contains(e.Message, "AccessDenied"):
			t.Errorf("unreachable account's reason: %q", e.Message)
		case e.Account == "888888888888" && !strings.Contains(e.Message, "closed during the scan"):
			t.Errorf("closed account's reason: %q", e.Message)
		case e.Account == "777777777777" && e.Service == "guardduty" && !strings.Contains(e.Message, "in ap-northeast-1, us-east-1:"):
			// eu-west-1 is denied whole, and said once for the region.
			t.Errorf("SCP-denied service's reason: %q", e.Message)
		}
	}

	// Every reachable account was read with its own credentials (KMS keys
	// of the member and of the sandbox, in its allowed regions).
	var keys []string
	for _, r := range got.byType("aws_kms_key") {
		keys = append(keys, r.Account+"/"+r.Name)
	}
	if d := cmp.Diff([]string{"222222222222/k222"}, keys); d != "" {
		t.Errorf("kms keys (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]string{"ap-northeast-1", "eu-west-1", "us-east-1"}, got.col.Regions()); d != "" {
		t.Errorf("regions: %s", d)
	}

	// SCPs, with their documents and targets, for the IAM analysis.
	pols := got.byType(TypeOrgPolicy)
	if len(pols) != 3 {
		t.Fatalf("%d SCPs, want 3", len(pols))
	}
	var deny mamori.Resource
	for _, p := range pols {
		if p.Name == "DenyEuWest1" {
			deny = p
		}
	}
	if deny.Account != "111111111111" || deny.Region != "global" {
		t.Errorf("SCP located at %s/%s", deny.Account, deny.Region)
	}
	if d := cmp.Diff([]any{map[string]any{"TargetId": "ou-ab12-sandbox", "Type": "ORGANIZATIONAL_UNIT", "Name": "Sandbox"}}, deny.Attributes["Targets"]); d != "" {
		t.Errorf("targets (-want +got):\n%s", d)
	}
	content, _ := deny.Attributes["Content"].(map[string]any)
	if st, _ := content["Statement"].([]any); len(st) != 1 {
		t.Errorf("content: %v", deny.Attributes["Content"])
	}

	// One aws.organizations.account per account scanned or not applicable,
	// with its place in the tree; none for the account that could not be
	// reached (its ERROR stands for it).
	accts := map[string]mamori.Resource{}
	for _, r := range got.byType(TypeOrgAccount) {
		accts[r.Account] = r
	}
	if _, ok := accts["333333333333"]; ok {
		t.Error("unreachable account emitted as a resource")
	}
	if len(accts) != 7 {
		t.Errorf("%d account resources, want 7", len(accts))
	}
	if d := cmp.Diff([]any{"ou-ab12-sandbox", "ou-ab12-prod", "r-ab12"}, accts["777777777777"].Attributes["Parents"]); d != "" {
		t.Errorf("parents (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]any{"guardduty.amazonaws.com", "securityhub.amazonaws.com"}, accts["222222222222"].Attributes["DelegatedServices"]); d != "" {
		t.Errorf("delegated (-want +got):\n%s", d)
	}
	// The delegated administrator's detector lists the members it watches.
	for _, d := range got.byType("aws_guardduty_detector") {
		if d.Account == "222222222222" && d.Region == "ap-northeast-1" {
			if diff := cmp.Diff([]any{"666666666666", "777777777777"}, d.Attributes["member_accounts"]); diff != "" {
				t.Errorf("member_accounts (-want +got):\n%s", diff)
			}
		}
	}
	if accts["555555555555"].Attributes["scanned"] != false || accts["222222222222"].Attributes["scanned"] != true {
		t.Error("scanned attribute wrong")
	}

	// Nothing was read from the member accounts with the caller's own
	// credentials, and the organisation only from the caller.
	for k := range got.Stats.PerKey {
		if strings.Contains(k, "organizations:") && !strings.HasPrefix(k, "111111111111/") {
			t.Errorf("organisation read from a member: %s", k)
		}
	}
}

func TestOrgScanAccountsFilter(t *testing.T) {
	got := collectOrg(t, world(t, orgWorld), OrgOptions{Options: Options{Regions: orgRegions, Services: []string{"kms"}},
		ExternalID: "ext-42", Accounts: []string{"222222222222", "777777777777", "333333333333"}, Exclude: []string{"333333333333"}})
	if d := cmp.Diff([]string{"222222222222", "777777777777"}, got.col.Accounts()); d != "" {
		t.Errorf("accounts (-want +got):\n%s", d)
	}
	for k := range got.Stats.PerKey {
		if strings.HasPrefix(k, "333333333333/") || strings.HasPrefix(k, "444444444444/") {
			t.Errorf("excluded account called: %s", k)
		}
	}

	// An account the organisation does not have is refused before anything is read.
	c := NewOrg(OrgOptions{Options: Options{Config: got.emu.Config("ap-northeast-1")}, Role: "MamoriAudit", Accounts: []string{"999999999999"}})
	var ae *AccountError
	if err := c.Discover(context.Background()); !errors.As(err, &ae) || ae.Account != "999999999999" {
		t.Errorf("unknown account: %v", err)
	}
}

func TestOrgScanWrongExternalID(t *testing.T) {
	got := collectOrg(t, world(t, orgWorld), OrgOptions{Options: Options{Regions: orgRegions, Services: []string{"kms"}}, ExternalID: "wrong"})
	n := 0
	for _, e := range got.Errors {
		if e.Action == "sts:AssumeRole" {
			n++
		}
	}
	// Every active member but the caller: 222, 333, 444, 666, 777, 888.
	if n != 6 {
		t.Errorf("%d AssumeRole failures, want 6: %v", n, got.Errors)
	}
}

func TestOrgScanFromMemberFails(t *testing.T) {
	w := world(t, orgWorld)
	s := awsemu.New(w, awsemu.Faults{})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	member := awsemu.ClientConfig(s.URL(), "AKIA444444444444EMUL", "ap-northeast-1")
	var oe *OrgError
	if err := NewOrg(OrgOptions{Options: Options{Config: member}, Role: "MamoriAudit"}).Discover(context.Background()); !errors.As(err, &oe) {
		t.Errorf("a member reading the organisation: %v", err)
	}
	single := awsemu.ClientConfig(s.URL(), "AKIA111111111111EMUL", "ap-northeast-1")
	_ = single
}

// A session that expires during the scan is refreshed and the scan goes on:
// nothing is lost and nothing reported.
func TestOrgScanExpiredSession(t *testing.T) {
	w := world(t, orgWorld)
	s := awsemu.New(w, awsemu.Faults{})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := NewOrg(OrgOptions{Options: Options{Config: s.Config("ap-northeast-1"), Regions: orgRegions, Services: []string{"kms", "iam"}},
		Role: "MamoriAudit", ExternalID: "ext-42", Accounts: []string{"222222222222"}})
	var once sync.Once
	var errs []mamori.CollectError
	var keys int
	err := c.Collect(context.Background(), func(r mamori.Resource) {
		// The first resource read through the member's session: every
		// session handed out so far runs out now.
		if r.Account == "222222222222" {
			once.Do(s.ExpireSessions)
		}
		if r.Type == "aws_kms_key" {
			keys++
		}
	}, func(e mamori.CollectError) { errs = append(errs, e) })
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 0 || keys != 1 {
		t.Errorf("errors %v, %d keys", errs, keys)
	}
	if n := s.Stats().Calls["sts:AssumeRole"]; n < 2 {
		t.Errorf("AssumeRole called %d times: the expired session was not renewed", n)
	}
}

// Every action the emulator saw during an organisation scan is one that
// `mamori permissions` declares.
func TestOrgScanPermissionsExact(t *testing.T) {
	got := collectOrg(t, world(t, orgWorld), OrgOptions{Options: Options{Regions: orgRegions}, ExternalID: "ext-42"})
	declared := append(Actions(), AssumeActions()...)
	// The emulator names a call by its signing name and operation;
	// iamAction turns that into the IAM action that allows it.
	for call := range got.Stats.Calls {
		api := iamAction(call)
		if !slices.Contains(declared, api) {
			t.Errorf("%s was called but is not in Actions()", api)
		}
	}
}

// The SDK's standard endpoint override (AWS_ENDPOINT_URL) reaches every
// service and every assumed session: pointed at the emulator with no other
// routing, the whole organisation is read.
func TestOrgScanEndpointURL(t *testing.T) {
	w := world(t, orgWorld)
	s := awsemu.New(w, awsemu.Faults{})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL": s.URL(), "AWS_ACCESS_KEY_ID": "AKIA111111111111EMUL", "AWS_SECRET_ACCESS_KEY": "emulator-secret",
		"AWS_SESSION_TOKEN": "", "AWS_REGION": "ap-northeast-1", "AWS_PROFILE": "", "AWS_CONFIG_FILE": dir + "/config",
		"AWS_SHARED_CREDENTIALS_FILE": dir + "/credentials", "AWS_EC2_METADATA_DISABLED": "true",
	} {
		t.Setenv(k, v)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if cfg.BaseEndpoint == nil || *cfg.BaseEndpoint != s.URL() {
		t.Fatalf("AWS_ENDPOINT_URL not read: %v", cfg.BaseEndpoint)
	}
	// S3 Control puts the account id in front of the endpoint's host
	// (111111111111.127.0.0.1), which no resolver here knows: the
	// emulator's client dials every host to the emulator, keeping the Host
	// the SDK chose.
	cfg.HTTPClient = s.HTTPClient()
	c := NewOrg(OrgOptions{Options: Options{Config: cfg, Regions: []string{"ap-northeast-1", "us-east-1"}, Services: []string{"kms", "cloudtrail", "iam", "s3"}},
		Role: "MamoriAudit", ExternalID: "ext-42", Accounts: []string{"111111111111", "222222222222"}})
	var keys, accounts int
	var errs []mamori.CollectError
	err = c.Collect(context.Background(), func(r mamori.Resource) {
		switch r.Type {
		case "aws_kms_key":
			keys++
		case "aws_account":
			accounts++
		}
	}, func(e mamori.CollectError) { errs = append(errs, e) })
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 0 || keys != 1 || accounts != 2 {
		t.Errorf("through AWS_ENDPOINT_URL: %d keys, %d accounts, errors %v", keys, accounts, errs)
	}
	if n := s.Stats().Calls["sts:AssumeRole"]; n != 1 {
		t.Errorf("AssumeRole through the endpoint: %d calls", n)
	}
}

// A page cut short: listing the organisation refuses the scan with the
// reason rather than scanning part of it as if it were all; a service's
// page is one ERROR of that service, and the rest goes on.
func TestOrgScanTruncatedPages(t *testing.T) {
	w := world(t, orgWorld)
	s := awsemu.New(w, awsemu.Faults{Truncate: []string{"organizations:ListAccountsForParent"}})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err := NewOrg(OrgOptions{Options: Options{Config: s.Config("ap-northeast-1")}, Role: "MamoriAudit"}).Discover(context.Background())
	var oe *OrgError
	if !errors.As(err, &oe) {
		t.Fatalf("truncated ListAccountsForParent: %v", err)
	}

	s2 := awsemu.New(world(t, orgWorld), awsemu.Faults{Truncate: []string{"kms:ListKeys@us-east-1"}})
	if err := s2.Start(); err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	c := NewOrg(OrgOptions{Options: Options{Config: s2.Config("ap-northeast-1"), Regions: orgRegions, Services: []string{"kms"}},
		Role: "MamoriAudit", ExternalID: "ext-42", Accounts: []string{"111111111111", "222222222222"}})
	var errs []mamori.CollectError
	if err := c.Collect(context.Background(), func(mamori.Resource) {}, func(e mamori.CollectError) { errs = append(errs, e) }); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, e := range errs {
		lines = append(lines, errorLine(e))
	}
	sort.Strings(lines)
	if d := cmp.Diff([]string{"111111111111 us-east-1 kms ", "222222222222 us-east-1 kms "}, lines); d != "" {
		t.Errorf("errors (-want +got):\n%s\n%v", d, errs)
	}
}
