package vex

import (
	"bytes"
	"fmt"
	"io"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"
)

var (
	toCDXState = map[string]cdx.ImpactAnalysisState{"not_affected": cdx.IASNotAffected, "affected": cdx.IASExploitable, "fixed": cdx.IASResolved, "under_investigation": cdx.IASInTriage}
	toCDXJust  = map[string]cdx.ImpactAnalysisJustification{
		"component_not_present":                             cdx.IAJCodeNotPresent,
		"vulnerable_code_not_present":                       cdx.IAJCodeNotPresent,
		"vulnerable_code_not_in_execute_path":               cdx.IAJCodeNotReachable,
		"vulnerable_code_cannot_be_controlled_by_adversary": cdx.IAJRequiresEnvironment,
		"inline_mitigations_already_exist":                  cdx.IAJProtectedByMitigatingControl,
	}
	fromCDXJust = map[cdx.ImpactAnalysisJustification]string{
		cdx.IAJCodeNotPresent:               "vulnerable_code_not_present",
		cdx.IAJCodeNotReachable:             "vulnerable_code_not_in_execute_path",
		cdx.IAJRequiresConfiguration:        "vulnerable_code_cannot_be_controlled_by_adversary",
		cdx.IAJRequiresDependency:           "component_not_present",
		cdx.IAJRequiresEnvironment:          "vulnerable_code_cannot_be_controlled_by_adversary",
		cdx.IAJProtectedByCompiler:          "inline_mitigations_already_exist",
		cdx.IAJProtectedAtRuntime:           "inline_mitigations_already_exist",
		cdx.IAJProtectedAtPerimeter:         "inline_mitigations_already_exist",
		cdx.IAJProtectedByMitigatingControl: "inline_mitigations_already_exist",
	}
)

// WriteCycloneDXVEX writes the statements as a CycloneDX VEX BOM: one
// component per product (a package inside an asset carries the asset's URN
// in the property mamori:asset), one vulnerability per statement with its
// analysis (not_affected, exploitable, resolved, in_triage). OpenVEX's
// justification, which CycloneDX's labels do not all tell apart, is kept in
// the property mamori:justification.
func WriteCycloneDXVEX(w io.Writer, ss []Statement, author, toolVersion string, now time.Time) error {
	bom := cdx.NewBOM()
	bom.Metadata = &cdx.Metadata{
		Timestamp: now.UTC().Format(time.RFC3339),
		Authors:   &[]cdx.OrganizationalContact{{Name: author}},
		Tools:     &cdx.ToolsChoice{Components: &[]cdx.Component{{Type: cdx.ComponentTypeApplication, Name: "mamori", Version: toolVersion}}},
	}
	comps := []cdx.Component{}
	refs := map[string]string{}
	vulns := []cdx.Vulnerability{}
	for i, s := range ss {
		k := s.Product + "|" + s.Component
		ref, ok := refs[k]
		if !ok {
			ref = fmt.Sprintf("product-%d", len(refs)+1)
			refs[k] = ref
			c := cdx.Component{BOMRef: ref, Type: cdx.ComponentTypeLibrary, Name: s.Product, PackageURL: s.Product}
			if s.Component != "" {
				c.PackageURL = s.Component
				c.Name = s.Component
				c.Properties = &[]cdx.Property{{Name: "mamori:asset", Value: s.Product}}
			}
			comps = append(comps, c)
		}
		v := cdx.Vulnerability{BOMRef: fmt.Sprintf("statement-%d", i+1), ID: s.Vuln, Description: s.Title, Affects: &[]cdx.Affects{{Ref: ref}}}
		if len(s.Aliases) > 0 {
			var rs []cdx.VulnerabilityReference
			for _, a := range s.Aliases {
				rs = append(rs, cdx.VulnerabilityReference{ID: a, Source: &cdx.Source{Name: sourceOf(a)}})
			}
			v.References = &rs
		}
		a := &cdx.VulnerabilityAnalysis{State: toCDXState[s.Status], Detail: s.Note}
		var props []cdx.Property
		if s.Status == "not_affected" {
			a.Justification = toCDXJust[s.Justification]
			props = append(props, cdx.Property{Name: "mamori:justification", Value: s.Justification})
		}
		if !s.Timestamp.IsZero() {
			a.LastUpdated = s.Timestamp.UTC().Format(time.RFC3339Nano)
		}
		v.Analysis = a
		if m := encodeMeta(s.Meta); m != "" {
			props = append(props, cdx.Property{Name: "mamori:meta", Value: m})
		}
		if len(props) > 0 {
			v.Properties = &props
		}
		vulns = append(vulns, v)
	}
	bom.Components = &comps
	bom.Vulnerabilities = &vulns
	return cdx.NewBOMEncoder(w, cdx.BOMFileFormatJSON).SetPretty(true).Encode(bom)
}

