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
		// h-aws3
		cloudfrontDecl(), wafv2Decl(), apigatewayDecl(), route53Decl(), ssmDecl(),
		accessAnalyzerDecl(), inspector2Decl(), detectiveDecl(), backupDecl(),
		// h-awsa
		macie2Decl(), glueDecl(), athenaDecl(), sagemakerDecl(), bedrockDecl(), cognitoIdpDecl(), cognitoIdentityDecl(),
		// h-awsb (declared_awsb.go)
		eventsDecl(), kinesisDecl(), statesDecl(), transferDecl(), elbDecl(), vpcDecl(),
		// h-cis
		iamCertificatesDecl(),
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
		sub("GetLifecyclePolicy", "repositories", "repositoryName", repo, "lifecyclePolicy", missing,
			badRequest("LifecyclePolicyNotFoundException", "Lifecycle policy does not exist for the repository")),
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
		// A service carries its clusterArn, which ListServices filters on.
		list("ListServices", "services", "serviceArns").paged("nextToken", "nextToken", "maxResults").filter("cluster", "clusterArn").values("serviceArn"),
		list("DescribeServices", "services", "services").names("services", "serviceArn", "serviceName"),
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
		list("DescribeAccessPoints", "access_points", "AccessPoints").rest("GET", "/2015-02-01/access-points").paged("NextToken", "NextToken", "MaxResults"),
	)
}

// elasticacheDecl is ElastiCache (query protocol): replication groups,
// cache clusters (with their nodes) and cache subnet groups.
func elasticacheDecl() *genericService {
	return declare("elasticache", protoQuery,
		list("DescribeReplicationGroups", "replication_groups", "ReplicationGroups").paged("Marker", "Marker", "MaxRecords").filter("ReplicationGroupId", "ReplicationGroupId"),
		list("DescribeCacheClusters", "cache_clusters", "CacheClusters").paged("Marker", "Marker", "MaxRecords").filter("CacheClusterId", "CacheClusterId"),
		list("DescribeCacheSubnetGroups", "subnet_groups", "CacheSubnetGroups").paged("Marker", "Marker", "MaxRecords").filter("CacheSubnetGroupName", "CacheSubnetGroupName"),
		list("DescribeServerlessCaches", "serverless_caches", "ServerlessCaches").paged("NextToken", "NextToken", "MaxResults").filter("ServerlessCacheName", "ServerlessCacheName"),
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
		list("DescribeClusterSubnetGroups", "subnet_groups", "ClusterSubnetGroups").paged("Marker", "Marker", "MaxRecords").filter("ClusterSubnetGroupName", "ClusterSubnetGroupName"),
	)
	// Redshift's SDK reads list members by their element names.
	s.xmlNames = map[string]string{"Clusters": "Cluster", "VpcSecurityGroups": "VpcSecurityGroup",
		"ClusterParameterGroups": "ClusterParameterGroup", "Parameters": "Parameter", "ClusterNodes": "member",
		"LogExports": "member", "IamRoles": "ClusterIamRole", "Tags": "Tag",
		"ClusterSubnetGroups": "ClusterSubnetGroup", "Subnets": "Subnet"}
	return s
}

// cloudfrontDecl is CloudFront, global and REST-XML: a distribution is
// written as ListDistributions' DistributionSummary, with the
// DistributionConfig GetDistributionConfig answers as its sub-document.
func cloudfrontDecl() *genericService {
	dist := []string{"Id", "ARN"}
	s := declare("cloudfront", protoRESTXML,
		list("ListDistributions", "distributions", "DistributionList").rest("GET", "/2020-05-31/distribution").paged("Marker", "NextMarker", "MaxItems"),
		sub("GetDistributionConfig", "distributions", "Id", dist, "DistributionConfig",
			notFound("NoSuchDistribution", "The specified distribution does not exist."), nil).rest("GET", "/2020-05-31/distribution/{Id}/config").wrap("DistributionConfig"),
	).xmlNamespace("http://cloudfront.amazonaws.com/doc/2020-05-31/").xmlLists(map[string]string{
		"DistributionList.Items": "DistributionSummary", "Aliases.Items": "CNAME", "Origins.Items": "Origin",
		"CacheBehaviors.Items": "CacheBehavior", "AllowedMethods.Items": "Method", "CachedMethods.Items": "Method",
		"GeoRestriction.Items": "Location", "OriginSslProtocols.Items": "SslProtocol",
		"CustomErrorResponses.Items": "CustomErrorResponse", "OriginGroups.Items": "OriginGroup",
		"CustomHeaders.Items": "OriginCustomHeader", "AliasICPRecordals": "AliasICPRecordal",
		"Members.Items": "OriginGroupMember", "StatusCodes.Items": "StatusCode",
	})
	s.global = true
	return s
}

