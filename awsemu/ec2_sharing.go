package awsemu

// EC2Snapshot is one EBS snapshot the account owns.
type EC2Snapshot struct {
	ID        string `yaml:"id"`
	Volume    string `yaml:"volume"`
	Size      int    `yaml:"size"`
	Encrypted bool   `yaml:"encrypted"`
	KMSKey    string `yaml:"kms_key"`
	// Public: createVolumePermission includes group "all".
	Public bool `yaml:"public"`
	// SharedWith are account ids with createVolumePermission.
	SharedWith  []string `yaml:"shared_with"`
	Description string   `yaml:"description"`
	Created     string   `yaml:"created"` // RFC 3339
}

// EC2Image is one AMI the account owns.
type EC2Image struct {
	ID        string `yaml:"id"`
	Name      string `yaml:"name"`
	Public    bool   `yaml:"public"`
	Encrypted bool   `yaml:"encrypted"` // its root EBS snapshot
	Snapshot  string `yaml:"snapshot"`
	Created   string `yaml:"created"`
}

// EC2LaunchTemplate is one launch template with its default version's data.
type EC2LaunchTemplate struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// HTTPTokens is the default version's IMDS setting: "required" or
	// "optional"; empty means not set in the template (the AMI / account
	// default applies).
	HTTPTokens string `yaml:"http_tokens"`
	// PublicIP: the default version's first network interface associates a
	// public IPv4 address.
	PublicIP *bool  `yaml:"public_ip"`
	Version  int    `yaml:"version"` // default version number (default 1)
	Created  string `yaml:"created"`
}

func ec2SharingRoute(op string) Handler {
	switch op {
	case "DescribeSnapshots":
		return ec2DescribeSnapshots
	case "DescribeSnapshotAttribute":
		return ec2DescribeSnapshotAttribute
	case "DescribeImages":
		return ec2DescribeImages
	case "DescribeLaunchTemplates":
		return ec2DescribeLaunchTemplates
	}
	return ec2DescribeLaunchTemplateVersions
}

func ec2DescribeSnapshots(c *Call) error {
	page, next, err := ec2Page(c, c.ec2().Snapshots, 1000)
	if err != nil {
		return err
	}
	type snap struct {
		ID          string `xml:"snapshotId"`
		Volume      string `xml:"volumeId"`
		Status      string `xml:"status"`
		Start       string `xml:"startTime"`
		Owner       string `xml:"ownerId"`
		Size        int    `xml:"volumeSize"`
		Encrypted   bool   `xml:"encrypted"`
		KMSKey      string `xml:"kmsKeyId,omitempty"`
		Description string `xml:"description"`
	}
	out := struct {
		Snapshots []snap `xml:"snapshotSet>item"`
		Next      string `xml:"nextToken,omitempty"`
	}{Next: next}
	for _, s := range page {
		out.Snapshots = append(out.Snapshots, snap{s.ID, s.Volume, "completed", orDefault(s.Created, "2024-04-01T00:00:00.000Z"),
			c.Account.ID, max(s.Size, 8), s.Encrypted, s.KMSKey, s.Description})
	}
	return c.EC2Result(out)
}

func ec2DescribeSnapshotAttribute(c *Call) error {
	id := c.Form.Get("SnapshotId")
	var s *EC2Snapshot
	for _, x := range c.ec2().Snapshots {
		if x.ID == id {
			s = x
		}
	}
	if s == nil || c.Server.gone("ec2", id) {
		return Errf("InvalidSnapshot.NotFound", "The snapshot '%s' does not exist.", id)
	}
	if c.Server.deniedFor("ec2:DescribeSnapshotAttribute", id) {
		return &APIError{Code: "UnauthorizedOperation", Message: "You are not authorized to perform this operation.", Status: 403}
	}
	type perm struct {
		Group  string `xml:"group,omitempty"`
		UserID string `xml:"userId,omitempty"`
	}
	out := struct {
		ID    string `xml:"snapshotId"`
		Perms []perm `xml:"createVolumePermission>item"`
	}{ID: id}
	if s.Public {
		out.Perms = append(out.Perms, perm{Group: "all"})
	}
	for _, a := range s.SharedWith {
		out.Perms = append(out.Perms, perm{UserID: a})
	}
	return c.EC2Result(out)
}

