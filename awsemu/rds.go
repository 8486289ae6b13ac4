package awsemu

import (
	"fmt"
	"hash/fnv"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// RDS is one region's RDS state.
type RDS struct {
	Instances []*RDSInstance `yaml:"instances"`
	// Snapshots are manual DB snapshots (rds_snapshots.go).
	Snapshots []*RDSSnapshot `yaml:"snapshots"`
	// Clusters are Aurora DB clusters (rds_snapshots.go).
	Clusters []*RDSCluster `yaml:"clusters"`
	// EventSubscriptions are RDS event notification subscriptions
	// (rds_events.go).
	EventSubscriptions []*RDSEventSubscription `yaml:"event_subscriptions"`
}

// RDSInstance is one DB instance.
type RDSInstance struct {
	// ID is the DB instance identifier.
	ID string `yaml:"id"`
	// Engine is mysql (default), postgres, mariadb, oracle-ee, sqlserver-se,
	// aurora-mysql, aurora-postgresql, ...
	Engine string `yaml:"engine"`
	// EngineVersion defaults to a current version of the engine.
	EngineVersion string `yaml:"engine_version"`
	// Class is the instance class; default db.t3.micro.
	Class string `yaml:"class"`
	// Cluster is the Aurora DB cluster the instance belongs to, if any.
	Cluster string `yaml:"cluster"`
	// ReplicaOf is the source DB instance identifier of a read replica.
	ReplicaOf string `yaml:"replica_of"`
	// Status is available (default), creating, stopped, ...
	Status    string `yaml:"status"`
	Public    bool   `yaml:"public"`
	Encrypted bool   `yaml:"encrypted"`
	// KMSKeyID is the key ARN; an encrypted instance without one uses a key
	// standing for the aws/rds AWS-managed key.
	KMSKeyID string `yaml:"kms_key_id"`
	// BackupRetention is the automated backup retention in days; 0 disables
	// automated backups.
	BackupRetention    int  `yaml:"backup_retention"`
	DeletionProtection bool `yaml:"deletion_protection"`
	MultiAZ            bool `yaml:"multi_az"`
	// AutoMinorVersionUpgrade defaults to true, as in AWS.
	AutoMinorVersionUpgrade *bool `yaml:"auto_minor_version_upgrade"`
	IAMAuth                 bool  `yaml:"iam_auth"`
	// SecurityGroups are VPC security group ids.
	SecurityGroups []string `yaml:"security_groups"`
	// VPC is the VPC of the instance's DB subnet group; default vpc-rds.
	VPC string `yaml:"vpc"`
	// Subnets are the subnet ids of its DB subnet group.
	Subnets []string `yaml:"subnets"`
	// CA is the CA certificate identifier; default rds-ca-rsa2048-g1.
	CA   string            `yaml:"ca"`
	Tags map[string]string `yaml:"tags"`
	// MonitoringInterval is the Enhanced Monitoring interval in seconds; 0
	// (default) leaves it off.
	MonitoringInterval int `yaml:"monitoring_interval"`
	// LogExports are the log types published to CloudWatch Logs.
	LogExports []string `yaml:"log_exports"`
	// CopyTagsToSnapshot defaults to true.
	CopyTagsToSnapshot *bool `yaml:"copy_tags_to_snapshot"`
	// MasterUsername defaults to admin.
	MasterUsername string `yaml:"master_username"`
	// Port defaults to the engine's default port.
	Port int `yaml:"port"`
	// NetworkType is IPV4 (default), DUAL (dual-stack) or IPV6.
	NetworkType string `yaml:"network_type"`
}

func rdsRoute(c *Call) Handler {
	switch c.Op {
	case "DescribeDBInstances":
		return rdsDescribeDBInstances
	case "DescribeDBSnapshots":
		return rdsDescribeDBSnapshots
	case "DescribeDBSnapshotAttributes":
		return rdsDescribeDBSnapshotAttributes
	case "DescribeDBClusters":
		return rdsDescribeDBClusters
	case "DescribeEventSubscriptions":
		return rdsDescribeEventSubscriptions
	}
	return nil
}

func (c *Call) rds() *RDS {
	if r := c.Account.regionState(c.Region).RDS; r != nil {
		return r
	}
	return &RDS{}
}

func rdsDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func rdsPort(engine string) int {
	switch {
	case strings.Contains(engine, "postgres"):
		return 5432
	case strings.HasPrefix(engine, "sqlserver"):
		return 1433
	case strings.HasPrefix(engine, "oracle"), strings.HasPrefix(engine, "custom-oracle"):
		return 1521
	case strings.HasPrefix(engine, "db2"):
		return 50000
	}
	return 3306
}

func rdsEngineVersion(engine string) string {
	switch {
	case engine == "aurora-mysql":
		return "8.0.mysql_aurora.3.05.2"
	case engine == "aurora-postgresql":
		return "15.4"
	case strings.Contains(engine, "postgres"):
		return "16.3"
	case engine == "mariadb":
		return "10.11.8"
	case strings.HasPrefix(engine, "oracle"):
		return "19.0.0.0.ru-2024-04.rur-2024-04.r1"
	case strings.HasPrefix(engine, "sqlserver"):
		return "16.00.4125.3.v1"
	}
	return "8.0.36"
}

// rdsHash is a stable lower-case hex string derived from s.
func rdsHash(s string, n int) string {
	h := fnv.New64a()
	h.Write([]byte(s))
	x := fmt.Sprintf("%016x%016x", h.Sum64(), h.Sum64()^0x9e3779b97f4a7c15)
	return x[:n]
}

type rdsTag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

type rdsSG struct {
	ID     string `xml:"VpcSecurityGroupId"`
	Status string `xml:"Status"`
}

type rdsEndpoint struct {
	Address      string `xml:"Address"`
	Port         int    `xml:"Port"`
	HostedZoneID string `xml:"HostedZoneId"`
}

type rdsSubnetGroup struct {
	Name    string      `xml:"DBSubnetGroupName"`
	VpcID   string      `xml:"VpcId"`
	Status  string      `xml:"SubnetGroupStatus"`
	Subnets []rdsSubnet `xml:"Subnets>Subnet"`
}

type rdsSubnet struct {
	ID     string `xml:"SubnetIdentifier"`
	Status string `xml:"SubnetStatus"`
}

type rdsInstanceXML struct {
	ID                   string          `xml:"DBInstanceIdentifier"`
	Arn                  string          `xml:"DBInstanceArn"`
	ResourceID           string          `xml:"DbiResourceId"`
	Class                string          `xml:"DBInstanceClass"`
	Engine               string          `xml:"Engine"`
	EngineVersion        string          `xml:"EngineVersion"`
	Status               string          `xml:"DBInstanceStatus"`
	MasterUsername       string          `xml:"MasterUsername"`
	Endpoint             *rdsEndpoint    `xml:"Endpoint,omitempty"`
	AllocatedStorage     int             `xml:"AllocatedStorage"`
	AvailabilityZone     string          `xml:"AvailabilityZone"`
	BackupRetention      int             `xml:"BackupRetentionPeriod"`
	VpcSecurityGroups    []rdsSG         `xml:"VpcSecurityGroups>VpcSecurityGroupMembership"`
	SubnetGroup          rdsSubnetGroup  `xml:"DBSubnetGroup"`
	MultiAZ              bool            `xml:"MultiAZ"`
	AutoMinorUpgrade     bool            `xml:"AutoMinorVersionUpgrade"`
	PubliclyAccessible   bool            `xml:"PubliclyAccessible"`
	StorageType          string          `xml:"StorageType"`
	StorageEncrypted     bool            `xml:"StorageEncrypted"`
	KmsKeyID             string          `xml:"KmsKeyId,omitempty"`
	ClusterID            string          `xml:"DBClusterIdentifier,omitempty"`
	ReplicaSource        string          `xml:"ReadReplicaSourceDBInstanceIdentifier,omitempty"`
	CACertificate        string          `xml:"CACertificateIdentifier"`
	IAMAuth              bool            `xml:"IAMDatabaseAuthenticationEnabled"`
	DeletionProtection   bool            `xml:"DeletionProtection"`
	PerformanceInsights  bool            `xml:"PerformanceInsightsEnabled"`
	TagList              []rdsTag        `xml:"TagList>Tag"`
	InstanceCreateTime   string          `xml:"InstanceCreateTime"`
	PreferredBackupWin   string          `xml:"PreferredBackupWindow"`
	PreferredMaintWindow string          `xml:"PreferredMaintenanceWindow"`
	CopyTagsToSnapshot   bool            `xml:"CopyTagsToSnapshot"`
	MonitoringInterval   int             `xml:"MonitoringInterval"`
	NetworkType          string          `xml:"NetworkType"`
	CertificateDetails   *rdsCertDetails `xml:"CertificateDetails,omitempty"`
	LogExports           []string        `xml:"EnabledCloudwatchLogsExports>member"`
}

type rdsCertDetails struct {
	CAIdentifier string `xml:"CAIdentifier"`
	ValidTill    string `xml:"ValidTill"`
}

func rdsSubnets(ids []string) []rdsSubnet {
	var out []rdsSubnet
	for _, id := range ids {
		out = append(out, rdsSubnet{id, "Active"})
	}
	return out
}

func (c *Call) rdsInstanceXML(in *RDSInstance) rdsInstanceXML {
	engine := rdsDefault(in.Engine, "mysql")
	aurora := strings.HasPrefix(engine, "aurora")
	x := rdsInstanceXML{
		ID:                   in.ID,
		Arn:                  fmt.Sprintf("arn:aws:rds:%s:%s:db:%s", c.Region, c.Account.ID, in.ID),
		ResourceID:           "db-" + strings.ToUpper(rdsHash(c.Account.ID+c.Region+in.ID, 26)),
		Class:                rdsDefault(in.Class, "db.t3.micro"),
		Engine:               engine,
		EngineVersion:        rdsDefault(in.EngineVersion, rdsEngineVersion(engine)),
		Status:               rdsDefault(in.Status, "available"),
		MasterUsername:       rdsDefault(in.MasterUsername, "admin"),
		AllocatedStorage:     20,
		AvailabilityZone:     c.Region + "a",
		BackupRetention:      in.BackupRetention,
		SubnetGroup:          rdsSubnetGroup{Name: "default-" + rdsDefault(in.VPC, "vpc-rds"), VpcID: rdsDefault(in.VPC, "vpc-rds"), Status: "Complete", Subnets: rdsSubnets(in.Subnets)},
		MultiAZ:              in.MultiAZ,
		AutoMinorUpgrade:     in.AutoMinorVersionUpgrade == nil || *in.AutoMinorVersionUpgrade,
		PubliclyAccessible:   in.Public,
		StorageType:          "gp3",
		StorageEncrypted:     in.Encrypted,
		ClusterID:            in.Cluster,
		ReplicaSource:        in.ReplicaOf,
		CACertificate:        rdsDefault(in.CA, "rds-ca-rsa2048-g1"),
		IAMAuth:              in.IAMAuth,
		DeletionProtection:   in.DeletionProtection,
		InstanceCreateTime:   "2024-04-01T00:00:00.000Z",
		PreferredBackupWin:   "18:00-18:30",
		PreferredMaintWindow: "sun:19:00-sun:19:30",
		CopyTagsToSnapshot:   in.CopyTagsToSnapshot == nil || *in.CopyTagsToSnapshot,
		MonitoringInterval:   in.MonitoringInterval,
		LogExports:           in.LogExports,
		NetworkType:          rdsDefault(in.NetworkType, "IPV4"),
		CertificateDetails:   &rdsCertDetails{CAIdentifier: rdsDefault(in.CA, "rds-ca-rsa2048-g1"), ValidTill: "2061-01-01T00:00:00Z"},
	}
	if aurora {
		x.StorageType = "aurora"
		x.AllocatedStorage = 1
	}
	if x.Status != "creating" {
		x.Endpoint = &rdsEndpoint{
			Address:      fmt.Sprintf("%s.%s.%s.rds.amazonaws.com", in.ID, rdsHash(c.Account.ID+c.Region, 12), c.Region),
			Port:         rdsPort(engine),
			HostedZoneID: "Z24O6O9L7SGTNB",
		}
		if in.Port != 0 {
			x.Endpoint.Port = in.Port
		}
	}
	if in.Encrypted {
		x.KmsKeyID = in.KMSKeyID
		if x.KmsKeyID == "" {
			x.KmsKeyID = fmt.Sprintf("arn:aws:kms:%s:%s:key/%s-%s-%s-%s-%s", c.Region, c.Account.ID,
				rdsHash("aws/rds"+c.Region, 8), rdsHash("1", 4), rdsHash("2", 4), rdsHash("3", 4), rdsHash(c.Account.ID, 12))
		}
	}
	for _, sg := range in.SecurityGroups {
		x.VpcSecurityGroups = append(x.VpcSecurityGroups, rdsSG{sg, "active"})
	}
	for _, k := range slices.Sorted(maps.Keys(in.Tags)) {
		x.TagList = append(x.TagList, rdsTag{k, in.Tags[k]})
	}
	return x
}

func rdsDescribeDBInstances(c *Call) error {
	all := c.rds().Instances
	if id := c.Form.Get("DBInstanceIdentifier"); id != "" {
		var found *RDSInstance
		for _, in := range all {
			if in.ID == id || fmt.Sprintf("arn:aws:rds:%s:%s:db:%s", c.Region, c.Account.ID, in.ID) == id {
				found = in
			}
		}
		if found == nil {
			return NotFound("DBInstanceNotFound", "DBInstance %s not found.", id)
		}
		all = []*RDSInstance{found}
	}
	size := 0
	if s := c.Form.Get("MaxRecords"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 20 || n > 100 {
			return Errf("InvalidParameterValue", "Invalid value %s for MaxRecords. Must be between 20 and 100", s)
		}
		size = n
	}
	start, end, next := Page(len(all), c.Form.Get("Marker"), size, 100)
	out := struct {
		Instances []rdsInstanceXML `xml:"DBInstances>DBInstance"`
		Marker    string           `xml:"Marker,omitempty"`
	}{Marker: next}
	for _, in := range all[start:end] {
		out.Instances = append(out.Instances, c.rdsInstanceXML(in))
	}
	return c.QueryResult(out)
}

func synthRDS(g *Gen, a *Account, region string, n int) {
	if n <= 0 {
		return
	}
	r := &RDS{}
	engines := []string{"mysql", "mysql", "postgres", "postgres", "mariadb", "aurora-mysql", "aurora-postgresql", "sqlserver-ex"}
	apps := []string{"shop", "crm", "hr", "billing", "analytics", "auth", "inventory", "cms", "batch", "api"}
	envs := []string{"prod", "prod", "stg", "dev"}
	for i := 0; i < n; i++ {
		env := envs[g.R.IntN(len(envs))]
		in := &RDSInstance{
			ID:                 fmt.Sprintf("%s-%s-db-%d", apps[g.R.IntN(len(apps))], env, i),
			Engine:             engines[g.R.IntN(len(engines))],
			Class:              g.Pick("db.t3.micro", "db.t4g.medium", "db.m6g.large", "db.r6g.xlarge"),
			Encrypted:          !g.Chance(0.1),
			BackupRetention:    7,
			DeletionProtection: env == "prod" && !g.Chance(0.3),
			MultiAZ:            env == "prod" && !g.Chance(0.25),
			IAMAuth:            g.Chance(0.3),
			Public:             g.Chance(0.05),
			SecurityGroups:     []string{"sg-0" + g.ID(16)},
			VPC:                "vpc-0" + g.ID(16),
			Tags:               map[string]string{"Environment": env},
		}
		if strings.HasPrefix(in.Engine, "aurora") {
			in.Cluster = strings.TrimSuffix(in.ID, fmt.Sprintf("-db-%d", i)) + "-cluster"
			in.Encrypted = !g.Chance(0.05)
			in.MultiAZ = false
			in.DeletionProtection = false
		}
		switch x := g.R.Float64(); {
		case x < 0.04:
			in.BackupRetention = 0
		case x < 0.12:
			in.BackupRetention = 1
		case x < 0.4:
			in.BackupRetention = []int{14, 30, 35}[g.R.IntN(3)]
		}
		if g.Chance(0.15) {
			f := false
			in.AutoMinorVersionUpgrade = &f
		}
		if prev := len(r.Instances); prev > 0 && in.Cluster == "" && g.Chance(0.08) {
			src := r.Instances[g.R.IntN(prev)]
			if src.Cluster == "" && src.ReplicaOf == "" {
				in.ReplicaOf, in.Engine, in.BackupRetention = src.ID, src.Engine, 0
			}
		}
		if env == "prod" && g.Chance(0.6) {
			in.MonitoringInterval = 60
		}
		if g.Chance(0.5) {
			in.LogExports = map[bool][]string{true: {"postgresql"}, false: {"error", "slowquery"}}[strings.Contains(in.Engine, "postgres")]
		}
		if g.Chance(0.5) {
			in.MasterUsername = strings.SplitN(in.ID, "-", 2)[0] + "_owner"
		}
		if in.Encrypted && g.Chance(0.4) {
			in.KMSKeyID = fmt.Sprintf("arn:aws:kms:%s:%s:key/%s-%s-%s-%s-%s", region, a.ID, g.ID(8), g.ID(4), g.ID(4), g.ID(4), g.ID(12))
		}
		r.Instances = append(r.Instances, in)
	}
	if g.Chance(0.5) {
		cats := []string{"failure"}
		if g.Chance(0.5) {
			cats = []string{"failure", "maintenance", "configuration change"}
		}
		r.EventSubscriptions = append(r.EventSubscriptions, &RDSEventSubscription{ID: "db-events", SourceType: "db-instance", Categories: cats})
	}
	a.Region(region).RDS = r
}
