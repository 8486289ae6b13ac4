package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// OCSF 1.3.0 Compliance Finding events (class 2003, category 2 Findings,
// https://schema.ocsf.io/1.3.0/classes/compliance_finding), one per finding,
// PASS included, as one JSON array. Mapping:
//
//	severity_id      info 1, low 2, medium 3, high 4, critical 5 (the check's severity, whatever the status)
//	status_id        1 New; 3 Suppressed for MUTED (the finding's triage state)
//	compliance       control = check ID, standards = frameworks, requirements = "framework:control"
//	compliance.status_id  1 Pass (PASS), 3 Fail (FAIL, MUTED: muted still fails), 2 Warning (ERROR: no result)
//	status_code      the mamori status; status_detail the reason
//	finding_info.uid SHA-256 of the finding's Key and the scan ID
//	unmapped         what OCSF has no field for: check id, risk, CLI and Terraform fixes, mute

const ocsfVersion = "1.3.0"

type ocsfEvent struct {
	ActivityID   int              `json:"activity_id"`
	ActivityName string           `json:"activity_name"`
	CategoryUID  int              `json:"category_uid"`
	CategoryName string           `json:"category_name"`
	ClassUID     int              `json:"class_uid"`
	ClassName    string           `json:"class_name"`
	TypeUID      int              `json:"type_uid"`
	TypeName     string           `json:"type_name"`
	SeverityID   int              `json:"severity_id"`
	Severity     string           `json:"severity"`
	StatusID     int              `json:"status_id"`
	Status       string           `json:"status"`
	StatusCode   string           `json:"status_code"`
	StatusDetail string           `json:"status_detail,omitempty"`
	Time         int64            `json:"time"`
	Message      string           `json:"message"`
	Metadata     ocsfMetadata     `json:"metadata"`
	FindingInfo  ocsfFindingInfo  `json:"finding_info"`
	Compliance   ocsfCompliance   `json:"compliance"`
	Resources    []ocsfResource   `json:"resources"`
	Cloud        ocsfCloud        `json:"cloud"`
	Remediation  *ocsfRemediation `json:"remediation,omitempty"`
	Unmapped     ocsfUnmapped     `json:"unmapped"`
}

type ocsfMetadata struct {
	Version   string      `json:"version"`
	Product   ocsfProduct `json:"product"`
	Profiles  []string    `json:"profiles"`
	EventCode string      `json:"event_code"`
	TenantUID string      `json:"tenant_uid,omitempty"`
}

type ocsfProduct struct {
	Name       string `json:"name"`
	VendorName string `json:"vendor_name"`
	Version    string `json:"version,omitempty"`
	URLString  string `json:"url_string"`
}

type ocsfFindingInfo struct {
	UID           string       `json:"uid"`
	Title         string       `json:"title"`
	Desc          string       `json:"desc,omitempty"`
	Types         []string     `json:"types"`
	CreatedTime   int64        `json:"created_time,omitempty"`
	FirstSeenTime int64        `json:"first_seen_time,omitempty"`
	LastSeenTime  int64        `json:"last_seen_time,omitempty"`
	Analytic      ocsfAnalytic `json:"analytic"`
}

