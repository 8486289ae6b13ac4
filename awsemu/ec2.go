package awsemu

// EC2 is one region's EC2 and VPC state.
type EC2 struct{}

func ec2Route(c *Call) Handler {
	switch c.Op {
	case "DescribeRegions":
		return describeRegions
	}
	return nil
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

func synthEC2(g *Gen, a *Account, region string, n int) {}
