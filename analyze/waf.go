package analyze

// wafCoverage says, for each load balancer, whether a regional AWS WAF web
// ACL protects it: WAF names what it protects (ListResourcesForWebACL), the
// load balancer does not name its ACL. CloudFront distributions carry their
// ACL themselves (web_acl_id) and need no analyzer.
//
// Facts on aws_lb:
//   - waf_protected (bool): some web ACL of the load balancer's account and
//     region lists it. Not set when WAF was not read for the account, or when
//     the protected resources of some web ACL there could not be read, so
//     that an unknown is an ERROR rather than a FAIL.
//   - waf_web_acl (string): the protecting web ACL's ARN, when there is one.
var wafCoverage = Analyzer{
	Name:  "waf-coverage",
	Facts: map[string][]string{"aws_lb": {"waf_protected", "waf_web_acl"}},
	Reads: map[string][]string{
		"aws_lb":            {"arn"},
		"aws_wafv2_web_acl": {"associated_resources", "scope"},
	},
	Run: runWAFCoverage,
}

func runWAFCoverage(ix *Index) {
	type place struct{ account, region string }
	protectedBy := map[string]string{} // resource ARN -> web ACL ARN
	unknown := map[place]bool{}        // some ACL's resources were not read
	for _, a := range ix.Type("aws_wafv2_web_acl") {
		if a.Attributes["scope"] != "REGIONAL" {
			continue
		}
		res, ok := a.Attributes["associated_resources"].([]any)
		if !ok {
			unknown[place{a.Account, a.Region}] = true
			continue
		}
		for _, r := range res {
			if s, ok := r.(string); ok {
				protectedBy[s] = a.ID
			}
		}
	}
	for _, lb := range ix.Type("aws_lb") {
		if !ix.CollectedIn(lb.Account, "wafv2") {
			continue
		}
		arn, _ := lb.Attributes["arn"].(string)
		if acl, ok := protectedBy[arn]; ok {
			SetFact(lb, "waf_protected", true)
			SetFact(lb, "waf_web_acl", acl)
			continue
		}
		if !unknown[place{lb.Account, lb.Region}] {
			SetFact(lb, "waf_protected", false)
		}
	}
}
