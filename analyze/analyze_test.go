package analyze

import (
	"testing"

	"github.com/mamori-sec/mamori"
)

// Unread names the failures that covered a type in one account and region,
// and nothing for failures elsewhere or of other types.
func TestUnread(t *testing.T) {
	const a, b = "111111111111", "222222222222"
	errs := []mamori.CollectError{
		{Account: a, Region: "us-east-1", Service: "ssm", Action: "ssm:DescribeInstanceInformation", Types: []string{"aws_ssm_managed_instance"}, Message: "AccessDenied: no"},
		{Account: a, Region: "ap-northeast-1", Service: "ssm", Action: "ssm:ListDocuments", Types: []string{"aws_ssm_document"}, Message: "AccessDenied: no"},
		{Account: a, Region: "eu-west-1", Service: "ssm", Message: "Throttling: slow down"}, // a returned error: every type
		{Account: a, Region: "sa-east-1", Service: "ssm", Types: []string{"aws_ssm_managed_instance"}, Message: "opt-in region", NotApplicable: true},
		{Account: b, Region: "us-east-1", Service: "*", Message: "AccessDenied: cannot assume role"},
	}
	ix := NewIndex(nil)
	ix.errs = errs
	ix.collectedIn = func(account, svc string) bool { return account == "333333333333" || svc == "ssm" && account != a }
	for _, tc := range []struct{ account, region, service, want string }{
		{a, "us-east-1", "ssm", "ssm in us-east-1: ssm:DescribeInstanceInformation: AccessDenied: no"},
		{a, "ap-northeast-1", "ssm", ""},
		{a, "eu-west-1", "ssm", "ssm in eu-west-1: Throttling: slow down"},
		{a, "sa-east-1", "ssm", ""},
		{b, "us-east-1", "ssm", "* in us-east-1: AccessDenied: cannot assume role"},
		{a, "us-east-1", "vpc", "vpc was not read in this scan"},
		{"333333333333", "us-east-1", "vpc", ""},
	} {
		for range 2 { // the second answer comes from the index's memo
			if got := ix.Unread(tc.account, tc.region, tc.service, "aws_ssm_managed_instance"); got != tc.want {
				t.Errorf("Unread(%s, %s, %s) = %q, want %q", tc.account, tc.region, tc.service, got, tc.want)
			}
		}
	}
}
