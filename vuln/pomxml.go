package vuln

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"

	"deps.dev/util/maven"
	"github.com/google/osv-scalibr/extractor"
	"github.com/google/osv-scalibr/extractor/filesystem"
	"github.com/google/osv-scalibr/extractor/filesystem/language/java/javalockfile"
	"github.com/google/osv-scalibr/inventory"
	"github.com/google/osv-scalibr/plugin"
	"github.com/google/osv-scalibr/purl"
	"golang.org/x/net/html/charset"

	cpb "github.com/google/osv-scalibr/binary/proto/config_go_proto"
)

// pomExtractor reads a Maven pom.xml (or .pom) the way osv-scalibr's
// java/pomxml extractor does offline — deps.dev's Maven model, properties
// interpolated, parents merged when they are found locally (relativePath,
// else ../pom.xml), dependency management applied, each dependency's version
// as written (the lower bound of a range) — without linking that extractor:
// through osv-scalibr's Maven utilities it imports the deps.dev gRPC client,
// grpc imports golang.org/x/net/trace, and that package's init makes
// html/template's method lookup reachable, which keeps every operation of
// every AWS SDK client in mamori's binary (cmd/mamori's deadcode test).
type pomExtractor struct{}

const pomName = "java/pomxml"

func newPOMExtractor(*cpb.PluginConfig) (filesystem.Extractor, error) { return pomExtractor{}, nil }

func (pomExtractor) Name() string                       { return pomName }
func (pomExtractor) Version() int                       { return 0 }
func (pomExtractor) Requirements() *plugin.Capabilities { return &plugin.Capabilities{} }

func (pomExtractor) FileRequired(api filesystem.FileAPI) bool {
	return filepath.Base(api.Path()) == "pom.xml" || filepath.Ext(api.Path()) == ".pom"
}

// pomMaxParents bounds the chain of local parents, as osv-scalibr does.
const pomMaxParents = 100

func decodePOM(r io.Reader, p *maven.Project) error {
	d := xml.NewDecoder(r)
	d.CharsetReader = charset.NewReaderLabel // non-UTF-8 POMs
	d.Entity = xml.HTMLEntity
	return d.Decode(p)
}

var pomVersionRE = regexp.MustCompile(`[[(]?(.*?)(?:,|[)\]]|$)`)

func (pomExtractor) Extract(ctx context.Context, in *filesystem.ScanInput) (inventory.Inventory, error) {
	var p maven.Project
	if err := decodePOM(in.Reader, &p); err != nil {
		return inventory.Inventory{}, fmt.Errorf("could not extract pom from %s: %w", in.Path, err)
	}
	if err := p.Interpolate(); err != nil {
		return inventory.Inventory{}, fmt.Errorf("failed to interpolate pom for %s in %s: %w", p.Name, in.Path, err)
	}
	if err := mergeLocalParents(in, &p); err != nil {
		return inventory.Inventory{}, fmt.Errorf("failed to merge parents for %s in %s: %w", p.Name, in.Path, err)
	}
	p.ProcessDependencies(func(_, _, _ maven.String) (maven.DependencyManagement, error) {
		return maven.DependencyManagement{}, nil
	})
	seen := map[string]*extractor.Package{}
	var out inventory.Inventory
	for _, dep := range p.Dependencies {
		g, a, ok := strings.Cut(dep.Name(), ":")
		if !ok {
			return inventory.Inventory{}, fmt.Errorf("invalid package name %q for %s in %s", dep.Name(), p.Name, in.Path)
		}
		typ := ""
		if dep.Type != "jar" {
			typ = string(dep.Type)
		}
		md := &javalockfile.Metadata{ArtifactID: a, GroupID: g, Type: typ, Classifier: string(dep.Classifier), DepGroupVals: []string{}}
		if scope := strings.TrimSpace(string(dep.Scope)); scope != "" && scope != "compile" {
			md.DepGroupVals = []string{scope}
		}
		version := ""
		if m := pomVersionRE.FindStringSubmatch(string(dep.Version)); m != nil {
			version = m[1]
		}
		pkg := &extractor.Package{Name: dep.Name(), Version: version, PURLType: purl.TypeMaven,
			Location: extractor.LocationFromPath(filepath.ToSlash(in.Path)), Metadata: md}
		if prev, ok := seen[dep.Name()]; ok {
			*prev = *pkg // the last declaration wins, as in osv-scalibr
			continue
		}
		seen[dep.Name()] = pkg
		out.Packages = append(out.Packages, pkg)
	}
	return out, nil
}

// mergeLocalParents merges the parents found beside the POM into p, nearest
// first, then interpolates again. A parent that is not on disk (it would be
// in a Maven repository) ends the chain: mamori does not fetch POMs.
func mergeLocalParents(in *filesystem.ScanInput, p *maven.Project) error {
	cur, path := p.Parent, in.Path
	visited := map[maven.ProjectKey]bool{}
	for range pomMaxParents {
		if cur.GroupID == "" || cur.ArtifactID == "" || cur.Version == "" {
			break
		}
		if visited[cur.ProjectKey] {
			return errors.New("a cycle of parents is detected")
		}
		visited[cur.ProjectKey] = true
		pp := parentPOMPath(in, path, string(cur.RelativePath))
		if pp == "" {
			break
		}
		f, err := in.FS.Open(pp)
		if err != nil {
			return fmt.Errorf("failed to open parent file %s: %w", pp, err)
		}
		var parent maven.Project
		err = decodePOM(f, &parent)
		f.Close()
		if err != nil {
			return fmt.Errorf("failed to unmarshal project: %w", err)
		}
		key := parent.ProjectKey
		if key.GroupID == "" {
			key.GroupID = parent.Parent.GroupID
		}
		if key.Version == "" {
			key.Version = parent.Parent.Version
		}
		if key != cur.ProjectKey || parent.Packaging != "pom" {
			break // not the parent named: it would come from a repository
		}
		if err := p.MergeProfiles("", maven.ActivationOS{}); err != nil {
			return fmt.Errorf("failed to merge default profiles: %w", err)
		}
		p.MergeParent(parent)
		cur, path = parent.Parent, pp
	}
	return p.Interpolate()
}

// parentPOMPath is where a parent named with relativePath (default
// ../pom.xml; a directory means its pom.xml) is, relative to the scan's
// root, or "" when there is nothing there.
func parentPOMPath(in *filesystem.ScanInput, current, relativePath string) string {
	if relativePath == "" {
		relativePath = "../pom.xml"
	}
	p := filepath.ToSlash(filepath.Join(filepath.Dir(current), relativePath))
	info, err := in.FS.Stat(p)
	if err != nil {
		return ""
	}
	if !info.IsDir() {
		return p
	}
	p = filepath.ToSlash(filepath.Join(p, "pom.xml"))
	if _, err := in.FS.Stat(p); err == nil {
		return p
	}
	return ""
}
