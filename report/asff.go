package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mamori-sec/mamori"
)

// AWS Security Finding Format (ASFF, schema 2018-10-08), one finding per
// mamori finding, as the JSON array `aws securityhub batch-import-findings
// --findings file://...` takes (BatchImportFindings accepts 100 per call; a
// larger file is imported in slices of 100). Mapping:
//
//	Id               "mamori/" + SHA-256 of the finding's key (check, account, region, resource):
//	                 stable across scans, so a later import updates the same Security Hub finding
//	ProductArn       arn:<partition>:securityhub:<region>:<account>:product/<account>/default
//	                 (the account's default product, for findings from one's own tools)
//	GeneratorId      the check ID
//	Types            Software and Configuration Checks/AWS Security Best Practices, plus
//	                 .../Industry and Regulatory Standards/<standard> for CIS, NIST and ISO mappings
//	Severity.Label   the check's severity (INFORMATIONAL for info)
//	Compliance       PASSED, FAILED (FAIL, MUTED), WARNING (ERROR: not evaluated), with the
//	                 check's mappings as RelatedRequirements (at most 32)
//	Workflow.Status  NEW; SUPPRESSED when muted; RESOLVED when passed
//	Resources        the resource, typed with ASFF's resource type where one exists, else "Other"
//
// Only findings about an AWS account (a 12-digit account id) are written:
// ASFF requires AwsAccountId. Texts are cut at ASFF's limits (Title 256,
// Description 1024, Recommendation.Text 512 characters).

const asffSchema = "2018-10-08"

type asffFinding struct {
	SchemaVersion string           `json:"SchemaVersion"`
	ID            string           `json:"Id"`
	ProductArn    string           `json:"ProductArn"`
	ProductName   string           `json:"ProductName"`
	CompanyName   string           `json:"CompanyName"`
	Region        string           `json:"Region"`
	GeneratorID   string           `json:"GeneratorId"`
	AwsAccountID  string           `json:"AwsAccountId"`
	Types         []string         `json:"Types"`
	FirstObserved string           `json:"FirstObservedAt,omitempty"`
	LastObserved  string           `json:"LastObservedAt,omitempty"`
	CreatedAt     string           `json:"CreatedAt"`
	UpdatedAt     string           `json:"UpdatedAt"`
	Severity      asffSeverity     `json:"Severity"`
	Title         string           `json:"Title"`
	Description   string           `json:"Description"`
	Remediation   *asffRemediation `json:"Remediation,omitempty"`
	ProductFields asffFields       `json:"ProductFields"`
	Resources     []asffResource   `json:"Resources"`
	Compliance    asffCompliance   `json:"Compliance"`
	Workflow      asffWorkflow     `json:"Workflow"`
	RecordState   string           `json:"RecordState"`
	Note          *asffNote        `json:"Note,omitempty"`
}

// asffFields are the finding's ProductFields, in the order encoding/json
// gives a map's keys, so that the output is what a map would give.
type asffFields struct {
	ProviderName    string `json:"ProviderName"`
	ProviderVersion string `json:"ProviderVersion,omitempty"`
	CheckID         string `json:"mamori/CheckId"`
	ScanID          string `json:"mamori/ScanId"`
	Status          string `json:"mamori/Status"`
	Tenant          string `json:"mamori/Tenant,omitempty"`
}

// asffCheck is what every finding of a check shares, worked out once, and
// its JSON, escaped once.
type asffCheck struct {
	types       []string
	title, desc string
	req         []string
	remediation *asffRemediation

	typesJSON []byte // the "Types" member
	textJSON  []byte // "Title", "Description" and "Remediation"
	reqJSON   []byte // "RelatedRequirements", nil when there are none
}

