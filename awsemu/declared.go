package awsemu

// declarations lists the services emulated in the generic shape
// (generic.go): each is its protocol and operations; what they answer is the
// world's data. One visible list, like services().
func declarations() []*genericService {
	return []*genericService{
		lambdaDecl(), elbv2Decl(), logsDecl(), cloudwatchDecl(), snsDecl(), sqsDecl(),
		secretsmanagerDecl(), ecrDecl(), dynamodbDecl(), acmDecl(), ecsDecl(), eksDecl(),
		accountDecl(), efsDecl(),
		// h-aws2
		elasticacheDecl(), opensearchDecl(), redshiftDecl(),
	}
}

func lambdaDecl() *genericService {
	fn := []string{"FunctionName", "FunctionArn"}
	missing := notFound("ResourceNotFoundException", "Function not found")
	return declare("lambda", protoRESTJSON,
		list("ListFunctions", "functions", "Functions").rest("GET", "/2015-03-31/functions").paged("Marker", "NextMarker", "MaxItems"),
		sub("GetPolicy", "functions", "FunctionName", fn, "Policy", missing,
			notFound("ResourceNotFoundException", "The resource you requested does not exist.")).rest("GET", "/2015-03-31/functions/{FunctionName}/policy"),
		sub("ListFunctionUrlConfigs", "functions", "FunctionName", fn, "Urls", missing, nil).
			rest("GET", "/2021-10-31/functions/{FunctionName}/urls").wrap("FunctionUrlConfigs").orEmpty([]any{}),
	)
}

func elbv2Decl() *genericService {
	lb := []string{"LoadBalancerArn", "LoadBalancerName"}
	missing := badRequest("LoadBalancerNotFound", "One or more load balancers not found")
	return declare("elasticloadbalancing", protoQuery,
		list("DescribeLoadBalancers", "load_balancers", "LoadBalancers").paged("Marker", "NextMarker", "PageSize").names("LoadBalancerArns", lb...),
		list("DescribeListeners", "listeners", "Listeners").paged("Marker", "NextMarker", "PageSize").filter("LoadBalancerArn", "LoadBalancerArn"),
		sub("DescribeLoadBalancerAttributes", "load_balancers", "LoadBalancerArn", lb, "Attributes", missing, nil).wrap("Attributes"),
		// Rules carry their ListenerArn in the world data (AWS's answer does
		// not; the SDK ignores the extra member).
		list("DescribeRules", "rules", "Rules").paged("Marker", "NextMarker", "PageSize").filter("ListenerArn", "ListenerArn"),
		list("DescribeTargetGroups", "target_groups", "TargetGroups").paged("Marker", "NextMarker", "PageSize"),
		// A target group's Targets are its DescribeTargetHealth answer.
		sub("DescribeTargetHealth", "target_groups", "TargetGroupArn", []string{"TargetGroupArn"}, "Targets",
			badRequest("TargetGroupNotFound", "One or more target groups not found"), nil).wrap("TargetHealthDescriptions").orEmpty([]any{}),
	)
}

func logsDecl() *genericService {
	return declare("logs", protoJSON,
		list("DescribeLogGroups", "log_groups", "logGroups").paged("nextToken", "nextToken", "limit"),
		list("DescribeMetricFilters", "metric_filters", "metricFilters").paged("nextToken", "nextToken", "limit").filter("logGroupName", "logGroupName"),
	)
}

func cloudwatchDecl() *genericService {
	return declare("monitoring", protoRPCCBOR,
		list("DescribeAlarms", "alarms", "MetricAlarms").paged("NextToken", "NextToken", "MaxRecords"),
	)
}

func snsDecl() *genericService {
	topic := []string{"TopicArn"}
	return declare("sns", protoQuery,
		list("ListTopics", "topics", "Topics").only("TopicArn"),
		sub("GetTopicAttributes", "topics", "TopicArn", topic, "Attributes", badRequest("NotFound", "Topic does not exist"), nil).wrap("Attributes").maps("Attributes"),
		list("ListSubscriptionsByTopic", "subscriptions", "Subscriptions").filter("TopicArn", "TopicArn"),
	)
}

func sqsDecl() *genericService {
	return declare("sqs", protoJSON,
		list("ListQueues", "queues", "QueueUrls").values("QueueUrl"),
		sub("GetQueueAttributes", "queues", "QueueUrl", []string{"QueueUrl"}, "Attributes",
			badRequest("AWS.SimpleQueueService.NonExistentQueue", "The specified queue does not exist."), nil).wrap("Attributes"),
	)
}

func secretsmanagerDecl() *genericService {
	return declare("secretsmanager", protoJSON,
		list("ListSecrets", "secrets", "SecretList"),
		sub("GetResourcePolicy", "secrets", "SecretId", []string{"ARN", "Name"}, "ResourcePolicy",
			badRequest("ResourceNotFoundException", "Secrets Manager can't find the specified secret."), nil),
	)
}

func ecrDecl() *genericService {
	repo := []string{"repositoryName", "repositoryArn"}
	missing := badRequest("RepositoryNotFoundException", "The repository does not exist")
	return declare("ecr", protoJSON,
		list("DescribeRepositories", "repositories", "repositories").paged("nextToken", "nextToken", "maxResults").names("repositoryNames", repo...),
		sub("GetRepositoryPolicy", "repositories", "repositoryName", repo, "policy", missing,
			badRequest("RepositoryPolicyNotFoundException", "Repository policy does not exist")),
	)
}