// wafv2Decl is WAFv2 (JSON 1.1). A web ACL is written as GetWebACL's WebACL
// plus its Scope (REGIONAL, or CLOUDFRONT in us-east-1), which ListWebACLs
// filters on; its logging configuration and associated resources are
// sub-documents.
func wafv2Decl() *genericService {
	acl := []string{"Id", "ARN", "Name"}
	missing := badRequest("WAFNonexistentItemException", "AWS WAF couldn’t perform the operation because your resource doesn’t exist.")
	return declare("wafv2", protoJSON,
		list("ListWebACLs", "web_acls", "WebACLs").paged("NextMarker", "NextMarker", "Limit").filter("Scope", "Scope").only("Name", "Id", "ARN", "Description", "LockToken"),
		get("GetWebACL", "web_acls", "Id", acl, "WebACL", missing),
		sub("GetLoggingConfiguration", "web_acls", "ResourceArn", acl, "LoggingConfiguration", missing, missing).wrap("LoggingConfiguration"),
		sub("ListResourcesForWebACL", "web_acls", "WebACLArn", acl, "ResourceArns", missing, nil).wrap("ResourceArns").orEmpty([]any{}),
	)
}

// apigatewayDecl is API Gateway: v1 (REST APIs) and v2 (HTTP and WebSocket
// APIs) sign with the same name and are told apart by path. A v1 stage or
// resource carries its API's restApiId, a v2 stage or route its apiId, which
// the lists filter on (the SDKs ignore the extra member).
func apigatewayDecl() *genericService {
	return declare("apigateway", protoRESTJSON,
		list("GetRestApis", "rest_apis", "item").rest("GET", "/restapis").paged("position", "position", "limit"),
		list("GetStages", "stages", "item").rest("GET", "/restapis/{restApiId}/stages").filter("restApiId", "restApiId"),
		list("GetResources", "resources", "item").rest("GET", "/restapis/{restApiId}/resources").paged("position", "position", "limit").filter("restApiId", "restApiId"),
		list("GetApis", "apis", "items").rest("GET", "/v2/apis").paged("nextToken", "nextToken", "maxResults"),
		list("GetStagesV2", "api_stages", "items").rest("GET", "/v2/apis/{ApiId}/stages").paged("nextToken", "nextToken", "maxResults").filter("ApiId", "apiId"),
		list("GetRoutes", "routes", "items").rest("GET", "/v2/apis/{ApiId}/routes").paged("nextToken", "nextToken", "maxResults").filter("ApiId", "apiId"),
		// Custom domain names (v2 lists them for every kind of API) and
		// their API mappings, which carry their domainName to be filtered on.
		list("GetDomainNamesV2", "domain_names", "items").rest("GET", "/v2/domainnames").paged("nextToken", "nextToken", "maxResults"),
		list("GetApiMappings", "api_mappings", "items").rest("GET", "/v2/domainnames/{DomainName}/apimappings").paged("nextToken", "nextToken", "maxResults").filter("DomainName", "domainName"),
	)
}

// route53Decl is Route 53, global and REST-XML. A hosted zone is written as
// ListHostedZones has it (Id "/hostedzone/Z..."), with GetDNSSEC's answer as
// its sub-document; records and query logging configurations name their zone
// by its short id (HostedZoneId "Z..."), as the API does.
func route53Decl() *genericService {
	zone := []string{"Id"}
	s := declare("route53", protoRESTXML,
		list("ListHostedZones", "hosted_zones", "HostedZones").rest("GET", "/2013-04-01/hostedzone").paged("marker", "NextMarker", "maxitems").xmlRootList("ListHostedZonesResponse"),
		sub("GetDNSSEC", "hosted_zones", "HostedZoneId", zone, "DNSSEC", notFound("NoSuchHostedZone", "No hosted zone found with ID"), nil).
			rest("GET", "/2013-04-01/hostedzone/{HostedZoneId}/dnssec").wrap("GetDNSSECResponse").keyPrefix("/hostedzone/").
			orEmpty(map[string]any{"Status": map[string]any{"ServeSignature": "NOT_SIGNING"}, "KeySigningKeys": []any{}}),
		list("ListResourceRecordSets", "records", "ResourceRecordSets").rest("GET", "/2013-04-01/hostedzone/{HostedZoneId}/rrset").
			paged("name", "NextRecordName", "maxitems").filter("HostedZoneId", "HostedZoneId").xmlRootList("ListResourceRecordSetsResponse"),
		list("ListQueryLoggingConfigs", "query_logging_configs", "QueryLoggingConfigs").rest("GET", "/2013-04-01/queryloggingconfig").
			paged("nexttoken", "NextToken", "maxresults").filter("hostedzoneid", "HostedZoneId").xmlRootList("ListQueryLoggingConfigsResponse"),
	).xmlNamespace("https://route53.amazonaws.com/doc/2013-04-01/").xmlLists(map[string]string{
		"HostedZones": "HostedZone", "ResourceRecordSets": "ResourceRecordSet", "ResourceRecords": "ResourceRecord",
		"QueryLoggingConfigs": "QueryLoggingConfig", "KeySigningKeys": "KeySigningKey",
	})
	s.global = true
	return s
}

