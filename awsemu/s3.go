package awsemu

// S3 is the emulated state of the service (filled in by its owner).
type S3 struct{}

func s3Route(c *Call) Handler { return nil }
func s3controlRoute(c *Call) Handler { return nil }

func synthS3(g *Gen, a *Account, region string, n int) {}
