package vuln

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/osv-scalibr/purl"
	"github.com/mamori-sec/mamori/vuln/csaf"

	"github.com/mamori-sec/mamori"
)

// SourceCSAF names advisories read from CSAF 2.0 documents.
const SourceCSAF = "csaf"

// looksLikeCSAF: a JSON object whose first key is "document" (CSAF
// documents are written so; acknowledgments may push csaf_version past the
// first bytes), or that names csaf_version beside a document.
func looksLikeCSAF(head []byte) bool {
	return firstKey(head) == "document" ||
		bytes.Contains(head, []byte(`"document"`)) && bytes.Contains(head, []byte(`"csaf_version"`))
}

// looksLikeCSAFIndex: a provider's provider-metadata.json, a ROLIE feed, a
// ROLIE service or category document — what a mirrored CSAF tree holds
// beside the advisories. vuln import skips them.
func looksLikeCSAFIndex(head []byte) bool {
	switch firstKey(head) {
	case "feed", "service", "categories":
		return true
	}
	return bytes.Contains(head, []byte(`"canonical_url"`)) && bytes.Contains(head, []byte(`"metadata_version"`))
}

// firstKey is the first key of a JSON object ("" when it cannot tell).
func firstKey(head []byte) string {
	t := bytes.TrimLeft(head, " \t\r\n\xef\xbb\xbf")
	if !bytes.HasPrefix(t, []byte("{")) {
		return ""
	}
	t = bytes.TrimLeft(t[1:], " \t\r\n")
	if !bytes.HasPrefix(t, []byte(`"`)) {
		return ""
	}
	end := bytes.IndexByte(t[1:], '"')
	if end < 0 {
		return ""
	}
	return string(t[1 : 1+end])
}

// csafProduct is what the product tree says of one product ID.
type csafProduct struct {
	name, vendor, product, version, versionRange string
	cpe, purl                                    string
}

