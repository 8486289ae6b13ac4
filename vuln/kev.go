package vuln

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mamori-sec/mamori"
)

// kevCatalog is the shape of CISA's known_exploited_vulnerabilities.json.
type kevCatalog struct {
	Title           string            `json:"title"`
	CatalogVersion  string            `json:"catalogVersion"`
	Vulnerabilities []json.RawMessage `json:"vulnerabilities"`
}

type kevJSON struct {
	CVEID                      string `json:"cveID"`
	VendorProject              string `json:"vendorProject"`
	Product                    string `json:"product"`
	VulnerabilityName          string `json:"vulnerabilityName"`
	DateAdded                  string `json:"dateAdded"`
	ShortDescription           string `json:"shortDescription"`
	RequiredAction             string `json:"requiredAction"`
	DueDate                    string `json:"dueDate"`
	KnownRansomwareCampaignUse string `json:"knownRansomwareCampaignUse"`
	Notes                      string `json:"notes"`
}

// ParseKEV reads CISA's Known Exploited Vulnerabilities catalogue (JSON). A
// broken entry is reported by its index and CVE and left out; the others
// are returned. An error alone means the file is not a KEV catalogue.
func ParseKEV(data []byte) ([]mamori.KEVEntry, []error, error) {
	var c kevCatalog
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, nil, fmt.Errorf("not a KEV catalogue: %s", oneLine(err.Error()))
	}
	if c.Vulnerabilities == nil || c.CatalogVersion == "" && !strings.Contains(c.Title, "Known Exploited") {
		return nil, nil, errors.New("not a KEV catalogue: no catalogVersion and vulnerabilities")
	}
	var (
		out  []mamori.KEVEntry
		errs []error
	)
	for i, raw := range c.Vulnerabilities {
		var k kevJSON
		if err := json.Unmarshal(raw, &k); err != nil {
			errs = append(errs, fmt.Errorf("vulnerabilities[%d]: %s", i, oneLine(err.Error())))
			continue
		}
		e := mamori.KEVEntry{CVE: strings.TrimSpace(k.CVEID), VendorProject: k.VendorProject, Product: k.Product,
			Name: k.VulnerabilityName, ShortDescription: k.ShortDescription, RequiredAction: k.RequiredAction,
			KnownRansomware: k.KnownRansomwareCampaignUse, Notes: k.Notes, CatalogVersion: c.CatalogVersion}
		if !strings.HasPrefix(e.CVE, "CVE-") {
			errs = append(errs, fmt.Errorf("vulnerabilities[%d]: cveID %q is not a CVE ID", i, k.CVEID))
			continue
		}
		var err error
		if e.DateAdded, err = kevDate(k.DateAdded); err != nil {
			errs = append(errs, fmt.Errorf("vulnerabilities[%d] (%s): dateAdded: %v", i, e.CVE, err))
			continue
		}
		if e.DueDate, err = kevDate(k.DueDate); err != nil {
			errs = append(errs, fmt.Errorf("vulnerabilities[%d] (%s): dueDate: %v", i, e.CVE, err))
			continue
		}
		var buf bytes.Buffer
		if json.Compact(&buf, raw) == nil {
			e.Raw = buf.Bytes()
		}
		out = append(out, e)
	}
	return out, errs, nil
}

func kevDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
	}
	return t, nil
}
