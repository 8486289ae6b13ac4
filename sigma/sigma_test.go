package sigma

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/mamori-sec/mamori"
)

func ev(t testing.TB, js string) *mamori.Event {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		t.Fatal(err)
	}
	name, _ := m["eventName"].(string)
	return &mamori.Event{ID: "x", Source: "aws.cloudtrail", Name: name, Fields: mamori.MapRecord(m)}
}

func rule(t *testing.T, det string) *Rule {
	t.Helper()
	r, err := Parse([]byte("title: t\nid: r\nlogsource: {product: aws}\ndetection:\n" + det))
	if err != nil {
		t.Fatalf("%s: %v", det, err)
	}
	return r
}

func TestModifiersAndConditions(t *testing.T) {
	e := ev(t, `{"eventName":"AuthorizeSecurityGroupIngress","eventSource":"ec2.amazonaws.com","sourceIPAddress":"10.1.2.3",
		"userAgent":"aws-cli/2.13 Python","userIdentity":{"type":"IAMUser","arn":"arn:aws:sts::1:assumed-role/aws:ec2-instance/i-1"},
		"requestParameters":{"ipPermissions":{"items":[{"fromPort":22,"ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"}]}},{"fromPort":443}]},"n":"7","d":"QWRtaW5pc3RyYXRvcg=="},
		"responseElements":null,"a":"same","b":"same"}`)
	for det, want := range map[string]bool{
		"  s: {eventName: authorizesecuritygroupingress}\n  condition: s":                               true, // case-insensitive
		"  s: {eventName|cased: authorizesecuritygroupingress}\n  condition: s":                         false,
		"  s: {eventName: Authorize*Ingress}\n  condition: s":                                           true,
		"  s: {eventName: 'Authorize?ecurityGroupIngress'}\n  condition: s":                             true,
		"  s: {eventName: Authorize}\n  condition: s":                                                   false,
		"  s: {userAgent|contains: 'cli/2'}\n  condition: s":                                            true,
		"  s: {userAgent|startswith: AWS-CLI}\n  condition: s":                                          true,
		"  s: {userAgent|endswith: Python}\n  condition: s":                                             true,
		"  s: {userAgent|contains|all: [cli, python]}\n  condition: s":                                  true,
		"  s: {userAgent|contains|all: [cli, boto]}\n  condition: s":                                    false,
		"  s: {userIdentity.arn|re: '.+:assumed-role/aws:.+'}\n  condition: s":                          true,
		"  s: {sourceIPAddress|cidr: 10.0.0.0/8}\n  condition: s":                                       true,
		"  s: {sourceIPAddress|cidr: 192.168.0.0/16}\n  condition: s":                                   false,
		"  s: {requestParameters.ipPermissions.items.fromPort: 22}\n  condition: s":                     true,
		"  s: {requestParameters.ipPermissions.items.fromPort|gt: 400}\n  condition: s":                 true,
		"  s: {requestParameters.ipPermissions.items.fromPort|lt: 22}\n  condition: s":                  false,
		"  s: {requestParameters.n|gte: 7}\n  condition: s":                                             true,
		"  s: {requestParameters.ipPermissions.items.ipRanges.items.cidrIp: 0.0.0.0/0}\n  condition: s": true,
		"  s: {responseElements: null}\n  condition: s":                                                 true,
		"  s: {missing: null}\n  condition: s":                                                          true,
		"  s: {missing|exists: true}\n  condition: s":                                                   false,
		"  s: {responseElements|exists: true}\n  condition: s":                                          true,
		"  s: {requestParameters.d|base64: Administrator}\n  condition: s":                              true,
		"  s: {a|fieldref: b}\n  condition: s":                                                          true,
		"  s: {a|fieldref: eventName}\n  condition: s":                                                  false,
		"  s: {eventName: X}\n  f: {eventSource: ec2.amazonaws.com}\n  condition: s or f":               true,
		"  s: {eventName: X}\n  f: {eventSource: ec2.amazonaws.com}\n  condition: s and f":              false,
		"  s: {eventName: X}\n  f: {eventSource: ec2.amazonaws.com}\n  condition: not s and f":          true,
		"  s: {eventName: X}\n  f: {eventSource: ec2.amazonaws.com}\n  condition: not (s or f)":         false,
		"  sel_a: {eventName: X}\n  sel_b: {eventSource: ec2.amazonaws.com}\n  condition: 1 of sel_*":   true,
		"  sel_a: {eventName: X}\n  sel_b: {eventSource: ec2.amazonaws.com}\n  condition: all of sel_*": false,
		"  sel_a: {eventName: X}\n  sel_b: {eventSource: ec2.amazonaws.com}\n  condition: 1 of them":    true,
		"  s:\n    - {eventName: X}\n    - {eventSource: ec2.amazonaws.com}\n  condition: s":            true,
		"  s:\n    - {eventName: X}\n    - {eventSource: s3.amazonaws.com}\n  condition: s":             false,
		"  s: {eventName: [X, Y, AuthorizeSecurityGroupIngress]}\n  condition: s":                       true,
	} {
		if got, _ := rule(t, det).Match(e); got != want {
			t.Errorf("%s\n  matched %v, want %v", det, got, want)
		}
	}
}

