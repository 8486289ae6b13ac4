package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sagemaker"
	"github.com/aws/aws-sdk-go-v2/service/sagemaker/types"

	"github.com/mamori-sec/mamori"
)

var sagemakerService = &Service{
	Name: "sagemaker",
	Types: []string{"aws_sagemaker_notebook_instance", "aws_sagemaker_endpoint_configuration", "aws_sagemaker_model",
		"aws_sagemaker_domain"},
	Actions: []string{"sagemaker:ListNotebookInstances", "sagemaker:DescribeNotebookInstance",
		"sagemaker:ListEndpointConfigs", "sagemaker:DescribeEndpointConfig", "sagemaker:ListModels", "sagemaker:DescribeModel",
		"sagemaker:ListDomains", "sagemaker:DescribeDomain"},
	Collect: collectSageMaker,
}

// sagemakerGone reports whether a Describe answered that the resource no
// longer exists (SageMaker says so with a ValidationException, or
// ResourceNotFound for domains): deleted between the list and the describe.
func sagemakerGone(err error) bool {
	return isCode(err, "ValidationException", "ResourceNotFound", "ResourceNotFoundException")
}

// collectSageMaker emits the region's notebook instances (network, root
// access, platform, IMDS, volume key), endpoint configurations (instances per
// variant, key), models (network isolation, VPC, environment variable names
// that look like secrets — never a value) and Studio domains (network access
// type) (docs/resources/sagemaker.md). Each is listed, then described; one
// deleted in between is left out, a denied describe is an ERROR for its type.
func collectSageMaker(ctx context.Context, r *Run) error {
	cl := sagemaker.NewFromConfig(r.Config)
	np := sagemaker.NewListNotebookInstancesPaginator(cl, &sagemaker.ListNotebookInstancesInput{})
	for np.HasMorePages() {
		page, err := np.NextPage(ctx)
		if err != nil {
			return err // the first call: a region without SageMaker ends here
		}
		for _, n := range page.NotebookInstances {
			d, err := cl.DescribeNotebookInstance(ctx, &sagemaker.DescribeNotebookInstanceInput{NotebookInstanceName: n.NotebookInstanceName})
			switch {
			case sagemakerGone(err):
				continue
			case err != nil:
				r.Fail("sagemaker:DescribeNotebookInstance", err, "aws_sagemaker_notebook_instance")
				continue
			}
			r.Emit(sagemakerNotebook(d))
		}
	}
	ep := sagemaker.NewListEndpointConfigsPaginator(cl, &sagemaker.ListEndpointConfigsInput{})
	for ep.HasMorePages() {
		page, err := ep.NextPage(ctx)
		if err != nil {
			r.Fail("sagemaker:ListEndpointConfigs", err, "aws_sagemaker_endpoint_configuration")
			break
		}
		for _, e := range page.EndpointConfigs {
			d, err := cl.DescribeEndpointConfig(ctx, &sagemaker.DescribeEndpointConfigInput{EndpointConfigName: e.EndpointConfigName})
			switch {
			case sagemakerGone(err):
				continue
			case err != nil:
				r.Fail("sagemaker:DescribeEndpointConfig", err, "aws_sagemaker_endpoint_configuration")
				continue
			}
			r.Emit(sagemakerEndpointConfig(d))
		}
	}
	mp := sagemaker.NewListModelsPaginator(cl, &sagemaker.ListModelsInput{})
	for mp.HasMorePages() {
		page, err := mp.NextPage(ctx)
		if err != nil {
			r.Fail("sagemaker:ListModels", err, "aws_sagemaker_model")
			break
		}
		for _, m := range page.Models {
			d, err := cl.DescribeModel(ctx, &sagemaker.DescribeModelInput{ModelName: m.ModelName})
			switch {
			case sagemakerGone(err):
				continue
			case err != nil:
				r.Fail("sagemaker:DescribeModel", err, "aws_sagemaker_model")
				continue
			}
			r.Emit(sagemakerModel(d))
		}
	}
	dp := sagemaker.NewListDomainsPaginator(cl, &sagemaker.ListDomainsInput{})
	for dp.HasMorePages() {
		page, err := dp.NextPage(ctx)
		if err != nil {
			r.Fail("sagemaker:ListDomains", err, "aws_sagemaker_domain")
			break
		}
		for _, s := range page.Domains {
			d, err := cl.DescribeDomain(ctx, &sagemaker.DescribeDomainInput{DomainId: s.DomainId})
			switch {
			case sagemakerGone(err):
				continue
			case err != nil:
				r.Fail("sagemaker:DescribeDomain", err, "aws_sagemaker_domain")
				continue
			}
			arn := sdkaws.ToString(d.DomainArn)
			r.Emit(mamori.Resource{Type: "aws_sagemaker_domain", ID: arn, Name: sdkaws.ToString(d.DomainName), Attributes: map[string]any{
				"arn": arn, "domain_id": sdkaws.ToString(d.DomainId), "app_network_access_type": string(d.AppNetworkAccessType),
				"vpc_id": sdkaws.ToString(d.VpcId), "subnet_ids": anyList(d.SubnetIds), "kms_key_id": sdkaws.ToString(d.KmsKeyId),
			}})
		}
	}
	return nil
}

