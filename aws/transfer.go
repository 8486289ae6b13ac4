package aws

import (
	"context"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/transfer"

	"github.com/mamori-sec/mamori"
)

var transferService = &Service{
	Name:    "transfer",
	Types:   []string{"aws_transfer_server"},
	Actions: []string{"transfer:ListServers", "transfer:DescribeServer"},
	Collect: collectTransfer,
}

// transferWeakPolicies are security policies that still offer SHA-1 key
// exchange and MACs (TransferSecurityPolicy-2018-11, the default of servers
// created before 2020).
func transferWeakPolicy(name string) bool {
	return name == "" || strings.Contains(name, "2018-11")
}

// collectTransfer emits one aws_transfer_server per Transfer Family server:
// its protocols (plain FTP?), endpoint type, security policy and logging
// (docs/resources/transfer.md).
func collectTransfer(ctx context.Context, r *Run) error {
	cl := transfer.NewFromConfig(r.Config)
	p := transfer.NewListServersPaginator(cl, &transfer.ListServersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, s := range page.Servers {
			id, arn := sdkaws.ToString(s.ServerId), sdkaws.ToString(s.Arn)
			attrs := map[string]any{"arn": arn, "server_id": id, "state": string(s.State), "endpoint_type": string(s.EndpointType),
				"identity_provider_type": string(s.IdentityProviderType)}
			d, err := cl.DescribeServer(ctx, &transfer.DescribeServerInput{ServerId: s.ServerId})
			switch {
			case err == nil && d.Server != nil:
				srv := d.Server
				protocols := []any{}
				ftp := false
				for _, x := range srv.Protocols {
					protocols = append(protocols, string(x))
					ftp = ftp || x == "FTP"
				}
				if len(srv.Protocols) == 0 {
					protocols = append(protocols, "SFTP") // the API's default
				}
				attrs["protocols"] = protocols
				attrs["ftp_enabled"] = ftp
				eips := 0
				if srv.EndpointDetails != nil {
					eips = len(srv.EndpointDetails.AddressAllocationIds)
				}
				attrs["endpoint_type"] = string(srv.EndpointType)
				attrs["public_endpoint"] = srv.EndpointType == "PUBLIC"
				attrs["internet_facing"] = srv.EndpointType == "PUBLIC" || eips > 0
				policy := sdkaws.ToString(srv.SecurityPolicyName)
				attrs["security_policy"] = policy
				attrs["security_policy_outdated"] = transferWeakPolicy(policy)
				attrs["logging_role"] = sdkaws.ToString(srv.LoggingRole)
				attrs["structured_log_destinations"] = anyList(srv.StructuredLogDestinations)
				attrs["logging_enabled"] = sdkaws.ToString(srv.LoggingRole) != "" || len(srv.StructuredLogDestinations) > 0
			case err == nil:
				r.Fail("transfer:DescribeServer", errEmptyAnswer)
			case isCode(err, "ResourceNotFoundException"):
				continue // deleted since it was listed
			default:
				r.Fail("transfer:DescribeServer", err)
			}
			r.Emit(mamori.Resource{Type: "aws_transfer_server", ID: arn, Name: id, Attributes: attrs})
		}
	}
	return nil
}