// ParseCSAF reads a CSAF 2.0 advisory: it is checked against the CSAF JSON
// schema (an embedded copy, offline) and read with the types of vuln/csaf. The
// document becomes one advisory with source csaf: its tracking ID as ID, the
// CVEs and IDs of its vulnerabilities and its tracking aliases as aliases,
// its title and summary notes, CVSS vectors and references. Each product
// the vulnerabilities name as known_affected, first_affected or
// last_affected becomes an affected package: by package URL when its
// identification helper has one (an ecosystem mamori matches exactly: the
// version listed, or the vers range of a product_version_range), else by
// product name and CPE (candidates). A product named fixed or first_fixed
// at a version, for a package URL, closes a range below that version
// (introduced 0, fixed V): the distributions' way of saying "update to V".
func ParseCSAF(data []byte) (mamori.Advisory, error) {
	var doc any
	if err := json.Unmarshal(data, &doc); err != nil {
		return mamori.Advisory{}, fmt.Errorf("not a CSAF document: %s", oneLine(err.Error()))
	}
	errs, err := csaf.ValidateCSAF(doc)
	if err != nil {
		return mamori.Advisory{}, fmt.Errorf("CSAF schema: %v", err)
	}
	if len(errs) > 0 {
		msg := errs[0]
		if len(errs) > 1 {
			msg += fmt.Sprintf(" (and %d more)", len(errs)-1)
		}
		return mamori.Advisory{}, fmt.Errorf("not a valid CSAF 2.0 document: %s", oneLine(msg))
	}
	var adv csaf.Advisory
	if err := json.Unmarshal(data, &adv); err != nil {
		return mamori.Advisory{}, fmt.Errorf("not a CSAF document: %s", oneLine(err.Error()))
	}
	d := adv.Document
	if d == nil || d.Tracking == nil || d.Tracking.ID == nil {
		return mamori.Advisory{}, errors.New("CSAF document has no document.tracking.id")
	}
	a := mamori.Advisory{ID: strings.TrimSpace(string(*d.Tracking.ID)), Source: SourceCSAF, Summary: str(d.Title)}
	if a.Published, err = csafTime(str(d.Tracking.InitialReleaseDate)); err != nil {
		return a, fmt.Errorf("initial_release_date: %v", err)
	}
	if a.Modified, err = csafTime(str(d.Tracking.CurrentReleaseDate)); err != nil {
		return a, fmt.Errorf("current_release_date: %v", err)
	}
	for _, al := range d.Tracking.Aliases {
		a.Aliases = appendNew(a.Aliases, str(al))
	}
	var details []string
	for _, n := range d.Notes {
		if n != nil && n.NoteCategory != nil && (*n.NoteCategory == csaf.CSAFNoteCategorySummary || *n.NoteCategory == csaf.CSAFNoteCategoryDescription) {
			details = append(details, str(n.Text))
		}
	}
	for _, r := range d.References {
		if r != nil && r.URL != nil {
			a.References = append(a.References, mamori.Reference{Type: "ADVISORY", URL: *r.URL})
		}
	}
	products := csafProducts(adv.ProductTree)
	type pkey struct{ eco, name, cpe string }
	affected := map[pkey]*mamori.Affected{}
	var order []pkey
	get := func(p csafProduct) *mamori.Affected {
		eco, name := "", p.product
		if p.purl != "" {
			if u, err := purl.FromString(p.purl); err == nil {
				eco, name = purlEcosystem(u), purlName(u)
			}
		}
		if name == "" {
			name = p.name
		}
		k := pkey{eco, name, p.cpe}
		if af, ok := affected[k]; ok {
			return af
		}
		af := &mamori.Affected{Ecosystem: eco, Name: name, CPE: p.cpe}
		if eco != "" {
			af.PURL = p.purl
		}
		affected[k] = af
		order = append(order, k)
		return af
	}
	for _, v := range adv.Vulnerabilities {
		if v == nil {
			continue
		}
		if v.CVE != nil {
			a.Aliases = appendNew(a.Aliases, string(*v.CVE))
		}
		for _, id := range v.IDs {
			if id != nil {
				a.Aliases = appendNew(a.Aliases, str(id.Text))
			}
		}
		for _, n := range v.Notes {
			if n != nil && n.NoteCategory != nil && *n.NoteCategory == csaf.CSAFNoteCategoryDescription && len(details) == 0 {
				details = append(details, str(n.Text))
			}
		}
		for _, s := range v.Scores {
			if s == nil {
				continue
			}
			if s.CVSS3 != nil && s.CVSS3.VectorString != nil {
				a.Severity = appendScore(a.Severity, mamori.SeverityScore{Type: "CVSS_V3", Score: string(*s.CVSS3.VectorString)})
			}
			if s.CVSS2 != nil && s.CVSS2.VectorString != nil {
				a.Severity = appendScore(a.Severity, mamori.SeverityScore{Type: "CVSS_V2", Score: string(*s.CVSS2.VectorString)})
			}
		}
		for _, r := range v.References {
			if r != nil && r.URL != nil {
				a.References = append(a.References, mamori.Reference{Type: "WEB", URL: *r.URL})
			}
		}
		ps := v.ProductStatus
		if ps == nil {
			continue
		}
		for _, list := range []*csaf.Products{ps.KnownAffected, ps.FirstAffected, ps.LastAffected} {
			for _, id := range deref(list) {
				p, ok := products[id]
				if !ok {
					continue
				}
				af := get(p)
				switch {
				case p.versionRange != "":
					if evs, ok := versRange(p.versionRange); ok {
						af.Ranges = appendRange(af.Ranges, mamori.VersionRange{Type: "ECOSYSTEM", Events: evs})
					}
				case p.version != "":
					af.Versions = appendNew(af.Versions, p.version)
				}
			}
		}
		for _, list := range []*csaf.Products{ps.Fixed, ps.FirstFixed} {
			for _, id := range deref(list) {
				p, ok := products[id]
				if !ok || p.purl == "" || p.version == "" {
					continue
				}
				af := get(p)
				if af.Ecosystem == "" {
					continue
				}
				af.Ranges = appendRange(af.Ranges, mamori.VersionRange{Type: "ECOSYSTEM",
					Events: []mamori.RangeEvent{{Introduced: "0"}, {Fixed: p.version}}})
			}
		}
	}
	for _, k := range order {
		af := affected[k]
		if af.Ecosystem == "" || len(af.Ranges) > 0 || len(af.Versions) > 0 {
			a.Affected = append(a.Affected, *af)
		}
		if strings.Contains(af.PURL, "pkg:deb/") || strings.Contains(af.PURL, "pkg:rpm/") || strings.Contains(af.PURL, "pkg:apk/") {
			if d.Publisher != nil {
				a.Distro = str(d.Publisher.Name)
			}
		}
	}
	a.Details = strings.TrimSpace(strings.Join(details, "\n\n"))
	a.Raw = bytes.Clone(data)
	return a, a.Validate()
}