func asffCheckOf(c *mamori.Check, lang string) *asffCheck {
	types := []string{"Software and Configuration Checks/AWS Security Best Practices"}
	seen := map[string]bool{}
	for _, fw := range frameworks(c.Compliance) {
		var std string
		switch {
		case strings.HasPrefix(fw, "cis-aws"):
			std = "CIS AWS Foundations Benchmark"
		case strings.HasPrefix(fw, "nist"):
			std = "NIST CSF"
		case strings.HasPrefix(fw, "iso27001"):
			std = "ISO 27001 Controls"
		}
		if std != "" && !seen[std] {
			seen[std] = true
			types = append(types, "Software and Configuration Checks/Industry and Regulatory Standards/"+std)
		}
	}
	req := nonNil(c.Compliance)
	if len(req) > 32 {
		req = req[:32]
	}
	t := title(c, lang)
	desc := c.Description.In(lang)
	if desc == "" {
		desc = t
	}
	ac := &asffCheck{types: types, title: cut(t, 256), desc: cut(desc, 1024), req: req}
	if text := c.Remediation.Console.In(lang); text != "" || len(c.References) > 0 {
		ac.remediation = &asffRemediation{Recommendation: asffRecommendation{Text: cut(text, 512)}}
		if len(c.References) > 0 {
			ac.remediation.Recommendation.URL = c.References[0]
		}
	}
	return ac
}

type asffSeverity struct {
	Label    string `json:"Label"`
	Original string `json:"Original"`
}

type asffRemediation struct {
	Recommendation asffRecommendation `json:"Recommendation"`
}

type asffRecommendation struct {
	Text string `json:"Text,omitempty"`
	URL  string `json:"Url,omitempty"`
}

type asffResource struct {
	Type      string `json:"Type"`
	ID        string `json:"Id"`
	Partition string `json:"Partition"`
	Region    string `json:"Region,omitempty"`
}

type asffCompliance struct {
	Status              string       `json:"Status"`
	StatusReasons       []asffReason `json:"StatusReasons,omitempty"`
	RelatedRequirements []string     `json:"RelatedRequirements,omitempty"`
}

type asffReason struct {
	ReasonCode  string `json:"ReasonCode"`
	Description string `json:"Description,omitempty"`
}

type asffWorkflow struct {
	Status string `json:"Status"`
}

type asffNote struct {
	Text      string `json:"Text"`
	UpdatedBy string `json:"UpdatedBy"`
	UpdatedAt string `json:"UpdatedAt"`
}

// asffTypes are ASFF's resource types for the resource types mamori reads.
var asffTypes = map[string]string{
	"aws_s3_bucket": "AwsS3Bucket", "aws_iam_user": "AwsIamUser", "aws_iam_role": "AwsIamRole",
	"aws_iam_policy": "AwsIamPolicy", "aws_iam_access_key": "AwsIamAccessKey", "aws_instance": "AwsEc2Instance",
	"aws_security_group": "AwsEc2SecurityGroup", "aws_vpc": "AwsEc2Vpc", "aws_subnet": "AwsEc2Subnet",
	"aws_network_acl": "AwsEc2NetworkAcl", "aws_ebs_volume": "AwsEc2Volume", "aws_db_instance": "AwsRdsDbInstance",
	"aws_kms_key": "AwsKmsKey", "aws_cloudtrail": "AwsCloudTrailTrail", "aws_lambda_function": "AwsLambdaFunction",
	"aws_lb": "AwsElbv2LoadBalancer", "aws_sns_topic": "AwsSnsTopic", "aws_sqs_queue": "AwsSqsQueue",
	"aws_secretsmanager_secret": "AwsSecretsManagerSecret", "aws_ecr_repository": "AwsEcrRepository",
	"aws_ecs_cluster": "AwsEcsCluster", "aws_ecs_task_definition": "AwsEcsTaskDefinition", "aws_eks_cluster": "AwsEksCluster",
	"aws_dynamodb_table": "AwsDynamoDbTable", "aws_acm_certificate": "AwsCertificateManagerCertificate",
	"aws_cloudwatch_metric_alarm": "AwsCloudWatchAlarm", "aws_account": "AwsAccount",
}

var accountIDRE = regexp.MustCompile(`^[0-9]{12}$`)

