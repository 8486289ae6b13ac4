package awsemu

import (
	"fmt"
	"strconv"
	"time"
)

// RDSSnapshot is one manual DB snapshot and who may restore it.
type RDSSnapshot struct {
	// ID is the DB snapshot identifier.
	ID string `yaml:"id"`
	// Instance is the DB instance it was taken from.
	Instance      string `yaml:"instance"`
	Engine        string `yaml:"engine"`
	EngineVersion string `yaml:"engine_version"`
	Encrypted     bool   `yaml:"encrypted"`
	KMSKeyID      string `yaml:"kms_key_id"`
	// Type is manual (default) or automated.
	Type string `yaml:"type"`
	// Public: any AWS account may restore it (restore attribute "all").
	Public bool `yaml:"public"`
	// SharedWith are the account ids it is shared with.
	SharedWith []string  `yaml:"shared_with"`
	Created    time.Time `yaml:"created"`
}

type rdsSnapshotXML struct {
	ID            string `xml:"DBSnapshotIdentifier"`
	ARN           string `xml:"DBSnapshotArn"`
	Instance      string `xml:"DBInstanceIdentifier"`
	Engine        string `xml:"Engine"`
	EngineVersion string `xml:"EngineVersion"`
	Encrypted     bool   `xml:"Encrypted"`
	KMSKeyID      string `xml:"KmsKeyId,omitempty"`
	Type          string `xml:"SnapshotType"`
	Status        string `xml:"Status"`
	Created       string `xml:"SnapshotCreateTime,omitempty"`
}

func (c *Call) rdsSnapshot(id string) *RDSSnapshot {
	for _, s := range c.rds().Snapshots {
		if s.ID == id || c.rdsSnapshotARN(s) == id {
			return s
		}
	}
	return nil
}

func (c *Call) rdsSnapshotARN(s *RDSSnapshot) string {
	return fmt.Sprintf("arn:aws:rds:%s:%s:snapshot:%s", c.Region, c.Account.ID, s.ID)
}

func rdsDescribeDBSnapshots(c *Call) error {
	var all []*RDSSnapshot
	for _, s := range c.rds().Snapshots {
		typ := rdsDefault(s.Type, "manual")
		if want := c.Form.Get("SnapshotType"); want != "" && want != typ {
			continue
		}
		if want := c.Form.Get("DBInstanceIdentifier"); want != "" && want != s.Instance {
			continue
		}
		if want := c.Form.Get("DBSnapshotIdentifier"); want != "" && want != s.ID {
			continue
		}
		all = append(all, s)
	}
	if id := c.Form.Get("DBSnapshotIdentifier"); id != "" && len(all) == 0 {
		return NotFound("DBSnapshotNotFound", "DBSnapshot %s not found.", id)
	}
	size := 0
	if v := c.Form.Get("MaxRecords"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 20 || n > 100 {
			return Errf("InvalidParameterValue", "Invalid value %s for MaxRecords. Must be between 20 and 100", v)
		}
		size = n
	}
	start, end, next := Page(len(all), c.Form.Get("Marker"), size, 100)
	out := struct {
		Snapshots []rdsSnapshotXML `xml:"DBSnapshots>DBSnapshot"`
		Marker    string           `xml:"Marker,omitempty"`
	}{Marker: next}
	for _, s := range all[start:end] {
		x := rdsSnapshotXML{ID: s.ID, ARN: c.rdsSnapshotARN(s), Instance: s.Instance, Engine: rdsDefault(s.Engine, "mysql"),
			Encrypted: s.Encrypted, KMSKeyID: s.KMSKeyID, Type: rdsDefault(s.Type, "manual"), Status: "available"}
		x.EngineVersion = rdsDefault(s.EngineVersion, rdsEngineVersion(x.Engine))
		if !s.Created.IsZero() {
			x.Created = s.Created.UTC().Format(time.RFC3339)
		}
		out.Snapshots = append(out.Snapshots, x)
	}
	return c.QueryResult(out)
}

func rdsDescribeDBSnapshotAttributes(c *Call) error {
	id := c.Form.Get("DBSnapshotIdentifier")
	s := c.rdsSnapshot(id)
	if s == nil || c.Server.gone("rds", s.ID) {
		return NotFound("DBSnapshotNotFound", "DBSnapshot %s not found.", id)
	}
	if c.Server.deniedFor("rds:DescribeDBSnapshotAttributes", s.ID) {
		return &APIError{Code: "AccessDenied", Message: "User: arn:aws:iam::" + c.Account.ID + ":user/scanner is not authorized to perform: rds:DescribeDBSnapshotAttributes", Status: 403}
	}
	values := append([]string(nil), s.SharedWith...)
	if s.Public {
		values = append(values, "all")
	}
	type attr struct {
		Name   string   `xml:"AttributeName"`
		Values []string `xml:"AttributeValues>AttributeValue"`
	}
	out := struct {
		ID    string `xml:"DBSnapshotAttributesResult>DBSnapshotIdentifier"`
		Attrs []attr `xml:"DBSnapshotAttributesResult>DBSnapshotAttributes>DBSnapshotAttribute"`
	}{ID: s.ID, Attrs: []attr{{Name: "restore", Values: values}}}
	return c.QueryResult(out)
}
