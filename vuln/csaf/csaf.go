// Package csaf holds the CSAF 2.0 types mamori reads and writes — advisories
// (and the VEX profile), a provider's provider-metadata.json and its ROLIE
// feeds — and validates documents against the CSAF JSON schema, offline.
//
// The names follow gocsaf (github.com/gocsaf/csaf), which mamori used before:
// linking gocsaf links github.com/Intevation/gval, whose package init reaches
// reflect.Value.MethodByName with a name known only at run time, and that
// makes the Go linker keep every exported method of every type stored in an
// interface — all ~800 operations of each AWS SDK client mamori links. Without
// it the binary is 2.6x smaller and a 100k-resource scan peaks ~85 MiB lower
// (BENCHMARKS.md, "Third pass"). Only what mamori uses is here; the schema
// is what checks a document, not these types.
package csaf

import (
	"encoding/json"
	"fmt"
	"io"
	"time"
)

// Advisory is a CSAF 2.0 document.
type Advisory struct {
	Document        *Document        `json:"document"`
	ProductTree     *ProductTree     `json:"product_tree,omitempty"`
	Vulnerabilities []*Vulnerability `json:"vulnerabilities,omitempty"`
}

type (
	DocumentCategory    string
	Version             string
	Category            string
	TrackingID          string
	TrackingStatus      string
	RevisionNumber      string
	NoteCategory        string
	BranchCategory      string
	ProductID           string
	CPE                 string
	PURL                string
	CVE                 string
	FlagLabel           string
	ThreatCategory      string
	RemediationCategory string
	TLPLabel            string
	JSONURL             string
	Fingerprint         string
)

const (
	CSAFVersion20 Version = "2.0"

	CSAFCategoryUser Category = "user"

	CSAFTrackingStatusFinal TrackingStatus = "final"

	CSAFNoteCategoryDescription NoteCategory = "description"
	CSAFNoteCategorySummary     NoteCategory = "summary"
	CSAFNoteCategoryOther       NoteCategory = "other"

	CSAFBranchCategoryVendor              BranchCategory = "vendor"
	CSAFBranchCategoryProductName         BranchCategory = "product_name"
	CSAFBranchCategoryProductVersion      BranchCategory = "product_version"
	CSAFBranchCategoryProductVersionRange BranchCategory = "product_version_range"

	CSAFThreatCategoryImpact ThreatCategory = "impact"

	CSAFRemediationCategoryMitigation RemediationCategory = "mitigation"

	TLPLabelWhite TLPLabel = "WHITE"
)

// Document is an advisory's document member.
type Document struct {
	Category    *DocumentCategory  `json:"category"`
	CSAFVersion *Version           `json:"csaf_version"`
	Notes       []*Note            `json:"notes,omitempty"`
	Publisher   *DocumentPublisher `json:"publisher"`
	References  []*Reference       `json:"references,omitempty"`
	Title       *string            `json:"title"`
	Tracking    *Tracking          `json:"tracking"`
}

type DocumentPublisher struct {
	Category  *Category `json:"category"`
	Name      *string   `json:"name"`
	Namespace *string   `json:"namespace"`
}

type Tracking struct {
	Aliases            []*string       `json:"aliases,omitempty"`
	CurrentReleaseDate *string         `json:"current_release_date"`
	Generator          *Generator      `json:"generator"`
	ID                 *TrackingID     `json:"id"`
	InitialReleaseDate *string         `json:"initial_release_date"`
	RevisionHistory    Revisions       `json:"revision_history"`
	Status             *TrackingStatus `json:"status"`
	Version            *RevisionNumber `json:"version"`
}

type Revisions []*Revision

type Revision struct {
	Date    *string         `json:"date"`
	Number  *RevisionNumber `json:"number"`
	Summary *string         `json:"summary"`
}

type Generator struct {
	Date   *string `json:"date,omitempty"`
	Engine *Engine `json:"engine"`
}

type Engine struct {
	Name    *string `json:"name"`
	Version *string `json:"version,omitempty"`
}

type Note struct {
	NoteCategory *NoteCategory `json:"category"`
	Text         *string       `json:"text"`
	Title        *string       `json:"title,omitempty"`
}

type Reference struct {
	Summary *string `json:"summary"`
	URL     *string `json:"url"`
}

type ProductTree struct {
	Branches         Branches          `json:"branches,omitempty"`
	FullProductNames *FullProductNames `json:"full_product_names,omitempty"`
	RelationShips    *Relationships    `json:"relationships,omitempty"`
}

type Branches []*Branch

type Branch struct {
	Branches Branches         `json:"branches,omitempty"`
	Category *BranchCategory  `json:"category"`
	Name     *string          `json:"name"`
	Product  *FullProductName `json:"product,omitempty"`
}

type FullProductNames []*FullProductName

type FullProductName struct {
	Name                        *string                      `json:"name"`
	ProductID                   *ProductID                   `json:"product_id"`
	ProductIdentificationHelper *ProductIdentificationHelper `json:"product_identification_helper,omitempty"`
}

type ProductIdentificationHelper struct {
	CPE          *CPE         `json:"cpe,omitempty"`
	PURL         *PURL        `json:"purl,omitempty"`
	XGenericURIs XGenericURIs `json:"x_generic_uris,omitempty"`
}

type XGenericURIs []*XGenericURI

type XGenericURI struct {
	Namespace *string `json:"namespace"`
	URI       *string `json:"uri"`
}

type Relationships []*Relationship

