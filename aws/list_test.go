package aws

import (
	"regexp"
	"testing"
)

// API Gateway names its actions by HTTP verb: apigateway:GET is its read.
var actionRE = regexp.MustCompile(`^([a-z0-9-]+:(Describe|Get|List|BatchGet|GenerateCredentialReport)[A-Za-z0-9]*|apigateway:GET)$`)

// Every registered service is a complete declaration, and every action it
// declares is a read: the scanner's policy must never grant a write.
func TestServices(t *testing.T) {
	seen := map[string]bool{}
	types := map[string]string{}
	for _, s := range Services() {
		if s.Name == "" || seen[s.Name] {
			t.Errorf("service name %q empty or duplicate", s.Name)
		}
		seen[s.Name] = true
		if s.Collect == nil {
			t.Errorf("%s: no Collect function", s.Name)
		}
		if len(s.Types) == 0 {
			t.Errorf("%s: declares no resource types", s.Name)
		}
		if len(s.Actions) == 0 {
			t.Errorf("%s: declares no IAM actions", s.Name)
		}
		for _, a := range s.Actions {
			if !actionRE.MatchString(a) {
				t.Errorf("%s: action %q is not a read-only action", s.Name, a)
			}
		}
		for _, ty := range s.Types {
			if prev, dup := types[ty]; dup {
				t.Errorf("type %s produced by both %s and %s", ty, prev, s.Name)
			}
			types[ty] = s.Name
		}
	}
	for _, a := range Actions() {
		if !actionRE.MatchString(a) {
			t.Errorf("policy action %q is not read-only", a)
		}
	}
}
