package vuln

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	cpb "github.com/google/osv-scalibr/binary/proto/config_go_proto"
	"github.com/google/osv-scalibr/extractor"
	"github.com/google/osv-scalibr/extractor/filesystem"
	"github.com/google/osv-scalibr/extractor/filesystem/language/dotnet/packageslockjson"
	"github.com/google/osv-scalibr/extractor/filesystem/language/golang/gomod"
	"github.com/google/osv-scalibr/extractor/filesystem/language/java/gradlelockfile"
	"github.com/google/osv-scalibr/extractor/filesystem/language/javascript/packagelockjson"
	"github.com/google/osv-scalibr/extractor/filesystem/language/javascript/pnpmlock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/javascript/yarnlock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/php/composerlock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/python/pipfilelock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/python/poetrylock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/python/requirements"
	"github.com/google/osv-scalibr/extractor/filesystem/language/ruby/gemfilelock"
	"github.com/google/osv-scalibr/extractor/filesystem/language/rust/cargolock"
	"github.com/google/osv-scalibr/extractor/filesystem/os/apk"
	"github.com/google/osv-scalibr/extractor/filesystem/os/dpkg"
	"github.com/google/osv-scalibr/extractor/filesystem/os/rpm"
	"github.com/google/osv-scalibr/extractor/filesystem/sbom/cdx"
	cdxmeta "github.com/google/osv-scalibr/extractor/filesystem/sbom/cdx/metadata"
	"github.com/google/osv-scalibr/extractor/filesystem/sbom/spdx"
	spdxmeta "github.com/google/osv-scalibr/extractor/filesystem/sbom/spdx/metadata"
	scalibrfs "github.com/google/osv-scalibr/fs"
	scalibrlog "github.com/google/osv-scalibr/log"
	"github.com/google/osv-scalibr/plugin"
	"github.com/google/osv-scalibr/purl"
	"github.com/google/osv-scalibr/stats"

	"github.com/mamori-sec/mamori"
)

// extractorList is every osv-scalibr extractor `mamori vuln scan` runs, in
// one visible list (no registration by import side effect). Each reads
// lockfiles or SBOMs offline.
var extractorList = []func(*cpb.PluginConfig) (filesystem.Extractor, error){
	gomod.New,            // go.mod (with the standard library from the go / toolchain line)
	requirements.New,     // requirements.txt
	pipfilelock.New,      // Pipfile.lock
	poetrylock.New,       // poetry.lock
	packagelockjson.New,  // package-lock.json
	yarnlock.New,         // yarn.lock
	pnpmlock.New,         // pnpm-lock.yaml
	cargolock.New,        // Cargo.lock
	gemfilelock.New,      // Gemfile.lock
	composerlock.New,     // composer.lock
	newPOMExtractor,      // pom.xml (versions as written; local parents; no resolution over the network): pomxml.go
	gradlelockfile.New,   // gradle.lockfile
	packageslockjson.New, // packages.lock.json (NuGet)
	cdx.New,              // CycloneDX SBOM: *.cdx.json, *.cdx.xml, bom.json, bom.xml
	spdx.New,             // SPDX SBOM: *.spdx.json, *.spdx, *.spdx.yml, *.spdx.rdf
	// OS package lists of a root filesystem (a directory holding etc/os-release
	// and the package database: an unpacked container image, a mounted disk):
	dpkg.New, // var/lib/dpkg/status (Debian, Ubuntu)
	apk.New,  // lib/apk/db/installed (Alpine, Wolfi, Chainguard)
	rpm.New,  // var/lib/rpm/rpmdb.sqlite, Packages.db, Packages (Red Hat, AlmaLinux, Rocky, SUSE, Amazon Linux)
}

