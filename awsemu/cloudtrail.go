package awsemu

// CloudTrail is the emulated state of the service (filled in by its owner).
type CloudTrail struct{}

func cloudtrailRoute(c *Call) Handler { return nil }

func synthCloudTrail(g *Gen, a *Account, region string, n int) {}
