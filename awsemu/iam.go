package awsemu

// IAM is the emulated state of the service (filled in by its owner).
type IAM struct{}

func iamRoute(c *Call) Handler { return nil }

func synthIAM(g *Gen, a *Account, region string, n int) {}
