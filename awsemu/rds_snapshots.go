package awsemu

import (
	"fmt"
	"strconv"
	"strings"
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

// RDSCluster is one Aurora DB cluster; its instances are RDSInstances
// naming it in Cluster.
type RDSCluster struct {
	ID                 string   `yaml:"id"`
	Engine             string   `yaml:"engine"` // aurora-mysql (default), aurora-postgresql
	EngineVersion      string   `yaml:"engine_version"`
	Encrypted          bool     `yaml:"encrypted"`
	KMSKeyID           string   `yaml:"kms_key_id"`
	DeletionProtection bool     `yaml:"deletion_protection"`
	IAMAuth            bool     `yaml:"iam_auth"`
	BackupRetention    int      `yaml:"backup_retention"`
	MultiAZ            bool     `yaml:"multi_az"`
	LogExports         []string `yaml:"log_exports"`
	SecurityGroups     []string `yaml:"security_groups"`
	SubnetGroup        string   `yaml:"subnet_group"`
	// MasterUsername defaults to admin (postgres for aurora-postgresql).
	MasterUsername string `yaml:"master_username"`
	// CopyTagsToSnapshot defaults to true.
	CopyTagsToSnapshot *bool `yaml:"copy_tags_to_snapshot"`
	// BacktrackWindow is the Aurora MySQL backtrack target window in
	// seconds; 0 (default) leaves backtracking off.
	BacktrackWindow int64 `yaml:"backtrack_window"`
	// AutoMinorVersionUpgrade defaults to true.
	AutoMinorVersionUpgrade *bool `yaml:"auto_minor_version_upgrade"`
	// Port defaults to the engine's default port.
	Port int `yaml:"port"`
}

type rdsClusterXML struct {
	ID                 string   `xml:"DBClusterIdentifier"`
	ARN                string   `xml:"DBClusterArn"`
	Engine             string   `xml:"Engine"`
	EngineVersion      string   `xml:"EngineVersion"`
	Status             string   `xml:"Status"`
	Endpoint           string   `xml:"Endpoint"`
	ReaderEndpoint     string   `xml:"ReaderEndpoint"`
	Port               int      `xml:"Port"`
	StorageEncrypted   bool     `xml:"StorageEncrypted"`
	KMSKeyID           string   `xml:"KmsKeyId,omitempty"`
	DeletionProtection bool     `xml:"DeletionProtection"`
	IAMAuth            bool     `xml:"IAMDatabaseAuthenticationEnabled"`
	BackupRetention    int      `xml:"BackupRetentionPeriod"`
	MultiAZ            bool     `xml:"MultiAZ"`
	SubnetGroup        string   `xml:"DBSubnetGroup"`
	LogExports         []string `xml:"EnabledCloudwatchLogsExports>member"`
	MasterUsername     string   `xml:"MasterUsername"`
	CopyTagsToSnapshot bool     `xml:"CopyTagsToSnapshot"`
	BacktrackWindow    int64    `xml:"BacktrackWindow,omitempty"`
	AutoMinorUpgrade   bool     `xml:"AutoMinorVersionUpgrade"`
	SecurityGroups     []struct {
		ID     string `xml:"VpcSecurityGroupId"`
		Status string `xml:"Status"`
	} `xml:"VpcSecurityGroups>VpcSecurityGroupMembership"`
	Members []struct {
		ID     string `xml:"DBInstanceIdentifier"`
		Writer bool   `xml:"IsClusterWriter"`
	} `xml:"DBClusterMembers>DBClusterMember"`
}

func rdsDescribeDBClusters(c *Call) error {
	var all []*RDSCluster
	for _, cl := range c.rds().Clusters {
		if want := c.Form.Get("DBClusterIdentifier"); want != "" && want != cl.ID {
			continue
		}
		all = append(all, cl)
	}
	if id := c.Form.Get("DBClusterIdentifier"); id != "" && len(all) == 0 {
		return NotFound("DBClusterNotFoundFault", "DBCluster %s not found.", id)
	}
	start, end, next := Page(len(all), c.Form.Get("Marker"), 0, 100)
	out := struct {
		Clusters []rdsClusterXML `xml:"DBClusters>DBCluster"`
		Marker   string          `xml:"Marker,omitempty"`
	}{Marker: next}
	for _, cl := range all[start:end] {
		engine := rdsDefault(cl.Engine, "aurora-mysql")
		x := rdsClusterXML{ID: cl.ID, ARN: fmt.Sprintf("arn:aws:rds:%s:%s:cluster:%s", c.Region, c.Account.ID, cl.ID), Engine: engine,
			EngineVersion: rdsDefault(cl.EngineVersion, rdsEngineVersion(engine)), Status: "available",
			Endpoint:       cl.ID + ".cluster-" + rdsHash(c.Account.ID+c.Region, 12) + "." + c.Region + ".rds.amazonaws.com",
			ReaderEndpoint: cl.ID + ".cluster-ro-" + rdsHash(c.Account.ID+c.Region, 12) + "." + c.Region + ".rds.amazonaws.com",
			Port:           rdsPort(engine), StorageEncrypted: cl.Encrypted, KMSKeyID: cl.KMSKeyID, DeletionProtection: cl.DeletionProtection,
			IAMAuth: cl.IAMAuth, BackupRetention: cl.BackupRetention, MultiAZ: cl.MultiAZ, SubnetGroup: cl.SubnetGroup, LogExports: cl.LogExports,
			MasterUsername: cl.MasterUsername, CopyTagsToSnapshot: cl.CopyTagsToSnapshot == nil || *cl.CopyTagsToSnapshot,
			BacktrackWindow: cl.BacktrackWindow, AutoMinorUpgrade: cl.AutoMinorVersionUpgrade == nil || *cl.AutoMinorVersionUpgrade}
		if x.MasterUsername == "" {
			x.MasterUsername = "admin"
			if strings.Contains(engine, "postgres") {
				x.MasterUsername = "postgres"
			}
		}
		if cl.Port != 0 {
			x.Port = cl.Port
		}
		for _, g := range cl.SecurityGroups {
			x.SecurityGroups = append(x.SecurityGroups, struct {
				ID     string `xml:"VpcSecurityGroupId"`
				Status string `xml:"Status"`
			}{g, "active"})
		}
		for _, in := range c.rds().Instances {
			if in.Cluster == cl.ID {
				x.Members = append(x.Members, struct {
					ID     string `xml:"DBInstanceIdentifier"`
					Writer bool   `xml:"IsClusterWriter"`
				}{in.ID, len(x.Members) == 0})
			}
		}
		out.Clusters = append(out.Clusters, x)
	}
	return c.QueryResult(out)
}
