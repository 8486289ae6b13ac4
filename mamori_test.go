package mamori

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func fnd(check, id string, st Status) Finding {
	return Finding{CheckID: check, Status: st, Provider: "aws", Account: "1", Region: "r", Resource: ResourceRef{ID: id, Name: id}}
}

func TestCompare(t *testing.T) {
	prev := []Finding{fnd("a", "x", StatusFail), fnd("b", "x", StatusFail), fnd("c", "x", StatusFail), fnd("d", "x", StatusPass), fnd("e", "x", StatusFail)}
	cur := []Finding{fnd("a", "x", StatusFail), fnd("b", "x", StatusPass), fnd("d", "x", StatusFail), fnd("e", "x", StatusError), fnd("f", "x", StatusFail)}
	d := Compare(prev, cur)
	ids := func(fs []Finding) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.CheckID)
		}
		return out
	}
	got := map[string][]string{"new": ids(d.New), "resolved": ids(d.Resolved), "unchanged": ids(d.Unchanged)}
	want := map[string][]string{"new": {"d", "f"}, "resolved": {"b", "c"}, "unchanged": {"a"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diff (-want +got):\n%s", diff)
	}
}

func TestApplyMutes(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	fs := []Finding{fnd("aws-s3-x", "b1", StatusFail), fnd("aws-s3-x", "b2", StatusFail), fnd("aws-s3-x", "b1", StatusError), fnd("aws-iam-y", "b1", StatusFail), fnd("aws-s3-z", "b1", StatusFail)}
	rules := []MuteRule{
		{Check: "aws-s3-*", Resource: "b1", By: "tanaka", Reason: "public website"},
		{Check: "aws-iam-y", Resource: "*", By: "x", Reason: "expired", Until: now.Add(-time.Hour)},
	}
	for _, r := range rules {
		if err := r.Validate(); err != nil {
			t.Fatal(err)
		}
	}
	if n := ApplyMutes(fs, rules, now); n != 2 {
		t.Errorf("muted %d, want 2", n)
	}
	want := []Status{StatusMuted, StatusFail, StatusError, StatusFail, StatusMuted}
	for i, f := range fs {
		if f.Status != want[i] {
			t.Errorf("%d %s/%s: %s, want %s", i, f.CheckID, f.Resource.ID, f.Status, want[i])
		}
	}
	if fs[0].Mute == nil || fs[0].Mute.By != "tanaka" {
		t.Errorf("mute not recorded: %+v", fs[0].Mute)
	}
	if err := (&MuteRule{Check: "x", Resource: "y"}).Validate(); err == nil {
		t.Error("rule without by and reason validated")
	}
	// "*" crosses "/" and ":" so that it matches whole ARNs; names only narrow.
	arn := Finding{CheckID: "aws-ec2-x", Status: StatusFail, Resource: ResourceRef{ID: "arn:aws:ec2:r:1:instance/i-1", Name: "web"}}
	for _, c := range []struct {
		rule MuteRule
		want bool
	}{
		{MuteRule{Check: "*", Resource: "*"}, true},
		{MuteRule{Check: "aws-ec2-*", Resource: "arn:aws:ec2:*:instance/*"}, true},
		{MuteRule{Check: "aws-ec2-?", Resource: "*"}, true},
		{MuteRule{Check: "aws-s3-*", Resource: "*"}, false},
		{MuteRule{Check: "*", Resource: "*", Name: "web"}, true},
		{MuteRule{Check: "*", Resource: "*", Name: "db*"}, false},
		{MuteRule{Check: "*", Resource: "web"}, false},
	} {
		if got := c.rule.matches(&arn, now); got != c.want {
			t.Errorf("%+v matches = %v, want %v", c.rule, got, c.want)
		}
	}
}

func TestSeverity(t *testing.T) {
	for _, s := range []string{"info", "LOW", " medium", "high", "Critical"} {
		v, err := ParseSeverity(s)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := v.MarshalText()
		var back Severity
		if err := back.UnmarshalText(b); err != nil || back != v {
			t.Errorf("%s round trip: %v %v", s, back, err)
		}
	}
	if _, err := ParseSeverity("urgent"); err == nil {
		t.Error("urgent parsed")
	}
}

