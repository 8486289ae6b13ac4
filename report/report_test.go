package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

var (
	t0       = time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	t1       = time.Date(2025, 4, 1, 0, 3, 12, 0, time.UTC)
	earlier  = time.Date(2025, 2, 14, 9, 30, 0, 0, time.UTC)
	account  = "123456789012"
	tokyo    = "ap-northeast-1"
	virginia = "us-east-1"
)

// The nasty names: markup, a spreadsheet formula, Japanese, a terminal escape.
const (
	scriptName  = `<script>alert("x")</script>`
	formulaName = `=cmd|' /C calc'!A0`
	japanName   = "本番-Webサーバー"
)

func fixtureChecks() map[string]*mamori.Check {
	cs := []*mamori.Check{
		{
			ID:           "aws-s3-bucket-public-access",
			Title:        mamori.Text{En: "S3 bucket is publicly accessible", Ja: "S3 バケットが公開されている"},
			Description:  mamori.Text{En: "Checks that the bucket's policy and ACLs grant nothing to everyone.", Ja: "バケットポリシーと ACL が誰にでも権限を与えていないことを確認します。"},
			Severity:     mamori.SeverityCritical,
			Provider:     "aws",
			Service:      "s3",
			ResourceType: "aws_s3_bucket",
			Risk:         mamori.Text{En: "Anyone on the internet can read the files in the bucket.", Ja: "インターネット上の誰でもバケット内のファイルを読み取れます。"},
			Remediation: mamori.Remediation{
				Console:   mamori.Text{En: "1. Open the S3 console.\n2. Select the bucket, Permissions.\n3. Turn on Block all public access.", Ja: "1. S3 コンソールを開きます。\n2. バケットを選び、「アクセス許可」を開きます。\n3. 「パブリックアクセスをすべてブロック」をオンにします。"},
				CLI:       "aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
				Terraform: "resource \"aws_s3_bucket_public_access_block\" \"this\" {\n  bucket                  = aws_s3_bucket.this.id\n  block_public_acls       = true\n  block_public_policy     = true\n  ignore_public_acls      = true\n  restrict_public_buckets = true\n}\n",
			},
			References: []string{"https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"},
			Compliance: []string{"cis-aws-3.0:2.1.4", "fisc:実3"},
		},
		{
			ID:           "aws-ec2-sg-open-ssh",
			Title:        mamori.Text{En: "Security group allows SSH from the internet", Ja: "セキュリティグループがインターネットからの SSH を許可している"},
			Description:  mamori.Text{En: "Checks that no ingress rule opens port 22 to 0.0.0.0/0 or ::/0.", Ja: "ポート 22 を 0.0.0.0/0 または ::/0 に開く受信ルールがないことを確認します。"},
			Severity:     mamori.SeverityHigh,
			Provider:     "aws",
			Service:      "ec2",
			ResourceType: "aws_security_group",
			Risk:         mamori.Text{En: "Attackers can try passwords and keys against every instance in the group.", Ja: "攻撃者がグループ内のすべてのインスタンスにパスワードや鍵を試せます。"},
			Remediation: mamori.Remediation{
				Console: mamori.Text{En: "Remove the rule for port 22 from 0.0.0.0/0; use Session Manager instead.", Ja: "0.0.0.0/0 からのポート 22 のルールを削除し、代わりに Session Manager を使います。"},
				CLI:     "aws ec2 revoke-security-group-ingress --group-id <sg-id> --protocol tcp --port 22 --cidr 0.0.0.0/0",
			},
			References: []string{"https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html"},
			Compliance: []string{"cis-aws-3.0:5.2"},
		},
		{
			ID:           "aws-iam-user-mfa",
			Title:        mamori.Text{En: "IAM user without MFA", Ja: "MFA が設定されていない IAM ユーザー"},
			Description:  mamori.Text{En: "Checks that every IAM user with a console password has an MFA device.", Ja: "コンソールパスワードを持つすべての IAM ユーザーに MFA デバイスがあることを確認します。"},
			Severity:     mamori.SeverityMedium,
			Provider:     "aws",
			Service:      "iam",
			ResourceType: "aws_iam_user",
			Risk:         mamori.Text{En: "A leaked password is enough to sign in.", Ja: "パスワードが漏れるだけでサインインされます。"},
			Remediation: mamori.Remediation{
				Console: mamori.Text{En: "IAM > Users > the user > Security credentials > Assign MFA device.", Ja: "IAM > ユーザー > 対象ユーザー > セキュリティ認証情報 > MFA デバイスの割り当て。"},
			},
			Compliance: []string{"cis-aws-3.0:1.10"},
		},
		{
			ID:           "aws-s3-bucket-versioning",
			Title:        mamori.Text{En: "S3 bucket versioning is off", Ja: "S3 バケットのバージョニングが無効"},
			Severity:     mamori.SeverityLow,
			Provider:     "aws",
			Service:      "s3",
			ResourceType: "aws_s3_bucket",
			Risk:         mamori.Text{En: "Deleted or overwritten objects cannot be recovered.", Ja: "削除・上書きされたオブジェクトを復元できません。"},
		},
		{
			ID:           "aws-rds-instance-encrypted",
			Title:        mamori.Text{En: "RDS instance storage is not encrypted", Ja: "RDS インスタンスのストレージが暗号化されていない"},
			Severity:     mamori.SeverityHigh,
			Provider:     "aws",
			Service:      "rds",
			ResourceType: "aws_db_instance",
		},
	}
	m := map[string]*mamori.Check{}
	for _, c := range cs {
		m[c.ID] = c
	}
	return m
}