func TestWhy(t *testing.T) {
	r := rule(t, "  s: {eventSource: cloudtrail.amazonaws.com, eventName: StopLogging}\n  f: {userAgent|contains: terraform}\n  condition: s and not f")
	ok, why := r.Match(ev(t, `{"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","userAgent":"aws-cli"}`))
	if !ok || len(why) != 2 || why[0].Field != "eventName" || why[0].Value != "StopLogging" || why[1].Pattern != "eventSource: cloudtrail.amazonaws.com" {
		t.Errorf("why = %+v", why)
	}
}

func TestParseErrors(t *testing.T) {
	for det, want := range map[string]string{
		"  s: {a: 1}\n  condition: s2":                  `unknown search identifier "s2"`,
		"  s: {a|contans: 1}\n  condition: s":           `unknown modifier "contans"`,
		"  s: {a|re: '('}\n  condition: s":              "bad regular expression",
		"  s: {a: 1}\n  condition: s | count() > 5":     "aggregations",
		"  s: {a|cidr: 10.0.0/8}\n  condition: s":       "bad CIDR",
		"  s: {a|utf16: 'x'}\n  condition: s":           "not supported",
		"  s: {a|expand|nosuch: '%x%'}\n  condition: s": "unknown modifier",
		"  s: {a: 1}\n  condition: (s":                  "missing )",
		"  s: {a: 1}\n  condition: s and":               "ends too early",
		"  s: {a: 1}\n  condition: 1 of x*":             "matches no search identifier",
		"  s: {a: 1}":                                   "no condition",
	} {
		_, err := Parse([]byte("title: t\nlogsource: {product: aws}\ndetection:\n" + det))
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s\n  error %v, want one line with %q", det, err, want)
		}
	}
	if _, err := Parse([]byte("title: t\n---\ntitle: u\n")); err == nil {
		t.Error("a multi-document file was accepted")
	}
	if _, err := Parse([]byte("detection: {s: {a: 1}, condition: s}")); err == nil || !strings.Contains(err.Error(), "no title") {
		t.Errorf("no title: %v", err)
	}
}

// Every built-in rule loads: the 57 SigmaHQ CloudTrail rules and ours, all
// with Japanese titles and descriptions of ours.
func TestBuiltin(t *testing.T) {
	rs, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var hq, ours int
	for _, r := range rs {
		switch r.Source {
		case "sigmahq":
			hq++
			if r.Title.Ja == "" {
				t.Errorf("%s (%s): no Japanese title in rules/sigmahq/ja.yaml", r.ID, r.Title.En)
			}
		case "mamori":
			ours++
			if r.Title.Ja == "" || r.Description.Ja == "" {
				t.Errorf("%s: no Japanese title or description", r.ID)
			}
		}
	}
	if hq != 57 || ours < 11 {
		t.Errorf("%d SigmaHQ rules and %d of ours, want 57 and at least 11", hq, ours)
	}
}

