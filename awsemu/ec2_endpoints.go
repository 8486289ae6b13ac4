package awsemu

// EC2VPCEndpoint is one VPC endpoint: an interface endpoint (network
// interfaces with private addresses in its subnets, behind security
// groups), a gateway endpoint (a route target for S3 / DynamoDB) or a
// Gateway Load Balancer endpoint (a route target that sends traffic through
// inspection appliances).
type EC2VPCEndpoint struct {
	ID  string `yaml:"id"`
	VPC string `yaml:"vpc"`
	// Type is Interface (default), Gateway or GatewayLoadBalancer.
	Type    string `yaml:"type"`
	Service string `yaml:"service"`
	// State defaults to available.
	State       string            `yaml:"state"`
	Subnets     []string          `yaml:"subnets"`
	Groups      []string          `yaml:"groups"`
	RouteTables []string          `yaml:"route_tables"`
	PrivateDNS  bool              `yaml:"private_dns"`
	Policy      string            `yaml:"policy"`
	Tags        map[string]string `yaml:"tags"`
}

func ec2DescribeVpcEndpoints(c *Call) error {
	eps, err := ec2Select(c, c.ec2().VPCEndpoints, "VpcEndpointId", "InvalidVpcEndpointId.NotFound", "VPC endpoint", func(e *EC2VPCEndpoint) string { return e.ID },
		func(e *EC2VPCEndpoint) ec2Fields {
			return tagFields(e.Tags, func(name string) ([]string, bool) {
				switch name {
				case "vpc-endpoint-id":
					return one(e.ID), true
				case "vpc-id":
					return one(e.VPC), true
				case "service-name":
					return one(e.Service), true
				case "vpc-endpoint-type":
					return []string{orDefault(e.Type, "Interface")}, true
				case "vpc-endpoint-state":
					return []string{orDefault(e.State, "available")}, true
				}
				return nil, false
			})
		})
	if err != nil {
		return err
	}
	page, next, err := ec2Page(c, eps, 1000)
	if err != nil {
		return err
	}
	type group struct {
		ID   string `xml:"groupId"`
		Name string `xml:"groupName"`
	}
	type endpoint struct {
		ID          string   `xml:"vpcEndpointId"`
		Type        string   `xml:"vpcEndpointType"`
		VPC         string   `xml:"vpcId"`
		Service     string   `xml:"serviceName"`
		State       string   `xml:"state"`
		Policy      string   `xml:"policyDocument,omitempty"`
		RouteTables []string `xml:"routeTableIdSet>item"`
		Subnets     []string `xml:"subnetIdSet>item"`
		Groups      []group  `xml:"groupSet>item"`
		PrivateDNS  bool     `xml:"privateDnsEnabled"`
		Owner       string   `xml:"ownerId"`
		Created     string   `xml:"creationTimestamp"`
		TagSet      []ec2Tag `xml:"tagSet>item"`
	}
	out := struct {
		Endpoints []endpoint `xml:"vpcEndpointSet>item"`
		Next      string     `xml:"nextToken,omitempty"`
	}{Next: next}
	for _, e := range page {
		w := endpoint{ID: e.ID, Type: orDefault(e.Type, "Interface"), VPC: e.VPC, Service: e.Service, State: orDefault(e.State, "available"),
			Policy: e.Policy, RouteTables: e.RouteTables, Subnets: e.Subnets, PrivateDNS: e.PrivateDNS, Owner: c.Account.ID,
			Created: "2024-04-01T00:00:00.000Z", TagSet: ec2Tags(e.Tags)}
		for _, g := range e.Groups {
			w.Groups = append(w.Groups, group{ID: g, Name: g})
		}
		out.Endpoints = append(out.Endpoints, w)
	}
	return c.EC2Result(out)
}
