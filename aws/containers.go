package aws

import (
	"context"
	"strconv"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	"github.com/aws/aws-sdk-go-v2/service/ecs"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	"github.com/aws/aws-sdk-go-v2/service/eks"

	"github.com/mamori-sec/mamori"
)

// Containers: ECR repositories, ECS clusters and task definitions, EKS clusters.

var ecrService = &Service{
	Name:    "ecr",
	Types:   []string{"aws_ecr_repository"},
	Actions: []string{"ecr:DescribeRepositories", "ecr:GetRepositoryPolicy", "ecr:GetLifecyclePolicy"},
	Collect: collectECR,
}

func collectECR(ctx context.Context, r *Run) error {
	cl := ecr.NewFromConfig(r.Config)
	p := ecr.NewDescribeRepositoriesPaginator(cl, &ecr.DescribeRepositoriesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, repo := range page.Repositories {
			arn := sdkaws.ToString(repo.RepositoryArn)
			attrs := map[string]any{
				"arn":                  arn,
				"image_tag_mutability": string(repo.ImageTagMutability),
				"scan_on_push":         repo.ImageScanningConfiguration != nil && repo.ImageScanningConfiguration.ScanOnPush,
				"encryption_type":      "AES256",
				"kms_key":              "",
			}
			if e := repo.EncryptionConfiguration; e != nil {
				attrs["encryption_type"] = string(e.EncryptionType)
				attrs["kms_key"] = sdkaws.ToString(e.KmsKey)
			}
			pol, err := cl.GetRepositoryPolicy(ctx, &ecr.GetRepositoryPolicyInput{RepositoryName: repo.RepositoryName})
			switch {
			case err == nil:
				publicPolicy(attrs, sdkaws.ToString(pol.PolicyText))
			case isCode(err, "RepositoryPolicyNotFoundException"):
				publicPolicy(attrs, "")
			case isCode(err, "RepositoryNotFoundException"):
				continue // deleted since it was listed
			default:
				r.Fail("ecr:GetRepositoryPolicy", err)
			}
			// Whether old images expire; a failure leaves the attribute out.
			_, err = cl.GetLifecyclePolicy(ctx, &ecr.GetLifecyclePolicyInput{RepositoryName: repo.RepositoryName})
			switch {
			case err == nil:
				attrs["lifecycle_policy"] = true
			case isCode(err, "LifecyclePolicyNotFoundException"):
				attrs["lifecycle_policy"] = false
			case isCode(err, "RepositoryNotFoundException"):
				continue
			default:
				r.Fail("ecr:GetLifecyclePolicy", err)
			}
			r.Emit(mamori.Resource{Type: "aws_ecr_repository", ID: arn, Name: sdkaws.ToString(repo.RepositoryName), Attributes: attrs})
		}
	}
	return nil
}

var ecsService = &Service{
	Name:  "ecs",
	Types: []string{"aws_ecs_cluster", "aws_ecs_task_definition", "aws_ecs_service"},
	Actions: []string{"ecs:ListClusters", "ecs:DescribeClusters", "ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition",
		"ecs:ListServices", "ecs:DescribeServices"},
	Collect: collectECS,
}