func sagemakerNotebook(d *sagemaker.DescribeNotebookInstanceOutput) mamori.Resource {
	arn := sdkaws.ToString(d.NotebookInstanceArn)
	imds := "1" // the default before IMDSv2 could be required
	if c := d.InstanceMetadataServiceConfiguration; c != nil && sdkaws.ToString(c.MinimumInstanceMetadataServiceVersion) != "" {
		imds = sdkaws.ToString(c.MinimumInstanceMetadataServiceVersion)
	}
	// DirectInternetAccess and RootAccess default to Enabled when not set.
	direct := d.DirectInternetAccess != types.DirectInternetAccessDisabled
	root := d.RootAccess != types.RootAccessDisabled
	return mamori.Resource{Type: "aws_sagemaker_notebook_instance", ID: arn, Name: sdkaws.ToString(d.NotebookInstanceName), Attributes: map[string]any{
		"arn": arn, "status": string(d.NotebookInstanceStatus), "instance_type": string(d.InstanceType),
		"subnet_id": sdkaws.ToString(d.SubnetId), "in_vpc": sdkaws.ToString(d.SubnetId) != "", "security_group_ids": anyList(d.SecurityGroups),
		"direct_internet_access": direct, "root_access": root, "platform_identifier": sdkaws.ToString(d.PlatformIdentifier),
		"minimum_imds_version": imds, "kms_key_id": sdkaws.ToString(d.KmsKeyId), "role_arn": sdkaws.ToString(d.RoleArn),
	}}
}

func sagemakerEndpointConfig(d *sagemaker.DescribeEndpointConfigOutput) mamori.Resource {
	arn := sdkaws.ToString(d.EndpointConfigArn)
	single := []any{}
	variants := []any{}
	for _, v := range d.ProductionVariants {
		name := sdkaws.ToString(v.VariantName)
		variants = append(variants, name)
		// Serverless variants have no instance count: AWS scales them.
		if v.ServerlessConfig == nil && sdkaws.ToInt32(v.InitialInstanceCount) < 2 {
			single = append(single, name)
		}
	}
	return mamori.Resource{Type: "aws_sagemaker_endpoint_configuration", ID: arn, Name: sdkaws.ToString(d.EndpointConfigName), Attributes: map[string]any{
		"arn": arn, "variants": variants, "single_instance_variants": single, "kms_key_id": sdkaws.ToString(d.KmsKeyId),
	}}
}

func sagemakerModel(d *sagemaker.DescribeModelOutput) mamori.Resource {
	arn := sdkaws.ToString(d.ModelArn)
	env := map[string]string{}
	containers := append([]types.ContainerDefinition(nil), d.Containers...)
	if d.PrimaryContainer != nil {
		containers = append(containers, *d.PrimaryContainer)
	}
	for _, c := range containers {
		for k, v := range c.Environment {
			env[k] = v
		}
	}
	secrets := secretLikeEnv(env)
	if secrets == nil {
		secrets = []any{}
	}
	inVPC := d.VpcConfig != nil && len(d.VpcConfig.Subnets) > 0
	return mamori.Resource{Type: "aws_sagemaker_model", ID: arn, Name: sdkaws.ToString(d.ModelName), Attributes: map[string]any{
		"arn": arn, "network_isolation": sdkaws.ToBool(d.EnableNetworkIsolation), "in_vpc": inVPC,
		"execution_role_arn": sdkaws.ToString(d.ExecutionRoleArn), "secret_environment": secrets,
	}}
}
