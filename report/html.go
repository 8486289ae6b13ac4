package report

import (
	_ "embed"
	"html/template"
	"io"
	"strings"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/i18n"
)

// The HTML report is one self-contained file: inline CSS, no script, no
// remote fonts or images, and a Content-Security-Policy that forbids loading
// anything, so it can be mailed around and opened offline. html/template
// escapes everything that comes from the scanned account (resource names,
// reasons) and from check files.

//go:embed report.html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

// htmlView is what the template shows.
type htmlView struct {
	Lang      string
	Version   string
	Scan      htmlScan
	Statuses  []htmlCount
	Severity  []htmlCount
	FailTotal int
	Fails     []htmlFinding
	Muted     []htmlFinding
	Errors    []htmlFinding
	Passed    []htmlCount
}

// T returns the catalogue message key in the report's language.
func (v *htmlView) T(key string, args ...any) string { return i18n.T(v.Lang, key, args...) }

type htmlScan struct {
	ID, Source, Provider, Accounts, Regions, Started, Finished string
	Resources                                                  int
	Partial                                                    bool
	Errors                                                     []string
}

type htmlCount struct {
	Label, Class, Sub string
	N, Pct            int
}

type htmlFinding struct {
	Severity, SeverityClass                    string
	Title, CheckID                             string
	ResourceName, ResourceID, ResourceType     string
	Account, Region, FirstSeen                 string
	Description, Risk, Console, CLI, Terraform string
	References, Compliance                     []string
	Reason, MuteBy, MuteUntil                  string
}

// HasDetails reports whether the finding has anything to show under
// "Risk and how to fix".
func (h htmlFinding) HasDetails() bool {
	return h.Description != "" || h.Risk != "" || h.Console != "" || h.CLI != "" || h.Terraform != "" ||
		len(h.References) > 0 || len(h.Compliance) > 0
}

func renderHTML(w io.Writer, in Input) error {
	s := in.Scan
	v := &htmlView{
		Lang:    in.Lang,
		Version: in.Version,
		Scan: htmlScan{
			ID: s.ID, Source: s.Source, Provider: s.Provider,
			Accounts: strings.Join(s.Accounts, ", "), Regions: strings.Join(s.Regions, ", "),
			Started: stamp(s.StartedAt), Finished: stamp(s.FinishedAt),
			Resources: s.Resources, Partial: s.Partial,
		},
	}
	for i := range s.Errors {
		v.Scan.Errors = append(v.Scan.Errors, s.Errors[i].Error())
	}

	c := counts(s, in.Findings)
	total := 0
	for _, st := range statuses {
		total += c[st]
	}
	for _, st := range statuses {
		v.Statuses = append(v.Statuses, htmlCount{
			Label: i18n.T(in.Lang, "status."+string(st)), Class: strings.ToLower(string(st)), N: c[st], Pct: pct(c[st], total),
		})
	}

	bySev := map[mamori.Severity]int{}
	passed := map[string]*htmlCount{}
	var passOrder []string
	for i := range in.Findings {
		f := &in.Findings[i]
		ch := checkOf(in.Checks, f)
		switch f.Status {
		case mamori.StatusFail:
			bySev[f.Severity]++
			v.FailTotal++
			v.Fails = append(v.Fails, htmlFindingOf(f, ch, in.Lang))
		case mamori.StatusMuted:
			v.Muted = append(v.Muted, htmlFindingOf(f, ch, in.Lang))
		case mamori.StatusError:
			v.Errors = append(v.Errors, htmlFindingOf(f, ch, in.Lang))
		case mamori.StatusPass:
			p, ok := passed[f.CheckID]
			if !ok {
				p = &htmlCount{Label: title(ch, in.Lang), Sub: f.CheckID}
				passed[f.CheckID] = p
				passOrder = append(passOrder, f.CheckID)
			}
			p.N++
		}
	}
	for _, sev := range severities {
		v.Severity = append(v.Severity, htmlCount{
			Label: i18n.T(in.Lang, "severity."+sev.String()), Class: sev.String(), N: bySev[sev], Pct: pct(bySev[sev], v.FailTotal),
		})
	}
	for _, id := range passOrder {
		v.Passed = append(v.Passed, *passed[id])
	}
	return htmlTemplate.Execute(w, v)
}

// pct returns n as a whole percentage of total (0 when total is 0).
func pct(n, total int) int {
	if total == 0 {
		return 0
	}
	return (n*100 + total/2) / total
}

func htmlFindingOf(f *mamori.Finding, c *mamori.Check, lang string) htmlFinding {
	h := htmlFinding{
		Severity:      i18n.T(lang, "severity."+f.Severity.String()),
		SeverityClass: f.Severity.String(),
		Title:         title(c, lang),
		CheckID:       f.CheckID,
		ResourceName:  resourceName(f),
		ResourceID:    f.Resource.ID,
		ResourceType:  f.Resource.Type,
		Account:       f.Account,
		Region:        f.Region,
		FirstSeen:     stamp(f.FirstSeen),
		Description:   c.Description.In(lang),
		Risk:          c.Risk.In(lang),
		Console:       c.Remediation.Console.In(lang),
		CLI:           strings.TrimRight(c.Remediation.CLI, "\n"),
		Terraform:     strings.TrimRight(c.Remediation.Terraform, "\n"),
		References:    c.References,
		Compliance:    c.Compliance,
		Reason:        f.Reason,
	}
	if f.Mute != nil {
		if h.Reason == "" {
			h.Reason = f.Mute.Reason
		}
		h.MuteBy = f.Mute.By
		if !f.Mute.Until.IsZero() {
			h.MuteUntil = stamp(f.Mute.Until)
		}
	}
	return h
}
