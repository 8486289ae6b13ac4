package vuln

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/mamori-sec/mamori"
)

// rssItem is one item of a JVNRSS overview feed (RSS 1.0 with JVN's
// mod_sec fields), as the yearly jvndb_YYYY.rdf files and MyJVN's
// getVulnOverviewList write it.
type rssItem struct {
	About       string `xml:"http://www.w3.org/1999/02/22-rdf-syntax-ns# about,attr"`
	Title       string `xml:"title"`
	Link        string `xml:"link"`
	Description string `xml:"description"`
	Identifier  string `xml:"identifier"`
	References  []struct {
		Source string `xml:"source,attr"`
		ID     string `xml:"id,attr"`
		Title  string `xml:"title,attr"`
		URL    string `xml:",chardata"`
	} `xml:"references"`
	CPE []struct {
		Vendor  string `xml:"vendor,attr"`
		Product string `xml:"product,attr"`
		Name    string `xml:",chardata"`
	} `xml:"cpe"`
	CVSS []struct {
		Version string `xml:"version,attr"`
		Vector  string `xml:"vector,attr"`
	} `xml:"cvss"`
	Issued   string `xml:"issued"`
	Modified string `xml:"modified"`
	Date     string `xml:"date"`
}

// MyJVNStatus is the status node MyJVN API answers carry: a return code
// (0 success, 1 error), the error's code and message, and where this page
// of results lies among all of them.
type MyJVNStatus struct {
	RetCd       int    `xml:"retCd,attr"`
	ErrCd       string `xml:"errCd,attr"`
	ErrMsg      string `xml:"errMsg,attr"`
	TotalRes    int    `xml:"totalRes,attr"`
	TotalResRet int    `xml:"totalResRet,attr"`
	FirstRes    int    `xml:"firstRes,attr"`
}

// Err is the API's error, or nil.
func (s *MyJVNStatus) Err() error {
	if s == nil || s.RetCd == 0 {
		return nil
	}
	return fmt.Errorf("MyJVN error %s: %s", s.ErrCd, oneLine(s.ErrMsg))
}

// ParseJVNRSS reads a JVNRSS overview feed (jvndb.rdf, jvndb_new.rdf, the
// yearly jvndb_YYYY.rdf, or a MyJVN getVulnOverviewList answer): one
// advisory per item with source jvn and Overview set — its Japanese title
// and description kept as they are, the CVE IDs of its references as
// aliases, its CVSS vectors and references, and each product of its
// sec:cpe as an affected product (by name, with its CPE) without version
// ranges: JVNRSS gives none, so its matches are candidates. The detail feed
// (ParseVULDEF) of the same ID replaces an overview. The MyJVN status node,
// when there is one, is returned too. A broken item is reported by its
// position; an XML syntax error ends the file, keeping the items before it.
func ParseJVNRSS(data []byte) ([]mamori.Advisory, *MyJVNStatus, []error, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var (
		out    []mamori.Advisory
		errs   []error
		status *MyJVNStatus
		n      int
		root   bool
	)
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if !root {
				return nil, nil, nil, fmt.Errorf("not a JVNRSS feed: %s", oneLine(err.Error()))
			}
			errs = append(errs, fmt.Errorf("after item %d: %s", n, oneLine(err.Error())))
			break
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if !root {
			// The feed is an RDF document; MyJVN answers an empty result
			// with a <Result> holding only its status.
			if se.Name.Local != "RDF" && se.Name.Local != "Result" {
				return nil, nil, nil, fmt.Errorf("not a JVNRSS feed: starts with <%s>", se.Name.Local)
			}
			root = true
			continue
		}
		switch se.Name.Local {
		case "Status":
			var s MyJVNStatus
			if err := dec.DecodeElement(&s, &se); err != nil {
				errs = append(errs, fmt.Errorf("status: %s", oneLine(err.Error())))
				continue
			}
			status = &s
		case "item":
			n++
			var it rssItem
			if err := dec.DecodeElement(&it, &se); err != nil {
				errs = append(errs, fmt.Errorf("item[%d]: %s", n, oneLine(err.Error())))
				return out, status, errs, nil
			}
			raw := bytes.TrimSpace(data[off:dec.InputOffset()])
			a, err := fromRSSItem(&it)
			if err != nil {
				errs = append(errs, fmt.Errorf("item[%d] %s: %v", n, strings.TrimSpace(it.Identifier), err))
				continue
			}
			a.Raw = append([]byte(nil), raw...)
			out = append(out, a)
		}
	}
	if !root {
		return nil, nil, nil, errors.New("not a JVNRSS feed: empty")
	}
	return out, status, errs, nil
}

func fromRSSItem(it *rssItem) (mamori.Advisory, error) {
	a := mamori.Advisory{ID: strings.TrimSpace(it.Identifier), Source: SourceJVN, Overview: true,
		Summary: strings.TrimSpace(it.Title), Details: cleanText(it.Description)}
	if !strings.HasPrefix(a.ID, "JVNDB-") {
		return a, fmt.Errorf("sec:identifier %q is not a JVNDB ID", it.Identifier)
	}
	var err error
	if a.Published, err = jvnTime(it.Issued); err != nil {
		return a, fmt.Errorf("dcterms:issued: %v", err)
	}
	mod := it.Modified
	if strings.TrimSpace(mod) == "" {
		mod = it.Date
	}
	if a.Modified, err = jvnTime(mod); err != nil {
		return a, fmt.Errorf("dcterms:modified: %v", err)
	}
	if link := strings.TrimSpace(it.Link); link != "" {
		a.References = append(a.References, mamori.Reference{Type: "ADVISORY", URL: link})
	}
	for _, r := range it.References {
		id := strings.TrimSpace(r.ID)
		if strings.EqualFold(r.Source, "CVE") || strings.EqualFold(r.Source, "NVD") {
			if strings.HasPrefix(id, "CVE-") && !contains(a.Aliases, id) {
				a.Aliases = append(a.Aliases, id)
			}
		}
		if u := strings.TrimSpace(r.URL); u != "" {
			typ := "WEB"
			if strings.HasPrefix(id, "CWE-") {
				typ = "CWE"
			}
			a.References = append(a.References, mamori.Reference{Type: typ, URL: u})
		}
	}
	for _, c := range it.CVSS {
		if vec := strings.TrimSpace(c.Vector); vec != "" {
			a.Severity = append(a.Severity, mamori.SeverityScore{Type: cvssType(c.Version), Score: vec})
		}
	}
	for _, c := range it.CPE {
		name := strings.TrimSpace(c.Product)
		cpe := strings.TrimSpace(c.Name)
		if name == "" {
			if p, err := mamori.ParseCPE(cpe); err == nil {
				name = p.Product
			}
		}
		if name == "" {
			continue
		}
		a.Affected = append(a.Affected, mamori.Affected{Name: name, CPE: cpe})
	}
	return a, a.Validate()
}

// cvssType names a CVSS version the way OSV does.
func cvssType(version string) string {
	switch {
	case strings.HasPrefix(version, "4"):
		return "CVSS_V4"
	case strings.HasPrefix(version, "3"):
		return "CVSS_V3"
	}
	return "CVSS_V2"
}

// cleanText drops the carriage returns JVN writes as &#13; and trims.
func cleanText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r", ""))
}

// atoi reads a number, 0 when it is not one.
func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}