// ReadCycloneDXVEX reads the vulnerabilities of a CycloneDX BOM that carry
// an analysis; the first author (else the manufacturer or supplier) is its
// supplier.
func ReadCycloneDXVEX(b []byte) ([]Statement, string, error) {
	var bom cdx.BOM
	if err := cdx.NewBOMDecoder(bytes.NewReader(b), cdx.BOMFileFormatJSON).Decode(&bom); err != nil {
		return nil, "", fmt.Errorf("not a CycloneDX document: %s", oneLine(err.Error()))
	}
	if bom.BOMFormat != "CycloneDX" {
		return nil, "", fmt.Errorf("not a CycloneDX document: bomFormat is %q", bom.BOMFormat)
	}
	author := ""
	if m := bom.Metadata; m != nil {
		switch {
		case m.Authors != nil && len(*m.Authors) > 0:
			author = (*m.Authors)[0].Name
		case m.Manufacturer != nil:
			author = m.Manufacturer.Name
		case m.Supplier != nil:
			author = m.Supplier.Name
		}
	}
	type prod struct{ product, component string }
	prods := map[string]prod{}
	if bom.Components != nil {
		for _, c := range *bom.Components {
			p := prod{product: c.PackageURL}
			if p.product == "" {
				p.product = c.BOMRef
			}
			if c.Properties != nil {
				for _, x := range *c.Properties {
					if x.Name == "mamori:asset" {
						p.product, p.component = x.Value, c.PackageURL
					}
				}
			}
			prods[c.BOMRef] = p
		}
	}
	states := map[cdx.ImpactAnalysisState]string{cdx.IASNotAffected: "not_affected", cdx.IASFalsePositive: "not_affected", cdx.IASExploitable: "affected",
		cdx.IASResolved: "fixed", cdx.IASResolvedWithPedigree: "fixed", cdx.IASInTriage: "under_investigation"}
	var out []Statement
	if bom.Vulnerabilities == nil {
		return nil, author, nil
	}
	for i, v := range *bom.Vulnerabilities {
		if v.Analysis == nil || v.Analysis.State == "" {
			continue
		}
		if v.ID == "" {
			return nil, "", fmt.Errorf("vulnerability %d has no id", i+1)
		}
		st, ok := states[v.Analysis.State]
		if !ok {
			return nil, "", fmt.Errorf("vulnerability %d (%s): unknown analysis state %q", i+1, v.ID, v.Analysis.State)
		}
		var aliases []string
		if v.References != nil {
			for _, r := range *v.References {
				aliases = append(aliases, r.ID)
			}
		}
		just, meta := "", ""
		if v.Properties != nil {
			for _, p := range *v.Properties {
				switch p.Name {
				case "mamori:justification":
					just = p.Value
				case "mamori:meta":
					meta = p.Value
				}
			}
		}
		if st == "not_affected" && just == "" {
			just = fromCDXJust[v.Analysis.Justification]
			if just == "" {
				just = "vulnerable_code_not_present" // false_positive, or no justification given
			}
		}
		ts, _ := time.Parse(time.RFC3339Nano, v.Analysis.LastUpdated)
		if v.Affects == nil || len(*v.Affects) == 0 {
			return nil, "", fmt.Errorf("vulnerability %d (%s) affects no component", i+1, v.ID)
		}
		for _, a := range *v.Affects {
			p, ok := prods[a.Ref]
			if !ok {
				p = prod{product: a.Ref}
			}
			out = append(out, Statement{Vuln: v.ID, Aliases: aliases, Title: v.Description, Product: p.product, Component: p.component, Status: st,
				Justification: just, Note: v.Analysis.Detail, Timestamp: ts, Meta: decodeMeta(meta)})
		}
	}
	return out, author, nil
}

// Read tells the format from the content (OpenVEX, CSAF, CycloneDX) and
// reads the statements and the document's author.
func Read(b []byte) ([]Statement, string, string, error) {
	head := b
	if len(head) > 4096 {
		head = head[:4096]
	}
	switch {
	case bytes.Contains(head, []byte(`"bomFormat"`)):
		ss, a, err := ReadCycloneDXVEX(b)
		return ss, a, "cyclonedx", err
	case bytes.Contains(head, []byte(`openvex.dev/ns`)):
		ss, a, err := ReadOpenVEX(b)
		return ss, a, "openvex", err
	case bytes.Contains(head, []byte(`"csaf_version"`)) || bytes.Contains(head, []byte(`"document"`)):
		ss, a, err := ReadCSAF(b)
		return ss, a, "csaf", err
	}
	return nil, "", "", fmt.Errorf("not a VEX document: neither OpenVEX, CSAF nor CycloneDX")
}
