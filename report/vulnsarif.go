package report

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/i18n"
)

// Matches as SARIF 2.1.0 for GitHub code scanning: one rule per alias
// group, one result per match at the lockfile or SBOM that named the
// package (line 1: extractors do not all give a line). A vulnerability in
// CISA's KEV catalogue is an error, an exact match a warning, a candidate a
// note. partialFingerprints["mamori/v1"] is a hash of group, package,
// version and file, so an upload after the next import keeps the alert.

type vsarifLog struct {
	Schema  string      `json:"$schema"`
	Version string      `json:"version"`
	Runs    []vsarifRun `json:"runs"`
}

type vsarifRun struct {
	Tool    vsarifTool     `json:"tool"`
	Results []vsarifResult `json:"results"`
}

type vsarifTool struct {
	Driver vsarifDriver `json:"driver"`
}

type vsarifDriver struct {
	Name           string       `json:"name"`
	Version        string       `json:"version"`
	InformationURI string       `json:"informationUri"`
	Rules          []vsarifRule `json:"rules"`
}

type vsarifRule struct {
	ID               string         `json:"id"`
	ShortDescription sarifText      `json:"shortDescription"`
	HelpURI          string         `json:"helpUri,omitempty"`
	Properties       map[string]any `json:"properties,omitempty"`
}

type vsarifResult struct {
	RuleID              string            `json:"ruleId"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []vsarifLocation  `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties"`
}

type vsarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

func renderMatchSARIF(w io.Writer, in VulnInput) error {
	run := vsarifRun{Tool: vsarifTool{Driver: vsarifDriver{Name: "mamori", Version: in.Version, InformationURI: infoURI}}, Results: []vsarifResult{}}
	seen := map[string]bool{}
	for _, m := range in.Matches {
		if !seen[m.Group] {
			seen[m.Group] = true
			r := vsarifRule{ID: m.Group, ShortDescription: sarifText{Text: strings.TrimSpace(m.Summary)}, Properties: map[string]any{"tags": []string{"security", "vulnerability"}}}
			if r.ShortDescription.Text == "" {
				r.ShortDescription.Text = m.Group
			}
			if strings.HasPrefix(m.Group, "CVE-") || strings.HasPrefix(m.Group, "GHSA-") || strings.HasPrefix(m.Group, "GO-") || strings.HasPrefix(m.Group, "PYSEC-") {
				r.HelpURI = "https://osv.dev/vulnerability/" + m.Group
			}
			run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, r)
		}
		level := "warning"
		switch {
		case m.Confidence == mamori.ConfidenceCandidate:
			level = "note"
		case m.KEV != nil:
			level = "error"
		}
		c := m.Component
		msg := i18n.T(in.Lang, "vuln.sarif.message", c.Ecosystem+" "+c.Name, c.Version, m.AdvisoryID, m.Why.String(), closing(m.Why))
		h := sha256.Sum256([]byte(m.Group + "|" + c.Ecosystem + "|" + c.Name + "|" + c.Version + "|" + c.Location))
		props := map[string]any{"advisory": m.AdvisoryID, "aliases": m.Aliases, "confidence": m.Confidence, "kev": m.KEV != nil}
		if m.EPSS != nil {
			props["epss"], props["epssPercentile"] = m.EPSS.Score, m.EPSS.Percentile
		}
		loc := filepath.ToSlash(c.Location)
		if loc == "" {
			loc = "unknown"
		}
		run.Results = append(run.Results, vsarifResult{RuleID: m.Group, Level: level, Message: sarifText{Text: msg},
			Locations:           []vsarifLocation{{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: loc}, Region: sarifRegion{StartLine: 1}}}},
			PartialFingerprints: map[string]string{"mamori/v1": hex.EncodeToString(h[:])}, Properties: props})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(vsarifLog{Schema: sarifSchema, Version: sarifVersion, Runs: []vsarifRun{run}}); err != nil {
		return fmt.Errorf("sarif: %w", err)
	}
	return nil
}
