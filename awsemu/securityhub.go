package awsemu

// SecurityHub is the emulated state of the service (filled in by its owner).
type SecurityHub struct{}

func securityhubRoute(c *Call) Handler { return nil }

func synthSecurityHub(g *Gen, a *Account, region string, n int) {}
