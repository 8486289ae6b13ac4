package awsemu

// RDS is the emulated state of the service (filled in by its owner).
type RDS struct{}

func rdsRoute(c *Call) Handler { return nil }

func synthRDS(g *Gen, a *Account, region string, n int) {}
