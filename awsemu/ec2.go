package awsemu

import (
	"fmt"
	"hash/fnv"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// EC2 is one region's EC2 and VPC state.
type EC2 struct {
	// EBSEncryptionByDefault is the region's "EBS encryption by default" setting.
	EBSEncryptionByDefault bool                `yaml:"ebs_encryption_by_default"`
	VPCs                   []*EC2VPC           `yaml:"vpcs"`
	Subnets                []*EC2Subnet        `yaml:"subnets"`
	RouteTables            []*EC2RouteTable    `yaml:"route_tables"`
	NetworkACLs            []*EC2NetworkACL    `yaml:"network_acls"`
	FlowLogs               []*EC2FlowLog       `yaml:"flow_logs"`
	SecurityGroups         []*EC2SecurityGroup `yaml:"security_groups"`
	Instances              []*EC2Instance      `yaml:"instances"`
	Volumes                []*EC2Volume        `yaml:"volumes"`
	// Snapshots, images and launch templates (ec2_sharing.go).
	Snapshots       []*EC2Snapshot       `yaml:"snapshots"`
	Images          []*EC2Image          `yaml:"images"`
	LaunchTemplates []*EC2LaunchTemplate `yaml:"launch_templates"`
	// VPC endpoints (ec2_endpoints.go).
}

// EC2VPC is one VPC.
type EC2VPC struct {
	ID string `yaml:"id"`
	// CIDR is the primary IPv4 block; default 172.31.0.0/16 for the default
	// VPC, 10.0.0.0/16 otherwise.
	CIDR    string `yaml:"cidr"`
	Default bool   `yaml:"default"`
	// IPv6CIDR is the VPC's IPv6 block (Amazon-provided /56), if any: it
	// gets a local route too.
	IPv6CIDR string `yaml:"ipv6_cidr"`
	// State is available (default) or pending.
	State string            `yaml:"state"`
	Tags  map[string]string `yaml:"tags"`
}

// EC2Subnet is one subnet.
type EC2Subnet struct {
	ID   string `yaml:"id"`
	VPC  string `yaml:"vpc"`
	CIDR string `yaml:"cidr"`
	// AZ is the availability zone; default the region's "a" zone.
	AZ           string            `yaml:"az"`
	MapPublicIP  bool              `yaml:"map_public_ip"`
	DefaultForAZ bool              `yaml:"default_for_az"`
	Tags         map[string]string `yaml:"tags"`
	// IPv6CIDR is the subnet's IPv6 block (a /64 of the VPC's), if any.
	IPv6CIDR string `yaml:"ipv6_cidr"`
}

// EC2RouteTable is one route table. The VPC's local route is added by the
// emulator; Main marks the VPC's main table, Subnets the explicit associations.
type EC2RouteTable struct {
	ID      string            `yaml:"id"`
	VPC     string            `yaml:"vpc"`
	Main    bool              `yaml:"main"`
	Subnets []string          `yaml:"subnets"`
	Routes  []EC2Route        `yaml:"routes"`
	Tags    map[string]string `yaml:"tags"`
	// Gateways are edge associations: the internet or virtual private
	// gateways whose inbound traffic this table routes (ingress routing).
	Gateways []string `yaml:"gateways"`
}

// EC2Route is one route.
type EC2Route struct {
	// Destination is an IPv4 or IPv6 CIDR or a prefix list id (pl-...).
	Destination string `yaml:"destination"`
	// Target is the gateway or interface id: igw-, nat-, pcx-, tgw-, eni-,
	// vgw-, eigw-.
	Target string `yaml:"target"`
	// State is active (default) or blackhole.
	State string `yaml:"state"`
}

// EC2NetworkACL is one network ACL. The emulator appends the "*" (32767) deny
// entries AWS adds to every ACL.
type EC2NetworkACL struct {
	ID      string            `yaml:"id"`
	VPC     string            `yaml:"vpc"`
	Default bool              `yaml:"default"`
	Subnets []string          `yaml:"subnets"`
	Entries []EC2ACLEntry     `yaml:"entries"`
	Tags    map[string]string `yaml:"tags"`
}

// EC2ACLEntry is one network ACL rule.
type EC2ACLEntry struct {
	Rule   int  `yaml:"rule"`
	Egress bool `yaml:"egress"`
	// Protocol is -1 (default), tcp, udp, icmp or a protocol number.
	Protocol string `yaml:"protocol"`
	// Action is allow (default) or deny.
	Action   string `yaml:"action"`
	CIDR     string `yaml:"cidr"`
	IPv6CIDR string `yaml:"ipv6_cidr"`
	// Port sets From and To at once.
	Port *int `yaml:"port"`
	From *int `yaml:"from"`
	To   *int `yaml:"to"`
}

// EC2FlowLog is one flow log.
type EC2FlowLog struct {
	ID string `yaml:"id"`
	// Resource is the VPC, subnet or network interface id.
	Resource string `yaml:"resource"`
	// TrafficType is ALL (default), ACCEPT or REJECT.
	TrafficType string `yaml:"traffic_type"`
	// DestinationType is cloud-watch-logs (default), s3 or kinesis-data-firehose.
	DestinationType string `yaml:"destination_type"`
	Destination     string `yaml:"destination"`
	// Status is ACTIVE (default); DeliverStatus SUCCESS (default) or FAILED.
	Status        string `yaml:"status"`
	DeliverStatus string `yaml:"deliver_status"`
}

// EC2SecurityGroup is one security group.
type EC2SecurityGroup struct {
	ID          string            `yaml:"id"`
	Name        string            `yaml:"name"`
	Description string            `yaml:"description"`
	VPC         string            `yaml:"vpc"`
	Ingress     []EC2Rule         `yaml:"ingress"`
	Egress      []EC2Rule         `yaml:"egress"`
	Tags        map[string]string `yaml:"tags"`
}

// EC2Rule is one security group permission.
type EC2Rule struct {
	// Protocol is -1 (all), tcp, udp, icmp, icmpv6 or a number.
	Protocol string `yaml:"protocol"`
	// Port sets From and To at once.
	Port        *int     `yaml:"port"`
	From        *int     `yaml:"from"`
	To          *int     `yaml:"to"`
	CIDRs       []string `yaml:"cidrs"`
	IPv6CIDRs   []string `yaml:"ipv6_cidrs"`
	Groups      []string `yaml:"groups"`
	PrefixLists []string `yaml:"prefix_lists"`
	Description string   `yaml:"description"`
}

// EC2Instance is one instance.
type EC2Instance struct {
	ID string `yaml:"id"`
	// Type defaults to t3.micro, Image to ami-0abcdef1234567890.
	Type  string `yaml:"type"`
	Image string `yaml:"image"`
	// State is running (default), pending, stopping, stopped, shutting-down
	// or terminated.
	State  string `yaml:"state"`
	Subnet string `yaml:"subnet"`
	// VPC defaults to the subnet's VPC.
	VPC       string   `yaml:"vpc"`
	PrivateIP string   `yaml:"private_ip"`
	PublicIP  string   `yaml:"public_ip"`
	IPv6      string   `yaml:"ipv6_address"`
	Groups    []string `yaml:"groups"`
	// Profile is the instance profile name.
	Profile string `yaml:"profile"`
	// HTTPTokens is optional (default, IMDSv1 allowed) or required.
	HTTPTokens string `yaml:"http_tokens"`
	// HTTPEndpoint is enabled (default) or disabled.
	HTTPEndpoint string `yaml:"http_endpoint"`
	// HopLimit defaults to 1.
	HopLimit int `yaml:"hop_limit"`
	// LaunchTime is RFC3339; default 2024-04-01T00:00:00Z.
	LaunchTime  string            `yaml:"launch_time"`
	Monitoring  bool              `yaml:"monitoring"`
	KeyName     string            `yaml:"key_name"`
	Reservation string            `yaml:"reservation"`
	Tags        map[string]string `yaml:"tags"`
	// Interfaces are secondary network interfaces (device index 1, 2, ...);
	// the primary one is made from the fields above.
	Interfaces []EC2Interface `yaml:"interfaces"`
	// Virtualization is hvm (default) or paravirtual.
	Virtualization string `yaml:"virtualization"`
	// StoppedAt is when a stopped instance was stopped (RFC 3339), written
	// into the state transition reason as EC2 does.
	StoppedAt string `yaml:"stopped_at"`
}

// EC2Interface is a secondary network interface attached to an instance.
type EC2Interface struct {
	ID string `yaml:"id"`
	// Subnet defaults to the instance's subnet, Groups to its groups.
	Subnet   string   `yaml:"subnet"`
	PublicIP string   `yaml:"public_ip"`
	IPv6     string   `yaml:"ipv6_address"`
	Groups   []string `yaml:"groups"`
}

// EC2Volume is one EBS volume.
type EC2Volume struct {
	ID string `yaml:"id"`
	// Size in GiB, default 8; Type default gp3.
	Size int    `yaml:"size"`
	Type string `yaml:"type"`
	AZ   string `yaml:"az"`
	// Encrypted volumes without KMSKey use the account's aws/ebs key.
	Encrypted bool   `yaml:"encrypted"`
	KMSKey    string `yaml:"kms_key"`
	// State defaults to in-use when attached, available otherwise.
	State string `yaml:"state"`
	// Attachments are instance ids.
	Attachments []string          `yaml:"attachments"`
	Tags        map[string]string `yaml:"tags"`
}

func ec2Route(c *Call) Handler {
	switch c.Op {
	case "DescribeRegions":
		return describeRegions
	case "GetEbsEncryptionByDefault":
		return ec2EBSDefault
	case "DescribeVpcs":
		return ec2DescribeVpcs
	case "DescribeSubnets":
		return ec2DescribeSubnets
	case "DescribeRouteTables":
		return ec2DescribeRouteTables
	case "DescribeNetworkAcls":
		return ec2DescribeNetworkAcls
	case "DescribeFlowLogs":
		return ec2DescribeFlowLogs
	case "DescribeSecurityGroups":
		return ec2DescribeSecurityGroups
	case "DescribeInstances":
		return ec2DescribeInstances
	case "DescribeVolumes":
		return ec2DescribeVolumes
	case "DescribeSnapshots", "DescribeSnapshotAttribute", "DescribeImages", "DescribeLaunchTemplates", "DescribeLaunchTemplateVersions":
		return ec2SharingRoute(c.Op)
	}
	// VPC endpoints and peering connections are declared (declared.go).
	return genericPart("vpc", c)
}

func describeRegions(c *Call) error {
	type region struct {
		Name     string `xml:"regionName"`
		Endpoint string `xml:"regionEndpoint"`
		Status   string `xml:"optInStatus"`
	}
	var out struct {
		Regions []region `xml:"regionInfo>item"`
	}
	for _, r := range c.Account.Regions {
		out.Regions = append(out.Regions, region{r, "ec2." + r + ".amazonaws.com", "opt-in-not-required"})
	}
	return c.EC2Result(out)
}

func (c *Call) ec2() *EC2 {
	if e := c.Account.regionState(c.Region).EC2; e != nil {
		return e
	}
	return &EC2{}
}

// --- request helpers -------------------------------------------------------

// ec2Filter is one Filter.N of an EC2 request.
type ec2Filter struct {
	name   string
	values []*regexp.Regexp
}

// ec2Filters reads Filter.N.Name / Filter.N.Value.M.
func (c *Call) ec2Filters() []ec2Filter {
	byN := map[int]*ec2Filter{}
	get := func(n int) *ec2Filter {
		if byN[n] == nil {
			byN[n] = &ec2Filter{}
		}
		return byN[n]
	}
	type val struct {
		m int
		v string
	}
	vals := map[int][]val{}
	for k, vs := range c.Form {
		rest, ok := strings.CutPrefix(k, "Filter.")
		if !ok || len(vs) == 0 {
			continue
		}
		ns, field, _ := strings.Cut(rest, ".")
		n, err := strconv.Atoi(ns)
		if err != nil {
			continue
		}
		switch {
		case field == "Name":
			get(n).name = vs[0]
		case strings.HasPrefix(field, "Value."):
			m, _ := strconv.Atoi(strings.TrimPrefix(field, "Value."))
			get(n)
			vals[n] = append(vals[n], val{m, vs[0]})
		}
	}
	ns := make([]int, 0, len(byN))
	for n := range byN {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	out := make([]ec2Filter, 0, len(ns))
	for _, n := range ns {
		f := byN[n]
		sort.Slice(vals[n], func(i, j int) bool { return vals[n][i].m < vals[n][j].m })
		for _, v := range vals[n] {
			f.values = append(f.values, ec2Wildcard(v.v))
		}
		out = append(out, *f)
	}
	return out
}

// ec2Wildcard compiles an EC2 filter value, where * and ? are wildcards.
func ec2Wildcard(v string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for _, r := range v {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// ec2Fields gives the values of a named filter for one item; known is false
// for a filter the operation does not support.
type ec2Fields func(name string) (vals []string, known bool)

// tagFields answers the tag:Key and tag-key filters, deferring to f.
func tagFields(tags map[string]string, f ec2Fields) ec2Fields {
	return func(name string) ([]string, bool) {
		if k, ok := strings.CutPrefix(name, "tag:"); ok {
			if v, ok := tags[k]; ok {
				return []string{v}, true
			}
			return nil, true
		}
		if name == "tag-key" {
			keys := make([]string, 0, len(tags))
			for k := range tags {
				keys = append(keys, k)
			}
			return keys, true
		}
		return f(name)
	}
}

// ec2Select keeps the items named by the idParam list (NotFound error for an
// unknown one when notFound is set) and matching every filter.
func ec2Select[T any](c *Call, all []T, idParam, notFound, what string, id func(T) string, fields func(T) ec2Fields) ([]T, error) {
	items := all
	if ids := c.ListParam(idParam); len(ids) > 0 {
		byID := make(map[string]T, len(all))
		for _, x := range all {
			byID[id(x)] = x
		}
		items = nil
		for _, want := range ids {
			x, ok := byID[want]
			if !ok {
				if notFound != "" {
					return nil, Errf(notFound, "The %s '%s' does not exist", what, want)
				}
				continue
			}
			items = append(items, x)
		}
	}
	filters := c.ec2Filters()
	if len(filters) == 0 {
		return items, nil
	}
	var out []T
	for _, x := range items {
		f := fields(x)
		ok := true
		for _, flt := range filters {
			vals, known := f(flt.name)
			if !known {
				return nil, Errf("InvalidParameterValue", "The filter '%s' is invalid", flt.name)
			}
			if !ec2AnyMatch(flt.values, vals) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, x)
		}
	}
	return out, nil
}

func ec2AnyMatch(pats []*regexp.Regexp, vals []string) bool {
	for _, p := range pats {
		for _, v := range vals {
			if p.MatchString(v) {
				return true
			}
		}
	}
	return false
}

// ec2Page applies MaxResults (5..max; all items when absent) and NextToken.
func ec2Page[T any](c *Call, items []T, max int) ([]T, string, error) {
	size := len(items)
	if s := c.Form.Get("MaxResults"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 5 || n > max {
			return nil, "", Errf("InvalidParameterValue", "Value ( %s ) for parameter maxResults is invalid. Expecting a value between 5 and %d.", s, max)
		}
		size = n
	}
	tok := c.Form.Get("NextToken")
	if tok != "" {
		if n, err := strconv.Atoi(tok); err != nil || n < 0 || n > len(items) {
			return nil, "", Errf("InvalidParameterValue", "The token '%s' is invalid", tok)
		}
	}
	start, end, next := Page(len(items), tok, size, size)
	return items[start:end], next, nil
}

func ec2Bool(b bool) string { return strconv.FormatBool(b) }

func one(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// --- wire types ------------------------------------------------------------

type ec2Tag struct {
	Key   string `xml:"key"`
	Value string `xml:"value"`
}

func ec2Tags(m map[string]string) []ec2Tag {
	out := make([]ec2Tag, 0, len(m))
	for k, v := range m {
		out = append(out, ec2Tag{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// --- EBS default encryption -------------------------------------------------

func ec2EBSDefault(c *Call) error {
	return c.EC2Result(struct {
		Enabled bool   `xml:"ebsEncryptionByDefault"`
		SSEType string `xml:"sseType"`
	}{c.ec2().EBSEncryptionByDefault, "sse-ebs"})
}

// --- VPCs ----------------------------------------------------------------

func (v *EC2VPC) cidr() string {
	if v.CIDR != "" {
		return v.CIDR
	}
	if v.Default {
		return "172.31.0.0/16"
	}
	return "10.0.0.0/16"
}

func ec2DescribeVpcs(c *Call) error {
	vpcs, err := ec2Select(c, c.ec2().VPCs, "VpcId", "InvalidVpcID.NotFound", "vpc ID", func(v *EC2VPC) string { return v.ID },
		func(v *EC2VPC) ec2Fields {
			return tagFields(v.Tags, func(name string) ([]string, bool) {
				switch name {
				case "vpc-id":
					return one(v.ID), true
				case "is-default", "isDefault":
					return []string{ec2Bool(v.Default)}, true
				case "state":
					return []string{orDefault(v.State, "available")}, true
				case "cidr", "cidr-block-association.cidr-block":
					return []string{v.cidr()}, true
				case "owner-id":
					return []string{c.Account.ID}, true
				}
				return nil, false
			})
		})
	if err != nil {
		return err
	}
	page, next, err := ec2Page(c, vpcs, 1000)
	if err != nil {
		return err
	}
	type assoc struct {
		ID    string `xml:"associationId"`
		CIDR  string `xml:"cidrBlock"`
		State string `xml:"cidrBlockState>state"`
	}
	type assoc6 struct {
		ID    string `xml:"associationId"`
		CIDR  string `xml:"ipv6CidrBlock"`
		State string `xml:"ipv6CidrBlockState>state"`
		Pool  string `xml:"ipv6Pool"`
	}
	type vpc struct {
		Assoc6  []assoc6 `xml:"ipv6CidrBlockAssociationSet>item"`
		ID      string   `xml:"vpcId"`
		Owner   string   `xml:"ownerId"`
		State   string   `xml:"state"`
		CIDR    string   `xml:"cidrBlock"`
		Assoc   []assoc  `xml:"cidrBlockAssociationSet>item"`
		DHCP    string   `xml:"dhcpOptionsId"`
		Tenancy string   `xml:"instanceTenancy"`
		Default bool     `xml:"isDefault"`
		TagSet  []ec2Tag `xml:"tagSet>item"`
	}
	out := struct {
		VPCs []vpc  `xml:"vpcSet>item"`
		Next string `xml:"nextToken,omitempty"`
	}{Next: next}
	for _, v := range page {
		w := vpc{
			ID: v.ID, Owner: c.Account.ID, State: orDefault(v.State, "available"), CIDR: v.cidr(),
			Assoc: []assoc{{"vpc-cidr-assoc-" + strings.TrimPrefix(v.ID, "vpc-"), v.cidr(), "associated"}},
			DHCP:  "dopt-" + ec2Hash(c.Region, 17), Tenancy: "default", Default: v.Default, TagSet: ec2Tags(v.Tags),
		}
		if v.IPv6CIDR != "" {
			w.Assoc6 = []assoc6{{"vpc-cidr-assoc-6" + strings.TrimPrefix(v.ID, "vpc-"), v.IPv6CIDR, "associated", "Amazon"}}
		}
		out.VPCs = append(out.VPCs, w)
	}
	return c.EC2Result(out)
}

// ec2Hash is a stable hex string of n characters derived from s.
func ec2Hash(s string, n int) string {
	var out string
	for i := 0; len(out) < n; i++ {
		h := fnv.New64a()
		fmt.Fprintf(h, "%s/%d", s, i)
		out += fmt.Sprintf("%016x", h.Sum64())
	}
	return out[:n]
}

func (c *Call) ec2VPC(id string) *EC2VPC {
	for _, v := range c.ec2().VPCs {
		if v.ID == id {
			return v
		}
	}
	return nil
}

// --- subnets ----------------------------------------------------------------

func (c *Call) ec2SubnetAZ(s *EC2Subnet) string { return orDefault(s.AZ, c.Region+"a") }

func ec2DescribeSubnets(c *Call) error {
	subnets, err := ec2Select(c, c.ec2().Subnets, "SubnetId", "InvalidSubnetID.NotFound", "subnet ID", func(s *EC2Subnet) string { return s.ID },
		func(s *EC2Subnet) ec2Fields {
			return tagFields(s.Tags, func(name string) ([]string, bool) {
				switch name {
				case "subnet-id":
					return one(s.ID), true
				case "vpc-id":
					return one(s.VPC), true
				case "availability-zone":
					return []string{c.ec2SubnetAZ(s)}, true
				case "default-for-az":
					return []string{ec2Bool(s.DefaultForAZ)}, true
				case "map-public-ip-on-launch":
					return []string{ec2Bool(s.MapPublicIP)}, true
				case "cidr-block":
					return one(s.CIDR), true
				case "state":
					return []string{"available"}, true
				}
				return nil, false
			})
		})
	if err != nil {
		return err
	}
	page, next, err := ec2Page(c, subnets, 1000)
	if err != nil {
		return err
	}
	type assoc6 struct {
		ID    string `xml:"associationId"`
		CIDR  string `xml:"ipv6CidrBlock"`
		State string `xml:"ipv6CidrBlockState>state"`
	}
	type subnet struct {
		ID        string   `xml:"subnetId"`
		ARN       string   `xml:"subnetArn"`
		State     string   `xml:"state"`
		VPC       string   `xml:"vpcId"`
		Owner     string   `xml:"ownerId"`
		CIDR      string   `xml:"cidrBlock"`
		Available int      `xml:"availableIpAddressCount"`
		AZ        string   `xml:"availabilityZone"`
		Default   bool     `xml:"defaultForAz"`
		MapPublic bool     `xml:"mapPublicIpOnLaunch"`
		AssignV6  bool     `xml:"assignIpv6AddressOnCreation"`
		TagSet    []ec2Tag `xml:"tagSet>item"`
		Assoc6    []assoc6 `xml:"ipv6CidrBlockAssociationSet>item"`
	}
	out := struct {
		Subnets []subnet `xml:"subnetSet>item"`
		Next    string   `xml:"nextToken,omitempty"`
	}{Next: next}
	for _, s := range page {
		w := subnet{
			ID: s.ID, ARN: "arn:aws:ec2:" + c.Region + ":" + c.Account.ID + ":subnet/" + s.ID, State: "available",
			VPC: s.VPC, Owner: c.Account.ID, CIDR: s.CIDR, Available: 251, AZ: c.ec2SubnetAZ(s),
			Default: s.DefaultForAZ, MapPublic: s.MapPublicIP, TagSet: ec2Tags(s.Tags), AssignV6: s.IPv6CIDR != "",
		}
		if s.IPv6CIDR != "" {
			w.Assoc6 = []assoc6{{"subnet-cidr-assoc-" + strings.TrimPrefix(s.ID, "subnet-"), s.IPv6CIDR, "associated"}}
		}
		out.Subnets = append(out.Subnets, w)
	}
	return c.EC2Result(out)
}

// --- route tables -------------------------------------------------------------

type ec2WireRoute struct {
	DestCIDR   string `xml:"destinationCidrBlock,omitempty"`
	DestIPv6   string `xml:"destinationIpv6CidrBlock,omitempty"`
	DestPL     string `xml:"destinationPrefixListId,omitempty"`
	Gateway    string `xml:"gatewayId,omitempty"`
	EIGW       string `xml:"egressOnlyInternetGatewayId,omitempty"`
	NAT        string `xml:"natGatewayId,omitempty"`
	TGW        string `xml:"transitGatewayId,omitempty"`
	PCX        string `xml:"vpcPeeringConnectionId,omitempty"`
	ENI        string `xml:"networkInterfaceId,omitempty"`
	State      string `xml:"state"`
	Origin     string `xml:"origin"`
	InstanceID string `xml:"instanceId,omitempty"`
}

func ec2WireRouteOf(r EC2Route, origin string) ec2WireRoute {
	w := ec2WireRoute{State: orDefault(r.State, "active"), Origin: origin}
	switch d := r.Destination; {
	case strings.HasPrefix(d, "pl-"):
		w.DestPL = d
	case strings.Contains(d, ":"):
		w.DestIPv6 = d
	default:
		w.DestCIDR = d
	}
	switch t := r.Target; {
	case strings.HasPrefix(t, "eigw-"):
		w.EIGW = t
	case strings.HasPrefix(t, "nat-"):
		w.NAT = t
	case strings.HasPrefix(t, "tgw-"):
		w.TGW = t
	case strings.HasPrefix(t, "pcx-"):
		w.PCX = t
	case strings.HasPrefix(t, "eni-"):
		w.ENI = t
	default: // local, igw-, vgw-, vpce-
		w.Gateway = t
	}
	return w
}

func ec2DescribeRouteTables(c *Call) error {
	rts, err := ec2Select(c, c.ec2().RouteTables, "RouteTableId", "InvalidRouteTableID.NotFound", "routeTable ID", func(r *EC2RouteTable) string { return r.ID },
		func(r *EC2RouteTable) ec2Fields {
			return tagFields(r.Tags, func(name string) ([]string, bool) {
				switch name {
				case "route-table-id":
					return one(r.ID), true
				case "vpc-id":
					return one(r.VPC), true
				case "association.main":
					return []string{ec2Bool(r.Main)}, true
				case "association.subnet-id":
					return r.Subnets, true
				case "route.gateway-id":
					var g []string
					for _, x := range r.Routes {
						g = append(g, x.Target)
					}
					return g, true
				}
				return nil, false
			})
		})
	if err != nil {
		return err
	}
	page, next, err := ec2Page(c, rts, 100)
	if err != nil {
		return err
	}
	type assoc struct {
		ID     string `xml:"routeTableAssociationId"`
		RT     string `xml:"routeTableId"`
		Subnet string `xml:"subnetId,omitempty"`
		GW     string `xml:"gatewayId,omitempty"`
		Main   bool   `xml:"main"`
		State  string `xml:"associationState>state"`
	}
	type rt struct {
		ID     string         `xml:"routeTableId"`
		VPC    string         `xml:"vpcId"`
		Owner  string         `xml:"ownerId"`
		Routes []ec2WireRoute `xml:"routeSet>item"`
		Assoc  []assoc        `xml:"associationSet>item"`
		TagSet []ec2Tag       `xml:"tagSet>item"`
	}
	out := struct {
		RTs  []rt   `xml:"routeTableSet>item"`
		Next string `xml:"nextToken,omitempty"`
	}{Next: next}
	for _, r := range page {
		w := rt{ID: r.ID, VPC: r.VPC, Owner: c.Account.ID, TagSet: ec2Tags(r.Tags)}
		if v := c.ec2VPC(r.VPC); v != nil {
			w.Routes = append(w.Routes, ec2WireRouteOf(EC2Route{Destination: v.cidr(), Target: "local"}, "CreateRouteTable"))
			if v.IPv6CIDR != "" {
				w.Routes = append(w.Routes, ec2WireRouteOf(EC2Route{Destination: v.IPv6CIDR, Target: "local"}, "CreateRouteTable"))
			}
		}
		for _, x := range r.Routes {
			w.Routes = append(w.Routes, ec2WireRouteOf(x, "CreateRoute"))
		}
		suffix := strings.TrimPrefix(r.ID, "rtb-")
		if r.Main {
			w.Assoc = append(w.Assoc, assoc{ID: "rtbassoc-m" + suffix, RT: r.ID, Main: true, State: "associated"})
		}
		for i, s := range r.Subnets {
			w.Assoc = append(w.Assoc, assoc{ID: fmt.Sprintf("rtbassoc-%d%s", i, suffix), RT: r.ID, Subnet: s, State: "associated"})
		}
		for i, g := range r.Gateways {
			w.Assoc = append(w.Assoc, assoc{ID: fmt.Sprintf("rtbassoc-g%d%s", i, suffix), RT: r.ID, GW: g, State: "associated"})
		}
		out.RTs = append(out.RTs, w)
	}
	return c.EC2Result(out)
}

// --- network ACLs -------------------------------------------------------------

// ec2ProtoNumber turns a protocol name into the number network ACLs report.
func ec2ProtoNumber(p string) string {
	switch strings.ToLower(p) {
	case "", "-1", "all":
		return "-1"
	case "tcp":
		return "6"
	case "udp":
		return "17"
	case "icmp":
		return "1"
	case "icmpv6":
		return "58"
	}
	return p
}

func ec2DescribeNetworkAcls(c *Call) error {
	acls, err := ec2Select(c, c.ec2().NetworkACLs, "NetworkAclId", "InvalidNetworkAclID.NotFound", "networkAcl ID", func(a *EC2NetworkACL) string { return a.ID },
		func(a *EC2NetworkACL) ec2Fields {
			return tagFields(a.Tags, func(name string) ([]string, bool) {
				switch name {
				case "network-acl-id":
					return one(a.ID), true
				case "vpc-id":
					return one(a.VPC), true
				case "default":
					return []string{ec2Bool(a.Default)}, true
				case "association.subnet-id":
					return a.Subnets, true
				}
				return nil, false
			})
		})
	if err != nil {
		return err
	}
	page, next, err := ec2Page(c, acls, 100)
	if err != nil {
		return err
	}
	type portRange struct {
		From int `xml:"from"`
		To   int `xml:"to"`
	}
	type entry struct {
		Rule     int        `xml:"ruleNumber"`
		Protocol string     `xml:"protocol"`
		Action   string     `xml:"ruleAction"`
		Egress   bool       `xml:"egress"`
		CIDR     string     `xml:"cidrBlock,omitempty"`
		IPv6     string     `xml:"ipv6CidrBlock,omitempty"`
		Ports    *portRange `xml:"portRange"`
	}
	type assoc struct {
		ID     string `xml:"networkAclAssociationId"`
		ACL    string `xml:"networkAclId"`
		Subnet string `xml:"subnetId"`
	}
	type acl struct {
		ID      string   `xml:"networkAclId"`
		VPC     string   `xml:"vpcId"`
		Default bool     `xml:"default"`
		Entries []entry  `xml:"entrySet>item"`
		Assoc   []assoc  `xml:"associationSet>item"`
		TagSet  []ec2Tag `xml:"tagSet>item"`
		Owner   string   `xml:"ownerId"`
	}
	out := struct {
		ACLs []acl  `xml:"networkAclSet>item"`
		Next string `xml:"nextToken,omitempty"`
	}{Next: next}
	for _, a := range page {
		w := acl{ID: a.ID, VPC: a.VPC, Default: a.Default, TagSet: ec2Tags(a.Tags), Owner: c.Account.ID}
		for _, e := range a.Entries {
			we := entry{Rule: e.Rule, Protocol: ec2ProtoNumber(e.Protocol), Action: orDefault(e.Action, "allow"), Egress: e.Egress, CIDR: e.CIDR, IPv6: e.IPv6CIDR}
			if we.CIDR == "" && we.IPv6 == "" {
				we.CIDR = "0.0.0.0/0"
			}
			if we.Protocol == "6" || we.Protocol == "17" {
				from, to := ec2Ports(e.Port, e.From, e.To)
				we.Ports = &portRange{from, to}
			}
			w.Entries = append(w.Entries, we)
		}
		for _, egress := range []bool{false, true} {
			w.Entries = append(w.Entries, entry{Rule: 32767, Protocol: "-1", Action: "deny", Egress: egress, CIDR: "0.0.0.0/0"})
		}
		for i, s := range a.Subnets {
			w.Assoc = append(w.Assoc, assoc{fmt.Sprintf("aclassoc-%d%s", i, strings.TrimPrefix(a.ID, "acl-")), a.ID, s})
		}
		out.ACLs = append(out.ACLs, w)
	}
	return c.EC2Result(out)
}

// ec2Ports resolves a rule's port / from / to (unset: 0-65535).
func ec2Ports(port, from, to *int) (int, int) {
	if port != nil {
		return *port, *port
	}
	f, t := 0, 65535
	if from != nil {
		f = *from
		t = *from
	}
	if to != nil {
		t = *to
	}
	return f, t
}

// --- flow logs --------------------------------------------------------------

func ec2DescribeFlowLogs(c *Call) error {
	fls, err := ec2Select(c, c.ec2().FlowLogs, "FlowLogId", "", "flow log", func(f *EC2FlowLog) string { return f.ID },
		func(f *EC2FlowLog) ec2Fields {
			return func(name string) ([]string, bool) {
				switch name {
				case "flow-log-id":
					return one(f.ID), true
				case "resource-id":
					return one(f.Resource), true
				case "traffic-type":
					return []string{orDefault(f.TrafficType, "ALL")}, true
				case "log-destination-type":
					return []string{orDefault(f.DestinationType, "cloud-watch-logs")}, true
				case "deliver-log-status":
					return []string{orDefault(f.DeliverStatus, "SUCCESS")}, true
				}
				return nil, false
			}
		})
	if err != nil {
		return err
	}
	page, next, err := ec2Page(c, fls, 1000)
	if err != nil {
		return err
	}
	type fl struct {
		Created     string `xml:"creationTime"`
		Deliver     string `xml:"deliverLogsStatus"`
		ID          string `xml:"flowLogId"`
		Status      string `xml:"flowLogStatus"`
		LogGroup    string `xml:"logGroupName,omitempty"`
		Resource    string `xml:"resourceId"`
		Traffic     string `xml:"trafficType"`
		DestType    string `xml:"logDestinationType"`
		Destination string `xml:"logDestination,omitempty"`
		Format      string `xml:"logFormat"`
		Interval    int    `xml:"maxAggregationInterval"`
	}
	out := struct {
		FlowLogs []fl   `xml:"flowLogSet>item"`
		Next     string `xml:"nextToken,omitempty"`
	}{Next: next}
	for _, f := range page {
		w := fl{
			Created: "2024-04-01T00:00:00.000Z", Deliver: orDefault(f.DeliverStatus, "SUCCESS"), ID: f.ID,
			Status: orDefault(f.Status, "ACTIVE"), Resource: f.Resource, Traffic: orDefault(f.TrafficType, "ALL"),
			DestType: orDefault(f.DestinationType, "cloud-watch-logs"), Destination: f.Destination,
			Format:   "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}",
			Interval: 600,
		}
		if w.DestType == "cloud-watch-logs" {
			if w.Destination == "" {
				w.Destination = "arn:aws:logs:" + c.Region + ":" + c.Account.ID + ":log-group:vpc-flow-logs"
			}
			w.LogGroup = w.Destination[strings.LastIndex(w.Destination, ":")+1:]
		}
		out.FlowLogs = append(out.FlowLogs, w)
	}
	return c.EC2Result(out)
}

// --- security groups --------------------------------------------------------

type ec2WirePerm struct {
	Protocol    string         `xml:"ipProtocol"`
	From        *int           `xml:"fromPort"`
	To          *int           `xml:"toPort"`
	Groups      []ec2GroupPair `xml:"groups>item"`
	IPRanges    []ec2IPRange   `xml:"ipRanges>item"`
	IPv6Ranges  []ec2IPv6Range `xml:"ipv6Ranges>item"`
	PrefixLists []ec2PL        `xml:"prefixListIds>item"`
}

type ec2GroupPair struct {
	UserID      string `xml:"userId"`
	GroupID     string `xml:"groupId"`
	Description string `xml:"description,omitempty"`
}

type ec2IPRange struct {
	CIDR        string `xml:"cidrIp"`
	Description string `xml:"description,omitempty"`
}

type ec2IPv6Range struct {
	CIDR        string `xml:"cidrIpv6"`
	Description string `xml:"description,omitempty"`
}

type ec2PL struct {
	ID          string `xml:"prefixListId"`
	Description string `xml:"description,omitempty"`
}

// ec2ProtoName is the protocol as DescribeSecurityGroups reports it.
func ec2ProtoName(p string) string {
	switch strings.ToLower(p) {
	case "", "-1", "all":
		return "-1"
	case "6":
		return "tcp"
	case "17":
		return "udp"
	case "1":
		return "icmp"
	case "58":
		return "icmpv6"
	}
	return strings.ToLower(p)
}

func (c *Call) ec2Perms(rules []EC2Rule) []ec2WirePerm {
	out := make([]ec2WirePerm, 0, len(rules))
	for _, r := range rules {
		w := ec2WirePerm{Protocol: ec2ProtoName(r.Protocol)}
		if w.Protocol != "-1" {
			f, t := ec2Ports(r.Port, r.From, r.To)
			if w.Protocol == "icmp" || w.Protocol == "icmpv6" {
				if r.From == nil && r.Port == nil {
					f = -1
				}
				if r.To == nil && r.Port == nil {
					t = -1
				}
			}
			w.From, w.To = &f, &t
		}
		for _, g := range r.Groups {
			w.Groups = append(w.Groups, ec2GroupPair{c.Account.ID, g, r.Description})
		}
		for _, x := range r.CIDRs {
			w.IPRanges = append(w.IPRanges, ec2IPRange{x, r.Description})
		}
		for _, x := range r.IPv6CIDRs {
			w.IPv6Ranges = append(w.IPv6Ranges, ec2IPv6Range{x, r.Description})
		}
		for _, x := range r.PrefixLists {
			w.PrefixLists = append(w.PrefixLists, ec2PL{x, r.Description})
		}
		out = append(out, w)
	}
	return out
}

func ec2DescribeSecurityGroups(c *Call) error {
	if names := c.ListParam("GroupName"); len(names) > 0 {
		return Errf("InvalidParameterCombination", "The emulator does not support GroupName; use GroupId or a group-name filter")
	}
	sgs, err := ec2Select(c, c.ec2().SecurityGroups, "GroupId", "InvalidGroup.NotFound", "security group", func(s *EC2SecurityGroup) string { return s.ID },
		func(s *EC2SecurityGroup) ec2Fields {
			return tagFields(s.Tags, func(name string) ([]string, bool) {
				switch name {
				case "group-id":
					return one(s.ID), true
				case "group-name":
					return one(s.Name), true
				case "vpc-id":
					return one(s.VPC), true
				case "description":
					return []string{s.Description}, true
				case "owner-id":
					return []string{c.Account.ID}, true
				}
				return nil, false
			})
		})
	if err != nil {
		return err
	}
	page, next, err := ec2Page(c, sgs, 1000)
	if err != nil {
		return err
	}
	type sg struct {
		Owner       string        `xml:"ownerId"`
		ID          string        `xml:"groupId"`
		Name        string        `xml:"groupName"`
		Description string        `xml:"groupDescription"`
		VPC         string        `xml:"vpcId"`
		Ingress     []ec2WirePerm `xml:"ipPermissions>item"`
		Egress      []ec2WirePerm `xml:"ipPermissionsEgress>item"`
		TagSet      []ec2Tag      `xml:"tagSet>item"`
		ARN         string        `xml:"securityGroupArn"`
	}
	out := struct {
		SGs  []sg   `xml:"securityGroupInfo>item"`
		Next string `xml:"nextToken,omitempty"`
	}{Next: next}
	for _, s := range page {
		out.SGs = append(out.SGs, sg{
			Owner: c.Account.ID, ID: s.ID, Name: s.Name, Description: s.Description, VPC: s.VPC,
			Ingress: c.ec2Perms(s.Ingress), Egress: c.ec2Perms(s.Egress), TagSet: ec2Tags(s.Tags),
			ARN: "arn:aws:ec2:" + c.Region + ":" + c.Account.ID + ":security-group/" + s.ID,
		})
	}
	return c.EC2Result(out)
}

// --- instances --------------------------------------------------------------

var ec2StateCodes = map[string]int{"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48, "stopping": 64, "stopped": 80}

func (c *Call) ec2InstanceVPC(i *EC2Instance) (vpc, az string) {
	vpc, az = i.VPC, c.Region+"a"
	for _, s := range c.ec2().Subnets {
		if s.ID == i.Subnet {
			if vpc == "" {
				vpc = s.VPC
			}
			az = c.ec2SubnetAZ(s)
		}
	}
	return vpc, az
}

func ec2DescribeInstances(c *Call) error {
	insts, err := ec2Select(c, c.ec2().Instances, "InstanceId", "InvalidInstanceID.NotFound", "instance ID", func(i *EC2Instance) string { return i.ID },
		func(i *EC2Instance) ec2Fields {
			return tagFields(i.Tags, func(name string) ([]string, bool) {
				vpc, az := c.ec2InstanceVPC(i)
				switch name {
				case "instance-id":
					return one(i.ID), true
				case "instance-state-name":
					return []string{orDefault(i.State, "running")}, true
				case "instance-state-code":
					return []string{strconv.Itoa(ec2StateCodes[orDefault(i.State, "running")])}, true
				case "instance-type":
					return []string{orDefault(i.Type, "t3.micro")}, true
				case "vpc-id":
					return one(vpc), true
				case "subnet-id":
					return one(i.Subnet), true
				case "availability-zone":
					return []string{az}, true
				case "ip-address":
					return one(i.PublicIP), true
				case "private-ip-address":
					return one(i.PrivateIP), true
				case "instance.group-id", "group-id":
					return i.Groups, true
				case "metadata-options.http-tokens":
					return []string{orDefault(i.HTTPTokens, "optional")}, true
				}
				return nil, false
			})
		})
	if err != nil {
		return err
	}
	page, next, err := ec2Page(c, insts, 1000)
	if err != nil {
		return err
	}
	sgNames := map[string]string{}
	for _, s := range c.ec2().SecurityGroups {
		sgNames[s.ID] = s.Name
	}
	type group struct {
		ID   string `xml:"groupId"`
		Name string `xml:"groupName"`
	}
	type profile struct {
		ARN string `xml:"arn"`
		ID  string `xml:"id"`
	}
	type metadata struct {
		State    string `xml:"state"`
		Tokens   string `xml:"httpTokens"`
		HopLimit int    `xml:"httpPutResponseHopLimit"`
		Endpoint string `xml:"httpEndpoint"`
		IPv6     string `xml:"httpProtocolIpv6"`
		Tags     string `xml:"instanceMetadataTags"`
	}
	type ipv6 struct {
		Address string `xml:"ipv6Address"`
	}
	type eni struct {
		ID          string  `xml:"networkInterfaceId"`
		Subnet      string  `xml:"subnetId"`
		VPC         string  `xml:"vpcId"`
		PrivateIP   string  `xml:"privateIpAddress,omitempty"`
		PublicIP    string  `xml:"association>publicIp,omitempty"`
		DeviceIndex int     `xml:"attachment>deviceIndex"`
		Status      string  `xml:"status"`
		IPv6        []ipv6  `xml:"ipv6AddressesSet>item"`
		Groups      []group `xml:"groupSet>item"`
	}
	type instance struct {
		ID          string   `xml:"instanceId"`
		Image       string   `xml:"imageId"`
		StateCode   int      `xml:"instanceState>code"`
		StateName   string   `xml:"instanceState>name"`
		PrivateDNS  string   `xml:"privateDnsName"`
		DNS         string   `xml:"dnsName"`
		KeyName     string   `xml:"keyName,omitempty"`
		LaunchIndex int      `xml:"amiLaunchIndex"`
		Type        string   `xml:"instanceType"`
		LaunchTime  string   `xml:"launchTime"`
		AZ          string   `xml:"placement>availabilityZone"`
		Tenancy     string   `xml:"placement>tenancy"`
		Monitoring  string   `xml:"monitoring>state"`
		Subnet      string   `xml:"subnetId,omitempty"`
		VPC         string   `xml:"vpcId,omitempty"`
		PrivateIP   string   `xml:"privateIpAddress,omitempty"`
		PublicIP    string   `xml:"ipAddress,omitempty"`
		IPv6        string   `xml:"ipv6Address,omitempty"`
		Groups      []group  `xml:"groupSet>item"`
		Arch        string   `xml:"architecture"`
		RootType    string   `xml:"rootDeviceType"`
		RootName    string   `xml:"rootDeviceName"`
		Profile     *profile `xml:"iamInstanceProfile"`
		TagSet      []ec2Tag `xml:"tagSet>item"`
		Metadata    metadata `xml:"metadataOptions"`
		ENIs        []eni    `xml:"networkInterfaceSet>item"`
		Virt        string   `xml:"virtualizationType"`
		Reason      string   `xml:"reason"`
	}
	type reservation struct {
		ID        string     `xml:"reservationId"`
		Owner     string     `xml:"ownerId"`
		Instances []instance `xml:"instancesSet>item"`
	}
	out := struct {
		Reservations []reservation `xml:"reservationSet>item"`
		Next         string        `xml:"nextToken,omitempty"`
	}{Next: next}
	for _, i := range page {
		vpc, az := c.ec2InstanceVPC(i)
		state := orDefault(i.State, "running")
		hop := i.HopLimit
		if hop == 0 {
			hop = 1
		}
		w := instance{
			ID: i.ID, Image: orDefault(i.Image, "ami-0abcdef1234567890"), StateCode: ec2StateCodes[state], StateName: state,
			KeyName: i.KeyName, Type: orDefault(i.Type, "t3.micro"), LaunchTime: orDefault(i.LaunchTime, "2024-04-01T00:00:00.000Z"),
			AZ: az, Tenancy: "default", Monitoring: "disabled", Subnet: i.Subnet, VPC: vpc, PrivateIP: i.PrivateIP,
			PublicIP: i.PublicIP, IPv6: i.IPv6, Arch: "x86_64", RootType: "ebs", RootName: "/dev/xvda", TagSet: ec2Tags(i.Tags),
			Metadata: metadata{State: "applied", Tokens: orDefault(i.HTTPTokens, "optional"), HopLimit: hop,
				Endpoint: orDefault(i.HTTPEndpoint, "enabled"), IPv6: "disabled", Tags: "disabled"},
			Virt: orDefault(i.Virtualization, "hvm"),
		}
		if t, err := time.Parse(time.RFC3339, i.StoppedAt); err == nil && state == "stopped" {
			w.Reason = "User initiated (" + t.UTC().Format("2006-01-02 15:04:05") + " GMT)"
		}
		if i.Monitoring {
			w.Monitoring = "enabled"
		}
		if i.PrivateIP != "" {
			w.PrivateDNS = "ip-" + strings.ReplaceAll(i.PrivateIP, ".", "-") + "." + c.Region + ".compute.internal"
		}
		if i.PublicIP != "" {
			w.DNS = "ec2-" + strings.ReplaceAll(i.PublicIP, ".", "-") + "." + c.Region + ".compute.amazonaws.com"
		}
		for _, g := range i.Groups {
			w.Groups = append(w.Groups, group{g, sgNames[g]})
		}
		if i.Subnet != "" {
			primary := eni{ID: "eni-" + ec2Hash(i.ID+"/0", 17), Subnet: i.Subnet, VPC: vpc, PrivateIP: i.PrivateIP, PublicIP: i.PublicIP, Status: "in-use", Groups: w.Groups}
			if i.IPv6 != "" {
				primary.IPv6 = []ipv6{{i.IPv6}}
			}
			w.ENIs = append(w.ENIs, primary)
			for n, x := range i.Interfaces {
				e := eni{ID: orDefault(x.ID, "eni-"+ec2Hash(fmt.Sprintf("%s/%d", i.ID, n+1), 17)), Subnet: orDefault(x.Subnet, i.Subnet), VPC: vpc,
					PublicIP: x.PublicIP, DeviceIndex: n + 1, Status: "in-use", Groups: w.Groups}
				if x.IPv6 != "" {
					e.IPv6 = []ipv6{{x.IPv6}}
				}
				if len(x.Groups) > 0 {
					e.Groups = nil
					for _, g := range x.Groups {
						e.Groups = append(e.Groups, group{g, sgNames[g]})
					}
				}
				w.ENIs = append(w.ENIs, e)
			}
		}
		if i.Profile != "" {
			w.Profile = &profile{"arn:aws:iam::" + c.Account.ID + ":instance-profile/" + i.Profile, "AIPA" + strings.ToUpper(ec2Hash(i.Profile, 17))}
		}
		rid := orDefault(i.Reservation, "r-"+strings.TrimPrefix(i.ID, "i-"))
		if n := len(out.Reservations); n > 0 && out.Reservations[n-1].ID == rid {
			out.Reservations[n-1].Instances = append(out.Reservations[n-1].Instances, w)
			continue
		}
		out.Reservations = append(out.Reservations, reservation{ID: rid, Owner: c.Account.ID, Instances: []instance{w}})
	}
	return c.EC2Result(out)
}

// --- volumes ----------------------------------------------------------------

func (c *Call) ec2VolumeKey(v *EC2Volume) string {
	if !v.Encrypted {
		return ""
	}
	if v.KMSKey != "" {
		return v.KMSKey
	}
	h := ec2Hash(c.Account.ID+"/"+c.Region+"/aws/ebs", 32)
	return "arn:aws:kms:" + c.Region + ":" + c.Account.ID + ":key/" + h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func (v *EC2Volume) state() string {
	if v.State != "" {
		return v.State
	}
	if len(v.Attachments) > 0 {
		return "in-use"
	}
	return "available"
}

func ec2DescribeVolumes(c *Call) error {
	vols, err := ec2Select(c, c.ec2().Volumes, "VolumeId", "InvalidVolume.NotFound", "volume", func(v *EC2Volume) string { return v.ID },
		func(v *EC2Volume) ec2Fields {
			return tagFields(v.Tags, func(name string) ([]string, bool) {
				switch name {
				case "volume-id":
					return one(v.ID), true
				case "status":
					return []string{v.state()}, true
				case "encrypted":
					return []string{ec2Bool(v.Encrypted)}, true
				case "attachment.instance-id":
					return v.Attachments, true
				case "volume-type":
					return []string{orDefault(v.Type, "gp3")}, true
				case "size":
					return []string{strconv.Itoa(v.size())}, true
				}
				return nil, false
			})
		})
	if err != nil {
		return err
	}
	page, next, err := ec2Page(c, vols, 1000)
	if err != nil {
		return err
	}
	type attachment struct {
		Volume   string `xml:"volumeId"`
		Instance string `xml:"instanceId"`
		Device   string `xml:"device"`
		Status   string `xml:"status"`
		Time     string `xml:"attachTime"`
		Delete   bool   `xml:"deleteOnTermination"`
	}
	type volume struct {
		ID          string       `xml:"volumeId"`
		Size        int          `xml:"size"`
		Snapshot    string       `xml:"snapshotId"`
		AZ          string       `xml:"availabilityZone"`
		Status      string       `xml:"status"`
		Created     string       `xml:"createTime"`
		Attachments []attachment `xml:"attachmentSet>item"`
		Type        string       `xml:"volumeType"`
		IOPS        int          `xml:"iops"`
		Encrypted   bool         `xml:"encrypted"`
		KMSKey      string       `xml:"kmsKeyId,omitempty"`
		TagSet      []ec2Tag     `xml:"tagSet>item"`
		MultiAttach bool         `xml:"multiAttachEnabled"`
		Throughput  int          `xml:"throughput,omitempty"`
	}
	out := struct {
		Volumes []volume `xml:"volumeSet>item"`
		Next    string   `xml:"nextToken,omitempty"`
	}{Next: next}
	for _, v := range page {
		w := volume{
			ID: v.ID, Size: v.size(), AZ: orDefault(v.AZ, c.Region+"a"), Status: v.state(), Created: "2024-04-01T00:00:00.000Z",
			Type: orDefault(v.Type, "gp3"), IOPS: 3000, Encrypted: v.Encrypted, KMSKey: c.ec2VolumeKey(v), TagSet: ec2Tags(v.Tags),
		}
		if w.Type == "gp3" {
			w.Throughput = 125
		}
		for n, inst := range v.Attachments {
			dev := "/dev/xvda"
			if n > 0 {
				dev = fmt.Sprintf("/dev/sd%c", 'f'+n)
			}
			w.Attachments = append(w.Attachments, attachment{v.ID, inst, dev, "attached", "2024-04-01T00:00:00.000Z", true})
		}
		out.Volumes = append(out.Volumes, w)
	}
	return c.EC2Result(out)
}

func (v *EC2Volume) size() int {
	if v.Size == 0 {
		return 8
	}
	return v.Size
}

// --- synthetic world ------------------------------------------------------------

// synthEC2 adds about n EC2 and VPC resources to a region: ~35% security
// groups, ~30% instances, ~25% EBS volumes and ~10% VPC plumbing (VPCs with
// their subnets, route tables and network ACLs), with the mistakes real
// accounts have: SSH, RDP and database ports open to the world, default
// security groups left with their rules, IMDSv1 allowed, unencrypted volumes,
// VPCs without flow logs.
func synthEC2(g *Gen, a *Account, region string, n int) {
	if n <= 0 {
		return
	}
	e := &EC2{EBSEncryptionByDefault: g.Chance(0.5)}
	seen := map[string]bool{}
	newID := func(prefix string) string {
		for {
			s := prefix + "-0" + g.ID(16)
			if !seen[s] {
				seen[s] = true
				return s
			}
		}
	}
	type vpcInfo struct {
		vpc             *EC2VPC
		public, private []*EC2Subnet
		def             *EC2SecurityGroup
		sgs             []*EC2SecurityGroup
		byRole          map[string][]*EC2SecurityGroup
	}
	nVPC := max(1, (n*10/100+3)/6)
	nSG := max(0, n*35/100-nVPC)
	nInst := n * 30 / 100
	nVol := n * 25 / 100
	world := []string{"0.0.0.0/0"}
	allowAll := []EC2ACLEntry{{Rule: 100, Action: "allow", CIDR: "0.0.0.0/0"}, {Rule: 100, Egress: true, Action: "allow", CIDR: "0.0.0.0/0"}}
	var vpcs []*vpcInfo
	for i := 0; i < nVPC; i++ {
		v := &vpcInfo{byRole: map[string][]*EC2SecurityGroup{}}
		igw := newID("igw")
		if i == 0 && g.Chance(0.85) {
			v.vpc = &EC2VPC{ID: newID("vpc"), Default: true, CIDR: "172.31.0.0/16"}
			for k, az := range []string{"a", "c", "d"} {
				v.public = append(v.public, &EC2Subnet{ID: newID("subnet"), VPC: v.vpc.ID, CIDR: fmt.Sprintf("172.31.%d.0/20", 16*k), AZ: region + az, MapPublicIP: true, DefaultForAZ: true})
			}
			e.RouteTables = append(e.RouteTables, &EC2RouteTable{ID: newID("rtb"), VPC: v.vpc.ID, Main: true, Routes: []EC2Route{{Destination: "0.0.0.0/0", Target: igw}}})
		} else {
			o := 10 + i%240
			v.vpc = &EC2VPC{ID: newID("vpc"), CIDR: fmt.Sprintf("10.%d.0.0/16", o), Tags: map[string]string{"Name": g.Pick("prod", "stg", "dev", "shared", "data") + fmt.Sprintf("-vpc-%d", i)}}
			v.public = []*EC2Subnet{{ID: newID("subnet"), VPC: v.vpc.ID, CIDR: fmt.Sprintf("10.%d.0.0/24", o), AZ: region + "a", MapPublicIP: g.Chance(0.3), Tags: map[string]string{"Name": "public-a"}}}
			v.private = []*EC2Subnet{{ID: newID("subnet"), VPC: v.vpc.ID, CIDR: fmt.Sprintf("10.%d.128.0/24", o), AZ: region + "c", Tags: map[string]string{"Name": "private-c"}}}
			main := &EC2RouteTable{ID: newID("rtb"), VPC: v.vpc.ID, Main: true}
			if g.Chance(0.6) {
				main.Routes = []EC2Route{{Destination: "0.0.0.0/0", Target: newID("nat")}}
			}
			pub := &EC2RouteTable{ID: newID("rtb"), VPC: v.vpc.ID, Subnets: []string{v.public[0].ID}, Routes: []EC2Route{{Destination: "0.0.0.0/0", Target: igw}}, Tags: map[string]string{"Name": "public"}}
			if g.Chance(0.05) {
				pub.Routes[0].State = "blackhole"
			}
			e.RouteTables = append(e.RouteTables, main, pub)
			switch r := g.R.Float64(); {
			case r < 0.55:
				e.FlowLogs = append(e.FlowLogs, &EC2FlowLog{ID: newID("fl"), Resource: v.vpc.ID})
			case r < 0.65:
				e.FlowLogs = append(e.FlowLogs, &EC2FlowLog{ID: newID("fl"), Resource: v.vpc.ID, TrafficType: "REJECT", DestinationType: "s3", Destination: "arn:aws:s3:::flow-logs-" + a.ID})
			case r < 0.70:
				e.FlowLogs = append(e.FlowLogs, &EC2FlowLog{ID: newID("fl"), Resource: v.vpc.ID, TrafficType: "ACCEPT"})
			}
		}
		if v.vpc.Default && g.Chance(0.15) {
			e.FlowLogs = append(e.FlowLogs, &EC2FlowLog{ID: newID("fl"), Resource: v.vpc.ID})
		}
		acl := &EC2NetworkACL{ID: newID("acl"), VPC: v.vpc.ID, Default: true, Entries: append([]EC2ACLEntry(nil), allowAll...)}
		if g.Chance(0.2) {
			p22, p3389 := 22, 3389
			acl.Entries = append([]EC2ACLEntry{{Rule: 50, Protocol: "tcp", Action: "deny", CIDR: "0.0.0.0/0", Port: &p22}, {Rule: 60, Protocol: "tcp", Action: "deny", CIDR: "0.0.0.0/0", Port: &p3389}}, acl.Entries...)
		}
		for _, s := range append(append([]*EC2Subnet(nil), v.public...), v.private...) {
			acl.Subnets = append(acl.Subnets, s.ID)
			e.Subnets = append(e.Subnets, s)
		}
		e.NetworkACLs = append(e.NetworkACLs, acl)
		e.VPCs = append(e.VPCs, v.vpc)
		v.def = &EC2SecurityGroup{ID: newID("sg"), Name: "default", Description: "default VPC security group", VPC: v.vpc.ID}
		if !g.Chance(0.3) {
			v.def.Ingress = []EC2Rule{{Protocol: "-1", Groups: []string{v.def.ID}}}
			v.def.Egress = []EC2Rule{{Protocol: "-1", CIDRs: world}}
		}
		e.SecurityGroups = append(e.SecurityGroups, v.def)
		vpcs = append(vpcs, v)
	}

	port := func(p int) *int { return &p }
	for i := 0; i < nSG; i++ {
		v := vpcs[g.R.IntN(len(vpcs))]
		sg := &EC2SecurityGroup{ID: newID("sg"), VPC: v.vpc.ID, Egress: []EC2Rule{{Protocol: "-1", CIDRs: world}}}
		local := []string{v.vpc.cidr()}
		office := []string{"203.0.113.0/24"}
		from := func(role string) []string {
			if l := v.byRole[role]; len(l) > 0 {
				return []string{l[g.R.IntN(len(l))].ID}
			}
			return nil
		}
		var role string
		switch r := g.R.Float64(); {
		case r < 0.25:
			role = "web"
			rule := func(p int) EC2Rule {
				x := EC2Rule{Protocol: "tcp", Port: port(p), CIDRs: world}
				if g.Chance(0.3) {
					x.IPv6CIDRs = []string{"::/0"}
				}
				return x
			}
			sg.Ingress = []EC2Rule{rule(80), rule(443)}
		case r < 0.45:
			role = "app"
			x := EC2Rule{Protocol: "tcp", Port: port(8080), Groups: from("web")}
			if x.Groups == nil {
				x.CIDRs = local
			}
			sg.Ingress = []EC2Rule{x}
		case r < 0.60:
			role = "db"
			x := EC2Rule{Protocol: "tcp", Port: port([]int{3306, 5432, 1433, 6379, 27017}[g.R.IntN(5)]), Groups: from("app")}
			switch {
			case g.Chance(0.1):
				x.Groups, x.CIDRs = nil, world
			case x.Groups == nil:
				x.CIDRs = local
			}
			sg.Ingress = []EC2Rule{x}
		case r < 0.70:
			role = "bastion"
			x := EC2Rule{Protocol: "tcp", Port: port(22), CIDRs: office}
			if g.Chance(0.5) {
				x.CIDRs = world
			}
			sg.Ingress = []EC2Rule{x}
		case r < 0.75:
			role = "windows"
			x := EC2Rule{Protocol: "tcp", Port: port(3389), CIDRs: office}
			if g.Chance(0.4) {
				x.CIDRs = world
			}
			sg.Ingress = []EC2Rule{x}
		case r < 0.90:
			role = "internal"
			sg.Ingress = []EC2Rule{{Protocol: "-1", CIDRs: local}}
		case r < 0.95:
			role = "launch-wizard"
			sg.Ingress = []EC2Rule{{Protocol: "tcp", Port: port(22), CIDRs: world}}
		case r < 0.97:
			role = "debug"
			sg.Ingress = []EC2Rule{{Protocol: "-1", CIDRs: world}}
		default:
			role = "remote-mgmt"
			sg.Ingress = []EC2Rule{{Protocol: "tcp", Port: port([]int{5900, 445, 23, 21, 5985}[g.R.IntN(5)]), CIDRs: world}}
		}
		if g.Chance(0.1) {
			sg.Egress = []EC2Rule{{Protocol: "tcp", Port: port(443), CIDRs: world}}
		}
		sg.Name = fmt.Sprintf("%s-%d", role, i)
		sg.Description = role + " security group"
		v.byRole[role] = append(v.byRole[role], sg)
		v.sgs = append(v.sgs, sg)
		e.SecurityGroups = append(e.SecurityGroups, sg)
	}

	hostIn := func(cidr string) string {
		p := strings.Split(strings.Split(cidr, "/")[0], ".")
		return fmt.Sprintf("%s.%s.%s.%d", p[0], p[1], p[2], 4+g.R.IntN(250))
	}
	var live []*EC2Instance
	for i := 0; i < nInst; i++ {
		v := vpcs[g.R.IntN(len(vpcs))]
		sub := v.public[g.R.IntN(len(v.public))]
		if len(v.private) > 0 && g.Chance(0.6) {
			sub = v.private[g.R.IntN(len(v.private))]
		}
		inst := &EC2Instance{
			ID: newID("i"), Type: g.Pick("t3.micro", "t3.medium", "m5.large", "c5.xlarge", "r5.large", "t4g.small"),
			Subnet: sub.ID, PrivateIP: hostIn(sub.CIDR), HTTPTokens: "optional", State: "running",
			LaunchTime: fmt.Sprintf("20%d-%02d-%02dT%02d:00:00Z", 21+g.R.IntN(5), 1+g.R.IntN(12), 1+g.R.IntN(28), g.R.IntN(24)),
			Tags:       map[string]string{"Name": fmt.Sprintf("%s-%02d", g.Pick("web", "app", "batch", "worker", "jump", "legacy"), i)},
		}
		if g.Chance(0.7) {
			inst.HTTPTokens = "required"
		} else if g.Chance(0.05) {
			inst.HTTPEndpoint = "disabled"
		}
		if g.Chance(0.6) {
			inst.Profile = g.Pick("ec2-app-role", "ssm-managed", "batch-role")
		}
		if g.Chance(0.2) {
			inst.Monitoring = true
		}
		switch r := g.R.Float64(); {
		case r < 0.03:
			inst.State = "terminated"
		case r < 0.15:
			inst.State = "stopped"
		}
		onPublic := !slices.Contains(v.private, sub)
		if inst.State == "running" && onPublic && (sub.MapPublicIP || g.Chance(0.7)) {
			inst.PublicIP = fmt.Sprintf("%d.%d.%d.%d", []int{3, 13, 18, 35, 52, 54}[g.R.IntN(6)], g.R.IntN(256), g.R.IntN(256), 1+g.R.IntN(254))
		}
		if len(v.sgs) == 0 || g.Chance(0.1) {
			inst.Groups = []string{v.def.ID}
		}
		for k := 0; k < 1+g.R.IntN(2) && len(v.sgs) > 0; k++ {
			id := v.sgs[g.R.IntN(len(v.sgs))].ID
			if !slices.Contains(inst.Groups, id) {
				inst.Groups = append(inst.Groups, id)
			}
		}
		if g.Chance(0.5) {
			inst.KeyName = g.Pick("ops-key", "deploy", "legacy-key")
		}
		e.Instances = append(e.Instances, inst)
		if inst.State != "terminated" {
			live = append(live, inst)
		}
	}

	for i := 0; i < nVol; i++ {
		vol := &EC2Volume{ID: newID("vol"), Size: []int{8, 20, 30, 50, 100, 500}[g.R.IntN(6)], Type: g.Pick("gp3", "gp3", "gp2", "io1", "st1"), AZ: region + "a"}
		if i < len(live) {
			vol.Attachments = []string{live[i].ID}
		} else if len(live) > 0 && g.Chance(0.5) {
			vol.Attachments = []string{live[g.R.IntN(len(live))].ID}
		}
		vol.Encrypted = g.Chance(0.7)
		if e.EBSEncryptionByDefault {
			vol.Encrypted = g.Chance(0.95)
		}
		if vol.Encrypted && g.Chance(0.2) {
			vol.KMSKey = "arn:aws:kms:" + region + ":" + a.ID + ":key/" + g.ID(8) + "-" + g.ID(4) + "-" + g.ID(4) + "-" + g.ID(4) + "-" + g.ID(12)
		}
		if g.Chance(0.3) {
			vol.Tags = map[string]string{"Name": g.Pick("data", "logs", "backup", "scratch")}
		}
		e.Volumes = append(e.Volumes, vol)
	}
	a.Region(region).EC2 = e
}
