package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"time"
	"unicode/utf8"

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

// Parts of the OCSF events that the alerts report shares.

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

type ocsfAnalytic struct {
	UID    string `json:"uid"`
	Name   string `json:"name"`
	Type   string `json:"type"`
	TypeID int    `json:"type_id"`
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

// renderOCSF writes the events one at a time, byte for byte as encoding/json
// would write the whole array of ocsfEvent (TestStreamedEqualsWhole,
// FuzzOCSFEvent). It writes them by hand: every event repeats its check's
// title, description, risk and fixes, which are escaped once per check here
// (ocsfCheck) rather than marshalled by reflection and indented again for
// each of hundreds of thousands of findings.
func renderOCSF(w io.Writer, in Input) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	l := newJSONList(bw, "  ")
	cc := checkCache{checks: in.Checks}
	oe := ocsfWriter{in: &in, checks: map[*mamori.Check]*ocsfCheck{}, w: jw{prefix: "  "}, enc: newEncoder()}
	err := in.Findings.Walk(Query{}, func(f *mamori.Finding) error {
		b, err := oe.event(f, cc.of(f))
		if err != nil {
			return err
		}
		return l.addRaw(b)
	})
	if err != nil {
		return err
	}
	l.close()
	bw.WriteByte('\n')
	return bw.Flush()
}

// ocsfCheck is what every event of a check's findings shares, escaped once.
type ocsfCheck struct {
	title       []byte // quoted
	titleValid  bool   // the title is valid UTF-8: the message can start from its quoted form
	desc        []byte // quoted, nil when empty
	compliance  []byte // "standards" and "requirements", at their depth
	remediation []byte // the whole "remediation" member, nil when there is none
	unmapped    []byte // "risk", "remediation_cli" and "remediation_terraform"
}

type ocsfWriter struct {
	in     *Input
	checks map[*mamori.Check]*ocsfCheck
	w      jw
	enc    *encoder
}

func (o *ocsfWriter) check(c *mamori.Check) *ocsfCheck {
	if oc := o.checks[c]; oc != nil {
		return oc
	}
	lang := o.in.Lang
	t := title(c, lang)
	oc := &ocsfCheck{title: appendJSONString(nil, t), titleValid: utf8.ValidString(t)}
	if d := c.Description.In(lang); d != "" {
		oc.desc = appendJSONString(nil, d)
	}
	// Each part is written by a jw at the depth it has in the event, after
	// a member already written.
	w := jw{prefix: o.w.prefix, depth: 2}
	w.strs("standards", frameworks(c.Compliance))
	w.strs("requirements", nonNil(c.Compliance))
	oc.compliance = w.b
	if d := c.Remediation.Console.In(lang); d != "" || len(c.References) > 0 {
		w = jw{prefix: o.w.prefix, depth: 1}
		w.key("remediation")
		w.open('{')
		w.str("desc", d)
		if len(c.References) > 0 {
			w.strs("references", c.References)
		}
		w.close('}')
		oc.remediation = w.b
	}
	w = jw{prefix: o.w.prefix, depth: 2}
	w.strOmit("risk", c.Risk.In(lang))
	w.strOmit("remediation_cli", c.Remediation.CLI)
	w.strOmit("remediation_terraform", c.Remediation.Terraform)
	oc.unmapped = w.b
	o.checks[c] = oc
	return oc
}

