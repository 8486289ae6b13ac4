package aws

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/awsemu"
)

const ec2World = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1, us-east-1]
    per_region:
      ap-northeast-1:
        ec2:
          ebs_encryption_by_default: false
          vpcs:
            - {id: vpc-1, default: true}
            - {id: vpc-2, cidr: 10.1.0.0/16, ipv6_cidr: "2406:da14:abc:1000::/56", tags: {Name: prod}}
          subnets:
            - {id: subnet-1, vpc: vpc-2, cidr: 10.1.0.0/24, ipv6_cidr: "2406:da14:abc:1000::/64", az: ap-northeast-1c, map_public_ip: true, tags: {Name: public-c}}
            - {id: subnet-2, vpc: vpc-2, cidr: 10.1.1.0/24}
          route_tables:
            - {id: rtb-1, vpc: vpc-2, main: true, routes: [{destination: 0.0.0.0/0, target: nat-1}]}
            - {id: rtb-2, vpc: vpc-2, subnets: [subnet-1], routes: [{destination: 0.0.0.0/0, target: igw-1}, {destination: "::/0", target: igw-1, state: blackhole}]}
            # Ingress routing: what comes in through igw-1 for subnet-1 goes to an appliance.
            - {id: rtb-3, vpc: vpc-2, gateways: [igw-1], routes: [{destination: 10.1.0.0/24, target: eni-1}]}
          network_acls:
            - id: acl-1
              vpc: vpc-2
              default: true
              subnets: [subnet-1, subnet-2]
              entries:
                - {rule: 200, action: allow, cidr: 0.0.0.0/0}
                - {rule: 100, protocol: tcp, port: 22, action: deny, cidr: 0.0.0.0/0}
                - {rule: 100, egress: true, action: allow, cidr: 0.0.0.0/0}
          flow_logs:
            - {id: fl-1, resource: vpc-2, traffic_type: REJECT, destination_type: s3, destination: "arn:aws:s3:::flow"}
            - {id: fl-2, resource: subnet-2}
          security_groups:
            - id: sg-1
              name: default
              description: default VPC security group
              vpc: vpc-2
              ingress: [{protocol: "-1", groups: [sg-1]}]
              egress: [{protocol: "-1", cidrs: [0.0.0.0/0]}]
            - id: sg-2
              name: bastion
              description: ssh
              vpc: vpc-2
              tags: {team: ops}
              ingress:
                - {protocol: tcp, port: 22, cidrs: [0.0.0.0/0, 10.0.0.0/8], ipv6_cidrs: ["::/0"]}
                - {protocol: "6", from: 8000, to: 8100, groups: [sg-1], prefix_lists: [pl-1]}
                - {protocol: icmp, cidrs: [10.0.0.0/8]}
          instances:
            - id: i-1
              type: t3.large
              image: ami-1
              subnet: subnet-1
              private_ip: 10.1.0.5
              public_ip: 203.0.113.10
              groups: [sg-2, sg-1]
              profile: web
              http_tokens: optional
              hop_limit: 2
              monitoring: true
              key_name: ops
              launch_time: "2024-05-01T09:00:00Z"
              tags: {Name: web-1}
            - {id: i-2, subnet: subnet-2, state: stopped, stopped_at: "2024-01-15T09:00:00Z", virtualization: paravirtual, http_tokens: required, http_endpoint: disabled, interfaces: [{id: eni-2b, public_ip: 198.51.100.7, ipv6_address: "2001:db8::7", groups: [sg-1]}]}
            - {id: i-3, subnet: subnet-2, state: terminated}
          volumes:
            - {id: vol-1, size: 20, attachments: [i-1], tags: {Name: root}}
            - {id: vol-2, encrypted: true, kms_key: "arn:aws:kms:ap-northeast-1:123456789012:key/k1"}
            - {id: vol-3, encrypted: true}
      us-east-1:
        ec2:
          ebs_encryption_by_default: true
          vpcs:
            - {id: vpc-9, default: true}
