package vuln

import (
	"testing"

	"github.com/mamori-sec/mamori"
)

// Each ecosystem's own ordering decides, not a generic one: the cases are
// where a generic or SemVer ordering would say otherwise.
func TestEcosystemVersionRules(t *testing.T) {
	for _, c := range []struct {
		eco, introduced, fixed, version string
		affected                        bool
	}{
		// npm: SemVer, a prerelease sorts before its release.
		{"npm", "0", "1.0.0", "1.0.0-beta.2", true},
		{"npm", "0", "1.0.0", "1.0.0", false},
		{"npm", "1.0.0", "", "1.0.0-rc.1", false},
		// crates.io: SemVer too; build metadata does not count.
		{"crates.io", "0", "0.5.0", "0.4.9+build.1", true},
		// Maven: a SNAPSHOT or a milestone before its release; numbers as numbers.
		{"Maven", "0", "1.0", "1.0-SNAPSHOT", true},
		{"Maven", "0", "1.0", "1.0-rc1", true},
		{"Maven", "0", "1.0", "1.0-sp1", false},
		{"Maven", "0", "10.0", "2.0", true},
		{"Maven", "0", "1.0", "1.0.0", false}, // 1.0 and 1.0.0 are one version
		// PyPI: PEP 440.
		{"PyPI", "0", "2.0.0", "2.0.0rc1", true},
		{"PyPI", "0", "2.0.0", "2.0", false}, // 2.0 == 2.0.0
		{"PyPI", "0", "1.0", "1.0.post1", false},
		{"PyPI", "0", "1!0.5", "2.0", true}, // epoch 1 above any epoch 0
		// RubyGems: a letter makes a prerelease.
		{"RubyGems", "0", "1.0.0", "1.0.0.pre", true},
		{"RubyGems", "0", "1.0.0", "1.0.0.1", false},
		// NuGet: SemVer 2 with a fourth number.
		{"NuGet", "0", "1.0.0", "1.0.0-beta", true},
		{"NuGet", "0", "1.0.0.1", "1.0.0", true},
		// Packagist: Composer's order.
		{"Packagist", "0", "1.0.0", "1.0.0-RC1", true},
		{"Packagist", "0", "1.0.0", "v1.0.0", false},
		// Go: v prefix, pseudo-versions.
		{"Go", "0", "1.2.0", "v1.2.0-rc.1", true},
		{"Go", "0", "0.3.0", "0.2.1-0.20220101000000-abcdefabcdef", true},
		// Debian: the epoch first, a tilde before anything.
		{"Debian:12", "0", "2.0-1", "1:1.0-1", false},
		{"Debian:12", "0", "3.0.11-1~deb12u2", "3.0.11-1~deb12u1", true},
		{"Debian:12", "0", "3.0.11-1~deb12u2", "3.0.11-1", false},
		{"Ubuntu:22.04:LTS", "0", "1.2-3ubuntu0.1", "1.2-3", true},
		// RPM: epoch, tilde.
		{"Red Hat", "0", "1.0", "1.0~rc1", true},
		{"Red Hat", "0", "1:1.0", "2.0", true},
		{"AlmaLinux:9", "0", "3.0.7-25.el9_3", "3.0.7-24.el9", true},
		// Alpine: the -rN release, _rc before the release.
		{"Alpine:v3.19", "0", "1.2.3-r1", "1.2.3-r0", true},
		{"Alpine:v3.19", "0", "1.2.3-r0", "1.2.3_rc1-r0", true},
		{"Alpine:v3.19", "0", "1.2.3-r0", "1.2.3_p1-r0", false},
	} {
		a := mamori.Advisory{ID: "T-1", Source: "osv", Affected: []mamori.Affected{{Ecosystem: c.eco, Name: "p",
			Ranges: []mamori.VersionRange{{Type: "ECOSYSTEM", Events: []mamori.RangeEvent{{Introduced: c.introduced}}}}}}}
		if c.fixed != "" {
			a.Affected[0].Ranges[0].Events = append(a.Affected[0].Ranges[0].Events, mamori.RangeEvent{Fixed: c.fixed})
		}
		why, ok := Affects(&a, comp(c.eco, "p", c.version))
		if ok != c.affected {
			t.Errorf("%s %s in [%s, %s): affected = %v (%s), want %v", c.eco, c.version, c.introduced, c.fixed, ok, why, c.affected)
		}
	}
}
