package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
)

// The OCSF event as encoding/json writes it: the reference renderOCSF's
// hand-written events are held to (TestStreamedEqualsWhole, FuzzOCSFEvent);
// and the fuzz tests that hold the JSON, OCSF and ASFF writers to
// encoding/json.

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

// appendJSONString quotes as encoding/json does with HTML escaping off.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "quote \" back \\ slash", "\x00\x01\b\f\n\r\t\x1f", "日本語", "\u2028\u2029", "\xff\xfe bad", "a\xe3\x81", "<>&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		want := strings.TrimSuffix(b.String(), "\n")
		if got := string(appendJSONString(nil, s)); got != want {
			t.Fatalf("appendJSONString(%q) = %s, encoding/json: %s", s, got, want)
		}
	})
}

// fuzzFinding seeds f with text fields and returns the function that builds
// one finding, its check and the report input from the fuzzer's values.
func fuzzFinding(f *testing.F) {
	f.Add("S3 bucket is public", "S3 バケットが公開", "desc", "risk\nline", "aws s3api ...", "resource \"x\" {}", "1. open", "https://e.example/a", "cis-aws-3.0:2.1.4", "arn:aws:s3:::b", "b", "aws_s3_bucket", "ap-northeast-1", "123456789012", "why", "aws", "ja", true, int64(1739525400000))
	f.Add("", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "en", false, int64(0))
	f.Add("t\xff", "\u2028", "<b>&", "\x00", "\\", "\"", "\t", "x", "nocolon", "id", "", "t", "", "", "", "gcp", "ja", false, int64(-5))
	f.Add("t", "t", "d", "", "", "", "", "", "", "id", "n", "t", "", "", "", "aws", "en", true, int64(400000000000000)) // year 14645
}

func fuzzInput(titleEn, titleJa, desc, risk, cli, tf, console, ref, comp, rid, rname, rtype, region, account, reason, prov, lang string, muted bool, seen int64) (*mamori.Check, mamori.Finding, Input) {
	c := &mamori.Check{ID: "chk", Title: mamori.Text{En: titleEn, Ja: titleJa}, Description: mamori.Text{En: desc, Ja: desc},
		Risk: mamori.Text{En: risk}, Remediation: mamori.Remediation{CLI: cli, Terraform: tf, Console: mamori.Text{En: console, Ja: console}}}
	if ref != "" {
		c.References = []string{ref, ref + "/2"}
	}
	if comp != "" {
		c.Compliance = []string{comp, "iso27001-2022:A.8.9", comp}
	}
	fd := mamori.Finding{ScanID: "s1", Tenant: "default", CheckID: "chk", Status: mamori.StatusFail, Severity: mamori.SeverityHigh,
		Resource: mamori.ResourceRef{Type: rtype, ID: rid, Name: rname}, Provider: prov, Account: account, Region: region, Reason: reason}
	if seen != 0 {
		fd.FirstSeen, fd.LastSeen = time.UnixMilli(seen), time.UnixMilli(seen+1000)
	}
	if muted {
		fd.Status = mamori.StatusMuted
		fd.Mute = &mamori.Mute{By: rname, Reason: reason, Until: time.UnixMilli(seen).UTC(), Rule: comp}
	}
	in := Input{Lang: lang, Version: "1.0", Scan: mamori.Scan{ID: "s1", StartedAt: time.Unix(1, 0)}, Checks: map[string]*mamori.Check{"chk": c},
		Findings: sliceFindings{fd, fd}}
	return c, fd, in
}

// One finding (twice) and its check, every text field from the fuzzer,
// written by renderOCSF and by encoding/json from ocsfEventOf: the same bytes.
func FuzzOCSFEvent(f *testing.F) {
	fuzzFinding(f)
	f.Fuzz(func(t *testing.T, titleEn, titleJa, desc, risk, cli, tf, console, ref, comp, rid, rname, rtype, region, account, reason, prov, lang string, muted bool, seen int64) {
		c, fd, in := fuzzInput(titleEn, titleJa, desc, risk, cli, tf, console, ref, comp, rid, rname, rtype, region, account, reason, prov, lang, muted, seen)
		var want bytes.Buffer
		werr := writeJSON(&want, []ocsfEvent{ocsfEventOf(&fd, c, &in), ocsfEventOf(&fd, c, &in)})
		var got bytes.Buffer
		if err := renderOCSF(&got, in); (err != nil) != (werr != nil) {
			t.Fatalf("renderOCSF: %v, encoding/json: %v", err, werr)
		} else if err != nil {
			return // a time encoding/json cannot write either
		}
		if got.String() != want.String() {
			t.Fatalf("hand-written OCSF differs from encoding/json:\n%s\nwant:\n%s", got.String(), want.String())
		}
	})
}

// The same for the JSON report's findings against toJSONFinding.
func FuzzJSONFinding(f *testing.F) {
	fuzzFinding(f)
	f.Fuzz(func(t *testing.T, titleEn, titleJa, desc, risk, cli, tf, console, ref, comp, rid, rname, rtype, region, account, reason, prov, lang string, muted bool, seen int64) {
		c, fd, in := fuzzInput(titleEn, titleJa, desc, risk, cli, tf, console, ref, comp, rid, rname, rtype, region, account, reason, prov, lang, muted, seen)
		fc, err := in.Findings.Count()
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		r := jsonReport{Tool: jsonTool{Name: "mamori", Version: in.Version}, Scan: toJSONScan(in.Scan, fc),
			Findings: []jsonFinding{toJSONFinding(&fd, c, lang), toJSONFinding(&fd, c, lang)}}
		werr := writeJSON(&want, r)
		var got bytes.Buffer
		if err := renderJSON(&got, in); (err != nil) != (werr != nil) {
			t.Fatalf("renderJSON: %v, encoding/json: %v", err, werr)
		} else if err != nil {
			return // a time encoding/json cannot write either
		}
		if got.String() != want.String() {
			t.Fatalf("hand-written JSON differs from encoding/json:\n%s\nwant:\n%s", got.String(), want.String())
		}
	})
}

// The same for ASFF against encoding/json of asffOf's structs; every
// account is a 12-digit one so that each finding is written.
func FuzzASFF(f *testing.F) {
	fuzzFinding(f)
	f.Fuzz(func(t *testing.T, titleEn, titleJa, desc, risk, cli, tf, console, ref, comp, rid, rname, rtype, region, account, reason, prov, lang string, muted bool, seen int64) {
		c, fd, in := fuzzInput(titleEn, titleJa, desc, risk, cli, tf, console, ref, comp, rid, rname, rtype, region, "123456789012", reason, prov, lang, muted, seen)
		if !muted { // an ERROR (its reasons) or a PASS; FAIL and MUTED come with the other seeds
			fd.Status = mamori.StatusError
			if seen%2 == 0 {
				fd.Status = mamori.StatusPass
			}
		}
		in.Findings = sliceFindings{fd, fd}
		home := "us-east-1"
		ac := asffCheckOf(c, lang)
		a := asffOf(&fd, ac, &in, home)
		var want bytes.Buffer
		if err := writeJSON(&want, []asffFinding{a, a}); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := renderASFF(&got, in); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("hand-written ASFF differs from encoding/json:\n%s\nwant:\n%s", got.String(), want.String())
		}
	})
}