// csafProducts walks the product tree: each product ID with the vendor,
// product name and version of the branches above it, its CPE and package
// URL; a relationship's product (a package on a platform) takes what its
// product_reference says.
func csafProducts(pt *csaf.ProductTree) map[string]csafProduct {
	out := map[string]csafProduct{}
	if pt == nil {
		return out
	}
	add := func(fp *csaf.FullProductName, p csafProduct) {
		if fp == nil || fp.ProductID == nil {
			return
		}
		p.name = str(fp.Name)
		if h := fp.ProductIdentificationHelper; h != nil {
			if h.CPE != nil {
				p.cpe = string(*h.CPE)
			}
			if h.PURL != nil {
				p.purl = string(*h.PURL)
				// The package URL's version is the package's own ("openssl-1:3.0.7-25.el9_3"
				// in the branch is "3.0.7-25.el9_3" with epoch 1 in the purl).
				if u, err := purl.FromString(p.purl); err == nil && u.Version != "" {
					p.version = u.Version
					for _, q := range u.Qualifiers {
						if q.Key == "epoch" && q.Value != "" && !strings.Contains(u.Version, ":") {
							p.version = q.Value + ":" + u.Version
						}
					}
				}
			}
		}
		out[string(*fp.ProductID)] = p
	}
	var walk func(bs csaf.Branches, p csafProduct, depth int)
	walk = func(bs csaf.Branches, p csafProduct, depth int) {
		if depth > 32 {
			return
		}
		for _, b := range bs {
			if b == nil {
				continue
			}
			q := p
			if b.Category != nil {
				switch *b.Category {
				case csaf.CSAFBranchCategoryVendor:
					q.vendor = str(b.Name)
				case csaf.CSAFBranchCategoryProductName:
					q.product = str(b.Name)
				case csaf.CSAFBranchCategoryProductVersion:
					q.version = str(b.Name)
				case csaf.CSAFBranchCategoryProductVersionRange:
					q.versionRange = str(b.Name)
				}
			}
			add(b.Product, q)
			walk(b.Branches, q, depth+1)
		}
	}
	walk(pt.Branches, csafProduct{}, 0)
	if pt.FullProductNames != nil {
		for _, fp := range *pt.FullProductNames {
			add(fp, csafProduct{})
		}
	}
	if pt.RelationShips != nil {
		for _, r := range *pt.RelationShips {
			if r == nil || r.ProductReference == nil || r.FullProductName == nil || r.FullProductName.ProductID == nil {
				continue
			}
			if p, ok := out[string(*r.ProductReference)]; ok {
				if _, own := out[string(*r.FullProductName.ProductID)]; !own {
					out[string(*r.FullProductName.ProductID)] = p
				}
			}
		}
	}
	return out
}

