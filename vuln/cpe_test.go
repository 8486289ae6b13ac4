package vuln

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
)

func TestCloudComponents(t *testing.T) {
	rs := []mamori.Resource{
		{Type: "aws_db_instance", ID: "arn:aws:rds:ap-northeast-1:1:db:shop", Attributes: map[string]any{"engine": "postgres", "engine_version": "13.4"}},
		{Type: "aws_rds_cluster", ID: "arn:aws:rds:ap-northeast-1:1:cluster:a", Attributes: map[string]any{"engine": "aurora-mysql", "engine_version": "8.0.mysql_aurora.3.05.2"}},
		{Type: "aws_db_instance", ID: "arn:aws:rds:ap-northeast-1:1:db:ora", Attributes: map[string]any{"engine": "oracle-ee", "engine_version": "19.0.0.0.ru-2024-01.rur-2024-01.r1"}},
		{Type: "aws_elasticache_replication_group", ID: "arn:aws:elasticache:ap-northeast-1:1:replicationgroup:c", Attributes: map[string]any{"engine": "redis", "engine_version": "7.0.7"}},
		{Type: "aws_opensearch_domain", ID: "arn:aws:es:ap-northeast-1:1:domain/logs", Attributes: map[string]any{"engine_version": "OpenSearch_2.11"}},
		{Type: "aws_eks_cluster", ID: "arn:aws:eks:ap-northeast-1:1:cluster/k", Attributes: map[string]any{"version": "1.29"}},
		{Type: "aws_lambda_function", ID: "arn:aws:lambda:ap-northeast-1:1:function:f", Attributes: map[string]any{"runtime": "nodejs18.x"}},
		{Type: "aws_lambda_function", ID: "arn:aws:lambda:ap-northeast-1:1:function:g", Attributes: map[string]any{"runtime": "provided.al2"}},
		{Type: "aws_s3_bucket", ID: "arn:aws:s3:::b"},
	}
	got := map[string]mamori.Component{}
	for _, c := range CloudComponents(rs) {
		got[c.Location] = c
	}
	want := map[string][3]string{
		"arn:aws:rds:ap-northeast-1:1:db:shop":                    {"PostgreSQL", "13.4", "cpe:2.3:a:postgresql:postgresql:13.4:*:*:*:*:*:*:*"},
		"arn:aws:rds:ap-northeast-1:1:cluster:a":                  {"Amazon Aurora MySQL", "8.0.mysql_aurora.3.05.2", "cpe:2.3:a:amazon:aurora_mysql:8.0.mysql_aurora.3.05.2:*:*:*:*:*:*:*"},
		"arn:aws:rds:ap-northeast-1:1:db:ora":                     {"Oracle Database", "19.0.0.0", "cpe:2.3:a:oracle:database_server:19.0.0.0:*:*:*:*:*:*:*"},
		"arn:aws:elasticache:ap-northeast-1:1:replicationgroup:c": {"Redis", "7.0.7", "cpe:2.3:a:redis:redis:7.0.7:*:*:*:*:*:*:*"},
		"arn:aws:es:ap-northeast-1:1:domain/logs":                 {"OpenSearch", "2.11", "cpe:2.3:a:amazon:opensearch:2.11:*:*:*:*:*:*:*"},
		"arn:aws:eks:ap-northeast-1:1:cluster/k":                  {"Kubernetes", "1.29", "cpe:2.3:a:kubernetes:kubernetes:1.29:*:*:*:*:*:*:*"},
		"arn:aws:lambda:ap-northeast-1:1:function:f":              {"Node.js", "18", "cpe:2.3:a:nodejs:node.js:18:*:*:*:*:*:*:*"},
	}
	if len(got) != len(want) {
		t.Errorf("got %d components: %+v", len(got), got)
	}
	for loc, w := range want {
		c := got[loc]
		if c.Name != w[0] || c.Version != w[1] || c.CPE != w[2] || c.Ecosystem != "" {
			t.Errorf("%s: %+v, want %v", loc, c, w)
		}
	}
	if !got["arn:aws:eks:ap-northeast-1:1:cluster/k"].MinVersion || got["arn:aws:rds:ap-northeast-1:1:db:shop"].MinVersion {
		t.Error("EKS's major.minor is a least version, RDS's full version is not")
	}
}