func dynamodbDecl() *genericService {
	table := []string{"TableName", "TableArn"}
	missing := badRequest("ResourceNotFoundException", "Requested resource not found")
	return declare("dynamodb", protoJSON,
		list("ListTables", "tables", "TableNames").paged("ExclusiveStartTableName", "LastEvaluatedTableName", "Limit").values("TableName"),
		get("DescribeTable", "tables", "TableName", table, "Table", missing),
		sub("DescribeContinuousBackups", "tables", "TableName", table, "ContinuousBackups", missing, nil).wrap("ContinuousBackupsDescription"),
	)
}

func acmDecl() *genericService {
	return declare("acm", protoJSON,
		list("ListCertificates", "certificates", "CertificateSummaryList"),
	)
}

func ecsDecl() *genericService {
	cluster := []string{"clusterArn", "clusterName"}
	return declare("ecs", protoJSON,
		list("ListClusters", "clusters", "clusterArns").paged("nextToken", "nextToken", "maxResults").values("clusterArn"),
		list("DescribeClusters", "clusters", "clusters").names("clusters", cluster...),
		list("ListTaskDefinitions", "task_definitions", "taskDefinitionArns").paged("nextToken", "nextToken", "maxResults").values("taskDefinitionArn"),
		get("DescribeTaskDefinition", "task_definitions", "taskDefinition", []string{"taskDefinitionArn"}, "taskDefinition",
			badRequest("ClientException", "Unable to describe task definition.")),
	)
}

func eksDecl() *genericService {
	return declare("eks", protoRESTJSON,
		list("ListClusters", "clusters", "clusters").rest("GET", "/clusters").paged("nextToken", "nextToken", "maxResults").values("name"),
		get("DescribeCluster", "clusters", "name", []string{"name"}, "cluster",
			notFound("ResourceNotFoundException", "No cluster found for name.")).rest("GET", "/clusters/{name}"),
	)
}

// accountDecl is the Account Management API, global: its data sits under
// the account, not a region.
func accountDecl() *genericService {
	s := declare("account", protoRESTJSON,
		get("GetAlternateContact", "alternate_contacts", "AlternateContactType", []string{"AlternateContactType"}, "AlternateContact",
			notFound("ResourceNotFoundException", "No contact of the inputted alternate contact type found.")).rest("POST", "/getAlternateContact"),
	)
	s.global = true
	return s
}

func efsDecl() *genericService {
	fs := []string{"FileSystemId", "FileSystemArn"}
	return declare("elasticfilesystem", protoRESTJSON,
		list("DescribeFileSystems", "file_systems", "FileSystems").rest("GET", "/2015-02-01/file-systems").paged("Marker", "NextMarker", "MaxItems"),
		sub("DescribeBackupPolicy", "file_systems", "FileSystemId", fs, "BackupPolicy",
			notFound("FileSystemNotFound", "File system not found."), notFound("PolicyNotFound", "No backup policy.")).rest("GET", "/2015-02-01/file-systems/{FileSystemId}/backup-policy").wrap("BackupPolicy"),
	)
}

// elasticacheDecl is ElastiCache (query protocol): replication groups,
// cache clusters (with their nodes) and cache subnet groups.
func elasticacheDecl() *genericService {
	return declare("elasticache", protoQuery,
		list("DescribeReplicationGroups", "replication_groups", "ReplicationGroups").paged("Marker", "Marker", "MaxRecords").filter("ReplicationGroupId", "ReplicationGroupId"),
		list("DescribeCacheClusters", "cache_clusters", "CacheClusters").paged("Marker", "Marker", "MaxRecords").filter("CacheClusterId", "CacheClusterId"),
		list("DescribeCacheSubnetGroups", "subnet_groups", "CacheSubnetGroups").paged("Marker", "Marker", "MaxRecords").filter("CacheSubnetGroupName", "CacheSubnetGroupName"),
	)
}

// opensearchDecl is OpenSearch Service (REST-JSON, signing name "es"):
// domains, listed by name and described one by one.
func opensearchDecl() *genericService {
	return declare("es", protoRESTJSON,
		list("ListDomainNames", "domains", "DomainNames").rest("GET", "/2021-01-01/domain").only("DomainName", "EngineType"),
		get("DescribeDomain", "domains", "DomainName", []string{"DomainName"}, "DomainStatus",
			&APIError{Code: "ResourceNotFoundException", Message: "Domain not found", Status: 409}).rest("GET", "/2021-01-01/opensearch/domain/{DomainName}"),
	)
}

// redshiftDecl is Redshift provisioned clusters (query protocol): clusters,
// their logging status and the parameters of their parameter groups (one
// item per parameter, with its group's name).
func redshiftDecl() *genericService {
	cluster := []string{"ClusterIdentifier"}
	s := declare("redshift", protoQuery,
		list("DescribeClusters", "clusters", "Clusters").paged("Marker", "Marker", "MaxRecords").filter("ClusterIdentifier", "ClusterIdentifier"),
		sub("DescribeLoggingStatus", "clusters", "ClusterIdentifier", cluster, "LoggingStatus",
			notFound("ClusterNotFound", "Cluster not found."), nil).orEmpty(map[string]any{"LoggingEnabled": false}),
		list("DescribeClusterParameters", "parameters", "Parameters").paged("Marker", "Marker", "MaxRecords").filter("ParameterGroupName", "ParameterGroupName"),
	)
	// Redshift's SDK reads list members by their element names.
	s.xmlNames = map[string]string{"Clusters": "Cluster", "VpcSecurityGroups": "VpcSecurityGroup",
		"ClusterParameterGroups": "ClusterParameterGroup", "Parameters": "Parameter", "ClusterNodes": "member",
		"LogExports": "member", "IamRoles": "ClusterIamRole", "Tags": "Tag"}
	return s
}