// ssmDecl is Systems Manager (JSON 1.1): parameters as DescribeParameters
// lists them (metadata only; the emulator has no GetParameter, as mamori
// never reads a value), managed instances with their patch state, and the
// account's own documents with their sharing permission.
func ssmDecl() *genericService {
	return declare("ssm", protoJSON,
		list("DescribeParameters", "parameters", "Parameters").paged("NextToken", "NextToken", "MaxResults"),
		list("DescribeInstanceInformation", "instances", "InstanceInformationList").paged("NextToken", "NextToken", "MaxResults"),
		list("DescribeInstancePatchStates", "patch_states", "InstancePatchStates").paged("NextToken", "NextToken", "MaxResults").names("InstanceIds", "InstanceId"),
		list("ListDocuments", "documents", "DocumentIdentifiers").paged("NextToken", "NextToken", "MaxResults"),
		sub("DescribeDocumentPermission", "documents", "Name", []string{"Name"}, "Permission",
			badRequest("InvalidDocument", "The specified document does not exist."), nil).orEmpty(map[string]any{"AccountIds": []any{}}),
	)
}

// accessAnalyzerDecl is IAM Access Analyzer (REST-JSON); ListAnalyzers
// filters on the analyzer type when one is asked for.
func accessAnalyzerDecl() *genericService {
	return declare("access-analyzer", protoRESTJSON,
		list("ListAnalyzers", "analyzers", "analyzers").rest("GET", "/analyzer").paged("nextToken", "nextToken", "maxResults").filter("type", "type"),
	)
}

// inspector2Decl is Amazon Inspector (REST-JSON): the account's status as
// BatchGetAccountStatus answers it, one item per account.
func inspector2Decl() *genericService {
	return declare("inspector2", protoRESTJSON,
		list("BatchGetAccountStatus", "account_status", "accounts").rest("POST", "/status/batch/get"),
	)
}

// detectiveDecl is Amazon Detective (REST-JSON): the behaviour graphs the
// account administers and the invitations (memberships) it holds.
func detectiveDecl() *genericService {
	return declare("detective", protoRESTJSON,
		list("ListGraphs", "graphs", "GraphList").rest("POST", "/graphs/list"),
		list("ListInvitations", "invitations", "Invitations").rest("POST", "/invitations/list"),
	)
}

// backupDecl is AWS Backup (REST-JSON): vaults as ListBackupVaults lists
// them, with GetBackupVaultAccessPolicy's answer as a sub-document.
func backupDecl() *genericService {
	vault := []string{"BackupVaultName", "BackupVaultArn"}
	missing := notFound("ResourceNotFoundException", "Backup vault not found")
	return declare("backup", protoRESTJSON,
		list("ListBackupVaults", "vaults", "BackupVaultList").rest("GET", "/backup-vaults/").paged("nextToken", "NextToken", "maxResults"),
		sub("GetBackupVaultAccessPolicy", "vaults", "backupVaultName", vault, "AccessPolicy", missing, missing).
			rest("GET", "/backup-vaults/{backupVaultName}/access-policy"),
	)
}

// iamCertificatesDecl is the part of IAM declared in the generic shape: the
// SSL/TLS server certificates uploaded to IAM, global, under the account as
// iam_certificates.server_certificates, each written as ListServerCertificates
// returns its metadata (ServerCertificateName, ServerCertificateId, Arn, Path,
// UploadDate, Expiration). The hand-written IAM service passes the operations
// it does not know here.
func iamCertificatesDecl() *genericService {
	s := declare("iam", protoQuery,
		list("ListServerCertificates", "server_certificates", "ServerCertificateMetadataList").paged("Marker", "Marker", "MaxItems").truncates("IsTruncated"),
	).as("iam_certificates", "")
	s.global = true
	return s
}
