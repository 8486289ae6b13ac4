package mamori

import (
	"strings"
	"testing"
	"time"
)

func TestMutesAtScale(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	f := func(check, id, acct, region string, tags map[string]string) Finding {
		return Finding{CheckID: check, Status: StatusFail, Account: acct, Region: region, Resource: ResourceRef{ID: id, Name: id, Tags: tags}}
	}
	rules, err := ParseMutelist([]byte(`mutes:
  - {check: "*", resource: "*", account: "999900001111", by: a, reason: sandbox account, owner: platform-team, until: 2026-12-31T00:00:00Z}
  - {check: "aws-ec2-*", resource: "*", region: us-west-2, by: a, reason: lab region, until: 2027-01-01T00:00:00Z}
  - {check: "*", resource: "*", tags: {env: "dev*"}, account: "111122223333", by: a, reason: dev resources, until: 2027-01-01T00:00:00Z}
  - {check: "*", resource: "*", pattern: "^arn:aws:s3:::(logs|tmp)-[0-9]+$", by: a, reason: scratch buckets, until: 2027-01-01T00:00:00Z}
  - {check: aws-kms-key-rotation, resource: "*", by: a, reason: old, until: 2026-01-01T00:00:00Z}
`))
	if err != nil {
		t.Fatal(err)
	}
	fs := []Finding{
		f("aws-s3-x", "arn:aws:s3:::a", "999900001111", "ap-northeast-1", nil),                               // account
		f("aws-ec2-y", "i-1", "111122223333", "us-west-2", nil),                                              // region
		f("aws-rds-y", "db-1", "111122223333", "us-west-2", nil),                                             // region, other check
		f("aws-s3-x", "arn:aws:s3:::b", "111122223333", "ap-northeast-1", map[string]string{"env": "dev-2"}), // tag
		f("aws-s3-x", "arn:aws:s3:::c", "111122223333", "ap-northeast-1", map[string]string{"env": "prod"}),  // tag differs
		f("aws-s3-x", "arn:aws:s3:::logs-42", "111122223333", "ap-northeast-1", nil),                         // pattern
		f("aws-s3-x", "arn:aws:s3:::logs-x", "111122223333", "ap-northeast-1", nil),                          // pattern differs
		f("aws-kms-key-rotation", "k-1", "111122223333", "ap-northeast-1", nil),                              // expired rule
	}
	if n := ApplyMutes(fs, rules, now); n != 4 {
		t.Errorf("muted %d, want 4", n)
	}
	want := []Status{StatusMuted, StatusMuted, StatusFail, StatusMuted, StatusFail, StatusMuted, StatusFail, StatusFail}
	for i, w := range want {
		if fs[i].Status != w {
			t.Errorf("finding %d (%s %s): %s, want %s", i, fs[i].CheckID, fs[i].Resource.ID, fs[i].Status, w)
		}
	}
	if fs[0].Mute.Owner != "platform-team" {
		t.Errorf("owner not recorded: %+v", fs[0].Mute)
	}
	exp := ExpiredMutes(rules, now)
	if len(exp) != 1 || exp[0].Check != "aws-kms-key-rotation" || !strings.Contains(exp[0].Describe(), "check aws-kms-key-rotation resource *") {
		t.Errorf("expired = %+v", exp)
	}
	for _, bad := range []string{
		"mutes: [{check: '*', resource: '*', by: a, reason: b}]",
		"mutes: [{check: x, resource: '*', pattern: '(', by: a, reason: b}]",
	} {
		if _, err := ParseMutelist([]byte(bad)); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
}