func fixture(lang string) Input {
	in := fixtureInput(lang, fixtureFindings())
	in.Changes = &Changes{
		Previous: mamori.Scan{ID: "01JQ0000000000000000000000", FinishedAt: earlier},
		ByCheck: []mamori.CheckChange{
			{CheckID: "aws-ec2-sg-open-ssh", Severity: mamori.SeverityHigh, New: 1},
			{CheckID: "aws-s3-bucket-versioning", Severity: mamori.SeverityLow, Resolved: 1},
		},
	}
	return in
}

func fixtureFindings() []mamori.Finding {
	f := func(check string, st mamori.Status, sev mamori.Severity, typ, id, name, region string) mamori.Finding {
		return mamori.Finding{
			ScanID: "01JQ8Z6X7T5M3V2K9R4N8P0AB1", Tenant: mamori.DefaultTenant, CheckID: check, Status: st, Severity: sev,
			Resource: mamori.ResourceRef{Type: typ, ID: id, Name: name},
			Provider: "aws", Account: account, Region: region,
			FirstSeen: earlier, LastSeen: t0,
		}
	}
	fs := []mamori.Finding{
		f("aws-s3-bucket-public-access", mamori.StatusFail, mamori.SeverityCritical, "aws_s3_bucket", "arn:aws:s3:::xss-bucket", scriptName, tokyo),
		f("aws-s3-bucket-public-access", mamori.StatusPass, mamori.SeverityCritical, "aws_s3_bucket", "arn:aws:s3:::static-site", "static-site", tokyo),
		f("aws-ec2-sg-open-ssh", mamori.StatusFail, mamori.SeverityHigh, "aws_security_group", "arn:aws:ec2:ap-northeast-1:123456789012:security-group/sg-0123456789abcdef0", japanName, tokyo),
		f("aws-ec2-sg-open-ssh", mamori.StatusPass, mamori.SeverityHigh, "aws_security_group", "arn:aws:ec2:ap-northeast-1:123456789012:security-group/sg-0fedcba9876543210", "default", tokyo),
		f("aws-rds-instance-encrypted", mamori.StatusError, mamori.SeverityHigh, "aws_db_instance", "us-east-1/rds", "rds", virginia),
		f("aws-iam-user-mfa", mamori.StatusFail, mamori.SeverityMedium, "aws_iam_user", "arn:aws:iam::123456789012:user/formula", formulaName, "global"),
		f("aws-iam-user-mfa", mamori.StatusError, mamori.SeverityMedium, "aws_iam_user", "arn:aws:iam::123456789012:user/ci-bot", "ci-bot", "global"),
		f("aws-iam-user-mfa", mamori.StatusPass, mamori.SeverityMedium, "aws_iam_user", "arn:aws:iam::123456789012:user/yamada", "yamada", "global"),
		f("aws-iam-user-mfa", mamori.StatusPass, mamori.SeverityMedium, "aws_iam_user", "arn:aws:iam::123456789012:user/suzuki", "suzuki", "global"),
		f("aws-s3-bucket-versioning", mamori.StatusMuted, mamori.SeverityLow, "aws_s3_bucket", "arn:aws:s3:::logs-archive", "logs-archive", tokyo),
		f("aws-s3-bucket-versioning", mamori.StatusPass, mamori.SeverityLow, "aws_s3_bucket", "arn:aws:s3:::static-site", "static-site", tokyo),
		f("custom-tag-owner", mamori.StatusFail, mamori.SeverityInfo, "aws_s3_bucket", "arn:aws:s3:::-plus", "-plus+@name", tokyo),
	}
	fs[4].Reason = "rds:DescribeDBInstances: AccessDenied: User is not authorized to perform rds:DescribeDBInstances"
	fs[6].Reason = "evaluation error: no such key: mfa_devices"
	fs[9].Reason = "ログ保管専用のため不要 (archive only)"
	fs[9].Mute = &mamori.Mute{By: "tanaka@example.co.jp", Reason: "ログ保管専用のため不要 (archive only)", Until: time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)}
	fs[2].FirstSeen = t0
	mamori.SortFindings(fs)
	return fs
}

