package awsemu

// GuardDuty is the emulated state of the service (filled in by its owner).
type GuardDuty struct{}

func guarddutyRoute(c *Call) Handler { return nil }

func synthGuardDuty(g *Gen, a *Account, region string, n int) {}