const stratus = "../testdata/cloudtrail/stratus-red-team"

// The Stratus Red Team detonation logs trigger the rules written for them.
func TestStratusDetections(t *testing.T) {
	if _, err := os.Stat(stratus); err != nil {
		t.Fatalf("Stratus Red Team logs not found at %s", stratus)
	}
	rs, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	set := NewSet(rs)
	fired := func(technique string) map[string]bool {
		b, err := os.ReadFile(filepath.Join(stratus, technique+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var recs []map[string]any
		if err := json.Unmarshal(b, &recs); err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, m := range recs {
			name, _ := m["eventName"].(string)
			set.Match(&mamori.Event{Source: "aws.cloudtrail", Name: name, Fields: mamori.MapRecord(m)}, func(r *Rule, _ []FieldMatch) {
				out[r.Title.En] = true
			})
		}
		return out
	}
	for technique, want := range map[string][]string{
		"aws.defense-evasion.cloudtrail-stop":                      {"CloudTrail stopped, deleted or changed"},
		"aws.defense-evasion.cloudtrail-delete":                    {"CloudTrail stopped, deleted or changed"},
		"aws.defense-evasion.cloudtrail-event-selectors":           {"CloudTrail stopped, deleted or changed"},
		"aws.initial-access.console-login-without-mfa":             {"Console sign-in without MFA"},
		"aws.exfiltration.ec2-security-group-open-port-22-ingress": {"Security group opened to the internet"},
		"aws.persistence.iam-create-admin-user":                    {"IAM user, key or policy changed"},
		"aws.persistence.iam-create-user-login-profile":            {"IAM user, key or policy changed"},
	} {
		got := fired(technique)
		for _, w := range want {
			if !got[w] {
				var titles []string
				for k := range got {
					titles = append(titles, k)
				}
				sort.Strings(titles)
				t.Errorf("%s: %q did not fire (fired: %v)", technique, w, titles)
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	entries, _ := builtinFS.ReadDir("rules/mamori")
	for _, e := range entries {
		b, _ := builtinFS.ReadFile("rules/mamori/" + e.Name())
		f.Add(b, []byte(`{"eventName":"StopLogging","eventSource":"cloudtrail.amazonaws.com","userIdentity":{"type":"Root"}}`))
	}
	f.Add([]byte("title: t\ndetection:\n  s: {a|re: x}\n  condition: not (s or 1 of s*)"), []byte(`{"a":"x"}`))
	f.Fuzz(func(t *testing.T, rule, record []byte) {
		r, err := Parse(rule)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error: %q", err)
			}
			return
		}
		var m map[string]any
		if json.Unmarshal(record, &m) != nil {
			return
		}
		name, _ := m["eventName"].(string)
		ev := &mamori.Event{Name: name, Fields: mamori.MapRecord(m)}
		inSet := false
		NewSet([]*Rule{r}).Match(ev, func(*Rule, []FieldMatch) { inSet = true })
		if alone, _ := r.Match(ev); alone != inSet {
			t.Errorf("the rule alone says %v, in a set (indexed by %q) %v", alone, r.keyField, inSet)
		}
	})
}

// Indexing rules changes no result: over every record of the shared
// datasets, a set fires exactly the rules that fire when each is tried.
func TestSetMatchesEveryRule(t *testing.T) {
	files, _ := filepath.Glob("../testdata/cloudtrail/*/*.json")
	more, _ := filepath.Glob("../testdata/cloudtrail/*/CloudTrail/*.json")
	files = append(files, more...)
	if len(files) == 0 {
		t.Fatal("CloudTrail datasets not found under ../testdata/cloudtrail")
	}
	rs, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	set := NewSet(rs)
	keyed, fired := 0, 0
	for _, r := range rs {
		if r.keyField != "" {
			keyed++
		}
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var recs []map[string]any
		if json.Unmarshal(b, &recs) != nil {
			var wrapped struct{ Records []map[string]any }
			if err := json.Unmarshal(b, &wrapped); err != nil {
				continue
			}
			recs = wrapped.Records
		}
		for _, m := range recs {
			name, _ := m["eventName"].(string)
			ev := &mamori.Event{Source: "aws.cloudtrail", Name: name, Fields: mamori.MapRecord(m)}
			var got, want []string
			set.Match(ev, func(r *Rule, _ []FieldMatch) { got = append(got, r.ID) })
			for _, r := range rs {
				if ok, _ := r.Match(ev); ok {
					want = append(want, r.ID)
				}
			}
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s %v: set fired %v, the rules one by one %v", f, m["eventID"], got, want)
			}
			fired += len(want)
		}
	}
	t.Logf("%d of %d rules indexed; %d rule hits compared", keyed, len(rs), fired)
	if fired < 100 {
		t.Errorf("only %d rule hits: the datasets should fire far more", fired)
	}
}

func BenchmarkSet(b *testing.B) {
	rs, err := Builtin()
	if err != nil {
		b.Fatal(err)
	}
	set := NewSet(rs)
	evs := []*mamori.Event{
		ev(b, `{"eventName":"DescribeInstances","eventSource":"ec2.amazonaws.com","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/a"},"sourceIPAddress":"1.2.3.4","userAgent":"aws-cli"}`),
		ev(b, `{"eventName":"StopLogging","eventSource":"cloudtrail.amazonaws.com","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/a"},"sourceIPAddress":"1.2.3.4","userAgent":"aws-cli"}`),
		ev(b, `{"eventName":"GetObject","eventSource":"s3.amazonaws.com","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/r/s"},"sourceIPAddress":"1.2.3.4","userAgent":"Boto3"}`),
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		set.Match(evs[i%len(evs)], func(*Rule, []FieldMatch) {})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// Values with the expand modifier are %placeholders% mamori fills in
// (the mining-port rule's %mining_ports%): false until resolved, then
// matched like the values they stand for.
func TestExpandPlaceholders(t *testing.T) {
	r, err := Parse([]byte("title: t\nlogsource: {product: aws, service: vpcflowlogs}\ndetection:\n" +
		"  s: {action: ACCEPT, dstport|expand: ['%ports%', '9999']}\n  condition: s"))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Placeholders(); len(got) != 1 || got[0] != "ports" {
		t.Fatalf("Placeholders() = %v", got)
	}
	ev := func(port float64) *mamori.Event {
		return &mamori.Event{Fields: mamori.MapRecord{"action": "ACCEPT", "dstport": port}}
	}
	if ok, _ := r.Match(ev(4444)); ok {
		t.Error("matched before Resolve")
	}
	if err := r.Resolve(map[string][]string{"ports": {"3333", "4444"}}); err != nil {
		t.Fatal(err)
	}
	for port, want := range map[float64]bool{3333: true, 4444: true, 9999: true, 443: false} {
		if ok, why := r.Match(ev(port)); ok != want {
			t.Errorf("port %v: matched %v, want %v (%v)", port, ok, want, why)
		}
	}
	if err := r.Resolve(map[string][]string{}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := r.Match(ev(4444)); ok {
		t.Error("an empty placeholder still matched 4444")
	}
	if ok, _ := r.Match(ev(9999)); !ok {
		t.Error("the literal value 9999 no longer matched")
	}
	nets, err := Parse([]byte("title: t\ndetection:\n  s: {srcaddr|expand|cidr: '%internal%'}\n  condition: s"))
	if err != nil {
		t.Fatalf("a cidr placeholder was refused before it had values: %v", err)
	}
	if err := nets.Resolve(map[string][]string{"internal": {"10.0.0/8"}}); err == nil || !strings.Contains(err.Error(), "bad CIDR") {
		t.Errorf("Resolve with a bad CIDR: %v", err)
	}
	if err := nets.Resolve(map[string][]string{"internal": {"10.0.0.0/8"}}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := nets.Match(&mamori.Event{Fields: mamori.MapRecord{"srcaddr": "10.1.2.3"}}); !ok {
		t.Error("10.1.2.3 is in the resolved 10.0.0.0/8")
	}
}