func fixtureInput(lang string, fs []mamori.Finding) Input {

	return Input{
		Scan: mamori.Scan{
			ID:         "01JQ8Z6X7T5M3V2K9R4N8P0AB1",
			Tenant:     mamori.DefaultTenant,
			Source:     "aws:profile=prod",
			Provider:   "aws",
			Accounts:   []string{account},
			Regions:    []string{tokyo, virginia},
			StartedAt:  t0,
			FinishedAt: t1,
			Partial:    true,
			Errors: []mamori.CollectError{{
				Provider: "aws", Account: account, Region: virginia, Service: "rds",
				Action: "rds:DescribeDBInstances", Types: []string{"aws_db_instance"},
				Message: "AccessDenied: User is not authorized to perform rds:DescribeDBInstances",
			}},
			Resources: 10,
			Counts:    map[mamori.Status]int{mamori.StatusPass: 5, mamori.StatusFail: 4, mamori.StatusMuted: 1, mamori.StatusError: 2},
		},
		Findings: Slice(fs),
		Checks:   fixtureChecks(),
		Lang:     lang,
		Version:  "1.2.3",
	}
}

func render(t *testing.T, format string, in Input) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Render(&b, format, in); err != nil {
		t.Fatalf("Render(%s, %s): %v", format, in.Lang, err)
	}
	return b.Bytes()
}

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale (-want +got; run go test ./report -update after checking the change):\n%s",
			path, cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")))
	}
}

func TestGolden(t *testing.T) {
	for _, format := range Formats() {
		for _, lang := range []string{"en", "ja"} {
			t.Run(format+"."+lang, func(t *testing.T) {
				golden(t, format+"."+lang+".golden", render(t, format, fixture(lang)))
			})
		}
	}
}

