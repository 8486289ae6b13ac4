package scan

import (
	"context"
	"testing"

	"github.com/mamori-sec/mamori"
)

// errorsCollector reports the given failures and nothing else.
type errorsCollector []mamori.CollectError

func (c errorsCollector) Collect(_ context.Context, _ func(mamori.Resource), fail func(mamori.CollectError)) error {
	for _, e := range c {
		fail(e)
	}
	return nil
}

// What is not applicable (a region an SCP denies, one not enabled) is kept
// with the scan but makes no ERROR finding and no partial scan; a failed
// read still does both.
func TestNotApplicableIsNotAnError(t *testing.T) {
	na := mamori.CollectError{Provider: "aws", Account: "222222222222", Region: "eu-west-1", Service: "*", NotApplicable: true,
		Message: "region denied by a service control policy"}
	denied := mamori.CollectError{Provider: "aws", Account: "333333333333", Region: "global", Service: "sts", Action: "sts:AssumeRole",
		Types: []string{"aws.organizations.account"}, Message: "AccessDenied"}
	eng := builtinEngine(t)

	res, err := Run(context.Background(), Options{Source: "x", Collector: errorsCollector{na}, Engine: eng})
	if err != nil {
		t.Fatal(err)
	}
	if res.Scan.Partial || len(res.Findings) != 0 || len(res.Scan.Errors) != 1 || !res.Scan.Errors[0].NotApplicable {
		t.Errorf("not applicable only: partial %v, %d findings, errors %v", res.Scan.Partial, len(res.Findings), res.Scan.Errors)
	}

	res, err = Run(context.Background(), Options{Source: "x", Collector: errorsCollector{na, denied}, Engine: eng})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Scan.Partial || len(res.Scan.Errors) != 2 {
		t.Errorf("with a failure: partial %v, errors %v", res.Scan.Partial, res.Scan.Errors)
	}
	var errs []mamori.Finding
	for _, f := range res.Findings {
		if f.Status == mamori.StatusError {
			errs = append(errs, f)
		}
	}
	if len(errs) != 1 || errs[0].Account != "333333333333" || errs[0].CheckID != "aws-organizations-member-scanned" {
		t.Errorf("ERROR findings: %+v", errs)
	}
}