// event returns f's event, indented as a list element; valid until the next call.
func (o *ocsfWriter) event(f *mamori.Finding, c *mamori.Check) ([]byte, error) {
	in := o.in
	oc := o.check(c)
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

	w := &o.w
	w.b, w.depth, w.first = w.b[:0], 0, true
	w.open('{')
	w.int("activity_id", 1)
	w.str("activity_name", "Create")
	w.int("category_uid", 2)
	w.str("category_name", "Findings")
	w.int("class_uid", 2003)
	w.str("class_name", "Compliance Finding")
	w.int("type_uid", 200301)
	w.str("type_name", "Compliance Finding: Create")
	w.int("severity_id", int64(sevID))
	w.str("severity", sev)
	w.int("status_id", int64(statusID))
	w.str("status", status)
	w.str("status_code", string(f.Status))
	w.strOmit("status_detail", f.Reason)
	w.int("time", ms(when))
	w.key("message")
	if oc.titleValid {
		w.b = append(w.b, oc.title[:len(oc.title)-1]...)
		at := len(w.b)
		w.b = appendJSONString(w.b, ": "+resourceName(f))
		w.b = append(w.b[:at], w.b[at+1:]...) // the opening quote of the rest
	} else {
		w.b = appendJSONString(w.b, title(c, in.Lang)+": "+resourceName(f))
	}

	w.key("metadata")
	w.open('{')
	w.str("version", ocsfVersion)
	w.key("product")
	w.open('{')
	w.str("name", "mamori")
	w.str("vendor_name", "mamori")
	w.strOmit("version", in.Version)
	w.str("url_string", infoURI)
	w.close('}')
	w.strs("profiles", []string{"cloud"})
	w.str("event_code", f.CheckID)
	w.strOmit("tenant_uid", f.Tenant)
	w.close('}')

	w.key("finding_info")
	w.open('{')
	w.key("uid")
	w.b = append(w.b, '"')
	w.b = hex.AppendEncode(w.b, sum[:])
	w.b = append(w.b, '"')
	w.raw("title", oc.title)
	if oc.desc != nil {
		w.raw("desc", oc.desc)
	}
	w.strs("types", []string{"Compliance"})
	w.intOmit("created_time", ms(f.FirstSeen))
	w.intOmit("first_seen_time", ms(f.FirstSeen))
	w.intOmit("last_seen_time", ms(f.LastSeen))
	w.key("analytic")
	w.open('{')
	w.str("uid", f.CheckID)
	w.raw("name", oc.title)
	w.str("type", "Rule")
	w.int("type_id", 1)
	w.close('}')
	w.close('}')

	w.key("compliance")
	w.open('{')
	w.str("control", f.CheckID)
	w.b = append(w.b, oc.compliance...)
	w.str("status", cmp)
	w.int("status_id", int64(cmpID))
	w.close('}')

	w.key("resources")
	w.open('[')
	w.next()
	w.open('{')
	w.str("uid", f.Resource.ID)
	w.str("name", f.Resource.Name)
	w.str("type", f.Resource.Type)
	w.strOmit("region", f.Region)
	w.strOmit("cloud_partition", cloudPartition(f.Resource.ID))
	w.close('}')
	w.close(']')

	w.key("cloud")
	w.open('{')
	if prov == "aws" {
		w.str("provider", "AWS")
	} else {
		w.str("provider", prov)
	}
	if f.Account != "" {
		w.key("account")
		w.open('{')
		w.str("uid", f.Account)
		if prov == "aws" {
			w.str("type", "AWS Account")
			w.int("type_id", 10)
		}
		w.close('}')
	}
	w.strOmit("region", f.Region)
	w.close('}')

	if oc.remediation != nil {
		w.b = append(w.b, oc.remediation...)
	}

	w.key("unmapped")
	w.open('{')
	w.str("check_id", f.CheckID)
	w.str("scan_id", in.Scan.ID)
	w.b = append(w.b, oc.unmapped...)
	if f.Mute != nil {
		w.key("mute")
		m, err := o.enc.indent(jsonMute{By: f.Mute.By, Reason: f.Mute.Reason, Until: timeOrNil(f.Mute.Until), Owner: f.Mute.Owner, Rule: f.Mute.Rule}, w.prefix+"    ")
		if err != nil {
			return nil, err
		}
		w.b = append(w.b, m...)
	}
	w.close('}')
	w.close('}')
	return w.b, nil
}