// versRange reads a vers range ("vers:semver/>=1.0.0|<2.4.1", "vers:npm/<1.2")
// into OSV events: one >= (or >) bound and one < or <= bound, or a single
// version. Other shapes are left uncompared.
func versRange(s string) ([]mamori.RangeEvent, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(s), "vers:")
	if !ok {
		if evs, ok := jvnRange(s); ok {
			return evs, true
		}
		return nil, false
	}
	_, cons, ok := strings.Cut(rest, "/")
	if !ok {
		return nil, false
	}
	if cons == "*" {
		return []mamori.RangeEvent{{Introduced: "0"}}, true
	}
	intro := mamori.RangeEvent{Introduced: "0"}
	var end mamori.RangeEvent
	for _, c := range strings.Split(cons, "|") {
		c = strings.TrimSpace(c)
		switch {
		case strings.HasPrefix(c, ">="):
			intro = mamori.RangeEvent{Introduced: c[2:]}
		case strings.HasPrefix(c, "<="):
			end = mamori.RangeEvent{LastAffected: c[2:]}
		case strings.HasPrefix(c, "<"):
			end = mamori.RangeEvent{Fixed: c[1:]}
		case strings.HasPrefix(c, ">"), strings.HasPrefix(c, "!="):
			return nil, false
		case c != "":
			if len(strings.Split(cons, "|")) != 1 {
				return nil, false
			}
			v := strings.TrimPrefix(c, "=")
			return []mamori.RangeEvent{{Introduced: v}, {LastAffected: v}}, true
		}
	}
	if intro.Introduced == "" {
		return nil, false
	}
	if end.Kind() == "" {
		return []mamori.RangeEvent{intro}, true
	}
	return []mamori.RangeEvent{intro, end}, true
}

// purlEcosystem names a package URL's ecosystem the way OSV does.
func purlEcosystem(u purl.PackageURL) string {
	switch u.Type {
	case purl.TypeGolang:
		return "Go"
	case purl.TypePyPi:
		return "PyPI"
	case purl.TypeNPM:
		return "npm"
	case purl.TypeMaven:
		return "Maven"
	case purl.TypeCargo:
		return "crates.io"
	case purl.TypeGem:
		return "RubyGems"
	case purl.TypeNuget:
		return "NuGet"
	case purl.TypeComposer:
		return "Packagist"
	case purl.TypeDebian:
		if u.Namespace == "ubuntu" {
			return "Ubuntu"
		}
		return "Debian"
	case purl.TypeApk:
		return "Alpine"
	case purl.TypeRPM:
		switch u.Namespace {
		case "redhat":
			return "Red Hat"
		case "almalinux":
			return "AlmaLinux"
		case "rocky-linux", "rocky":
			return "Rocky Linux"
		case "opensuse", "suse":
			return "SUSE"
		}
		return "Red Hat"
	}
	return ""
}

// purlName names the package the way OSV does (namespace joined for
// language ecosystems, not for OS packages).
func purlName(u purl.PackageURL) string {
	if u.Namespace == "" || osPURL(u.Type) {
		return u.Name
	}
	if u.Type == purl.TypeMaven {
		return u.Namespace + ":" + u.Name
	}
	return u.Namespace + "/" + u.Name
}

func csafTime(s string) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time", s)
	}
	return t.UTC(), nil
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}

func deref(ps *csaf.Products) []string {
	if ps == nil {
		return nil
	}
	var out []string
	for _, p := range *ps {
		if p != nil {
			out = append(out, string(*p))
		}
	}
	return out
}

func appendNew(l []string, s string) []string {
	if s == "" || slices.Contains(l, s) {
		return l
	}
	return append(l, s)
}

func appendScore(l []mamori.SeverityScore, s mamori.SeverityScore) []mamori.SeverityScore {
	if slices.Contains(l, s) {
		return l
	}
	return append(l, s)
}

func appendRange(l []mamori.VersionRange, r mamori.VersionRange) []mamori.VersionRange {
	for _, x := range l {
		if x.Type == r.Type && slices.Equal(x.Events, r.Events) {
			return l
		}
	}
	return append(l, r)
}
