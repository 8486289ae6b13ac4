// Package vex writes vulnerability matches as VEX documents. CycloneDX VEX
// (through cyclonedx-go) today; OpenVEX and CSAF VEX belong here too.
package vex

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/mamori-sec/mamori"
)

// CycloneDX writes the matches as a CycloneDX BOM (the newest specification cyclonedx-go writes) that lists the
// matched components and one vulnerability per advisory, each affecting the
// components it matched. mamori has not analysed exploitability, so every
// analysis state is in_triage; the detail says why the version matched, and
// properties carry mamori's confidence, KEV membership and EPSS score.
func CycloneDX(w io.Writer, ms []mamori.Match, toolVersion string, now time.Time) error {
	bom := cdx.NewBOM()
	bom.Metadata = &cdx.Metadata{
		Timestamp: now.UTC().Format(time.RFC3339),
		Tools:     &cdx.ToolsChoice{Components: &[]cdx.Component{{Type: cdx.ComponentTypeApplication, Name: "mamori", Version: toolVersion}}},
	}
	var comps []cdx.Component
	refs := map[string]string{}
	vulns := map[string]*cdx.Vulnerability{}
	var order []string
	for _, m := range ms {
		c := m.Component
		key := c.Key()
		ref, ok := refs[key]
		if !ok {
			ref = c.PURL
			if ref == "" || refInUse(refs, ref) {
				ref = fmt.Sprintf("component-%d", len(refs)+1)
			}
			refs[key] = ref
			comps = append(comps, cdx.Component{BOMRef: ref, Type: cdx.ComponentTypeLibrary, Name: c.Name, Version: c.Version, PackageURL: c.PURL})
		}
		v := vulns[m.AdvisoryID]
		if v == nil {
			v = &cdx.Vulnerability{BOMRef: "vuln-" + m.AdvisoryID, ID: m.AdvisoryID, Description: m.Summary, Affects: &[]cdx.Affects{}}
			if len(m.Aliases) > 0 {
				var rs []cdx.VulnerabilityReference
				for _, a := range m.Aliases {
					rs = append(rs, cdx.VulnerabilityReference{ID: a, Source: &cdx.Source{Name: sourceOf(a)}})
				}
				v.References = &rs
			}
			var ratings []cdx.VulnerabilityRating
			for _, s := range m.Severity {
				if meth := method(s); meth != "" {
					ratings = append(ratings, cdx.VulnerabilityRating{Method: meth, Vector: s.Score})
				}
			}
			if len(ratings) > 0 {
				v.Ratings = &ratings
			}
			props := []cdx.Property{{Name: "mamori:group", Value: m.Group}}
			if m.KEV != nil {
				props = append(props, cdx.Property{Name: "mamori:kev", Value: "true"})
				if !m.KEV.DueDate.IsZero() {
					props = append(props, cdx.Property{Name: "mamori:kev:due_date", Value: m.KEV.DueDate.Format("2006-01-02")})
				}
			}
			if m.EPSS != nil {
				props = append(props, cdx.Property{Name: "mamori:epss", Value: strconv.FormatFloat(m.EPSS.Score, 'f', -1, 64)},
					cdx.Property{Name: "mamori:epss:percentile", Value: strconv.FormatFloat(m.EPSS.Percentile, 'f', -1, 64)})
			}
			v.Properties = &props
			v.Analysis = &cdx.VulnerabilityAnalysis{State: cdx.IASInTriage}
			vulns[m.AdvisoryID] = v
			order = append(order, m.AdvisoryID)
		}
		*v.Affects = append(*v.Affects, cdx.Affects{Ref: ref})
		detail := string(m.Confidence) + ": " + m.Why.String()
		if v.Analysis.Detail == "" {
			v.Analysis.Detail = detail
		} else if !strings.Contains(v.Analysis.Detail, detail) {
			v.Analysis.Detail += "; " + detail
		}
	}
	bom.Components = &comps
	vs := make([]cdx.Vulnerability, 0, len(order))
	for _, id := range order {
		vs = append(vs, *vulns[id])
	}
	bom.Vulnerabilities = &vs
	return cdx.NewBOMEncoder(w, cdx.BOMFileFormatJSON).SetPretty(true).Encode(bom)
}

func refInUse(refs map[string]string, ref string) bool {
	for _, r := range refs {
		if r == ref {
			return true
		}
	}
	return false
}

func method(s mamori.SeverityScore) cdx.ScoringMethod {
	switch {
	case strings.HasPrefix(s.Score, "CVSS:4"):
		return cdx.ScoringMethodCVSSv4
	case strings.HasPrefix(s.Score, "CVSS:3.1"):
		return cdx.ScoringMethodCVSSv31
	case strings.HasPrefix(s.Score, "CVSS:3"):
		return cdx.ScoringMethodCVSSv3
	case s.Type == "CVSS_V2":
		return cdx.ScoringMethodCVSSv2
	}
	return ""
}

func sourceOf(id string) string {
	p, _, _ := strings.Cut(id, "-")
	switch p {
	case "CVE":
		return "NVD"
	case "GHSA":
		return "GitHub"
	case "GO":
		return "Go Vulnerability Database"
	case "PYSEC":
		return "PyPI Advisory Database"
	case "JVNDB":
		return "JVN iPedia"
	}
	return p
}