type ocsfAnalytic struct {
	UID    string `json:"uid"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	TypeID int    `json:"type_id"`
}

type ocsfCompliance struct {
	Control      string   `json:"control"`
	Standards    []string `json:"standards"`
	Requirements []string `json:"requirements"`
	Status       string   `json:"status"`
	StatusID     int      `json:"status_id"`
}

type ocsfResource struct {
	UID            string `json:"uid"`
	Name           string `json:"name"`
	Type           string `json:"type"`
	Region         string `json:"region,omitempty"`
	CloudPartition string `json:"cloud_partition,omitempty"`
}

type ocsfCloud struct {
	Provider string       `json:"provider"`
	Account  *ocsfAccount `json:"account,omitempty"`
	Region   string       `json:"region,omitempty"`
}

type ocsfAccount struct {
	UID    string `json:"uid"`
	Type   string `json:"type,omitempty"`
	TypeID int    `json:"type_id,omitempty"`
}

type ocsfRemediation struct {
	Desc       string   `json:"desc"`
	References []string `json:"references,omitempty"`
}

type ocsfUnmapped struct {
	CheckID   string    `json:"check_id"`
	ScanID    string    `json:"scan_id"`
	Risk      string    `json:"risk,omitempty"`
	CLI       string    `json:"remediation_cli,omitempty"`
	Terraform string    `json:"remediation_terraform,omitempty"`
	Mute      *jsonMute `json:"mute,omitempty"`
}

// ocsfSeverity maps a severity to OCSF's severity_id and its caption.
func ocsfSeverity(s mamori.Severity) (int, string) {
	switch s {
	case mamori.SeverityCritical:
		return 5, "Critical"
	case mamori.SeverityHigh:
		return 4, "High"
	case mamori.SeverityMedium:
		return 3, "Medium"
	case mamori.SeverityLow:
		return 2, "Low"
	case mamori.SeverityInfo:
		return 1, "Informational"
	}
	return 0, "Unknown"
}

// ocsfComplianceStatus maps a status to the compliance object's status_id and
// caption.
func ocsfComplianceStatus(s mamori.Status) (int, string) {
	switch s {
	case mamori.StatusPass:
		return 1, "Pass"
	case mamori.StatusFail, mamori.StatusMuted:
		return 3, "Fail"
	case mamori.StatusError:
		return 2, "Warning"
	}
	return 0, "Unknown"
}

// ms returns t in epoch milliseconds, 0 for the zero time.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// cloudPartition returns the AWS partition of an ARN ("aws", "aws-cn",
// "aws-us-gov"), or "".
func cloudPartition(id string) string {
	if rest, ok := strings.CutPrefix(id, "arn:"); ok {
		if p, _, ok := strings.Cut(rest, ":"); ok {
			return p
		}
	}
	return ""
}

// renderOCSF writes the events one at a time, as writeJSON would write the
// whole array.
func renderOCSF(w io.Writer, in Input) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	l := newJSONList(bw, "  ")
	cc := checkCache{checks: in.Checks}
	err := in.Findings.Walk(Query{}, func(f *mamori.Finding) error {
		return l.add(ocsfEventOf(f, cc.of(f), &in))
	})
	if err != nil {
		return err
	}
	l.close()
	bw.WriteByte('\n')
	return bw.Flush()
}

func ocsfEventOf(f *mamori.Finding, c *mamori.Check, in *Input) ocsfEvent {
	sevID, sev := ocsfSeverity(f.Severity)
	cmpID, cmp := ocsfComplianceStatus(f.Status)
	statusID, status := 1, "New"
	if f.Status == mamori.StatusMuted {
		statusID, status = 3, "Suppressed"
	}
	when := f.LastSeen
	if when.IsZero() {
		when = in.Scan.StartedAt
	}
	sum := sha256.Sum256([]byte(f.Key() + "|" + in.Scan.ID))
	prov := provider(f, &in.Scan)
	cloud := ocsfCloud{Provider: prov, Region: f.Region}
	if f.Account != "" {
		cloud.Account = &ocsfAccount{UID: f.Account}
	}
	if prov == "aws" {
		cloud.Provider = "AWS"
		if cloud.Account != nil {
			cloud.Account.Type, cloud.Account.TypeID = "AWS Account", 10
		}
	}
	t := title(c, in.Lang)
	e := ocsfEvent{
		ActivityID:   1,
		ActivityName: "Create",
		CategoryUID:  2,
		CategoryName: "Findings",
		ClassUID:     2003,
		ClassName:    "Compliance Finding",
		TypeUID:      200301,
		TypeName:     "Compliance Finding: Create",
		SeverityID:   sevID,
		Severity:     sev,
		StatusID:     statusID,
		Status:       status,
		StatusCode:   string(f.Status),
		StatusDetail: f.Reason,
		Time:         ms(when),
		Message:      t + ": " + resourceName(f),
		Metadata: ocsfMetadata{
			Version:   ocsfVersion,
			Product:   ocsfProduct{Name: "mamori", VendorName: "mamori", Version: in.Version, URLString: infoURI},
			Profiles:  []string{"cloud"},
			EventCode: f.CheckID,
			TenantUID: f.Tenant,
		},
		FindingInfo: ocsfFindingInfo{
			UID:           hex.EncodeToString(sum[:]),
			Title:         t,
			Desc:          c.Description.In(in.Lang),
			Types:         []string{"Compliance"},
			CreatedTime:   ms(f.FirstSeen),
			FirstSeenTime: ms(f.FirstSeen),
			LastSeenTime:  ms(f.LastSeen),
			Analytic:      ocsfAnalytic{UID: f.CheckID, Name: t, Type: "Rule", TypeID: 1},
		},
		Compliance: ocsfCompliance{
			Control:      f.CheckID,
			Standards:    frameworks(c.Compliance),
			Requirements: nonNil(c.Compliance),
			Status:       cmp,
			StatusID:     cmpID,
		},
		Resources: []ocsfResource{{
			UID:            f.Resource.ID,
			Name:           f.Resource.Name,
			Type:           f.Resource.Type,
			Region:         f.Region,
			CloudPartition: cloudPartition(f.Resource.ID),
		}},
		Cloud: cloud,
		Unmapped: ocsfUnmapped{
			CheckID:   f.CheckID,
			ScanID:    in.Scan.ID,
			Risk:      c.Risk.In(in.Lang),
			CLI:       c.Remediation.CLI,
			Terraform: c.Remediation.Terraform,
		},
	}
	if d := c.Remediation.Console.In(in.Lang); d != "" || len(c.References) > 0 {
		e.Remediation = &ocsfRemediation{Desc: d, References: c.References}
	}
	if f.Mute != nil {
		e.Unmapped.Mute = &jsonMute{By: f.Mute.By, Reason: f.Mute.Reason, Until: timeOrNil(f.Mute.Until), Owner: f.Mute.Owner, Rule: f.Mute.Rule}
	}
	return e
}
