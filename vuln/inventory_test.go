package vuln

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// One lockfile or SBOM of each ecosystem the issue names, each read by its
// osv-scalibr extractor into components of the OSV ecosystem it matches
// against; OS packages come in SBOMs by their package URL.
func TestInventoryEcosystems(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "Cargo.lock", "version = 3\n\n[[package]]\nname = \"smallvec\"\nversion = \"1.6.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n")
	write(t, dir, "Gemfile.lock", "GEM\n  remote: https://rubygems.org/\n  specs:\n    rack (2.2.3)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rack\n")
	write(t, dir, "composer.lock", `{"packages": [{"name": "guzzlehttp/guzzle", "version": "7.4.0", "source": {"type": "git", "url": "x", "reference": "abc"}}], "packages-dev": []}`)
	write(t, dir, "pom.xml", `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId><artifactId>app</artifactId><version>1.0</version>
  <dependencies><dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.14.1</version></dependency></dependencies>
</project>`)
	write(t, dir, "packages.lock.json", `{"version": 1, "dependencies": {"net6.0": {"Newtonsoft.Json": {"type": "Direct", "requested": "[12.0.1, )", "resolved": "12.0.1"}}}}`)
	write(t, dir, "os.spdx.json", `{"spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT", "name": "image", "documentNamespace": "https://example.com/image",
  "creationInfo": {"created": "2026-12-01T00:00:00Z", "creators": ["Tool: test"]},
  "packages": [
    {"SPDXID": "SPDXRef-1", "name": "openssl", "versionInfo": "3.0.11-1~deb12u2", "downloadLocation": "NOASSERTION",
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12"}]},
    {"SPDXID": "SPDXRef-2", "name": "busybox", "versionInfo": "1.36.1-r15", "downloadLocation": "NOASSERTION",
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1"}]},
    {"SPDXID": "SPDXRef-3", "name": "openssl", "versionInfo": "1:3.0.7-24.el9", "downloadLocation": "NOASSERTION",
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "pkg:rpm/redhat/openssl@3.0.7-24.el9?arch=x86_64&epoch=1&distro=rhel-9.3"}]}]}`)
	cs, probs, err := Inventory(context.Background(), dir)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	var got []string
	for _, c := range cs {
		got = append(got, c.Ecosystem+" "+c.Name+" "+c.Version+" "+strings.TrimPrefix(c.Location, dir+"/"))
	}
	want := []string{
		"Alpine:v3.19 busybox 1.36.1-r15 os.spdx.json",
		"Debian:12 openssl 3.0.11-1~deb12u2 os.spdx.json",
		"Maven org.apache.logging.log4j:log4j-core 2.14.1 pom.xml",
		"NuGet Newtonsoft.Json 12.0.1 packages.lock.json",
		"Packagist guzzlehttp/guzzle 7.4.0 composer.lock",
		"Red Hat openssl 1:3.0.7-24.el9 os.spdx.json",
		"RubyGems rack 2.2.3 Gemfile.lock",
		"crates.io smallvec 1.6.0 Cargo.lock",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("components (-want +got):\n%s", d)
	}

	// The RPM package of the SBOM is matched by its distribution's CSAF
	// advisory, exactly, by RPM's order.
	db := openDB(t)
	importAll(t, db, "testdata/csaf/rhsa-2024_0001.json")
	ms, probs, err := (&Matcher{Store: db}).Match(context.Background(), cs)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	if d := cmp.Diff([]pair{{"Red Hat", "openssl", "1:3.0.7-24.el9", "RHSA-2024:0001", ">=0, <1:3.0.7-25.el9_3ECOSYSTEM"}}, pairs(ms)); d != "" {
		t.Errorf("matches (-want +got):\n%s", d)
	}
}

// A broken lockfile or SBOM is named, with the reason; the files beside it
// are still read.
func TestInventoryBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, d := range []string{"web", "sbom", "rust"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, dir, "go.mod", "module example.com/app\n\ngo 1.22\n\nrequire golang.org/x/net v0.17.0\n")
	write(t, filepath.Join(dir, "web"), "package-lock.json", `{"lockfileVersion": 3, "packages": {`)
	write(t, filepath.Join(dir, "sbom"), "bom.cdx.json", `{"bomFormat": "CycloneDX", "components": [`)
	write(t, filepath.Join(dir, "rust"), "Cargo.lock", "[[package]\nname = ")
	cs, probs, err := Inventory(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cs {
		got = append(got, c.Ecosystem+" "+c.Name+" "+c.Version)
	}
	if d := cmp.Diff([]string{"Go golang.org/x/net 0.17.0", "Go stdlib 1.22"}, got); d != "" {
		t.Errorf("components of the good file (-want +got):\n%s", d)
	}
	msgs := errorLines(probs)
	for _, f := range []string{"rust/Cargo.lock: ", "sbom/bom.cdx.json: ", "web/package-lock.json: "} {
		if !strings.Contains(msgs, dir+"/"+f) {
			t.Errorf("%s not named in:\n%s", f, msgs)
		}
	}
	if len(probs) != 3 {
		t.Errorf("%d problems:\n%s", len(probs), msgs)
	}
}

// A module's pom.xml takes versions from its parent beside it (properties
// and dependency management), as osv-scalibr's extractor did; a parent that
// is not on disk ends the chain without an error.
func TestInventoryPOMParent(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "app"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "pom.xml", `<project><modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId><artifactId>parent</artifactId><version>1.0</version><packaging>pom</packaging>
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.2.0</version></parent>
  <properties><jackson.version>2.13.1</jackson.version></properties>
  <dependencyManagement><dependencies>
    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId><version>${jackson.version}</version></dependency>
  </dependencies></dependencyManagement>
</project>`)
	write(t, filepath.Join(dir, "app"), "pom.xml", `<project><modelVersion>4.0.0</modelVersion>
  <parent><groupId>com.example</groupId><artifactId>parent</artifactId><version>1.0</version></parent>
  <artifactId>app</artifactId>
  <dependencies>
    <dependency><groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>[4.12,5.0)</version><scope>test</scope></dependency>
  </dependencies>
</project>`)
	cs, probs, err := Inventory(context.Background(), dir)
	if err != nil || len(probs) > 0 {
		t.Fatal(err, probs)
	}
	var got []string
	for _, c := range cs {
		got = append(got, c.Name+" "+c.Version+" "+strings.TrimPrefix(c.Location, dir+"/"))
	}
	want := []string{
		"com.fasterxml.jackson.core:jackson-databind 2.13.1 app/pom.xml",
		"junit:junit 4.12 app/pom.xml",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("components (-want +got):\n%s", d)
	}
}
