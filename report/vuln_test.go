package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
)

func testMatches() []mamori.Match {
	return []mamori.Match{
		{Group: "CVE-2020-0601", AdvisoryID: "GO-2022-0535", Summary: "Certificate validation bypass", Aliases: []string{"CVE-2020-0601"},
			Component:  mamori.Component{Ecosystem: "Go", Name: "stdlib", Version: "1.13.1", PURL: "pkg:golang/stdlib@1.13.1", Location: "app/go.mod"},
			Confidence: mamori.ConfidenceExact,
			Why:        mamori.MatchReason{Ecosystem: "Go", Package: "stdlib", RangeType: "SEMVER", Range: ">=1.13.0-0, <1.13.7", Introduced: "1.13.0-0", Fixed: "1.13.7", Version: "1.13.1"},
			Severity:   []mamori.SeverityScore{{Type: "CVSS_V3", Score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}},
			KEV:        &mamori.KEVEntry{CVE: "CVE-2020-0601", DueDate: time.Date(2020, 1, 29, 0, 0, 0, 0, time.UTC)},
			EPSS:       &mamori.EPSSScore{CVE: "CVE-2020-0601", Score: 0.9431, Percentile: 0.9992}},
		{Group: "CVE-2021-23337", AdvisoryID: "GHSA-35jh-r3h4-6jhm", Component: mamori.Component{Ecosystem: "npm", Name: "lodash", Location: "bom.json"},
			Confidence: mamori.ConfidenceCandidate, Why: mamori.MatchReason{Ecosystem: "npm", Package: "lodash", RangeType: "none"}},
	}
}

func TestMatchSARIF(t *testing.T) {
	var b bytes.Buffer
	if err := RenderMatches(&b, "sarif", VulnInput{Matches: testMatches(), Lang: "ja", Version: "1"}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID, Level string
				Message       struct{ Text string }
				Locations     []struct {
					PhysicalLocation struct{ ArtifactLocation struct{ URI string } }
				}
				PartialFingerprints map[string]string
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	r := doc.Runs[0]
	if len(r.Tool.Driver.Rules) != 2 || len(r.Results) != 2 {
		t.Fatalf("rules %v, results %d", r.Tool.Driver.Rules, len(r.Results))
	}
	got := r.Results[0]
	if got.RuleID != "CVE-2020-0601" || got.Level != "error" || got.Locations[0].PhysicalLocation.ArtifactLocation.URI != "app/go.mod" ||
		!strings.Contains(got.Message.Text, "GO-2022-0535 の影響を受けます") || len(got.PartialFingerprints["mamori/v1"]) != 64 {
		t.Errorf("KEV result = %+v", got)
	}
	if r.Results[1].Level != "note" {
		t.Errorf("candidate level = %s; want note", r.Results[1].Level)
	}
}

func TestMatchCycloneDXVEX(t *testing.T) {
	var b bytes.Buffer
	if err := RenderMatches(&b, "cyclonedx-vex", VulnInput{Matches: testMatches(), Version: "1", Now: time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		BOMFormat  string
		Components []struct {
			BOMRef string `json:"bom-ref"`
		}
		Vulnerabilities []struct {
			ID         string
			Ratings    []struct{ Method, Vector string }
			Affects    []struct{ Ref string }
			Analysis   struct{ State, Detail string }
			Properties []struct{ Name, Value string }
		}
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.BOMFormat != "CycloneDX" || len(doc.Components) != 2 || len(doc.Vulnerabilities) != 2 {
		t.Fatalf("%s", b.String())
	}
	v := doc.Vulnerabilities[0]
	if v.ID != "GO-2022-0535" || v.Affects[0].Ref != "pkg:golang/stdlib@1.13.1" || v.Analysis.State != "in_triage" ||
		v.Analysis.Detail != "exact: Go stdlib 1.13.1 in SEMVER >=1.13.0-0, <1.13.7" || v.Ratings[0].Method != "CVSSv31" {
		t.Errorf("vulnerability = %+v", v)
	}
	if doc.Components[1].BOMRef != "component-2" {
		t.Errorf("a component without a purl gets ref %q", doc.Components[1].BOMRef)
	}
	props := map[string]string{}
	for _, p := range v.Properties {
		props[p.Name] = p.Value
	}
	if props["mamori:kev"] != "true" || props["mamori:epss"] != "0.9431" || props["mamori:kev:due_date"] != "2020-01-29" {
		t.Errorf("properties = %v", props)
	}
}
