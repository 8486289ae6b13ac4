package aws

import (
	"context"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	"github.com/aws/aws-sdk-go-v2/service/opensearch/types"

	"github.com/mamori-sec/mamori"
)

var opensearchService = &Service{
	Name:    "opensearch",
	Types:   []string{"aws_opensearch_domain"},
	Actions: []string{"es:ListDomainNames", "es:DescribeDomain"},
	Collect: collectOpenSearch,
}

// collectOpenSearch emits one aws_opensearch_domain per OpenSearch or
// Elasticsearch domain: network placement, access policy, encryption, TLS,
// fine-grained access control and log publishing
// (docs/resources/opensearch.md). A domain deleted between the list and the
// describe is left out; a denied describe is an ERROR for that domain.
func collectOpenSearch(ctx context.Context, r *Run) error {
	cl := opensearch.NewFromConfig(r.Config)
	names, err := cl.ListDomainNames(ctx, &opensearch.ListDomainNamesInput{})
	if err != nil {
		return err
	}
	for _, n := range names.DomainNames {
		name := sdkaws.ToString(n.DomainName)
		d, err := cl.DescribeDomain(ctx, &opensearch.DescribeDomainInput{DomainName: n.DomainName})
		switch {
		case isCode(err, "ResourceNotFoundException"):
			continue
		case err != nil:
			r.Fail("es:DescribeDomain", err)
			continue
		}
		r.Emit(opensearchDomain(name, d.DomainStatus))
	}
	return nil
}

// tlsPoliciesTLS12 are the domain endpoint policies that refuse TLS 1.0/1.1.
var tlsPoliciesTLS12 = map[types.TLSSecurityPolicy]bool{
	types.TLSSecurityPolicyPolicyMinTls12201907:            true,
	types.TLSSecurityPolicyPolicyMinTls12Pfs202310:         true,
	types.TLSSecurityPolicyPolicyMinTls12Rfc9151Fips202408: true,
}

func opensearchDomain(name string, s *types.DomainStatus) mamori.Resource {
	attrs := map[string]any{
		"arn": sdkaws.ToString(s.ARN), "domain_name": name, "domain_id": sdkaws.ToString(s.DomainId),
		"engine_version": sdkaws.ToString(s.EngineVersion),
	}
	// Network: a domain in a VPC has a private endpoint in its subnets
	// behind its security groups; one outside has a public endpoint that
	// only the access policy (and fine-grained access control) guards.
	vpc := s.VPCOptions
	attrs["in_vpc"] = vpc != nil && sdkaws.ToString(vpc.VPCId) != ""
	attrs["publicly_accessible"] = !attrs["in_vpc"].(bool)
	subnets, sgs := []any{}, []any{}
	if vpc != nil {
		for _, x := range vpc.SubnetIds {
			subnets = append(subnets, x)
		}
		for _, x := range vpc.SecurityGroupIds {
			sgs = append(sgs, x)
		}
		attrs["vpc_id"] = sdkaws.ToString(vpc.VPCId)
	} else {
		attrs["vpc_id"] = ""
	}
	attrs["subnet_ids"], attrs["security_group_ids"] = subnets, sgs
	ep := sdkaws.ToString(s.Endpoint)
	if v, ok := s.Endpoints["vpc"]; ok && ep == "" {
		ep = v
	}
	attrs["endpoint"], attrs["port"] = ep, 443
	// ipv4 or dualstack: a dual-stack domain answers on IPv6 too.
	attrs["ip_address_type"] = strings.ToLower(string(s.IPAddressType))
	publicPolicy(attrs, orEmptyPolicy(sdkaws.ToString(s.AccessPolicies)))

	attrs["encryption_at_rest"] = s.EncryptionAtRestOptions != nil && sdkaws.ToBool(s.EncryptionAtRestOptions.Enabled)
	attrs["kms_key_id"] = ""
	if s.EncryptionAtRestOptions != nil {
		attrs["kms_key_id"] = sdkaws.ToString(s.EncryptionAtRestOptions.KmsKeyId)
	}
	attrs["node_to_node_encryption"] = s.NodeToNodeEncryptionOptions != nil && sdkaws.ToBool(s.NodeToNodeEncryptionOptions.Enabled)
	attrs["enforce_https"], attrs["tls_policy"] = false, ""
	if e := s.DomainEndpointOptions; e != nil {
		attrs["enforce_https"], attrs["tls_policy"] = sdkaws.ToBool(e.EnforceHTTPS), string(e.TLSSecurityPolicy)
	}
	attrs["tls_1_2_required"] = attrs["enforce_https"] == true && tlsPoliciesTLS12[types.TLSSecurityPolicy(attrs["tls_policy"].(string))]
	a := s.AdvancedSecurityOptions
	attrs["fine_grained_access_control"] = a != nil && sdkaws.ToBool(a.Enabled)
	attrs["internal_user_database"] = a != nil && sdkaws.ToBool(a.InternalUserDatabaseEnabled)
	attrs["anonymous_auth"] = a != nil && sdkaws.ToBool(a.AnonymousAuthEnabled)
	attrs["cognito_auth"] = s.CognitoOptions != nil && sdkaws.ToBool(s.CognitoOptions.Enabled)
	logs := func(kind types.LogType) bool {
		o, ok := s.LogPublishingOptions[string(kind)]
		return ok && sdkaws.ToBool(o.Enabled) && sdkaws.ToString(o.CloudWatchLogsLogGroupArn) != ""
	}
	attrs["audit_logs_enabled"] = logs(types.LogTypeAuditLogs)
	attrs["error_logs_enabled"] = logs(types.LogTypeEsApplicationLogs)
	attrs["instance_count"], attrs["zone_awareness"], attrs["dedicated_master_count"] = 0, false, 0
	if c := s.ClusterConfig; c != nil {
		attrs["instance_count"] = int(sdkaws.ToInt32(c.InstanceCount))
		attrs["zone_awareness"] = sdkaws.ToBool(c.ZoneAwarenessEnabled)
		if sdkaws.ToBool(c.DedicatedMasterEnabled) {
			attrs["dedicated_master_count"] = int(sdkaws.ToInt32(c.DedicatedMasterCount))
		}
	}
	attrs["software_update_available"] = s.ServiceSoftwareOptions != nil && sdkaws.ToBool(s.ServiceSoftwareOptions.UpdateAvailable)
	return mamori.Resource{Type: "aws_opensearch_domain", ID: attrs["arn"].(string), Name: name, Attributes: attrs}
}

// orEmptyPolicy is a domain without an access policy: no statement lets
// anyone in through the policy.
func orEmptyPolicy(doc string) string {
	if doc == "" {
		return `{"Statement":[]}`
	}
	return doc
}