func TestGoldenDiff(t *testing.T) {
	cur := fixture("en")
	prev := fixture("en")
	prev.Scan.ID = "01JQ0000000000000000000000"
	prev.Scan.StartedAt, prev.Scan.FinishedAt = earlier.Add(-3*time.Minute), earlier
	prev.Scan.Counts = map[mamori.Status]int{mamori.StatusPass: 6, mamori.StatusFail: 4, mamori.StatusError: 2}
	// Before: the SSH group was fine, the logs bucket failed, the formula user
	// already failed.
	var prevFs []mamori.Finding
	for _, f := range fixtureFindings() {
		switch f.Resource.Name {
		case japanName:
			f.Status = mamori.StatusPass
		case "logs-archive":
			f.Status, f.Mute, f.Reason = mamori.StatusFail, nil, ""
		}
		prevFs = append(prevFs, f)
	}
	d := mamori.Compare(prevFs, fixtureFindings())
	for _, format := range DiffFormats() {
		for _, lang := range []string{"en", "ja"} {
			t.Run(format+"."+lang, func(t *testing.T) {
				var b bytes.Buffer
				if err := RenderDiff(&b, format, d, prev.Scan, cur.Scan, cur.Checks, lang); err != nil {
					t.Fatal(err)
				}
				golden(t, "diff-"+format+"."+lang+".golden", b.Bytes())
			})
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	var b bytes.Buffer
	err := Render(&b, "xml", fixture("en"))
	if err == nil {
		t.Fatal("Render(xml) succeeded")
	}
	for _, f := range Formats() {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not list format %s", err, f)
		}
	}
	if b.Len() != 0 {
		t.Errorf("Render(xml) wrote %q", b.String())
	}
	if err := RenderDiff(&b, "sarif", mamori.Diff{}, mamori.Scan{}, mamori.Scan{}, nil, "en"); err == nil || !strings.Contains(err.Error(), "table") {
		t.Errorf("RenderDiff(sarif) = %v, want an error listing the diff formats", err)
	}
}

func TestDefaultFormatIsTable(t *testing.T) {
	in := fixture("en")
	if a, b := render(t, "", in), render(t, "table", in); !bytes.Equal(a, b) {
		t.Error(`Render("") differs from Render("table")`)
	}
}

// Every format renders an empty scan, nil maps and a check missing from Checks.
func TestEmptyAndUnknownCheck(t *testing.T) {
	for _, format := range Formats() {
		render(t, format, Input{})
		out := render(t, format, Input{Findings: Slice([]mamori.Finding{{CheckID: "no-such-check", Status: mamori.StatusFail, Account: "123456789012"}})})
		if !bytes.Contains(out, []byte("no-such-check")) {
			t.Errorf("%s: a finding of an unknown check does not show its ID:\n%s", format, out)
		}
	}
}

func TestJSONShape(t *testing.T) {
	var r struct {
		Scan     map[string]any   `json:"scan"`
		Findings []map[string]any `json:"findings"`
	}
	if err := json.Unmarshal(render(t, "json", fixture("ja")), &r); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "source", "provider", "accounts", "regions", "started_at", "finished_at", "partial", "errors", "resources", "counts"} {
		if _, ok := r.Scan[k]; !ok {
			t.Errorf("scan has no %q", k)
		}
	}
	if len(r.Findings) != 12 {
		t.Fatalf("%d findings, want 12", len(r.Findings))
	}
	for _, f := range r.Findings {
		for _, k := range []string{"check_id", "status", "severity", "title", "description", "resource", "account", "region", "compliance", "remediation", "risk", "references", "reason", "mute", "first_seen", "last_seen"} {
			if _, ok := f[k]; !ok {
				t.Errorf("finding %v has no %q", f["check_id"], k)
			}
		}
		if f["compliance"] == nil {
			t.Errorf("finding %v: compliance is null, want []", f["check_id"])
		}
	}
	if got := r.Findings[0]["title"]; got != "S3 バケットが公開されている" {
		t.Errorf("title = %v, want the Japanese title", got)
	}
}

