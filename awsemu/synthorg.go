package awsemu

import (
	"fmt"
	"math/rand/v2"
)

// SyntheticOrg returns an organisation of n accounts (the management account
// and n-1 members, in two units) of about perAccount resources each, spread
// over regions, with the scanner's role "MamoriAudit" in every member, an
// organisation trail, GuardDuty and Security Hub delegated to the first
// member, and the AWS-managed FullAWSAccess SCP plus a region-deny SCP on
// the root that leaves the given regions allowed. The same arguments give
// the same world.
func SyntheticOrg(n, perAccount int, regions []string, seed uint64) *World {
	g := &Gen{R: rand.New(rand.NewPCG(seed, seed^0x51ed2701))}
	w := &World{}
	org := &Organization{
		Management: "100000000000",
		Root:       "r-synt",
		Role:       &OrgRole{Name: "MamoriAudit"},
		Units:      []*OrgUnit{{ID: "ou-synt-prod", Name: "Prod"}, {ID: "ou-synt-dev", Name: "Dev"}},
	}
	org.Policies = []*OrgPolicy{
		{ID: "p-FullAWSAccess", Name: "FullAWSAccess", AWSManaged: true, Targets: []string{org.Root},
			Content: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`},
		{ID: "p-regions", Name: "AllowedRegions", Targets: []string{org.Root},
			Content: fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":["iam:*","sts:*","organizations:*","s3:*","cloudfront:*","route53:*","support:*"],"Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":%s}}}]}`, jsonList(regions))},
	}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("%012d", 100000000000+i)
		a := synthAccount(g, id, regions, perAccount)
		w.Accounts = append(w.Accounts, a)
		if i == 0 {
			continue
		}
		parent := org.Units[i%2].ID
		org.Members = append(org.Members, &OrgMember{ID: id, Name: fmt.Sprintf("member-%d", i), Parent: parent})
	}
	if n > 1 {
		org.Delegated = []*OrgDelegated{{Account: org.Members[0].ID, Services: []string{"guardduty.amazonaws.com", "securityhub.amazonaws.com"}}}
	}
	mgmt := w.Accounts[0].Region(regions[0])
	if mgmt.CloudTrail == nil {
		mgmt.CloudTrail = &CloudTrail{}
	}
	mgmt.CloudTrail.Trails = append(mgmt.CloudTrail.Trails, &Trail{Name: "organization", MultiRegion: true, Organization: true, Logging: true, LogValidation: true})
	w.Organization = org
	return w
}

func jsonList(l []string) string {
	out := "["
	for i, s := range l {
		if i > 0 {
			out += ","
		}
		out += fmt.Sprintf("%q", s)
	}
	return out + "]"
}

// synthAccount is one synthetic account of about n resources, with the
// service mix of Synthetic.
func synthAccount(g *Gen, id string, regions []string, n int) *Account {
	a := &Account{ID: id, Alias: "synthetic-" + id, Regions: append([]string(nil), regions...)}
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
	return a
}