func renderASFF(w io.Writer, in Input) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	l := newJSONList(bw, "  ")
	cc := checkCache{checks: in.Checks}
	home := "us-east-1"
	if len(in.Scan.Regions) > 0 {
		home = in.Scan.Regions[0]
	}
	shared := map[*mamori.Check]*asffCheck{}
	out := jw{prefix: "  "}
	err := in.Findings.Walk(Query{}, func(f *mamori.Finding) error {
		if !accountIDRE.MatchString(f.Account) {
			return nil
		}
		c := cc.of(f)
		ac := shared[c]
		if ac == nil {
			ac = asffCheckOf(c, in.Lang)
			shared[c] = ac
		}
		a := asffOf(f, ac, &in, home)
		return l.addRaw(ac.write(&out, &a))
	})
	if err != nil {
		return err
	}
	l.close()
	bw.WriteByte('\n')
	return bw.Flush()
}

func asffTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// cut shortens s to at most n characters (runes), marking the cut.
func cut(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func asffOf(f *mamori.Finding, c *asffCheck, in *Input, home string) asffFinding {
	region := f.Region
	if region == "" || region == "global" {
		region = home
	}
	partition := cloudPartition(f.Resource.ID)
	if partition == "" {
		partition = "aws"
	}
	sum := sha256.Sum256([]byte(f.Key()))
	created := f.FirstSeen
	if created.IsZero() {
		created = in.Scan.StartedAt
	}
	updated := f.LastSeen
	if updated.IsZero() {
		updated = in.Scan.StartedAt
	}
	label := strings.ToUpper(f.Severity.String())
	if f.Severity == mamori.SeverityInfo || label == "" {
		label = "INFORMATIONAL"
	}
	rtype := asffTypes[f.Resource.Type]
	if rtype == "" {
		rtype = "Other"
	}
	comp := asffCompliance{RelatedRequirements: c.req}
	wf := "NEW"
	switch f.Status {
	case mamori.StatusPass:
		comp.Status, wf = "PASSED", "RESOLVED"
	case mamori.StatusFail:
		comp.Status = "FAILED"
	case mamori.StatusMuted:
		comp.Status, wf = "FAILED", "SUPPRESSED"
	default:
		comp.Status = "WARNING"
		comp.StatusReasons = []asffReason{{ReasonCode: "CONFIG_ACCESS_DENIED", Description: cut(f.Reason, 2048)}}
		if !strings.Contains(f.Reason, "AccessDenied") && !strings.Contains(f.Reason, "not authorized") {
			comp.StatusReasons[0].ReasonCode = "INTERNAL_SERVICE_ERROR"
		}
	}
	a := asffFinding{
		SchemaVersion: asffSchema,
		ID:            "mamori/" + hex.EncodeToString(sum[:]),
		ProductArn:    "arn:" + partition + ":securityhub:" + region + ":" + f.Account + ":product/" + f.Account + "/default",
		ProductName:   "mamori",
		CompanyName:   "mamori",
		Region:        region,
		GeneratorID:   f.CheckID,
		AwsAccountID:  f.Account,
		Types:         c.types,
		FirstObserved: asffTime(f.FirstSeen),
		LastObserved:  asffTime(f.LastSeen),
		CreatedAt:     asffTime(created),
		UpdatedAt:     asffTime(updated),
		Severity:      asffSeverity{Label: label, Original: f.Severity.String()},
		Title:         c.title,
		Description:   c.desc,
		Remediation:   c.remediation,
		ProductFields: asffFields{ProviderName: "mamori", ProviderVersion: in.Version, CheckID: f.CheckID,
			ScanID: in.Scan.ID, Status: string(f.Status), Tenant: f.Tenant},
		Resources:   []asffResource{{Type: rtype, ID: f.Resource.ID, Partition: partition, Region: region}},
		Compliance:  comp,
		Workflow:    asffWorkflow{Status: wf},
		RecordState: "ACTIVE",
	}
	if f.Mute != nil {
		a.Note = &asffNote{Text: cut(f.Mute.Reason, 512), UpdatedBy: cut(f.Mute.By, 512), UpdatedAt: asffTime(updated)}
	}
	return a
}

// write returns a, a finding of check ac, as its JSON list element: byte for
// byte what encoding/json and the indenter give (the ASFF goldens,
// FuzzASFF), without reflection, the check's text escaped once. Valid until
// the next call with w.
func (ac *asffCheck) write(w *jw, a *asffFinding) []byte {
	if ac.typesJSON == nil {
		c := jw{prefix: w.prefix, depth: 1}
		c.strs("Types", ac.types)
		ac.typesJSON = c.b
		c = jw{prefix: w.prefix, depth: 1}
		c.str("Title", ac.title)
		c.str("Description", ac.desc)
		if r := ac.remediation; r != nil {
			c.key("Remediation")
			c.open('{')
			c.key("Recommendation")
			c.open('{')
			c.strOmit("Text", r.Recommendation.Text)
			c.strOmit("Url", r.Recommendation.URL)
			c.close('}')
			c.close('}')
		}
		ac.textJSON = c.b
		if len(ac.req) > 0 {
			c = jw{prefix: w.prefix, depth: 2}
			c.strs("RelatedRequirements", ac.req)
			ac.reqJSON = c.b
		}
	}
	w.b, w.depth, w.first = w.b[:0], 0, true
	w.open('{')
	w.str("SchemaVersion", a.SchemaVersion)
	w.str("Id", a.ID)
	w.str("ProductArn", a.ProductArn)
	w.str("ProductName", a.ProductName)
	w.str("CompanyName", a.CompanyName)
	w.str("Region", a.Region)
	w.str("GeneratorId", a.GeneratorID)
	w.str("AwsAccountId", a.AwsAccountID)
	w.b = append(w.b, ac.typesJSON...)
	w.strOmit("FirstObservedAt", a.FirstObserved)
	w.strOmit("LastObservedAt", a.LastObserved)
	w.str("CreatedAt", a.CreatedAt)
	w.str("UpdatedAt", a.UpdatedAt)
	w.key("Severity")
	w.open('{')
	w.str("Label", a.Severity.Label)
	w.str("Original", a.Severity.Original)
	w.close('}')
	w.b = append(w.b, ac.textJSON...)
	w.key("ProductFields")
	w.open('{')
	pf := &a.ProductFields
	w.str("ProviderName", pf.ProviderName)
	w.strOmit("ProviderVersion", pf.ProviderVersion)
	w.str("mamori/CheckId", pf.CheckID)
	w.str("mamori/ScanId", pf.ScanID)
	w.str("mamori/Status", pf.Status)
	w.strOmit("mamori/Tenant", pf.Tenant)
	w.close('}')
	w.key("Resources")
	w.open('[')
	for _, r := range a.Resources {
		w.next()
		w.open('{')
		w.str("Type", r.Type)
		w.str("Id", r.ID)
		w.str("Partition", r.Partition)
		w.strOmit("Region", r.Region)
		w.close('}')
	}
	w.close(']')
	w.key("Compliance")
	w.open('{')
	w.str("Status", a.Compliance.Status)
	if len(a.Compliance.StatusReasons) > 0 {
		w.key("StatusReasons")
		w.open('[')
		for _, r := range a.Compliance.StatusReasons {
			w.next()
			w.open('{')
			w.str("ReasonCode", r.ReasonCode)
			w.strOmit("Description", r.Description)
			w.close('}')
		}
		w.close(']')
	}
	w.b = append(w.b, ac.reqJSON...)
	w.close('}')
	w.key("Workflow")
	w.open('{')
	w.str("Status", a.Workflow.Status)
	w.close('}')
	w.str("RecordState", a.RecordState)
	if n := a.Note; n != nil {
		w.key("Note")
		w.open('{')
		w.str("Text", n.Text)
		w.str("UpdatedBy", n.UpdatedBy)
		w.str("UpdatedAt", n.UpdatedAt)
		w.close('}')
	}
	w.close('}')
	return w.b
}
