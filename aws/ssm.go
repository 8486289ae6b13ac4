package aws

import (
	"context"
	"path"
	"slices"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	"github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/mamori-sec/mamori"
)

// Only metadata is read: DescribeParameters never returns a value, and
// mamori never calls GetParameter(s).
var ssmService = &Service{
	Name:  "ssm",
	Types: []string{"aws_ssm_parameter", "aws_ssm_managed_instance", "aws_ssm_document"},
	Actions: []string{"ssm:DescribeParameters", "ssm:DescribeInstanceInformation", "ssm:DescribeInstancePatchStates",
		"ssm:ListDocuments", "ssm:DescribeDocumentPermission"},
	Collect: collectSSM,
}

// collectSSM emits Parameter Store parameters (type and whether the name
// looks like a secret; never the value), managed instances with their patch
// state, and the account's own documents with whether they are shared with
// everyone (docs/resources/ssm.md).
//
// Each of the three lists fails on its own, named with its call and only
// for its type: a denied DescribeParameters says nothing about the managed
// instances that SSM.1 joins with the EC2 instances.
func collectSSM(ctx context.Context, r *Run) error {
	cl := ssm.NewFromConfig(r.Config)
	for _, part := range []struct {
		action, typ string
		read        func(context.Context, *Run, *ssm.Client) error
	}{
		{"ssm:DescribeParameters", "aws_ssm_parameter", ssmParameters},
		{"ssm:DescribeInstanceInformation", "aws_ssm_managed_instance", ssmInstances},
		{"ssm:ListDocuments", "aws_ssm_document", ssmDocuments},
	} {
		if err := part.read(ctx, r, cl); err != nil {
			if NotOffered(err) || ctx.Err() != nil {
				return err
			}
			r.Fail(part.action, err, part.typ)
		}
	}
	return nil
}

func ssmParameters(ctx context.Context, r *Run, cl *ssm.Client) error {
	p := ssm.NewDescribeParametersPaginator(cl, &ssm.DescribeParametersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, m := range page.Parameters {
			name := sdkaws.ToString(m.Name)
			arn := sdkaws.ToString(m.ARN)
			if arn == "" {
				arn = "arn:" + r.Partition + ":ssm:" + r.Region + ":" + r.Account + ":parameter/" + trimSlash(name)
			}
			r.Emit(mamori.Resource{Type: "aws_ssm_parameter", ID: arn, Name: name, Attributes: map[string]any{
				"arn": arn, "name": name, "type": string(m.Type), "secure_string": m.Type == types.ParameterTypeSecureString,
				"name_looks_secret": secretNameRE.MatchString(path.Base(name)), "kms_key_id": sdkaws.ToString(m.KeyId),
				"tier": string(m.Tier), "last_modified": timeOrNil(m.LastModifiedDate),
			}})
		}
	}
	return nil
}

func trimSlash(s string) string {
	if len(s) > 0 && s[0] == '/' {
		return s[1:]
	}
	return s
}

func ssmInstances(ctx context.Context, r *Run, cl *ssm.Client) error {
	var infos []types.InstanceInformation
	p := ssm.NewDescribeInstanceInformationPaginator(cl, &ssm.DescribeInstanceInformationInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		infos = append(infos, page.InstanceInformationList...)
	}
	states := map[string]types.InstancePatchState{}
	statesRead := true
	for chunk := range slices.Chunk(infos, 50) { // the API takes at most 50 ids
		ids := make([]string, 0, len(chunk))
		for _, i := range chunk {
			ids = append(ids, sdkaws.ToString(i.InstanceId))
		}
		sp := ssm.NewDescribeInstancePatchStatesPaginator(cl, &ssm.DescribeInstancePatchStatesInput{InstanceIds: ids})
		for sp.HasMorePages() {
			page, err := sp.NextPage(ctx)
			if err != nil {
				r.Fail("ssm:DescribeInstancePatchStates", err, "aws_ssm_managed_instance")
				statesRead = false
				break
			}
			for _, s := range page.InstancePatchStates {
				states[sdkaws.ToString(s.InstanceId)] = s
			}
		}
	}
	for _, i := range infos {
		id := sdkaws.ToString(i.InstanceId)
		attrs := map[string]any{
			"instance_id": id, "ping_status": string(i.PingStatus), "platform_type": string(i.PlatformType),
			"platform_name": sdkaws.ToString(i.PlatformName), "agent_version": sdkaws.ToString(i.AgentVersion),
			"resource_type": string(i.ResourceType),
		}
		if statesRead {
			s, ok := states[id]
			attrs["patch_state_reported"] = ok
			if ok {
				nonCompliant := s.MissingCount + s.FailedCount + sdkaws.ToInt32(s.CriticalNonCompliantCount) +
					sdkaws.ToInt32(s.SecurityNonCompliantCount) + sdkaws.ToInt32(s.OtherNonCompliantCount)
				attrs["patch_compliant"] = nonCompliant == 0
				attrs["missing_patches"] = int(s.MissingCount)
				attrs["failed_patches"] = int(s.FailedCount)
				attrs["critical_non_compliant"] = int(sdkaws.ToInt32(s.CriticalNonCompliantCount))
				attrs["last_patch_operation"] = timeOrNil(s.OperationEndTime)
			}
		}
		arn := "arn:" + r.Partition + ":ssm:" + r.Region + ":" + r.Account + ":managed-instance/" + id
		r.Emit(mamori.Resource{Type: "aws_ssm_managed_instance", ID: arn, Name: id, Attributes: attrs})
	}
	return nil
}

func ssmDocuments(ctx context.Context, r *Run, cl *ssm.Client) error {
	p := ssm.NewListDocumentsPaginator(cl, &ssm.ListDocumentsInput{Filters: []types.DocumentKeyValuesFilter{{Key: sdkaws.String("Owner"), Values: []string{"Self"}}}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, d := range page.DocumentIdentifiers {
			name := sdkaws.ToString(d.Name)
			arn := "arn:" + r.Partition + ":ssm:" + r.Region + ":" + r.Account + ":document/" + name
			attrs := map[string]any{"name": name, "document_type": string(d.DocumentType), "owner": sdkaws.ToString(d.Owner)}
			perm, err := cl.DescribeDocumentPermission(ctx, &ssm.DescribeDocumentPermissionInput{Name: d.Name, PermissionType: types.DocumentPermissionTypeShare})
			switch {
			case err == nil:
				attrs["public"] = slices.Contains(perm.AccountIds, "all") || slices.Contains(perm.AccountIds, "All")
				attrs["shared_with"] = nonNil(anyList(perm.AccountIds))
			case isCode(err, "InvalidDocument"):
				continue // deleted since it was listed
			default:
				r.Fail("ssm:DescribeDocumentPermission", err)
			}
			r.Emit(mamori.Resource{Type: "aws_ssm_document", ID: arn, Name: name, Attributes: attrs})
		}
	}
	return nil
}
