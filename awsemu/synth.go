package awsemu

import (
	"fmt"
	"math/rand/v2"
)

// Gen builds synthetic worlds; per-service synth functions use it.
type Gen struct {
	R *rand.Rand
}

// Chance reports true with probability p.
func (g *Gen) Chance(p float64) bool { return g.R.Float64() < p }

// Pick returns one of the options.
func (g *Gen) Pick(opts ...string) string { return opts[g.R.IntN(len(opts))] }

// ID returns a hex id of n characters, e.g. for "sg-" + g.ID(17).
func (g *Gen) ID(n int) string {
	const hex = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = hex[g.R.IntN(16)]
	}
	return string(b)
}

// synthRegions are the regions a synthetic account uses.
var synthRegions = []string{"ap-northeast-1", "ap-northeast-3", "us-east-1", "eu-west-1"}

// mix is the share of a synthetic world's resources each service gets; the
// regional shares are split evenly across regions.
var mix = []struct {
	name   string
	share  float64
	global bool
	fn     func(g *Gen, a *Account, region string, n int)
}{
	{"iam", 0.15, true, synthIAM},
	{"s3", 0.15, true, synthS3},
	{"ec2", 0.32, false, synthEC2},
	{"rds", 0.06, false, synthRDS},
	{"kms", 0.06, false, synthKMS},
	{"cloudtrail", 0.02, false, synthCloudTrail},
	{"guardduty", 0.02, false, synthGuardDuty},
	{"securityhub", 0.02, false, synthSecurityHub},
	{"config", 0.02, false, synthConfig},
	// The services in the generic shape (synth_generic.go): 15% in all.
	{"lambda", 0.03, false, synthLambda},
	{"elbv2", 0.02, false, synthELBv2},
	{"logs", 0.03, false, synthLogs},
	{"cloudwatch", 0.01, false, synthCloudWatch},
	{"messaging", 0.03, false, synthMessaging},
	{"containers", 0.02, false, synthContainers},
	{"acm", 0.01, false, synthACM},
	// h-aws2 (synth_aws2.go): 3%, taken from EC2.
	{"elasticache", 0.01, false, synthElastiCache},
	{"opensearch", 0.01, false, synthOpenSearch},
	{"redshift", 0.01, false, synthRedshift},
	// h-awsa (synth_awsa.go): 2% on top (the world is 2% larger than n).
	{"dataml", 0.02, false, synthDataML},
	// h-awsb (synth_awsb.go): 3% on top (a world of n holds about 1.03 n).
	{"eventbridge", 0.005, false, synthEventBridge},
	{"kinesis", 0.005, false, synthKinesis},
	{"stepfunctions", 0.005, false, synthStepFunctions},
	{"transfer", 0.003, false, synthTransfer},
	{"elb", 0.005, false, synthELB},
	{"vpc", 0.007, false, synthVPCEndpoints},
}

// Synthetic returns a world of about n resources in one account and four
// regions, with a realistic mix of types and misconfigurations. The same n
// and seed give the same world.
func Synthetic(n int, seed uint64) *World {
	g := &Gen{R: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	a := &Account{ID: "210987654321", Alias: fmt.Sprintf("synthetic-%d", n), Regions: append([]string(nil), synthRegions...)}
	for _, m := range mix {
		count := int(float64(n)*m.share + 0.5)
		if m.global {
			m.fn(g, a, a.Regions[0], count)
			continue
		}
		per := count / len(a.Regions)
		for i, r := range a.Regions {
			c := per
			if i == 0 {
				c += count - per*len(a.Regions)
			}
			m.fn(g, a, r, c)
		}
	}
	return &World{Accounts: []*Account{a}}
}

func synthKMS(g *Gen, a *Account, region string, n int) {
	k := &KMS{}
	for i := 0; i < n; i++ {
		key := &KMSKey{ID: fmt.Sprintf("%s-%s-%s-%s", g.ID(8), g.ID(4), g.ID(4), g.ID(12)), Rotation: g.Chance(0.4)}
		if g.Chance(0.3) {
			key.Manager = "AWS"
			key.Aliases = []string{"alias/aws/" + g.Pick("s3", "ebs", "rds", "lambda")}
		}
		if g.Chance(0.05) {
			key.State = "PendingDeletion"
		}
		k.Keys = append(k.Keys, key)
	}
	a.Region(region).KMS = k
}