type Relationship struct {
	FullProductName           *FullProductName `json:"full_product_name"`
	ProductReference          *ProductID       `json:"product_reference"`
	RelatesToProductReference *ProductID       `json:"relates_to_product_reference"`
}

// Products is a list of product IDs.
type Products []*ProductID

type Vulnerability struct {
	CVE           *CVE             `json:"cve,omitempty"`
	Flags         []*Flag          `json:"flags,omitempty"`
	IDs           VulnerabilityIDs `json:"ids,omitempty"`
	Notes         []*Note          `json:"notes,omitempty"`
	ProductStatus *ProductStatus   `json:"product_status,omitempty"`
	References    []*Reference     `json:"references,omitempty"`
	Remediations  []*Remediation   `json:"remediations,omitempty"`
	Scores        []*Score         `json:"scores,omitempty"`
	Threats       []*Threat        `json:"threats,omitempty"`
	Title         *string          `json:"title,omitempty"`
}

type VulnerabilityIDs []*VulnerabilityID

type VulnerabilityID struct {
	SystemName *string `json:"system_name"`
	Text       *string `json:"text"`
}

type ProductStatus struct {
	FirstAffected      *Products `json:"first_affected,omitempty"`
	FirstFixed         *Products `json:"first_fixed,omitempty"`
	Fixed              *Products `json:"fixed,omitempty"`
	KnownAffected      *Products `json:"known_affected,omitempty"`
	KnownNotAffected   *Products `json:"known_not_affected,omitempty"`
	LastAffected       *Products `json:"last_affected,omitempty"`
	Recommended        *Products `json:"recommended,omitempty"`
	UnderInvestigation *Products `json:"under_investigation,omitempty"`
}

type Flag struct {
	Date       *string    `json:"date,omitempty"`
	Label      *FlagLabel `json:"label"`
	ProductIds *Products  `json:"product_ids,omitempty"`
}

type Threat struct {
	Category   *ThreatCategory `json:"category"`
	Details    *string         `json:"details"`
	ProductIds *Products       `json:"product_ids,omitempty"`
}

type Remediation struct {
	Category   *RemediationCategory `json:"category"`
	Details    *string              `json:"details"`
	ProductIds *Products            `json:"product_ids,omitempty"`
}

// Score is one of a vulnerability's scores; only the vectors are read.
type Score struct {
	CVSS2    *CVSS     `json:"cvss_v2,omitempty"`
	CVSS3    *CVSS     `json:"cvss_v3,omitempty"`
	Products *Products `json:"products"`
}

type CVSS struct {
	Version      *string  `json:"version"`
	VectorString *string  `json:"vectorString"`
	BaseScore    *float64 `json:"baseScore"`
}

// ProviderMetadata is a CSAF provider's provider-metadata.json, as far as
// mamori reads it.
type ProviderMetadata struct {
	CanonicalURL  *string        `json:"canonical_url"`
	Distributions []Distribution `json:"distributions,omitempty"`
	LastUpdated   *TimeStamp     `json:"last_updated"`
	PGPKeys       []PGPKey       `json:"public_openpgp_keys,omitempty"`
	Role          *string        `json:"role"`
}

type Distribution struct {
	DirectoryURL string `json:"directory_url,omitempty"`
	Rolie        *ROLIE `json:"rolie,omitempty"`
}

type ROLIE struct {
	Feeds []Feed `json:"feeds"`
}

type Feed struct {
	Summary  string    `json:"summary"`
	TLPLabel *TLPLabel `json:"tlp_label"`
	URL      *JSONURL  `json:"url"`
}

// PGPKey is where a provider's OpenPGP key is and its fingerprint.
type PGPKey struct {
	Fingerprint Fingerprint `json:"fingerprint,omitempty"`
	URL         *string     `json:"url"`
}

// TimeStamp is an RFC 3339 time in provider metadata and ROLIE feeds.
type TimeStamp time.Time

func (ts *TimeStamp) UnmarshalText(data []byte) error {
	t, err := time.Parse(time.RFC3339, string(data))
	if err != nil {
		return err
	}
	*ts = TimeStamp(t)
	return nil
}

func (ts TimeStamp) MarshalText() ([]byte, error) {
	return []byte(time.Time(ts).Format(time.RFC3339)), nil
}

// ROLIEFeed is a ROLIE feed of CSAF documents, as far as mamori reads it.
type ROLIEFeed struct {
	Feed FeedData `json:"feed"`
}

type FeedData struct {
	ID      string    `json:"id"`
	Title   string    `json:"title"`
	Updated TimeStamp `json:"updated"`
	Entry   []*Entry  `json:"entry"`
}

type Entry struct {
	ID      string    `json:"id"`
	Content Content   `json:"content"`
	Link    []Link    `json:"link"`
	Updated TimeStamp `json:"updated"`
}

type Content struct {
	Type string `json:"type"`
	Src  string `json:"src"`
}

type Link struct {
	Rel  string `json:"rel"`
	HRef string `json:"href"`
}

// LoadROLIEFeed reads a ROLIE feed; entries that are JSON null are dropped.
func LoadROLIEFeed(r io.Reader) (*ROLIEFeed, error) {
	var rf ROLIEFeed
	if err := json.NewDecoder(r).Decode(&rf); err != nil {
		return nil, fmt.Errorf("JSON decoding error: %w", err)
	}
	entries := rf.Feed.Entry[:0]
	for _, e := range rf.Feed.Entry {
		if e != nil {
			entries = append(entries, e)
		}
	}
	rf.Feed.Entry = entries
	return &rf, nil
}