func TestParseMutelist(t *testing.T) {
	rules, err := ParseMutelist([]byte("mutes:\n  - {check: aws-s3-*, resource: b1, by: me, reason: ok, until: 2027-01-01T00:00:00Z}\n"))
	if err != nil || len(rules) != 1 || rules[0].Until.Year() != 2027 {
		t.Fatalf("rules = %+v, err = %v", rules, err)
	}
	for _, bad := range []string{"mutes: [", "mutes: [{check: x, resource: y}]", "mute: []", "mutes: [{check: x, by: a, reason: b}]"} {
		if _, err := ParseMutelist([]byte(bad)); err == nil {
			t.Errorf("ParseMutelist(%q) accepted", bad)
		}
	}
}

func FuzzParseMutelist(f *testing.F) {
	f.Add([]byte("mutes:\n  - {check: aws-s3-*, resource: b1, by: me, reason: ok, until: 2027-01-01T00:00:00Z}\n"))
	f.Add([]byte("mutes: [{check: '*', resource: '*', by: x, reason: y, account: '1', region: r}]"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rules, err := ParseMutelist(b)
		if err != nil {
			return
		}
		fs := []Finding{fnd("c", "r", StatusFail)}
		ApplyMutes(fs, rules, time.Unix(0, 0))
	})
}

// The index-permutation sort used for long lists gives exactly the order of a
// plain sort.
func TestSortFindingsLong(t *testing.T) {
	var a []Finding
	for i := 0; i < 5000; i++ {
		f := fnd(string(rune('a'+(i*7)%26)), string(rune('A'+(i*13)%26))+string(rune('0'+i%10)), StatusFail)
		f.Severity = Severity(i % 5)
		f.Region = string(rune('a' + i%3))
		f.Reason = string(rune(i)) // payload to tell copies apart
		a = append(a, f)
	}
	b := append([]Finding(nil), a...)
	SortFindings(a)
	slices.SortStableFunc(b, func(x, y Finding) int { return compareFindings(&x, &y) })
	for i := range a {
		if compareFindings(&a[i], &b[i]) != 0 {
			t.Fatalf("position %d: %+v vs %+v", i, a[i], b[i])
		}
	}
	seen := map[string]bool{}
	for _, f := range a {
		seen[f.Reason] = true
	}
	if len(seen) != 5000 {
		t.Fatalf("findings lost or duplicated: %d distinct", len(seen))
	}
}

func TestReadsPrune(t *testing.T) {
	reads := Reads{}
	reads.Add("aws_s3_bucket", "policy", "logging")
	reads.Merge(Reads{"aws_s3_bucket": {"acl": true}, "aws_vpc": {AllAttributes: true}})
	sub := map[string]any{"enabled": true}
	b := Resource{Type: "aws_s3_bucket", Attributes: map[string]any{"policy": "p", "logging": sub, "name": "n", "arn": "a"}}
	reads.Prune(&b)
	if len(b.Attributes) != 2 || b.Attributes["policy"] != "p" || b.Attributes["logging"].(map[string]any)["enabled"] != true {
		t.Errorf("pruned bucket = %v, want policy and logging only", b.Attributes)
	}
	v := Resource{Type: "aws_vpc", Attributes: map[string]any{"cidr": "10.0.0.0/8"}}
	reads.Prune(&v)
	if len(v.Attributes) != 1 {
		t.Errorf("a type read whole lost attributes: %v", v.Attributes)
	}
	// A type nothing reads keeps an empty tree, not none: "no attributes"
	// and "not collected" differ to an analyzer.
	k := Resource{Type: "aws_kms_key", Attributes: map[string]any{"rotation": true}}
	reads.Prune(&k)
	if k.Attributes == nil || len(k.Attributes) != 0 {
		t.Errorf("unread type: attributes %#v, want an empty map", k.Attributes)
	}
	n := Resource{Type: "aws_s3_bucket"}
	reads.Prune(&n)
	if n.Attributes != nil {
		t.Errorf("nil attributes became %#v", n.Attributes)
	}
	// Tags stay only where something reads them (or reads everything).
	tags := map[string]string{"owner": "tanaka"}
	reads.Add("aws_instance", ReadsTags)
	for _, tc := range []struct {
		typ  string
		keep bool
	}{{"aws_s3_bucket", false}, {"aws_instance", true}, {"aws_vpc", true}, {"aws_kms_key", false}} {
		r := Resource{Type: tc.typ, Tags: tags, Attributes: map[string]any{}}
		reads.Prune(&r)
		if (r.Tags != nil) != tc.keep {
			t.Errorf("%s: tags %v after Prune, want kept: %v", tc.typ, r.Tags, tc.keep)
		}
	}
}
