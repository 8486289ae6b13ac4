package vex

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mamori-sec/mamori/vuln/csaf"
)

func ptr[T any](v T) *T { return &v }

var cvePattern = regexp.MustCompile(`^CVE-[0-9]{4}-[0-9]{4,}$`)

// WriteCSAF writes the statements as a CSAF 2.0 VEX document (the
// types of vuln/csaf, checked against the CSAF JSON schema before writing): one product per
// asset and package (or per package), one vulnerability per alias group
// with known_not_affected (and a flag with the justification and an impact
// threat), known_affected (with a remediation), fixed or
// under_investigation. mamori's own fields are notes titled
// "mamori:<product id>".
func WriteCSAF(w io.Writer, ss []Statement, publisher, toolVersion string, now time.Time) error {
	now = now.UTC()
	date := now.Format(time.RFC3339)
	products := map[string]string{} // product+component -> product id
	var names csaf.FullProductNames
	pid := func(s Statement) string {
		k := s.Product + "|" + s.Component
		if id, ok := products[k]; ok {
			return id
		}
		id := "CSAFPID-" + strconv.Itoa(len(products)+1)
		products[k] = id
		name, purl := s.Product, s.Product
		if s.Component != "" {
			name, purl = s.Product+" / "+s.Component, s.Component
		}
		fpn := &csaf.FullProductName{Name: ptr(name), ProductID: ptr(csaf.ProductID(id))}
		helper := &csaf.ProductIdentificationHelper{}
		if strings.HasPrefix(purl, "pkg:") {
			helper.PURL = ptr(csaf.PURL(purl))
		}
		if s.Component != "" {
			helper.XGenericURIs = csaf.XGenericURIs{{Namespace: ptr("urn:mamori:asset"), URI: ptr(s.Product)}}
		}
		fpn.ProductIdentificationHelper = helper
		names = append(names, fpn)
		return id
	}
	vulns := map[string]*csaf.Vulnerability{}
	var order []string
	for _, s := range ss {
		v := vulns[s.Vuln]
		if v == nil {
			v = &csaf.Vulnerability{ProductStatus: &csaf.ProductStatus{}}
			if cvePattern.MatchString(s.Vuln) {
				v.CVE = ptr(csaf.CVE(s.Vuln))
			} else {
				v.IDs = csaf.VulnerabilityIDs{{SystemName: ptr(systemOf(s.Vuln)), Text: ptr(s.Vuln)}}
			}
			for _, a := range s.Aliases {
				if a != s.Vuln {
					v.IDs = append(v.IDs, &csaf.VulnerabilityID{SystemName: ptr(systemOf(a)), Text: ptr(a)})
				}
			}
			if s.Title != "" {
				v.Title = ptr(s.Title)
			}
			vulns[s.Vuln] = v
			order = append(order, s.Vuln)
		}
		id := csaf.ProductID(pid(s))
		ids := &csaf.Products{&id}
		add := func(p **csaf.Products) {
			if *p == nil {
				*p = &csaf.Products{}
			}
			**p = append(**p, ptr(id))
		}
		switch s.Status {
		case "not_affected":
			add(&v.ProductStatus.KnownNotAffected)
			v.Flags = append(v.Flags, &csaf.Flag{Label: ptr(csaf.FlagLabel(s.Justification)), ProductIds: ids, Date: ptr(s.Timestamp.UTC().Format(time.RFC3339))})
			if s.Note != "" {
				v.Threats = append(v.Threats, &csaf.Threat{Category: ptr(csaf.CSAFThreatCategoryImpact), Details: ptr(s.Note), ProductIds: ids})
			}
		case "affected":
			add(&v.ProductStatus.KnownAffected)
			details := s.Note
			if details == "" {
				details = "under remediation"
			}
			v.Remediations = append(v.Remediations, &csaf.Remediation{Category: ptr(csaf.CSAFRemediationCategoryMitigation), Details: ptr(details), ProductIds: ids})
		case "fixed":
			add(&v.ProductStatus.Fixed)
		default:
			add(&v.ProductStatus.UnderInvestigation)
		}
		if m := encodeMeta(s.Meta); m != "" {
			v.Notes = append(v.Notes, &csaf.Note{NoteCategory: ptr(csaf.CSAFNoteCategoryOther), Title: ptr("mamori:" + string(id)), Text: ptr(m)})
		}
	}
	adv := &csaf.Advisory{
		Document: &csaf.Document{
			Category:    ptr(csaf.DocumentCategory("csaf_vex")),
			CSAFVersion: ptr(csaf.CSAFVersion20),
			Publisher:   &csaf.DocumentPublisher{Category: ptr(csaf.CSAFCategoryUser), Name: ptr(publisher), Namespace: ptr("https://github.com/mamori-sec/mamori")},
			Title:       ptr("VEX of " + publisher),
			Tracking: &csaf.Tracking{
				ID:                 ptr(csaf.TrackingID("mamori-vex-" + now.Format("20060102T150405Z"))),
				Status:             ptr(csaf.CSAFTrackingStatusFinal),
				Version:            ptr(csaf.RevisionNumber("1")),
				InitialReleaseDate: ptr(date),
				CurrentReleaseDate: ptr(date),
				RevisionHistory:    csaf.Revisions{{Date: ptr(date), Number: ptr(csaf.RevisionNumber("1")), Summary: ptr("Exported by mamori")}},
				Generator:          &csaf.Generator{Date: ptr(date), Engine: &csaf.Engine{Name: ptr("mamori"), Version: ptr(toolVersion)}},
			},
		},
		ProductTree: &csaf.ProductTree{FullProductNames: &names},
	}
	for _, k := range order {
		adv.Vulnerabilities = append(adv.Vulnerabilities, vulns[k])
	}
	out, err := json.MarshalIndent(adv, "", "  ")
	if err != nil {
		return err
	}
	if err := csaf.Validate(out); err != nil {
		return fmt.Errorf("CSAF VEX: %w", err)
	}
	_, err = w.Write(append(out, '\n'))
	return err
}

