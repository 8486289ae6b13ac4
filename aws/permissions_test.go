package aws

import (
	"context"
	"sort"
	"strings"
	"testing"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/awsemu"
)

// iamAction names the IAM action that authorises an API call the emulator
// counted ("signing-name:Operation"). Most are the same string; these are the
// exceptions AWS documents in its Service Authorization Reference.
func iamAction(call string) string {
	svc, op, _ := strings.Cut(call, ":")
	switch svc {
	case "monitoring":
		svc = "cloudwatch"
	case "apigateway":
		return "apigateway:GET" // every read: IAM actions are HTTP verbs
	case "s3control":
		svc = "s3"
		if op == "GetPublicAccessBlock" {
			return "s3:GetAccountPublicAccessBlock"
		}
	case "s3":
		switch op {
		case "ListBuckets":
			return "s3:ListAllMyBuckets"
		case "GetBucketEncryption":
			return "s3:GetEncryptionConfiguration"
		case "GetPublicAccessBlock":
			return "s3:GetBucketPublicAccessBlock"
		case "ListObjectsV2", "HeadBucket":
			return "s3:ListBucket"
		case "GetBucketOwnershipControls":
			return "s3:GetBucketOwnershipControls"
		}
	}
	return svc + ":" + op
}

// `mamori permissions` is exact: every call a full scan of the demo world
// makes is authorised by an action some collector declares, and every
// declared action is made. A collector that calls an API it did not declare
// would fail for a user who granted the printed policy.
func TestPermissionsExact(t *testing.T) {
	w := awsemu.Demo()
	s := awsemu.New(w, awsemu.Faults{})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := New(Options{Config: s.Config(w.Accounts[0].Regions[0])})
	err := c.Collect(context.Background(), func(mamori.Resource) {}, func(e mamori.CollectError) { t.Errorf("collect error: %v", e.Error()) })
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]bool{}
	for _, a := range Actions() {
		declared[a] = true
	}
	used := map[string]bool{}
	for call := range s.Stats().Calls {
		a := iamAction(call)
		used[a] = true
		if !declared[a] {
			t.Errorf("the scan called %s (IAM action %s), which no collector declares", call, a)
		}
	}
	var unused []string
	for a := range declared {
		if !used[a] {
			unused = append(unused, a)
		}
	}
	sort.Strings(unused)
	if len(unused) > 0 {
		t.Logf("declared but not called against the demo world: %v", unused)
	}
}
