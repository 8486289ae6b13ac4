package awsemu

import (
	"context"
	"errors"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/smithy-go"
)

const ec2FilterWorld = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1]
    per_region:
      ap-northeast-1:
        ec2:
          security_groups:
            - {id: sg-1, name: web, vpc: vpc-1, tags: {env: prod}}
            - {id: sg-2, name: db, vpc: vpc-1, tags: {env: prod-eu}}
            - {id: sg-3, name: web, vpc: vpc-2, tags: {env: dev}}
            - {id: sg-4, name: x4, vpc: vpc-2}
            - {id: sg-5, name: x5, vpc: vpc-2}
            - {id: sg-6, name: x6, vpc: vpc-2}
            - {id: sg-7, name: x7, vpc: vpc-2}
`

func ec2Client(t *testing.T, y string) *ec2.Client {
	t.Helper()
	cfg := testConfig(t, y, "ap-northeast-1")
	cfg.RetryMaxAttempts = 1
	return ec2.NewFromConfig(cfg)
}

func sgIDs(sgs []types.SecurityGroup) []string {
	var out []string
	for _, s := range sgs {
		out = append(out, sdkaws.ToString(s.GroupId))
	}
	return out
}

func TestEC2Filters(t *testing.T) {
	cl := ec2Client(t, ec2FilterWorld)
	ctx := context.Background()
	cases := []struct {
		name    string
		in      ec2.DescribeSecurityGroupsInput
		want    []string
		errCode string
	}{
		{"all", ec2.DescribeSecurityGroupsInput{}, []string{"sg-1", "sg-2", "sg-3", "sg-4", "sg-5", "sg-6", "sg-7"}, ""},
		{"filters are ANDed, values ORed", ec2.DescribeSecurityGroupsInput{Filters: []types.Filter{
			{Name: sdkaws.String("vpc-id"), Values: []string{"vpc-1", "vpc-9"}},
			{Name: sdkaws.String("group-name"), Values: []string{"web"}},
		}}, []string{"sg-1"}, ""},
		{"tag wildcard", ec2.DescribeSecurityGroupsInput{Filters: []types.Filter{{Name: sdkaws.String("tag:env"), Values: []string{"prod*"}}}}, []string{"sg-1", "sg-2"}, ""},
		{"tag-key", ec2.DescribeSecurityGroupsInput{Filters: []types.Filter{{Name: sdkaws.String("tag-key"), Values: []string{"env"}}}}, []string{"sg-1", "sg-2", "sg-3"}, ""},
		{"ids", ec2.DescribeSecurityGroupsInput{GroupIds: []string{"sg-3", "sg-1"}}, []string{"sg-3", "sg-1"}, ""},
		{"unknown id", ec2.DescribeSecurityGroupsInput{GroupIds: []string{"sg-404"}}, nil, "InvalidGroup.NotFound"},
		{"unknown filter", ec2.DescribeSecurityGroupsInput{Filters: []types.Filter{{Name: sdkaws.String("colour"), Values: []string{"red"}}}}, nil, "InvalidParameterValue"},
		{"MaxResults too small", ec2.DescribeSecurityGroupsInput{MaxResults: sdkaws.Int32(4)}, nil, "InvalidParameterValue"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := cl.DescribeSecurityGroups(ctx, &tc.in)
			if tc.errCode != "" {
				var ae smithy.APIError
				if !errors.As(err, &ae) || ae.ErrorCode() != tc.errCode {
					t.Fatalf("err = %v, want %s", err, tc.errCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := sgIDs(out.SecurityGroups)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("got %v, want %v", got, tc.want)
				}
			}
		})
	}
}

func TestEC2Paging(t *testing.T) {
	cl := ec2Client(t, ec2FilterWorld)
	p := ec2.NewDescribeSecurityGroupsPaginator(cl, &ec2.DescribeSecurityGroupsInput{MaxResults: sdkaws.Int32(5)})
	var pages, n int
	for p.HasMorePages() {
		out, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		pages++
		n += len(out.SecurityGroups)
	}
	if pages != 2 || n != 7 {
		t.Errorf("%d groups in %d pages, want 7 in 2", n, pages)
	}
}

// The synthetic world's EC2 part is consistent: ids are unique and every
// reference points at something that exists in the same region.
func TestSyntheticEC2(t *testing.T) {
	w := Synthetic(4000, 3)
	a := w.Accounts[0]
	total := 0
	for _, region := range a.Regions {
		e := a.regionState(region).EC2
		if e == nil {
			t.Fatalf("%s: no ec2 state", region)
		}
		ids := map[string]bool{}
		add := func(id string) {
			if ids[id] {
				t.Errorf("%s: duplicate id %s", region, id)
			}
			ids[id] = true
		}
		for _, v := range e.VPCs {
			add(v.ID)
		}
		for _, s := range e.Subnets {
			add(s.ID)
			if !ids[s.VPC] {
				t.Errorf("subnet %s in unknown vpc %s", s.ID, s.VPC)
			}
		}
		for _, r := range e.RouteTables {
			add(r.ID)
		}
		for _, n := range e.NetworkACLs {
			add(n.ID)
		}
		for _, s := range e.SecurityGroups {
			add(s.ID)
		}
		for _, s := range e.SecurityGroups {
			for _, r := range s.Ingress {
				for _, g := range r.Groups {
					if !ids[g] {
						t.Errorf("sg %s refers to unknown group %s", s.ID, g)
					}
				}
			}
		}
		for _, i := range e.Instances {
			add(i.ID)
			if !ids[i.Subnet] || len(i.Groups) == 0 {
				t.Errorf("instance %s: subnet %q groups %v", i.ID, i.Subnet, i.Groups)
			}
			for _, g := range i.Groups {
				if !ids[g] {
					t.Errorf("instance %s in unknown group %s", i.ID, g)
				}
			}
		}
		for _, v := range e.Volumes {
			add(v.ID)
			for _, i := range v.Attachments {
				if !ids[i] {
					t.Errorf("volume %s attached to unknown instance %s", v.ID, i)
				}
			}
		}
		total += len(e.VPCs) + len(e.Subnets) + len(e.RouteTables) + len(e.NetworkACLs) + len(e.SecurityGroups) + len(e.Instances) + len(e.Volumes) + 1
	}
	// EC2 has 35% of the synthetic world.
	if total < 1260 || total > 1540 {
		t.Errorf("synthetic EC2 has %d resources, want about 1400", total)
	}
}
