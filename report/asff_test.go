package report

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mamori-sec/mamori"
)

// The ASFF report holds what BatchImportFindings requires of every finding:
// the required fields, their formats and lengths, and values from ASFF's
// enumerations (https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-findings-format-syntax.html).
func TestASFFValidForBatchImport(t *testing.T) {
	for _, lang := range []string{"en", "ja"} {
		in := fixture(lang)
		var got []map[string]any
		if err := json.Unmarshal(render(t, "asff", in), &got); err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 {
			t.Fatal("no findings")
		}
		isTime := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)
		product := regexp.MustCompile(`^arn:aws(-cn|-us-gov)?:securityhub:[a-z0-9-]+:\d{12}:product/\d{12}/default$`)
		ids := map[string]bool{}
		for i, f := range got {
			str := func(k string) string { s, _ := f[k].(string); return s }
			for _, k := range []string{"SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "CreatedAt", "UpdatedAt", "Title", "Description"} {
				if str(k) == "" {
					t.Errorf("%s #%d: %s missing", lang, i, k)
				}
			}
			if str("SchemaVersion") != "2018-10-08" || !product.MatchString(str("ProductArn")) || !regexp.MustCompile(`^\d{12}$`).MatchString(str("AwsAccountId")) {
				t.Errorf("#%d: schema %q, product %q, account %q", i, str("SchemaVersion"), str("ProductArn"), str("AwsAccountId"))
			}
			if ids[str("Id")] || len(str("Id")) > 512 {
				t.Errorf("#%d: Id %q duplicate or too long", i, str("Id"))
			}
			ids[str("Id")] = true
			if !isTime.MatchString(str("CreatedAt")) || !isTime.MatchString(str("UpdatedAt")) {
				t.Errorf("#%d: times %q %q", i, str("CreatedAt"), str("UpdatedAt"))
			}
			if utf8.RuneCountInString(str("Title")) > 256 || utf8.RuneCountInString(str("Description")) > 1024 {
				t.Errorf("#%d: title or description too long", i)
			}
			types, _ := f["Types"].([]any)
			if len(types) == 0 || len(types) > 50 {
				t.Errorf("#%d: Types %v", i, types)
			}
			for _, ty := range types {
				if n := strings.Count(ty.(string), "/"); n < 1 || n > 2 {
					t.Errorf("#%d: type %q is not namespace/category[/classifier]", i, ty)
				}
			}
			sev := f["Severity"].(map[string]any)["Label"]
			if !strings.Contains(" INFORMATIONAL LOW MEDIUM HIGH CRITICAL ", " "+sev.(string)+" ") {
				t.Errorf("#%d: severity %v", i, sev)
			}
			comp := f["Compliance"].(map[string]any)
			if !strings.Contains(" PASSED WARNING FAILED NOT_AVAILABLE ", " "+comp["Status"].(string)+" ") {
				t.Errorf("#%d: compliance %v", i, comp["Status"])
			}
			if rr, _ := comp["RelatedRequirements"].([]any); len(rr) > 32 {
				t.Errorf("#%d: %d related requirements", i, len(rr))
			}
			wf := f["Workflow"].(map[string]any)["Status"].(string)
			if !strings.Contains(" NEW NOTIFIED RESOLVED SUPPRESSED ", " "+wf+" ") {
				t.Errorf("#%d: workflow %q", i, wf)
			}
			res, _ := f["Resources"].([]any)
			if len(res) != 1 {
				t.Fatalf("#%d: resources %v", i, res)
			}
			r := res[0].(map[string]any)
			if r["Type"] == "" || r["Id"] == "" {
				t.Errorf("#%d: resource %v", i, r)
			}
			for k, v := range f["ProductFields"].(map[string]any) {
				if len(k) > 128 || len(v.(string)) > 2048 {
					t.Errorf("#%d: product field %s too long", i, k)
				}
			}
		}
	}
}

// A finding's Id is the same in every scan (an import updates it in place),
// and status maps to compliance and workflow as documented.
func TestASFFStatusAndStableID(t *testing.T) {
	f := mamori.Finding{CheckID: "c", Status: mamori.StatusMuted, Account: "123456789012", Region: "global", Provider: "aws",
		Resource: mamori.ResourceRef{Type: "aws_iam_user", ID: "arn:aws:iam::123456789012:user/a"}, Mute: &mamori.Mute{By: "sato", Reason: "test account"}}
	c := asffCheckOf(&mamori.Check{ID: "c"}, "en")
	a := asffOf(&f, c, &Input{Scan: mamori.Scan{ID: "s1"}}, "ap-northeast-1")
	b := asffOf(&f, c, &Input{Scan: mamori.Scan{ID: "s2"}}, "ap-northeast-1")
	if a.ID != b.ID {
		t.Error("Id changes between scans")
	}
	if a.Compliance.Status != "FAILED" || a.Workflow.Status != "SUPPRESSED" || a.Note == nil || a.Region != "ap-northeast-1" || a.Resources[0].Type != "AwsIamUser" {
		t.Errorf("muted finding: %+v", a)
	}
	f.Status, f.Reason = mamori.StatusError, "iam:ListUsers: AccessDenied: not authorized"
	if e := asffOf(&f, c, &Input{}, "us-east-1"); e.Compliance.Status != "WARNING" || e.Compliance.StatusReasons[0].ReasonCode != "CONFIG_ACCESS_DENIED" {
		t.Errorf("error finding: %+v", e.Compliance)
	}
	if got := cut(strings.Repeat("あ", 300), 256); utf8.RuneCountInString(got) != 256 {
		t.Errorf("cut to %d runes", utf8.RuneCountInString(got))
	}
}