func collectECS(ctx context.Context, r *Run) error {
	cl := ecs.NewFromConfig(r.Config)
	var clusters []string
	cp := ecs.NewListClustersPaginator(cl, &ecs.ListClustersInput{})
	for cp.HasMorePages() {
		page, err := cp.NextPage(ctx)
		if err != nil {
			return err
		}
		clusters = append(clusters, page.ClusterArns...)
		for i := 0; i < len(page.ClusterArns); i += 100 {
			batch := page.ClusterArns[i:min(i+100, len(page.ClusterArns))]
			out, err := cl.DescribeClusters(ctx, &ecs.DescribeClustersInput{Clusters: batch, Include: []ecstypes.ClusterField{"SETTINGS"}})
			if err != nil {
				r.Fail("ecs:DescribeClusters", err, "aws_ecs_cluster")
				continue
			}
			for _, c := range out.Clusters {
				insights := "disabled"
				for _, s := range c.Settings {
					if s.Name == "containerInsights" {
						insights = sdkaws.ToString(s.Value)
					}
				}
				r.Emit(mamori.Resource{Type: "aws_ecs_cluster", ID: sdkaws.ToString(c.ClusterArn), Name: sdkaws.ToString(c.ClusterName), Attributes: map[string]any{
					"arn": sdkaws.ToString(c.ClusterArn), "container_insights": insights, "status": sdkaws.ToString(c.Status),
				}})
			}
		}
	}
	// Each task definition's network mode and container ports, for the
	// services that run it.
	tasks := map[string]*ecstypes.TaskDefinition{}
	tp := ecs.NewListTaskDefinitionsPaginator(cl, &ecs.ListTaskDefinitionsInput{Status: ecstypes.TaskDefinitionStatusActive})
	for tp.HasMorePages() {
		page, err := tp.NextPage(ctx)
		if err != nil {
			r.Fail("ecs:ListTaskDefinitions", err, "aws_ecs_task_definition")
			break
		}
		for _, arn := range page.TaskDefinitionArns {
			out, err := cl.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: sdkaws.String(arn)})
			if isCode(err, "ClientException") {
				continue // deregistered since it was listed
			}
			if err != nil {
				r.Fail("ecs:DescribeTaskDefinition", err, "aws_ecs_task_definition")
				continue
			}
			td := out.TaskDefinition
			tasks[arn] = td
			var containers []any
			for _, c := range td.ContainerDefinitions {
				env := map[string]string{}
				for _, kv := range c.Environment {
					env[sdkaws.ToString(kv.Name)] = sdkaws.ToString(kv.Value)
				}
				containers = append(containers, map[string]any{
					"name":                     sdkaws.ToString(c.Name),
					"privileged":               sdkaws.ToBool(c.Privileged),
					"user":                     sdkaws.ToString(c.User),
					"readonly_root_filesystem": sdkaws.ToBool(c.ReadonlyRootFilesystem),
					"env_var_names":            anyList(sortedKeys(env)),
					"env_secret_like":          secretLikeEnv(env),
					"log_driver":               logDriver(c.LogConfiguration),
				})
			}
			if containers == nil {
				containers = []any{}
			}
			r.Emit(mamori.Resource{Type: "aws_ecs_task_definition", ID: arn, Name: sdkaws.ToString(td.Family) + ":" + itoa64(int64(td.Revision)), Attributes: map[string]any{
				"arn": arn, "family": sdkaws.ToString(td.Family), "network_mode": string(td.NetworkMode),
				"pid_mode": string(td.PidMode), "containers": containers,
			}})
		}
	}
	collectECSServices(ctx, r, cl, clusters, tasks)
	return nil
}

// collectECSServices emits one aws_ecs_service per service of each
// cluster: where its tasks' network interfaces go (awsvpc subnets,
// security groups, public IP), the ports its containers listen on and the
// target groups it registers with — what reachability needs. A task
// definition not among the active ones read already (an old revision) is
// described here; when it cannot be, the ports stay absent.
func collectECSServices(ctx context.Context, r *Run, cl *ecs.Client, clusters []string, tasks map[string]*ecstypes.TaskDefinition) {
	for _, cluster := range clusters {
		p := ecs.NewListServicesPaginator(cl, &ecs.ListServicesInput{Cluster: sdkaws.String(cluster)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if isCode(err, "ClusterNotFoundException") {
				break
			}
			if err != nil {
				r.Fail("ecs:ListServices", err, "aws_ecs_service")
				break
			}
			for i := 0; i < len(page.ServiceArns); i += 10 {
				out, err := cl.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: sdkaws.String(cluster), Services: page.ServiceArns[i:min(i+10, len(page.ServiceArns))]})
				if err != nil {
					r.Fail("ecs:DescribeServices", err, "aws_ecs_service")
					continue
				}
				for _, s := range out.Services {
					r.Emit(ecsServiceResource(ctx, r, cl, s, tasks))
				}
			}
		}
	}
}