`

func TestEC2(t *testing.T) {
	got := collect(t, world(t, ec2World), awsemu.Faults{}, "ec2")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	counts := map[string]int{}
	for _, r := range got.Resources {
		counts[r.Type]++
	}
	wantCounts := map[string]int{
		"aws_ebs_encryption_by_default": 2, "aws_vpc": 3, "aws_subnet": 2, "aws_route_table": 3, "aws_network_acl": 1,
		"aws_security_group": 2, "aws_instance": 2, "aws_ebs_volume": 3,
	}
	if d := cmp.Diff(wantCounts, counts); d != "" {
		t.Errorf("resource counts (-want +got):\n%s", d)
	}

	sg := got.byName(t, "aws_security_group", "bastion")
	if sg.ID != "arn:aws:ec2:ap-northeast-1:123456789012:security-group/sg-2" || sg.Tags["team"] != "ops" {
		t.Errorf("sg id/tags = %s %v", sg.ID, sg.Tags)
	}
	wantSG := map[string]any{
		"group_id": "sg-2", "name": "bastion", "description": "ssh", "vpc_id": "vpc-2", "is_default": false,
		"ingress": []any{
			map[string]any{"protocol": "tcp", "from_port": int64(22), "to_port": int64(22), "cidr_blocks": []any{"0.0.0.0/0", "10.0.0.0/8"},
				"ipv6_cidr_blocks": []any{"::/0"}, "security_groups": []any{}, "self": false, "prefix_list_ids": []any{}},
			map[string]any{"protocol": "tcp", "from_port": int64(8000), "to_port": int64(8100), "cidr_blocks": []any{},
				"ipv6_cidr_blocks": []any{}, "security_groups": []any{"sg-1"}, "self": false, "prefix_list_ids": []any{"pl-1"}},
			map[string]any{"protocol": "icmp", "from_port": int64(-1), "to_port": int64(-1), "cidr_blocks": []any{"10.0.0.0/8"},
				"ipv6_cidr_blocks": []any{}, "security_groups": []any{}, "self": false, "prefix_list_ids": []any{}},
		},
		"egress": []any{},
	}
	if d := cmp.Diff(wantSG, sg.Attributes); d != "" {
		t.Errorf("bastion sg (-want +got):\n%s", d)
	}
	def := got.byName(t, "aws_security_group", "default")
	wantDef := map[string]any{
		"group_id": "sg-1", "name": "default", "description": "default VPC security group", "vpc_id": "vpc-2", "is_default": true,
		"ingress": []any{map[string]any{"protocol": "-1", "from_port": int64(0), "to_port": int64(0), "cidr_blocks": []any{},
			"ipv6_cidr_blocks": []any{}, "security_groups": []any{}, "self": true, "prefix_list_ids": []any{}}},
		"egress": []any{map[string]any{"protocol": "-1", "from_port": int64(0), "to_port": int64(0), "cidr_blocks": []any{"0.0.0.0/0"},
			"ipv6_cidr_blocks": []any{}, "security_groups": []any{}, "self": false, "prefix_list_ids": []any{}}},
	}
	if d := cmp.Diff(wantDef, def.Attributes); d != "" {
		t.Errorf("default sg (-want +got):\n%s", d)
	}

	web := got.byName(t, "aws_instance", "web-1")
	wantWeb := map[string]any{
		"instance_id": "i-1", "instance_type": "t3.large", "image_id": "ami-1", "state": "running",
		"public_ip": "203.0.113.10", "ipv6_address": nil, "private_ip": "10.1.0.5", "subnet_id": "subnet-1", "vpc_id": "vpc-2",
		"availability_zone": "ap-northeast-1c", "security_groups": []any{"sg-2", "sg-1"},
		"iam_instance_profile": "arn:aws:iam::123456789012:instance-profile/web", "key_name": "ops",
		"launch_time": "2024-05-01T09:00:00Z", "monitoring": true,
		"metadata_options":    map[string]any{"http_tokens": "optional", "http_endpoint": "enabled", "http_put_response_hop_limit": int64(2)},
		"virtualization_type": "hvm", "state_transition_reason": "", "stopped_since": nil,
	}
	enis, _ := web.Attributes["network_interfaces"].([]any)
	if len(enis) != 1 {
		t.Fatalf("web-1 interfaces: %v", web.Attributes["network_interfaces"])
	}
	primaryID, _ := enis[0].(map[string]any)["id"].(string)
	if !strings.HasPrefix(primaryID, "eni-") {
		t.Errorf("primary interface id %q", primaryID)
	}
	wantWeb["network_interfaces"] = []any{map[string]any{"id": primaryID, "device_index": int64(0), "subnet_id": "subnet-1",
		"public_ip": "203.0.113.10", "ipv6_addresses": []any{}, "security_groups": []any{"sg-2", "sg-1"}}}
	wantWeb["public_ips"] = []any{"203.0.113.10"}
	if d := cmp.Diff(wantWeb, web.Attributes); d != "" {
		t.Errorf("web-1 (-want +got):\n%s", d)
	}
	// An Elastic IP on a secondary interface makes the instance public.
	i2 := got.byName(t, "aws_instance", "i-2")
	for k, want := range map[string]any{"virtualization_type": "paravirtual", "stopped_since": "2024-01-15T09:00:00Z",
		"state_transition_reason": "User initiated (2024-01-15 09:00:00 GMT)"} {
		if i2.Attributes[k] != want {
			t.Errorf("i-2 %s = %v, want %v", k, i2.Attributes[k], want)
		}
	}
	if d := cmp.Diff([]any{"198.51.100.7"}, i2.Attributes["public_ips"]); d != "" || i2.Attributes["public_ip"] != nil {
		t.Errorf("i-2 public_ips (-want +got):\n%s public_ip %v", d, i2.Attributes["public_ip"])
	}
	if enis, _ := i2.Attributes["network_interfaces"].([]any); len(enis) != 2 ||
		!cmp.Equal(enis[1], map[string]any{"id": "eni-2b", "device_index": int64(1), "subnet_id": "subnet-2", "public_ip": "198.51.100.7",
			"ipv6_addresses": []any{"2001:db8::7"}, "security_groups": []any{"sg-1"}}) {
		t.Errorf("i-2 interfaces: %v", i2.Attributes["network_interfaces"])
	}
	wantRels := []mamori.Relation{
		{Kind: "member_of", Type: "aws_security_group", ID: "arn:aws:ec2:ap-northeast-1:123456789012:security-group/sg-2"},
		{Kind: "member_of", Type: "aws_security_group", ID: "arn:aws:ec2:ap-northeast-1:123456789012:security-group/sg-1"},
		{Kind: "in_subnet", Type: "aws_subnet", ID: "arn:aws:ec2:ap-northeast-1:123456789012:subnet/subnet-1"},
		{Kind: "in_vpc", Type: "aws_vpc", ID: "arn:aws:ec2:ap-northeast-1:123456789012:vpc/vpc-2"},
	}
	if d := cmp.Diff(wantRels, web.Relations); d != "" {
		t.Errorf("web-1 relations (-want +got):\n%s", d)
	}
	i2 = got.byName(t, "aws_instance", "i-2")
	if i2.Attributes["state"] != "stopped" || i2.Attributes["public_ip"] != nil || i2.Attributes["iam_instance_profile"] != nil ||
		i2.Attributes["metadata_options"].(map[string]any)["http_endpoint"] != "disabled" {
		t.Errorf("i-2 = %v", i2.Attributes)
	}

	prod := got.byName(t, "aws_vpc", "prod")
	wantVPC := map[string]any{
		"vpc_id": "vpc-2", "cidr_block": "10.1.0.0/16", "is_default": false, "state": "available", "instance_tenancy": "default",
		"flow_logs": []any{map[string]any{"id": "fl-1", "status": "ACTIVE", "traffic_type": "REJECT", "destination_type": "s3",
			"destination": "arn:aws:s3:::flow", "deliver_logs_status": "SUCCESS"}},
		"flow_logs_enabled": true,
	}
	if d := cmp.Diff(wantVPC, prod.Attributes); d != "" {
		t.Errorf("prod vpc (-want +got):\n%s", d)
	}
	dv := got.byName(t, "aws_vpc", "vpc-1")
	if dv.Attributes["flow_logs_enabled"] != false || dv.Attributes["is_default"] != true || dv.Attributes["cidr_block"] != "172.31.0.0/16" {
		t.Errorf("default vpc = %v", dv.Attributes)
	}

	wantVol := map[string]any{
		"volume_id": "vol-1", "encrypted": false, "kms_key_id": nil, "size": int64(20), "type": "gp3",
		"availability_zone": "ap-northeast-1a", "state": "in-use", "attachments": []any{"i-1"},
	}
	if d := cmp.Diff(wantVol, got.byName(t, "aws_ebs_volume", "root").Attributes); d != "" {
		t.Errorf("vol-1 (-want +got):\n%s", d)
	}
	if k := got.byName(t, "aws_ebs_volume", "vol-2").Attributes["kms_key_id"]; k != "arn:aws:kms:ap-northeast-1:123456789012:key/k1" {
		t.Errorf("vol-2 key = %v", k)
	}
	if k, _ := got.byName(t, "aws_ebs_volume", "vol-3").Attributes["kms_key_id"].(string); !strings.HasPrefix(k, "arn:aws:kms:ap-northeast-1:123456789012:key/") {
		t.Errorf("vol-3 key = %v", k)
	}

	for _, r := range got.byType("aws_ebs_encryption_by_default") {
		if want := r.Region == "us-east-1"; r.Attributes["enabled"] != want {
			t.Errorf("ebs default in %s = %v", r.Region, r.Attributes["enabled"])
		}
	}

	wantRT := map[string]any{
		"route_table_id": "rtb-2", "vpc_id": "vpc-2", "main": false, "subnet_ids": []any{"subnet-1"}, "gateway_ids": []any{},
		"routes": []any{
			ec2TestRoute("10.1.0.0/16", "", "local", "", "active"),
			ec2TestRoute("", "2406:da14:abc:1000::/56", "local", "", "active"),
			ec2TestRoute("0.0.0.0/0", "", "igw-1", "", "active"),
			ec2TestRoute("", "::/0", "igw-1", "", "blackhole"),
		},
	}
	if d := cmp.Diff(wantRT, got.byName(t, "aws_route_table", "rtb-2").Attributes); d != "" {
		t.Errorf("rtb-2 (-want +got):\n%s", d)
	}
	if g := got.byName(t, "aws_route_table", "rtb-3").Attributes["gateway_ids"]; !cmp.Equal(g, []any{"igw-1"}) {
		t.Errorf("rtb-3 edge associations = %v", g)
	}
	rt1 := got.byName(t, "aws_route_table", "rtb-1").Attributes
	if rt1["main"] != true || len(rt1["subnet_ids"].([]any)) != 0 || rt1["routes"].([]any)[2].(map[string]any)["nat_gateway_id"] != "nat-1" {
		t.Errorf("rtb-1 = %v", rt1)
	}

	entry := func(rule int64, proto, action string, from, to int64) map[string]any {
		return map[string]any{"rule_number": rule, "protocol": proto, "action": action, "cidr_block": "0.0.0.0/0", "ipv6_cidr_block": "", "from_port": from, "to_port": to}
	}
	wantACL := map[string]any{
		"network_acl_id": "acl-1", "vpc_id": "vpc-2", "is_default": true, "subnet_ids": []any{"subnet-1", "subnet-2"},
		"ingress": []any{entry(100, "tcp", "deny", 22, 22), entry(200, "-1", "allow", 0, 0), entry(32767, "-1", "deny", 0, 0)},
		"egress":  []any{entry(100, "-1", "allow", 0, 0), entry(32767, "-1", "deny", 0, 0)},
	}
	if d := cmp.Diff(wantACL, got.byName(t, "aws_network_acl", "acl-1").Attributes); d != "" {
		t.Errorf("acl-1 (-want +got):\n%s", d)
	}
	wantSubnet := map[string]any{
		"subnet_id": "subnet-1", "vpc_id": "vpc-2", "cidr_block": "10.1.0.0/24", "availability_zone": "ap-northeast-1c",
		"state": "available", "map_public_ip_on_launch": true, "default_for_az": false, "ipv6_cidr_blocks": []any{"2406:da14:abc:1000::/64"},
	}
	if d := cmp.Diff(wantSubnet, got.byName(t, "aws_subnet", "public-c").Attributes); d != "" {
		t.Errorf("subnet-1 (-want +got):\n%s", d)
	}

	// One call of each kind per region: no per-resource calls (the
	// per-snapshot, per-template and per-prefix-list ones have nothing to
	// read here).
	for _, op := range ec2Service.Actions {
		if op == "ec2:DescribeSnapshotAttribute" || op == "ec2:DescribeLaunchTemplateVersions" || op == "ec2:GetManagedPrefixListEntries" {
			continue
		}
		if n := got.Stats.Calls[op]; n != 2 {
			t.Errorf("%s called %d times, want 2 (one per region)", op, n)
		}
	}
}

func ec2TestRoute(cidr, v6, gw, nat, state string) map[string]any {
	return map[string]any{
		"cidr_block": cidr, "ipv6_cidr_block": v6, "destination_prefix_list_id": "", "gateway_id": gw, "nat_gateway_id": nat,
		"transit_gateway_id": "", "vpc_peering_connection_id": "", "network_interface_id": "", "egress_only_gateway_id": "", "state": state,
	}
}

func TestEC2Pagination(t *testing.T) {
	var b strings.Builder
	b.WriteString("accounts:\n  - id: \"123456789012\"\n    regions: [eu-west-1]\n    per_region:\n      eu-west-1:\n        ec2:\n")
	b.WriteString("          vpcs: [{id: vpc-1}]\n          security_groups:\n")
	for i := 0; i < 1001; i++ {
		fmt.Fprintf(&b, "            - {id: sg-%d, name: g%d, vpc: vpc-1, ingress: [{protocol: tcp, port: 22, cidrs: [10.0.0.0/8]}]}\n", i, i)
	}
	b.WriteString("          route_tables:\n")
	for i := 0; i < 150; i++ {
		fmt.Fprintf(&b, "            - {id: rtb-%d, vpc: vpc-1}\n", i)
	}
	b.WriteString("          instances:\n")
	for i := 0; i < 1200; i++ {
		fmt.Fprintf(&b, "            - {id: i-%d, state: %s}\n", i, []string{"running", "stopped", "terminated"}[i%3])
	}
	got := collect(t, world(t, b.String()), awsemu.Faults{}, "ec2")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	if n := len(got.byType("aws_security_group")); n != 1001 {
		t.Errorf("got %d security groups, want 1001", n)
	}
	if n := len(got.byType("aws_route_table")); n != 150 {
		t.Errorf("got %d route tables, want 150", n)
	}
	if n := len(got.byType("aws_instance")); n != 800 {
		t.Errorf("got %d instances, want 800 (terminated ones filtered)", n)
	}
	for op, want := range map[string]int64{"ec2:DescribeSecurityGroups": 2, "ec2:DescribeRouteTables": 2, "ec2:DescribeInstances": 1} {
		if n := got.Stats.Calls[op]; n != want {
			t.Errorf("%s called %d times, want %d pages", op, n, want)
		}
	}
}

func TestEC2AccessDenied(t *testing.T) {
	got := collect(t, world(t, ec2World), awsemu.Faults{Deny: []string{"ec2:DescribeFlowLogs@ap-northeast-1", "ec2:*@us-east-1"}}, "ec2")
	byRegion := map[string][]mamori.CollectError{}
	for _, e := range got.Errors {
		byRegion[e.Region] = append(byRegion[e.Region], e)
	}
	tokyo := byRegion["ap-northeast-1"]
	if len(tokyo) != 1 || tokyo[0].Action != "ec2:DescribeFlowLogs" || !strings.Contains(tokyo[0].Message, "AccessDenied") ||
		len(tokyo[0].Types) != 1 || tokyo[0].Types[0] != "aws_vpc" {
		t.Fatalf("ap-northeast-1 errors = %+v, want one AccessDenied on DescribeFlowLogs for aws_vpc", tokyo)
	}
	// VPCs are still emitted, but without flow log attributes: their flow log
	// check cannot PASS or FAIL.
	for _, v := range got.byType("aws_vpc") {
		if _, ok := v.Attributes["flow_logs_enabled"]; ok {
			t.Errorf("%s has flow_logs_enabled although flow logs could not be read", v.ID)
		}
	}
	if n := len(got.byType("aws_security_group")); n != 2 {
		t.Errorf("got %d security groups, want the 2 of ap-northeast-1", n)
	}
	us := byRegion["us-east-1"]
	// Every listing call fails; the three per-resource ones
	// (DescribeSnapshotAttribute, DescribeLaunchTemplateVersions,
	// GetManagedPrefixListEntries) are never reached.
	if len(us) != len(ec2Service.Actions)-3 {
		t.Errorf("us-east-1: %d errors, want one per listing action (%d): %+v", len(us), len(ec2Service.Actions)-3, us)
	}
	for _, r := range got.Resources {
		if r.Region == "us-east-1" {
			t.Errorf("resource %s emitted from a denied region", r.ID)
		}
	}
}

func TestEC2Demo(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, "ec2")
	if len(got.Errors) != 0 {
		t.Fatalf("errors: %v", got.Errors)
	}
	if n := len(got.byType("aws_instance")); n != 6 {
		t.Errorf("demo has %d instances, want 6", n)
	}
	if sg := got.byName(t, "aws_security_group", "bastion-sg"); sg.Region != "ap-northeast-1" {
		t.Errorf("bastion-sg in %s", sg.Region)
	}
}

// VPC endpoints of the demo world through the real SDK client (the vpc
// service reads them; the exposure analyzer judges them); a denied
// DescribeVpcEndpoints is an ERROR for that type only.
func TestEC2VPCEndpoints(t *testing.T) {
	got := collect(t, awsemu.Demo(), awsemu.Faults{}, "vpc")
	a := got.byName(t, "aws_vpc_endpoint", "ecr-dkr").Attributes
	for k, want := range map[string]any{
		"endpoint_id": "vpce-0a1b2c3d4e5f60702", "vpc_id": "vpc-0b7e2d9c4a1f36e58", "endpoint_type": "Interface",
		"service_name": "com.amazonaws.ap-northeast-1.ecr.dkr", "state": "available",
		"subnet_ids": []any{"subnet-0e9f8a7b6c5d4e303", "subnet-0e9f8a7b6c5d4e304"}, "security_group_ids": []any{"sg-0c4f1e2d3a5b6c703"},
		"private_dns_enabled": true,
	} {
		if d := cmp.Diff(want, a[k]); d != "" {
			t.Errorf("ecr-dkr %s (-want +got):\n%s", k, d)
		}
	}
	if a := got.byName(t, "aws_vpc_endpoint", "vpce-0a1b2c3d4e5f60711").Attributes; a["endpoint_type"] != "Gateway" ||
		cmp.Diff([]any{"rtb-0b7e2d9c4a1f36e51"}, a["route_table_ids"]) != "" {
		t.Errorf("S3 gateway endpoint = %v", a)
	}
	got = collect(t, awsemu.Demo(), awsemu.Faults{Deny: []string{"ec2:DescribeVpcEndpoints"}}, "vpc", "ec2")
	if len(got.Errors) == 0 {
		t.Fatal("denied DescribeVpcEndpoints not reported")
	}
	for _, e := range got.Errors {
		if e.Action != "ec2:DescribeVpcEndpoints" || len(e.Types) != 1 || e.Types[0] != "aws_vpc_endpoint" {
			t.Errorf("error = %+v", e)
		}
	}
	if len(got.byType("aws_vpc_endpoint")) != 0 || len(got.byType("aws_instance")) == 0 {
		t.Errorf("%d endpoints, %d instances", len(got.byType("aws_vpc_endpoint")), len(got.byType("aws_instance")))
	}
}

// Elastic IPs and managed prefix lists through the SDK: an unattached
// address, an attached one; a customer-managed list with its entries, an
// AWS-managed one without (its entries are never read), and a list whose
// entries are denied (ERROR against the prefix list type; no entries).
func TestEC2AddressesAndPrefixLists(t *testing.T) {
	w := `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1]
    per_region:
      ap-northeast-1:
        vpc:
          addresses:
            - {allocationId: eipalloc-1, publicIp: 203.0.113.10, domain: vpc, associationId: eipassoc-1, instanceId: i-1, networkInterfaceId: eni-1, privateIpAddress: 10.0.0.5}
            - {allocationId: eipalloc-2, publicIp: 203.0.113.11, domain: vpc, tagSet: [{key: Name, value: spare}]}
          prefix_lists:
            - {prefixListId: pl-1, prefixListName: office, ownerId: "123456789012", addressFamily: IPv4, state: create-complete, maxEntries: 5, entrySet: [{cidr: 198.51.100.0/24}, {cidr: 192.0.2.0/24}]}
            - {prefixListId: pl-2, prefixListName: partners, ownerId: "123456789012", addressFamily: IPv6, state: create-complete, maxEntries: 5, entrySet: [{cidr: "2001:db8::/32"}]}
            - {prefixListId: pl-cf, prefixListName: com.amazonaws.global.cloudfront.origin-facing, ownerId: AWS, addressFamily: IPv4, state: create-complete, maxEntries: 55}