func systemOf(id string) string {
	if s := sourceOf(id); s != "" {
		return s
	}
	return "mamori"
}

// ReadCSAF reads a CSAF 2.0 VEX document (it must be valid against the CSAF JSON schema);
// the publisher's name is its supplier.
func ReadCSAF(b []byte) ([]Statement, string, error) {
	var adv csaf.Advisory
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&adv); err != nil {
		return nil, "", fmt.Errorf("not a CSAF document: %s", oneLine(err.Error()))
	}
	if err := csaf.Validate(b); err != nil {
		return nil, "", fmt.Errorf("not a valid CSAF document: %s", oneLine(err.Error()))
	}
	if *adv.Document.Category != "csaf_vex" {
		return nil, "", fmt.Errorf("CSAF document of category %q, not csaf_vex", *adv.Document.Category)
	}
	type prod struct{ product, component string }
	prods := map[csaf.ProductID]prod{}
	// Products are named in full_product_names, in the leaves of the
	// branches (vendor / product name / version) and in relationships (a
	// component installed in a product: the component's purl counts).
	var fpns []*csaf.FullProductName
	var walk func(bs csaf.Branches)
	walk = func(bs csaf.Branches) {
		for _, b := range bs {
			if b.Product != nil {
				fpns = append(fpns, b.Product)
			}
			walk(b.Branches)
		}
	}
	if pt := adv.ProductTree; pt != nil {
		if pt.FullProductNames != nil {
			fpns = append(fpns, *pt.FullProductNames...)
		}
		walk(pt.Branches)
	}
	if adv.ProductTree != nil {
		for _, f := range fpns {
			p := prod{product: *f.Name}
			if h := f.ProductIdentificationHelper; h != nil {
				if h.PURL != nil {
					p.product = string(*h.PURL)
				}
				for _, x := range h.XGenericURIs {
					if x.Namespace != nil && *x.Namespace == "urn:mamori:asset" && x.URI != nil {
						p.product, p.component = *x.URI, p.product
					}
				}
			}
			prods[*f.ProductID] = p
		}
		if rs := adv.ProductTree.RelationShips; rs != nil {
			for _, r := range *rs {
				if r.FullProductName == nil || r.ProductReference == nil {
					continue
				}
				// The vulnerable part is the component referenced.
				if p, ok := prods[*r.ProductReference]; ok {
					prods[*r.FullProductName.ProductID] = p
				}
			}
		}
	}
	date := time.Time{}
	if t := adv.Document.Tracking.CurrentReleaseDate; t != nil {
		date, _ = time.Parse(time.RFC3339, *t)
	}
	var out []Statement
	for i, v := range adv.Vulnerabilities {
		name := ""
		var aliases []string
		if v.CVE != nil {
			name = string(*v.CVE)
		}
		for _, id := range v.IDs {
			if name == "" {
				name = *id.Text
			} else {
				aliases = append(aliases, *id.Text)
			}
		}
		if name == "" {
			return nil, "", fmt.Errorf("vulnerability %d has neither a CVE nor an ID", i+1)
		}
		title := ""
		if v.Title != nil {
			title = *v.Title
		}
		meta := map[csaf.ProductID]string{}
		for _, n := range v.Notes {
			if n.Title != nil && strings.HasPrefix(*n.Title, "mamori:") {
				meta[csaf.ProductID(strings.TrimPrefix(*n.Title, "mamori:"))] = *n.Text
			}
		}
		flag := func(id csaf.ProductID) string {
			for _, f := range v.Flags {
				if f.ProductIds != nil {
					for _, p := range *f.ProductIds {
						if *p == id {
							return string(*f.Label)
						}
					}
				}
			}
			return ""
		}
		detail := func(id csaf.ProductID, threats bool) string {
			if threats {
				for _, t := range v.Threats {
					if t.ProductIds != nil && *t.Category == csaf.CSAFThreatCategoryImpact {
						for _, p := range *t.ProductIds {
							if *p == id {
								return *t.Details
							}
						}
					}
				}
				return ""
			}
			for _, r := range v.Remediations {
				if r.ProductIds != nil {
					for _, p := range *r.ProductIds {
						if *p == id {
							return *r.Details
						}
					}
				}
			}
			return ""
		}
		if v.ProductStatus == nil {
			continue
		}
		for _, set := range []struct {
			status string
			ids    *csaf.Products
		}{{"not_affected", v.ProductStatus.KnownNotAffected}, {"affected", v.ProductStatus.KnownAffected}, {"fixed", v.ProductStatus.Fixed}, {"under_investigation", v.ProductStatus.UnderInvestigation}} {
			if set.ids == nil {
				continue
			}
			for _, id := range *set.ids {
				p, ok := prods[*id]
				if !ok {
					return nil, "", fmt.Errorf("vulnerability %s names product %s, which the product tree does not define", name, *id)
				}
				s := Statement{Vuln: name, Aliases: aliases, Title: title, Product: p.product, Component: p.component, Status: set.status, Timestamp: date, Meta: decodeMeta(meta[*id])}
				switch set.status {
				case "not_affected":
					s.Justification, s.Note = flag(*id), detail(*id, true)
					if s.Justification == "" {
						s.Justification = "inline_mitigations_already_exist"
					}
				case "affected":
					s.Note = detail(*id, false)
				}
				out = append(out, s)
			}
		}
	}
	return out, *adv.Document.Publisher.Name, nil
}