func TestCSV(t *testing.T) {
	recs, err := csv.NewReader(bytes.NewReader(render(t, "csv", fixture("ja")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(csvHeader, recs[0]); diff != "" {
		t.Errorf("header (-want +got):\n%s", diff)
	}
	if len(recs) != 13 {
		t.Errorf("%d rows, want header + 12", len(recs))
	}
	for _, r := range recs[1:] {
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q can start a formula", cell)
			}
		}
	}
	if !bytes.Contains(render(t, "csv", fixture("en")), []byte(`'`+formulaName)) {
		t.Errorf("the formula resource name is not prefixed with '")
	}
	for in, want := range map[string]string{"=1+1": "'=1+1", "+1": "'+1", "-1": "'-1", "@x": "'@x", "\tx": "'\tx", "＝1": "'＝1", "a=b": "a=b", "": "", "本番": "本番"} {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSARIFStructure(t *testing.T) {
	var log struct {
		Schema  string `json:"$schema"`
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string `json:"name"`
					Rules []struct {
						ID               string `json:"id"`
						ShortDescription struct{ Text string }
						Help             struct{ Text, Markdown string }
						Properties       map[string]any `json:"properties"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex *int   `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string `json:"text"`
				} `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI string `json:"uri"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine int `json:"startLine"`
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(render(t, "sarif", fixture("en")), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || log.Schema == "" || len(log.Runs) != 1 {
		t.Fatalf("version %q, schema %q, %d runs", log.Version, log.Schema, len(log.Runs))
	}
	run := log.Runs[0]
	rules := run.Tool.Driver.Rules
	if run.Tool.Driver.Name != "mamori" || len(rules) == 0 {
		t.Fatalf("driver %q with %d rules", run.Tool.Driver.Name, len(rules))
	}
	for _, r := range rules {
		ss, ok := r.Properties["security-severity"].(string)
		if r.ID == "" || r.ShortDescription.Text == "" || r.Help.Text == "" || !ok || ss == "" {
			t.Errorf("rule %+v lacks id, description, help or a string security-severity", r)
		}
	}
	if len(run.Results) != 4 {
		t.Errorf("%d results, want the 4 FAIL findings", len(run.Results))
	}
	for _, r := range run.Results {
		if r.RuleID == "" || r.RuleIndex == nil || r.Message.Text == "" || r.Level == "" || r.PartialFingerprints["mamori/v1"] == "" {
			t.Errorf("result %+v lacks ruleId, ruleIndex, message, level or fingerprint", r)
			continue
		}
		if rules[*r.RuleIndex].ID != r.RuleID {
			t.Errorf("result %s points at rule %d (%s)", r.RuleID, *r.RuleIndex, rules[*r.RuleIndex].ID)
		}
		if len(r.Locations) == 0 || r.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" || r.Locations[0].PhysicalLocation.Region.StartLine != 1 {
			t.Errorf("result %s has no usable location: %+v", r.RuleID, r.Locations)
		}
	}
}

func TestOCSFEvents(t *testing.T) {
	var events []map[string]any
	if err := json.Unmarshal(render(t, "ocsf", fixture("en")), &events); err != nil {
		t.Fatal(err)
	}
	if len(events) != 12 {
		t.Errorf("%d events, want one per finding (12)", len(events))
	}
	uids := map[any]bool{}
	for _, e := range events {
		if e["class_uid"] != 2003.0 || e["type_uid"] != 200301.0 || e["category_uid"] != 2.0 || e["activity_id"] != 1.0 {
			t.Errorf("event %v: class %v type %v category %v activity %v", e["message"], e["class_uid"], e["type_uid"], e["category_uid"], e["activity_id"])
		}
		sev, _ := e["severity_id"].(float64)
		if sev < 1 || sev > 5 {
			t.Errorf("event %v: severity_id %v", e["message"], e["severity_id"])
		}
		fi, _ := e["finding_info"].(map[string]any)
		if fi["uid"] == "" || uids[fi["uid"]] {
			t.Errorf("event %v: finding uid %v empty or repeated", e["message"], fi["uid"])
		}
		uids[fi["uid"]] = true
		if _, ok := e["compliance"].(map[string]any)["standards"].([]any); !ok {
			t.Errorf("event %v: compliance.standards is not a list", e["message"])
		}
		if md := e["metadata"].(map[string]any); md["version"] != ocsfVersion {
			t.Errorf("metadata.version %v", md["version"])
		}
	}
}

var (
	anchor    = regexp.MustCompile(`(?s)<a [^>]*>.*?</a>`)
	remoteRef = regexp.MustCompile(`(?i)(https?:)?//[a-z0-9]`)
)

func TestHTMLSafety(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		out := string(render(t, "html", fixture(lang)))
		if strings.Contains(out, "<script") {
			t.Errorf("%s: HTML contains <script", lang)
		}
		if !strings.Contains(out, "&lt;script&gt;") {
			t.Errorf("%s: the <script> resource name is not shown escaped", lang)
		}
		if !strings.Contains(out, `<html lang="`+lang+`">`) {
			t.Errorf("%s: no <html lang=%q>", lang, lang)
		}
		if !strings.Contains(out, `http-equiv="Content-Security-Policy" content="default-src 'none';`) {
			t.Errorf("%s: no restrictive Content-Security-Policy", lang)
		}
		// Outside links, nothing may point at another host.
		if m := remoteRef.FindAllString(anchor.ReplaceAllString(out, ""), -1); len(m) > 0 {
			t.Errorf("%s: remote references outside links: %q", lang, m)
		}
		if !strings.Contains(out, japanName) {
			t.Errorf("%s: Japanese resource name missing", lang)
		}
	}
	if ja := string(render(t, "html", fixture("ja"))); !strings.Contains(ja, "不合格 (4 件)") {
		t.Errorf("Japanese HTML has no Japanese labels")
	}
}

func TestTableAlignment(t *testing.T) {
	out := string(render(t, "table", fixture("ja")))
	lines := strings.Split(out, "\n")
	// The region column starts at the same display column on every row.
	col := -1
	rows := 0
	for _, l := range lines {
		i := strings.Index(l, "ap-northeast-1")
		if i < 0 {
			i = strings.Index(l, "us-east-1")
		}
		if i < 0 {
			i = strings.Index(l, "global")
		}
		if i < 0 || strings.HasPrefix(l, "  - ") || strings.HasPrefix(l, "スキャン") {
			continue
		}
		rows++
		w := displayWidth(l[:i])
		if col < 0 {
			col = w
		} else if w != col {
			t.Errorf("region at display column %d, want %d: %q", w, col, l)
		}
	}
	if rows != 6 {
		t.Errorf("%d FAIL/ERROR rows, want 6:\n%s", rows, out)
	}
	if strings.Contains(out, "static-site") {
		t.Errorf("PASS findings are listed in the table:\n%s", out)
	}
}

func TestDisplayWidthAndClean(t *testing.T) {
	for s, want := range map[string]int{"abc": 3, "本番": 4, "ｶﾅ": 2, "Ｗ": 2, "é": 1, "e\u0301": 1, "": 0} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
	for in, want := range map[string]string{"a\x1b[31mb": `a\x1b[31mb`, "x\ny": "x y", "r\u202eev": `r\u202eev`, "本番": "本番", "\xff": "\ufffd"} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

// Rendering reads nothing but its input: twice the same bytes.
func TestDeterministic(t *testing.T) {
	for _, format := range Formats() {
		if a, b := render(t, format, fixture("ja")), render(t, format, fixture("ja")); !bytes.Equal(a, b) {
			t.Errorf("%s: two renders differ", format)
		}
	}
}

// manyFindings returns n FAIL findings of one check and n PASS findings of
// another, sorted.
func manyFindings(n int) []mamori.Finding {
	var fs []mamori.Finding
	for i := range n {
		for _, st := range []mamori.Status{mamori.StatusFail, mamori.StatusPass} {
			check := "aws-s3-bucket-public-access"
			if st == mamori.StatusPass {
				check = "aws-s3-bucket-versioning"
			}
			fs = append(fs, mamori.Finding{
				ScanID: "big", Tenant: mamori.DefaultTenant, CheckID: check, Status: st, Severity: fixtureChecks()[check].Severity,
				Resource: mamori.ResourceRef{Type: "aws_s3_bucket", ID: fmt.Sprintf("arn:aws:s3:::bucket-%06d", i), Name: fmt.Sprintf("bucket-%06d", i)},
				Provider: "aws", Account: account, Region: tokyo, FirstSeen: earlier, LastSeen: t0,
			})
		}
	}
	mamori.SortFindings(fs)
	return fs
}

// A large scan's HTML report lists the first few resources of each check,
// says how many more there are and how to list them, and shows the check's
// text once: its size does not follow the number of findings.
func TestHTMLStaysSmall(t *testing.T) {
	small := render(t, "html", fixtureInput("en", manyFindings(htmlFirst+1)))
	big := render(t, "html", fixtureInput("en", manyFindings(20000)))
	if len(big) > len(small)+200 {
		t.Errorf("HTML of 40,000 findings is %d bytes, of %d findings %d: it grows with the findings", len(big), 2*(htmlFirst+1), len(small))
	}
	for _, want := range []string{
		"bucket-000000", "bucket-000019",
		"19980 more are not listed here",
		"mamori findings --scan 01JQ8Z6X7T5M3V2K9R4N8P0AB1 --check aws-s3-bucket-public-access --status FAIL --format csv",
		"<td class=\"num\">20000</td>",
	} {
		if !bytes.Contains(big, []byte(want)) {
			t.Errorf("HTML of 40,000 findings lacks %q", want)
		}
	}
	if bytes.Contains(big, []byte("bucket-000020")) {
		t.Error("HTML lists more than the first resources of a check")
	}
	if n := bytes.Count(big, []byte("Anyone on the internet can read the files")); n != 1 {
		t.Errorf("the check's risk text appears %d times, want once", n)
	}
}

// The streamed JSON, OCSF and SARIF reports are byte for byte what encoding
// the whole document at once gives.
func TestStreamedEqualsWhole(t *testing.T) {
	in := fixture("ja")
	fs := fixtureFindings()
	fc, err := in.Findings.Count()
	if err != nil {
		t.Fatal(err)
	}
	var whole bytes.Buffer
	r := jsonReport{Tool: jsonTool{Name: "mamori", Version: in.Version}, Scan: toJSONScan(in.Scan, fc), Findings: []jsonFinding{}}
	for i := range fs {
		r.Findings = append(r.Findings, toJSONFinding(&fs[i], checkOf(in.Checks, &fs[i]), in.Lang))
	}
	if err := writeJSON(&whole, r); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(whole.String(), string(render(t, "json", in))); d != "" {
		t.Errorf("streamed JSON differs from the whole document (-whole +streamed):\n%s", d)
	}

	whole.Reset()
	events := []ocsfEvent{}
	for i := range fs {
		events = append(events, ocsfEventOf(&fs[i], checkOf(in.Checks, &fs[i]), &in))
	}
	if err := writeJSON(&whole, events); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(whole.String(), string(render(t, "ocsf", in))); d != "" {
		t.Errorf("streamed OCSF differs from the whole array (-whole +streamed):\n%s", d)
	}
	// SARIF built whole, as the renderer did before it streamed: rules of
	// every check seen, the scan's errors and ERROR findings as
	// notifications, FAIL findings as results.
	whole.Reset()
	var ids []string
	index := map[string]int{}
	for i := range fs {
		if _, ok := index[fs[i].CheckID]; !ok {
			index[fs[i].CheckID] = 0
			ids = append(ids, fs[i].CheckID)
		}
	}
	slices.Sort(ids)
	drv := sarifDriver{Name: "mamori", InformationURI: infoURI, Version: in.Version, SemanticVersion: "1.2.3"}
	for i, id := range ids {
		index[id] = i
		drv.Rules = append(drv.Rules, sarifRuleOf(checkOf(in.Checks, &mamori.Finding{CheckID: id, Severity: severityOf(fc, id)}), in.Lang))
	}
	inv := sarifInvocation{ExecutionSuccessful: true, StartTimeUTC: "2025-04-01T00:00:00Z", EndTimeUTC: "2025-04-01T00:03:12Z"}
	for i := range in.Scan.Errors {
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{Level: "warning", Message: sarifText{Text: in.Scan.Errors[i].Error()}})
	}
	results := []sarifResult{}
	for i := range fs {
		f := &fs[i]
		c := checkOf(in.Checks, f)
		switch f.Status {
		case mamori.StatusError:
			inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{
				Level: "warning", Message: sarifText{Text: sarifMessage(f, c, in.Lang) + ": " + f.Reason},
				Locations: []sarifLocation{sarifLocationOf(f, &in.Scan)}, AssociatedRule: &sarifRuleRef{ID: f.CheckID, Index: index[f.CheckID]},
			})
		case mamori.StatusFail:
			sum := sha256.Sum256([]byte(f.Key()))
			results = append(results, sarifResult{
				RuleID: f.CheckID, RuleIndex: index[f.CheckID], Level: sarifLevel(f.Severity),
				Message: sarifText{Text: sarifMessage(f, c, in.Lang)}, Locations: []sarifLocation{sarifLocationOf(f, &in.Scan)},
				PartialFingerprints: map[string]string{"mamori/v1": hex.EncodeToString(sum[:])},
				Properties: sarifResultProps{Severity: f.Severity.String(), ResourceType: f.Resource.Type, ResourceID: f.Resource.ID,
					Account: f.Account, Region: f.Region, FirstSeen: csvTime(f.FirstSeen)},
			})
		}
	}
	if err := writeJSON(&whole, sarifLog[sarifResult]{Schema: sarifSchema, Version: sarifVersion, Runs: []sarifRun[sarifResult]{{
		Tool: sarifTool{Driver: drv}, Invocations: []sarifInvocation{inv}, Language: "ja-JP", Results: results,
		Properties: sarifRunProps{ScanID: in.Scan.ID, Source: in.Scan.Source, Partial: in.Scan.Partial},
	}}}); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(whole.String(), string(render(t, "sarif", in))); d != "" {
		t.Errorf("streamed SARIF differs from the whole log (-whole +streamed):\n%s", d)
	}

	// Empty lists are [] as encoding/json writes them.
	empty := fixtureInput("en", nil)
	var doc map[string]any
	for _, format := range []string{"json", "ocsf", "sarif"} {
		if err := json.Unmarshal(render(t, format, empty), &doc); err != nil && format != "ocsf" {
			t.Errorf("%s of no findings is not JSON: %v", format, err)
		}
	}
	if got := string(render(t, "ocsf", empty)); got != "[]\n" {
		t.Errorf("OCSF of no findings = %q, want []", got)
	}
}

// BenchmarkRender renders 20,000 findings (half failing) in every format,
// from a list in memory: the renderers' own cost, without the store.
func BenchmarkRender(b *testing.B) {
	fs := manyFindings(10000)
	for _, format := range Formats() {
		b.Run(format, func(b *testing.B) {
			in := fixtureInput("ja", fs)
			for b.Loop() {
				if err := Render(io.Discard, format, in); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(fs)), "ns/finding")
		})
	}
}
