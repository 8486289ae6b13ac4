package checks

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/analyze"
	"github.com/mamori-sec/mamori/engine"
)

// Every shipped check loads, compiles, and carries at least one passing and
// one failing fixture, each of which gets the status it wants.
func TestBuiltinFixtures(t *testing.T) {
	cs, err := Builtin(nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) == 0 {
		t.Fatal("no built-in checks")
	}
	for _, c := range cs {
		t.Run(c.ID, func(t *testing.T) {
			var pass, fail int
			for _, tc := range c.Tests {
				switch tc.Want {
				case mamori.StatusPass:
					pass++
				case mamori.StatusFail:
					fail++
				}
			}
			if pass == 0 || fail == 0 {
				t.Errorf("needs a passing and a failing fixture; has %d passing, %d failing", pass, fail)
			}
			res, err := RunTests(c)
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range res {
				if !r.OK() {
					t.Errorf("fixture %q: want %s, got %s %s", r.Name, r.Want, r.Got, r.Reason)
				}
			}
			if len(c.References) == 0 {
				t.Errorf("no references")
			}
			if c.Risk.En == "" || c.Risk.Ja == "" || c.Remediation.Console.En == "" || c.Remediation.Console.Ja == "" {
				t.Errorf("risk and console remediation need both languages")
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	good := func(mut string) string {
		base := `id: my-check
provider: aws
service: s3
resource_type: aws_s3_bucket
severity: high
title: {en: t, ja: t}
description: {en: d, ja: d}
condition: resource.versioning == true
`
		return base + mut
	}
	known := func(t string) bool { return t == "aws_s3_bucket" }
	cases := []struct {
		name, file, want string
	}{
		{"bad yaml", "id: [", "bad YAML"},
		{"unknown field", good("colour: red\n"), "field colour not found"},
		{"cel does not compile", strings.Replace(good(""), "resource.versioning == true", "resource.versioning ==", 1), "does not compile"},
		{"not bool", strings.Replace(good(""), "resource.versioning == true", "size(name)", 1), "must be a bool"},
		{"unknown type", strings.Replace(good(""), "aws_s3_bucket", "aws_s3_bukket", 1), "unknown resource type"},
		{"bad severity", strings.Replace(good(""), "high", "urgent", 1), "unknown severity"},
		{"missing ja title", strings.Replace(good(""), "title: {en: t, ja: t}", "title: {en: t}", 1), "missing title.ja"},
		{"bad id", strings.Replace(good(""), "my-check", "My Check", 1), "check id"},
		{"bad compliance", good("compliance: [cis]\n"), "not framework:control"},
		{"empty", "", "empty check file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Load(fstest.MapFS{"x/c.yaml": {Data: []byte(c.file)}}, "dir", known)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to contain %q", err, c.want)
			}
			if !strings.Contains(err.Error(), "dir/x/c.yaml") {
				t.Errorf("error %q does not name the file", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
	_, err := Load(fstest.MapFS{"a.yaml": {Data: []byte(good(""))}, "b.yaml": {Data: []byte(good(""))}}, "dir", known)
	if err == nil || !strings.Contains(err.Error(), "already defined") {
		t.Errorf("duplicate id: err = %v", err)
	}
}

// FuzzParse feeds arbitrary bytes to the check parser: it must return a check
// or an error, never panic or hang.
func FuzzParse(f *testing.F) {
	cs, err := Builtin(nil)
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range cs {
		b, err := builtin.ReadFile("aws/" + c.Service + "/" + c.ID + ".yaml")
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("id: x\ncondition: '[1,2].all(x, x > 0)'"))
	f.Add([]byte("condition: resource.a.b[0] == 1 ? true : false"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse(b, nil)
		if err == nil && c == nil {
			t.Fatal("nil check without error")
		}
	})
}

// A scan keeps in memory only the attributes the engine says its checks read;
// every fixture must get the same status and reason from that pruned copy.
func TestPrunedFixturesSameResult(t *testing.T) {
	cs, err := Builtin(nil)
	if err != nil {
		t.Fatal(err)
	}
	eng, err := engine.New(cs)
	if err != nil {
		t.Fatal(err)
	}
	reads := eng.Reads()
	for _, c := range cs {
		p, err := engine.Compile(c)
		if err != nil {
			t.Fatal(err)
		}
		for i := range c.Tests {
			full := fixture(c, i)
			pruned := fixture(c, i)
			reads.Prune(&pruned)
			st1, r1 := p.Eval(&full, FixtureTime)
			st2, r2 := p.Eval(&pruned, FixtureTime)
			if st1 != st2 || r1 != r2 {
				t.Errorf("%s fixture %q: %s %q whole, %s %q pruned to %v", c.ID, c.Tests[i].Name, st1, r1, st2, r2, pruned.Attributes)
			}
		}
	}
}

// The security-group checks read facts.world_ingress (analyzer
// sg-world-ingress) when it is there and resource.ingress otherwise: on every
// fixture, both give the same status and reason, and the fixtures' wants.
func TestWorldIngressSameResult(t *testing.T) {
	cs, err := Builtin(nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range cs {
		if !strings.Contains(c.Condition, "facts.world_ingress") {
			continue
		}
		n++
		p, err := engine.Compile(c)
		if err != nil {
			t.Fatal(err)
		}
		for i, tc := range c.Tests {
			plain := fixture(c, i)
			analysed := fixture(c, i)
			rs := []mamori.Resource{analysed}
			analyze.Run(rs, func(string) bool { return true })
			analysed = rs[0]
			if _, ok := analysed.Facts["world_ingress"]; !ok {
				t.Errorf("%s fixture %q: the analyzer set no world_ingress", c.ID, tc.Name)
				continue
			}
			st1, r1 := p.Eval(&plain, FixtureTime)
			st2, r2 := p.Eval(&analysed, FixtureTime)
			if st1 != st2 || r1 != r2 {
				t.Errorf("%s fixture %q: %s %q from ingress, %s %q from world_ingress %v", c.ID, tc.Name, st1, r1, st2, r2, analysed.Facts["world_ingress"])
			}
			if st2 != tc.Want {
				t.Errorf("%s fixture %q: want %s, got %s from world_ingress", c.ID, tc.Name, tc.Want, st2)
			}
		}
	}
	if n < 6 {
		t.Errorf("%d checks read world_ingress, want the 6 security-group port checks", n)
	}
}