func TestParseCPE(t *testing.T) {
	for in, want := range map[string]mamori.CPE{
		"cpe:/a:postgresql:postgresql:13.4":                          {Part: "a", Vendor: "postgresql", Product: "postgresql", Version: "13.4"},
		"cpe:2.3:o:linux:linux_kernel:*:*:*:*:*:*:*:*":               {Part: "o", Vendor: "linux", Product: "linux_kernel"},
		`cpe:2.3:a:foo\:bar:baz:1.0:*:*:*:*:*:*:*`:                   {Part: "a", Vendor: "foo:bar", Product: "baz", Version: "1.0"},
		"cpe:/a:rockwellautomation:industrial_data_center_%28idc%29": {Part: "a", Vendor: "rockwellautomation", Product: "industrial_data_center_(idc)"},
	} {
		got, err := mamori.ParseCPE(in)
		if err != nil || got != want {
			t.Errorf("ParseCPE(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "postgresql", "cpe:/x:a:b", "cpe:2.3:a:*:*:1.0"} {
		if _, err := mamori.ParseCPE(bad); err == nil {
			t.Errorf("ParseCPE(%q) accepted", bad)
		}
	}
	// A product without its vendor finds nothing.
	if k := mamori.CPEKey("cpe:2.3:a:*:postgresql:13.4:*:*:*:*:*:*:*"); k != "" {
		t.Errorf("vendorless key %q", k)
	}
}

// CPE matches are candidates, need vendor and product, compare versions;
// a cloud database is found by an advisory that names PostgreSQL by CPE.
func TestMatchCPE(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	jvn := mamori.Advisory{ID: "JVNDB-2024-000001", Source: "jvn", Aliases: []string{"CVE-2024-0985"}, Summary: "PostgreSQL における権限昇格の脆弱性",
		Modified: now, Affected: []mamori.Affected{{Name: "PostgreSQL", CPE: "cpe:/a:postgresql:postgresql",
			Ranges: []mamori.VersionRange{{Type: "ECOSYSTEM", Events: []mamori.RangeEvent{{Introduced: "13.0"}, {Fixed: "13.14"}}}}}}}
	// Another vendor's product of the same name: never a match.
	other := mamori.Advisory{ID: "JVNDB-2024-000002", Source: "jvn", Modified: now,
		Affected: []mamori.Affected{{Name: "PostgreSQL", CPE: "cpe:/a:example:postgresql"}}}
	if _, err := db.PutAdvisories(ctx, []mamori.Advisory{jvn, other}); err != nil {
		t.Fatal(err)
	}
	m := &Matcher{Store: db, Now: func() time.Time { return now }}
	cs := CloudComponents([]mamori.Resource{
		{Type: "aws_db_instance", ID: "arn:db:old", Attributes: map[string]any{"engine": "postgres", "engine_version": "13.4"}},
		{Type: "aws_db_instance", ID: "arn:db:new", Attributes: map[string]any{"engine": "postgres", "engine_version": "13.14"}},
	})
	ms, probs, err := m.Match(ctx, cs)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if len(ms) != 1 {
		t.Fatalf("matches: %+v", ms)
	}
	mt := ms[0]
	if mt.AdvisoryID != "JVNDB-2024-000001" || mt.Group != "CVE-2024-0985" || mt.Confidence != mamori.ConfidenceCandidate ||
		mt.Component.Location != "arn:db:old" || mt.Why.RangeType != "cpe" || mt.Why.Fixed != "13.14" {
		t.Errorf("match: %+v", mt)
	}
	if s := mt.Why.String(); s != "CPE cpe:/a:postgresql:postgresql (vendor and product) matched, version 13.4: >=13.0, <13.14" {
		t.Errorf("why = %q", s)
	}
}

// A distribution's own advisory decides for its package: the upstream
// candidate of the same vulnerability is dropped.
func TestDistroPrecedence(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	upstream := mamori.Advisory{ID: "JVNDB-2023-000003", Source: "jvn", Aliases: []string{"CVE-2023-5678"}, Modified: now,
		Affected: []mamori.Affected{{Name: "OpenSSL", Ranges: []mamori.VersionRange{{Type: "ECOSYSTEM",
			Events: []mamori.RangeEvent{{Introduced: "3.0.0"}, {Fixed: "3.0.13"}}}}}}}
	if _, err := db.PutAdvisories(ctx, []mamori.Advisory{upstream}); err != nil {
		t.Fatal(err)
	}
	c := mamori.Component{Ecosystem: "Debian:12", Name: "openssl", Version: "3.0.11-1~deb12u2"}
	m := &Matcher{Store: db}
	ms, _, err := m.Match(ctx, []mamori.Component{c})
	if err != nil || len(ms) != 1 || ms[0].Confidence != mamori.ConfidenceCandidate {
		t.Fatalf("upstream alone: %+v %v", ms, err)
	}
	// Debian fixed it in its own 3.0.11-1~deb12u2 (a backport).
	dsa := mamori.Advisory{ID: "DSA-5000-1", Source: "osv", Aliases: []string{"CVE-2023-5678"}, Modified: now,
		Affected: []mamori.Affected{{Ecosystem: "Debian:12", Name: "openssl", Ranges: []mamori.VersionRange{{Type: "ECOSYSTEM",
			Events: []mamori.RangeEvent{{Introduced: "0"}, {Fixed: "3.0.11-1~deb12u2"}}}}}}}
	if _, err := db.PutAdvisories(ctx, []mamori.Advisory{dsa}); err != nil {
		t.Fatal(err)
	}
	m = &Matcher{Store: db}
	if ms, _, err = m.Match(ctx, []mamori.Component{c}); err != nil || len(ms) != 0 {
		t.Errorf("with the distro's advisory: %+v %v", ms, err)
	}
	// An older Debian package is affected by the distro's own range: exact.
	c.Version = "3.0.9-1"
	m = &Matcher{Store: db}
	ms, _, _ = m.Match(ctx, []mamori.Component{c})
	if len(ms) != 1 || ms[0].AdvisoryID != "DSA-5000-1" || ms[0].Confidence != mamori.ConfidenceExact {
		t.Errorf("older package: %+v", ms)
	}
}

// An unpacked root filesystem's dpkg database is an inventory, named by the
// release in its os-release.
func TestInventoryOSPackages(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"etc", "var/lib/dpkg", "lib/apk/db"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(dir, "etc"), "os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\nID=debian\n")
	write(t, filepath.Join(dir, "var/lib/dpkg"), "status", "Package: openssl\nStatus: install ok installed\nPriority: optional\nSection: utils\nInstalled-Size: 2300\nMaintainer: Debian OpenSSL Team\nArchitecture: amd64\nVersion: 3.0.11-1~deb12u2\nDescription: Secure Sockets Layer toolkit\n\nPackage: removed-one\nStatus: deinstall ok config-files\nVersion: 1.0\nArchitecture: amd64\nDescription: gone\n")
	write(t, filepath.Join(dir, "lib/apk/db"), "installed", "")
	cs, probs, err := Inventory(context.Background(), dir)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	var got []string
	for _, c := range cs {
		got = append(got, c.Ecosystem+" "+c.Name+" "+c.Version)
	}
	if d := cmp.Diff([]string{"Debian:12 openssl 3.0.11-1~deb12u2"}, got); d != "" {
		t.Errorf("components (-want +got):\n%s", d)
	}
}

// An SBOM component named only by CPE (no package URL) is matched by it.
func TestSBOMCPE(t *testing.T) {
	db := openDB(t)
	ctx := context.Background()
	dir := t.TempDir()
	bom := write(t, dir, "bom.cdx.json", `{"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": [
  {"type": "application", "name": "openssl", "version": "3.0.7", "cpe": "cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*", "bom-ref": "a"},
  {"type": "application", "name": "openssl", "version": "3.0.13", "cpe": "cpe:2.3:a:openssl:openssl:3.0.13:*:*:*:*:*:*:*", "bom-ref": "b"}]}`)
	cs, probs, err := Inventory(ctx, bom)
	if err != nil || len(probs) > 0 || len(cs) != 2 || cs[0].CPE == "" {
		t.Fatalf("inventory: %+v %v %v", cs, probs, err)
	}
	jvn := mamori.Advisory{ID: "JVNDB-2024-000010", Source: "jvn", Aliases: []string{"CVE-2023-5678"}, Modified: now,
		Affected: []mamori.Affected{{Name: "OpenSSL", CPE: "cpe:/a:openssl:openssl",
			Ranges: []mamori.VersionRange{{Type: "ECOSYSTEM", Events: []mamori.RangeEvent{{Introduced: "3.0.0"}, {Fixed: "3.0.13"}}}}}}}
	if _, err := db.PutAdvisories(ctx, []mamori.Advisory{jvn}); err != nil {
		t.Fatal(err)
	}
	m := &Matcher{Store: db}
	ms, _, err := m.Match(ctx, cs)
	if err != nil || len(ms) != 1 || ms[0].Component.Version != "3.0.7" || ms[0].Why.RangeType != "cpe" {
		t.Errorf("matches: %+v %v", ms, err)
	}
}
