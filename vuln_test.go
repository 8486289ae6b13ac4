package mamori

import (
	"testing"
	"time"
)

func TestGroupID(t *testing.T) {
	for _, c := range []struct {
		ids  []string
		want string
	}{
		{[]string{"GO-2024-2687", "GHSA-4v7x-pqxf-cx7m", "CVE-2023-45288"}, "CVE-2023-45288"},
		{[]string{"PYSEC-1", "CVE-2024-2", "CVE-2023-9"}, "CVE-2023-9"},
		{[]string{"PYSEC-1", "GHSA-1"}, "GHSA-1"},
	} {
		if got := GroupID(c.ids); got != c.want {
			t.Errorf("GroupID(%v) = %s; want %s", c.ids, got, c.want)
		}
	}
}

func TestSupersedes(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	old := Advisory{ID: "X", Source: "osv", Modified: t0, Summary: "a", FetchedAt: t0, Origin: "a.json"}
	same := old
	same.FetchedAt, same.Origin, same.Raw = t0.Add(time.Hour), "b.json", []byte("{}")
	newer := old
	newer.Modified = t0.Add(time.Second)
	edited := old
	edited.Summary = "b"
	older := edited
	older.Modified = t0.Add(-time.Second)
	for name, c := range map[string]struct {
		a    Advisory
		want bool
	}{"same content, fetched again": {same, false}, "newer": {newer, true}, "same time, new text": {edited, true}, "older": {older, false}} {
		if got := c.a.Supersedes(&old); got != c.want {
			t.Errorf("%s: Supersedes = %v; want %v", name, got, c.want)
		}
	}
}

func TestMatchReasonString(t *testing.T) {
	for _, c := range []struct {
		r    MatchReason
		want string
	}{
		{MatchReason{Ecosystem: "Go", Package: "stdlib", RangeType: "SEMVER", Range: ">=0, <1.21.9", Version: "1.21.5"}, "Go stdlib 1.21.5 in SEMVER >=0, <1.21.9"},
		{MatchReason{Ecosystem: "PyPI", Package: "jinja2", RangeType: "versions", Version: "2.10"}, "PyPI jinja2 2.10 listed as affected"},
		{MatchReason{Ecosystem: "npm", Package: "x", RangeType: "none"}, "npm x has no version: assumed affected"},
		{MatchReason{Package: "Shop-Plugin", RangeType: "name", Version: "v9", Range: "version not compared"}, "product Shop-Plugin v9 matched by name only (version not compared)"},
		{MatchReason{Package: "Shop-Plugin", RangeType: "ECOSYSTEM", Range: ">=0, <2.4.1", Version: "2.4.0"}, "product Shop-Plugin 2.4.0 matched by name only, in ECOSYSTEM >=0, <2.4.1"},
	} {
		if got := c.r.String(); got != c.want {
			t.Errorf("String() = %q; want %q", got, c.want)
		}
	}
}

func TestNormalizeName(t *testing.T) {
	for _, c := range [][3]string{
		{"PyPI", "Foo_Bar..baz", "foo-bar-baz"},
		{"", " Shop-Plugin ", "shop-plugin"},
		{"npm", "@Scope/Pkg", "@Scope/Pkg"},
		{"Debian:12", "OpenSSL", "OpenSSL"},
	} {
		if got := NormalizeName(c[0], c[1]); got != c[2] {
			t.Errorf("NormalizeName(%q, %q) = %q; want %q", c[0], c[1], got, c[2])
		}
	}
}