`
	got := collect(t, world(t, w), awsemu.Faults{Deny: []string{"ec2:GetManagedPrefixListEntries#pl-2"}}, "ec2")
	eips := map[string]map[string]any{}
	for _, r := range got.byType("aws_eip") {
		eips[r.Name] = r.Attributes
	}
	want := map[string]map[string]any{
		"203.0.113.10": {"allocation_id": "eipalloc-1", "public_ip": "203.0.113.10", "domain": "vpc", "association_id": "eipassoc-1", "instance_id": "i-1",
			"network_interface_id": "eni-1", "private_ip": "10.0.0.5", "associated": true},
		"spare": {"allocation_id": "eipalloc-2", "public_ip": "203.0.113.11", "domain": "vpc", "association_id": "", "instance_id": "",
			"network_interface_id": "", "private_ip": "", "associated": false},
	}
	if d := cmp.Diff(want, eips); d != "" {
		t.Errorf("aws_eip (-want +got):\n%s", d)
	}
	pls := map[string]any{}
	for _, r := range got.byType("aws_ec2_managed_prefix_list") {
		pls[r.Name] = []any{r.Attributes["aws_managed"], r.Attributes["entries"]}
	}
	wantPL := map[string]any{
		"office": []any{false, []any{"198.51.100.0/24", "192.0.2.0/24"}},
		"com.amazonaws.global.cloudfront.origin-facing": []any{true, nil},
	}
	if d := cmp.Diff(wantPL, pls); d != "" {
		t.Errorf("aws_ec2_managed_prefix_list (-want +got):\n%s", d)
	}
	if len(got.Errors) != 1 || got.Errors[0].Action != "ec2:GetManagedPrefixListEntries" || got.Errors[0].Types[0] != "aws_ec2_managed_prefix_list" {
		t.Errorf("errors = %+v, want the denied GetManagedPrefixListEntries of pl-2", got.Errors)
	}
	if n := got.Stats.Calls["ec2:GetManagedPrefixListEntries"]; n != 2 {
		t.Errorf("GetManagedPrefixListEntries called %d times, want 2 (customer-managed lists only)", n)
	}
}