func ecsServiceResource(ctx context.Context, r *Run, cl *ecs.Client, s ecstypes.Service, tasks map[string]*ecstypes.TaskDefinition) mamori.Resource {
	arn := sdkaws.ToString(s.ServiceArn)
	lbs := []any{}
	for _, lb := range s.LoadBalancers {
		lbs = append(lbs, map[string]any{"target_group_arn": sdkaws.ToString(lb.TargetGroupArn), "load_balancer_name": sdkaws.ToString(lb.LoadBalancerName),
			"container_name": sdkaws.ToString(lb.ContainerName), "container_port": int64(sdkaws.ToInt32(lb.ContainerPort))})
	}
	attrs := map[string]any{
		"arn": arn, "service_name": sdkaws.ToString(s.ServiceName), "cluster_arn": sdkaws.ToString(s.ClusterArn),
		"status": sdkaws.ToString(s.Status), "launch_type": string(s.LaunchType), "task_definition": sdkaws.ToString(s.TaskDefinition),
		"desired_count": int64(s.DesiredCount), "running_count": int64(s.RunningCount), "load_balancers": lbs,
		"subnet_ids": []any{}, "security_groups": []any{}, "assign_public_ip": false,
		"platform_version": sdkaws.ToString(s.PlatformVersion), "platform_family": sdkaws.ToString(s.PlatformFamily),
	}
	if n := s.NetworkConfiguration; n != nil && n.AwsvpcConfiguration != nil {
		attrs["subnet_ids"] = anyList(n.AwsvpcConfiguration.Subnets)
		attrs["security_groups"] = anyList(n.AwsvpcConfiguration.SecurityGroups)
		attrs["assign_public_ip"] = n.AwsvpcConfiguration.AssignPublicIp == ecstypes.AssignPublicIpEnabled
	}
	td := tasks[sdkaws.ToString(s.TaskDefinition)]
	if td == nil && s.TaskDefinition != nil {
		out, err := cl.DescribeTaskDefinition(ctx, &ecs.DescribeTaskDefinitionInput{TaskDefinition: s.TaskDefinition})
		if err != nil {
			r.Fail("ecs:DescribeTaskDefinition", err, "aws_ecs_service")
		} else {
			td = out.TaskDefinition
			tasks[sdkaws.ToString(s.TaskDefinition)] = td
		}
	}
	if td != nil {
		mode := string(td.NetworkMode)
		if mode == "" {
			mode = "bridge" // the default on EC2; Fargate requires awsvpc
		}
		ports := []any{}
		for _, c := range td.ContainerDefinitions {
			for _, pm := range c.PortMappings {
				if pm.ContainerPort == nil {
					continue
				}
				proto := string(pm.Protocol)
				if proto == "" {
					proto = "tcp"
				}
				ports = append(ports, map[string]any{"container": sdkaws.ToString(c.Name), "protocol": proto, "port": int64(sdkaws.ToInt32(pm.ContainerPort))})
			}
		}
		attrs["network_mode"], attrs["container_ports"] = mode, ports
	}
	return mamori.Resource{Type: "aws_ecs_service", ID: arn, Name: sdkaws.ToString(s.ServiceName), Attributes: attrs}
}

func logDriver(l *ecstypes.LogConfiguration) string {
	if l == nil {
		return ""
	}
	return string(l.LogDriver)
}

// eksStandardSupportEnd are the dates Kubernetes versions leave EKS
// standard support (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html);
// after them a cluster gets no patches unless extended support is paid for,
// and then is upgraded automatically.
var eksStandardSupportEnd = map[string]string{
	"1.21": "2023-02-15", "1.22": "2023-06-04", "1.23": "2023-10-11", "1.24": "2024-01-31",
	"1.25": "2024-05-01", "1.26": "2024-06-11", "1.27": "2024-07-24", "1.28": "2024-11-26",
	"1.29": "2025-03-23", "1.30": "2025-07-23", "1.31": "2025-11-26", "1.32": "2026-03-23",
	"1.33": "2026-07-29",
}

var eksService = &Service{
	Name:    "eks",
	Types:   []string{"aws_eks_cluster"},
	Actions: []string{"eks:ListClusters", "eks:DescribeCluster"},
	Collect: collectEKS,
}

func collectEKS(ctx context.Context, r *Run) error {
	cl := eks.NewFromConfig(r.Config)
	p := eks.NewListClustersPaginator(cl, &eks.ListClustersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, name := range page.Clusters {
			out, err := cl.DescribeCluster(ctx, &eks.DescribeClusterInput{Name: sdkaws.String(name)})
			if isCode(err, "ResourceNotFoundException") {
				continue
			}
			if err != nil {
				r.Fail("eks:DescribeCluster", err)
				continue
			}
			c := out.Cluster
			attrs := map[string]any{
				"arn": sdkaws.ToString(c.Arn), "version": sdkaws.ToString(c.Version),
				"endpoint_public_access": false, "endpoint_private_access": false, "public_access_cidrs": []any{},
				"enabled_log_types": []any{}, "secrets_encrypted": false, "standard_support_end": nil,
			}
			if d, ok := eksStandardSupportEnd[sdkaws.ToString(c.Version)]; ok {
				attrs["standard_support_end"] = d + "T00:00:00Z"
			}
			if v := c.ResourcesVpcConfig; v != nil {
				attrs["endpoint_public_access"] = v.EndpointPublicAccess
				attrs["endpoint_private_access"] = v.EndpointPrivateAccess
				attrs["public_access_cidrs"] = anyList(v.PublicAccessCidrs)
			}
			if c.Logging != nil {
				var types []any
				for _, l := range c.Logging.ClusterLogging {
					if sdkaws.ToBool(l.Enabled) {
						for _, t := range l.Types {
							types = append(types, string(t))
						}
					}
				}
				if types != nil {
					attrs["enabled_log_types"] = types
				}
			}
			for _, e := range c.EncryptionConfig {
				for _, res := range e.Resources {
					if res == "secrets" {
						attrs["secrets_encrypted"] = true
					}
				}
			}
			r.Emit(mamori.Resource{Type: "aws_eks_cluster", ID: sdkaws.ToString(c.Arn), Name: name, Attributes: attrs})
		}
	}
	return nil
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
