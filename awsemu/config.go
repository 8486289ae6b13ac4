package awsemu

// ConfigSvc is the emulated state of the service (filled in by its owner).
type ConfigSvc struct{}

func configRoute(c *Call) Handler { return nil }

func synthConfig(g *Gen, a *Account, region string, n int) {}