// Extractors returns new instances of the extractors in extractorList.
func Extractors() ([]filesystem.Extractor, error) {
	var out []filesystem.Extractor
	for _, n := range extractorList {
		e, err := n(&cpb.PluginConfig{})
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

var skipDirs = regexp.MustCompile(`(^|/)(\.git|node_modules|\.venv|__pycache__)$`)

// Inventory lists the components in path: a directory (its lockfiles and
// SBOMs, recursively, skipping .git and node_modules) or one lockfile or
// SBOM. Files an extractor could not read are returned as errors naming
// them; the components of the others are still returned. The error
// returned means nothing could be read at all.
func Inventory(ctx context.Context, path string) ([]mamori.Component, []error, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := os.Stat(abs)
	if err != nil {
		return nil, nil, pathErr(path, err)
	}
	exs, err := Extractors()
	if err != nil {
		return nil, nil, err
	}
	quietOnce.Do(func() { scalibrlog.SetLogger(quiet{}) })
	cfg := &filesystem.Config{Extractors: exs, SkipDirRegex: skipDirs, Stats: stats.NoopCollector{}}
	root := abs
	if !st.IsDir() {
		root = filepath.Dir(abs)
		cfg.PathsToExtract = []string{abs}
		cfg.IgnoreSubDirs = true
	}
	cfg.ScanRoots = []*scalibrfs.ScanRoot{scalibrfs.RealFSScanRoot(root)}
	inv, status, err := filesystem.Run(ctx, cfg)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", path, err)
	}
	var problems []error
	for _, s := range status {
		if s.Status == nil || s.Status.Status == plugin.ScanStatusSucceeded {
			continue
		}
		for _, fe := range s.Status.FileErrors {
			problems = append(problems, fmt.Errorf("%s: %s", display(path, root, fe.FilePath, st.IsDir()), oneLine(fe.ErrorMessage)))
		}
		if len(s.Status.FileErrors) == 0 && s.Status.FailureReason != "" {
			problems = append(problems, fmt.Errorf("%s: %s: %s", path, s.Name, oneLine(s.Status.FailureReason)))
		}
	}
	var cs []mamori.Component
	seen := map[string]bool{}
	for _, p := range inv.Packages {
		c := Component(p)
		if loc := p.Location.PathOrEmpty(); loc != "" {
			c.Location = display(path, root, loc, st.IsDir())
		}
		if seen[c.Key()] {
			continue
		}
		seen[c.Key()] = true
		cs = append(cs, c)
	}
	if !st.IsDir() && len(cs) == 0 && len(problems) == 0 && !required(exs, abs, st) {
		return nil, nil, fmt.Errorf("%s: not a lockfile or SBOM mamori can read (see mamori vuln scan --help)", path)
	}
	slices.SortFunc(cs, func(a, b mamori.Component) int { return strings.Compare(a.Key(), b.Key()) })
	return cs, problems, nil
}

// required reports whether some extractor wants the file.
func required(exs []filesystem.Extractor, abs string, st os.FileInfo) bool {
	api := simpleFileAPI{path: filepath.Base(abs), info: st}
	for _, e := range exs {
		if e.FileRequired(api) {
			return true
		}
	}
	return false
}

type simpleFileAPI struct {
	path string
	info os.FileInfo
}

func (s simpleFileAPI) Path() string               { return s.path }
func (s simpleFileAPI) Stat() (os.FileInfo, error) { return s.info, nil }

// display names a file as the user would: under the directory they gave, or
// the file itself.
func display(arg, root, rel string, dir bool) string {
	if !dir {
		return arg
	}
	rel = strings.TrimPrefix(filepath.ToSlash(rel), filepath.ToSlash(root)+"/")
	return filepath.Join(arg, filepath.FromSlash(rel))
}

// Component turns an osv-scalibr package into a component named the way
// OSV names it (osv-scanner's rules): the package URL's namespace joined to
// the name ("group:artifact" for Maven, "namespace/name" elsewhere, except
// for OS packages), Go's "go" as "stdlib".
func Component(p *extractor.Package) mamori.Component {
	eco := p.Ecosystem().String()
	c := mamori.Component{Ecosystem: eco, Name: p.Name, Version: p.Version}
	u := p.PURL()
	if u != nil {
		c.PURL = u.String()
		if u.Namespace != "" && !osPURL(u.Type) {
			sep := "/"
			if mamori.BaseEcosystem(eco) == "Maven" {
				sep = ":"
			}
			if !strings.HasPrefix(c.Name, u.Namespace+sep) {
				c.Name = u.Namespace + sep + c.Name
			}
		}
	}
	// An SBOM's CPE (CycloneDX cpe, SPDX cpe23Type reference) is kept for
	// CPE matching.
	switch m := p.Metadata.(type) {
	case *cdxmeta.Metadata:
		if len(m.CPEs) > 0 {
			c.CPE = m.CPEs[0]
		}
	case *spdxmeta.Metadata:
		if len(m.CPEs) > 0 {
			c.CPE = m.CPEs[0]
		}
	}
	// An RPM package of an SBOM: osv-scalibr gives no ecosystem without the
	// OS release, which the package URL's namespace names well enough
	// (pkg:rpm/redhat/...: Red Hat), and its version without the epoch,
	// which RPM's order needs (epoch=1: "1:3.0.7-24.el9").
	if u != nil && u.Type == purl.TypeRPM && eco == "" {
		c.Ecosystem = purlEcosystem(*u)
		for _, q := range u.Qualifiers {
			if q.Key == "epoch" && q.Value != "" && q.Value != "0" && !strings.Contains(c.Version, ":") {
				c.Version = q.Value + ":" + c.Version
			}
		}
	}
	if mamori.BaseEcosystem(eco) == "Go" && c.Name == "go" {
		c.Name = "stdlib"
	}
	// go.mod's go (or toolchain) line is the least version that may build
	// the module, not the toolchain that does: osv-scanner leaves it out,
	// mamori keeps it as a candidate.
	if c.Name == "stdlib" && slices.Contains(p.Plugins, gomod.Name) {
		c.MinVersion = true
	}
	return c
}

func osPURL(t string) bool {
	switch t {
	case purl.TypeDebian, purl.TypeApk, purl.TypeRPM, purl.TypeAlpm, purl.TypeOpkg, purl.TypeFlatpak,
		purl.TypeCOS, purl.TypeSnap, purl.TypePacman, purl.TypePortage, purl.TypeNix:
		return true
	}
	return false
}

// quiet drops osv-scalibr's log lines: what went wrong comes back as plugin
// statuses, which Inventory reports.
type quiet struct{}

var quietOnce sync.Once

func (quiet) Errorf(string, ...any) {}
func (quiet) Error(...any)          {}
func (quiet) Warnf(string, ...any)  {}
func (quiet) Warn(...any)           {}
func (quiet) Infof(string, ...any)  {}
func (quiet) Info(...any)           {}
func (quiet) Debugf(string, ...any) {}
func (quiet) Debug(...any)          {}