func ec2DescribeImages(c *Call) error {
	type ebs struct {
		Snapshot  string `xml:"snapshotId"`
		Encrypted bool   `xml:"encrypted"`
	}
	type bdm struct {
		Device string `xml:"deviceName"`
		EBS    ebs    `xml:"ebs"`
	}
	type image struct {
		ID      string `xml:"imageId"`
		Name    string `xml:"name"`
		State   string `xml:"imageState"`
		Public  bool   `xml:"isPublic"`
		Owner   string `xml:"ownerId"`
		Created string `xml:"creationDate"`
		Root    string `xml:"rootDeviceName"`
		BDM     []bdm  `xml:"blockDeviceMapping>item"`
	}
	out := struct {
		Images []image `xml:"imagesSet>item"`
	}{}
	for _, im := range c.ec2().Images {
		out.Images = append(out.Images, image{im.ID, im.Name, "available", im.Public, c.Account.ID, orDefault(im.Created, "2024-04-01T00:00:00.000Z"),
			"/dev/xvda", []bdm{{"/dev/xvda", ebs{im.Snapshot, im.Encrypted}}}})
	}
	return c.EC2Result(out)
}

func ec2DescribeLaunchTemplates(c *Call) error {
	page, next, err := ec2Page(c, c.ec2().LaunchTemplates, 200)
	if err != nil {
		return err
	}
	type lt struct {
		ID      string `xml:"launchTemplateId"`
		Name    string `xml:"launchTemplateName"`
		Default int    `xml:"defaultVersionNumber"`
		Latest  int    `xml:"latestVersionNumber"`
		Created string `xml:"createTime"`
	}
	out := struct {
		Templates []lt   `xml:"launchTemplates>item"`
		Next      string `xml:"nextToken,omitempty"`
	}{Next: next}
	for _, t := range page {
		v := max(t.Version, 1)
		out.Templates = append(out.Templates, lt{t.ID, t.Name, v, v, orDefault(t.Created, "2024-04-01T00:00:00.000Z")})
	}
	return c.EC2Result(out)
}

func ec2DescribeLaunchTemplateVersions(c *Call) error {
	id := c.Form.Get("LaunchTemplateId")
	var t *EC2LaunchTemplate
	for _, x := range c.ec2().LaunchTemplates {
		if x.ID == id || x.Name == c.Form.Get("LaunchTemplateName") {
			t = x
		}
	}
	if t == nil || c.Server.gone("ec2", t.ID) {
		return Errf("InvalidLaunchTemplateId.NotFound", "The specified launch template, with template ID %s, does not exist.", id)
	}
	type nic struct {
		Public *bool `xml:"associatePublicIpAddress,omitempty"`
		Index  int   `xml:"deviceIndex"`
	}
	type meta struct {
		Tokens   string `xml:"httpTokens,omitempty"`
		Endpoint string `xml:"httpEndpoint"`
	}
	type data struct {
		Meta *meta `xml:"metadataOptions,omitempty"`
		NICs []nic `xml:"networkInterfaceSet>item"`
	}
	type version struct {
		ID      string `xml:"launchTemplateId"`
		Name    string `xml:"launchTemplateName"`
		Number  int    `xml:"versionNumber"`
		Default bool   `xml:"defaultVersion"`
		Data    data   `xml:"launchTemplateData"`
	}
	v := version{ID: t.ID, Name: t.Name, Number: max(t.Version, 1), Default: true}
	if t.HTTPTokens != "" {
		v.Data.Meta = &meta{Tokens: t.HTTPTokens, Endpoint: "enabled"}
	}
	if t.PublicIP != nil {
		v.Data.NICs = []nic{{Public: t.PublicIP}}
	}
	out := struct {
		Versions []version `xml:"launchTemplateVersionSet>item"`
	}{Versions: []version{v}}
	return c.EC2Result(out)
}
