package awsemu

// Data and machine-learning services (h-awsa): Macie, Glue, Athena,
// SageMaker, Bedrock and Cognito, each a declaration over world data in the
// APIs' response shapes (generic.go). A per-region setting (Macie's session,
// Glue's catalog encryption, Bedrock's invocation logging) is a collection of
// at most one item, answered by a "setting" operation.

// macie2Decl is Amazon Macie (REST-JSON). Without a session item Macie is
// not enabled in the region, and every call answers as AWS does then.
func macie2Decl() *genericService {
	off := &APIError{Code: "AccessDeniedException", Message: "Macie is not enabled.", Status: 403}
	return declare("macie2", protoRESTJSON,
		setting("GetMacieSession", "session", "", off).rest("GET", "/macie"),
		setting("GetAutomatedDiscoveryConfiguration", "automated_discovery", "", nil).rest("GET", "/automated-discovery/configuration").
			orEmpty(map[string]any{"status": "DISABLED"}),
		setting("GetClassificationExportConfiguration", "export_configuration", "configuration", nil).rest("GET", "/classification-export-configuration"),
	)
}

// glueDecl is AWS Glue (JSON 1.1): jobs, security configurations, ML
// transforms, databases (counted) and the Data Catalog's settings.
func glueDecl() *genericService {
	return declare("glue", protoJSON,
		list("GetJobs", "jobs", "Jobs"),
		list("GetSecurityConfigurations", "security_configurations", "SecurityConfigurations"),
		list("GetMLTransforms", "ml_transforms", "Transforms"),
		list("GetDatabases", "databases", "DatabaseList"),
		setting("GetDataCatalogEncryptionSettings", "catalog_encryption", "DataCatalogEncryptionSettings", nil),
		setting("GetResourcePolicy", "catalog_policy", "", badRequest("EntityNotFoundException", "Policy not found")),
	)
}

// athenaDecl is Amazon Athena (JSON 1.1): a workgroup is written as
// GetWorkGroup's WorkGroup; ListWorkGroups shows its summary.
func athenaDecl() *genericService {
	return declare("athena", protoJSON,
		list("ListWorkGroups", "work_groups", "WorkGroups").paged("NextToken", "NextToken", "MaxResults").only("Name", "State", "Description"),
		get("GetWorkGroup", "work_groups", "WorkGroup", []string{"Name"}, "WorkGroup",
			badRequest("InvalidRequestException", "WorkGroup is not found.")),
	)
}

// sagemakerDecl is Amazon SageMaker AI (JSON 1.1): notebook instances,
// endpoint configurations, models and Studio domains, each written as its
// Describe answer and listed as its summary.
func sagemakerDecl() *genericService {
	missing := func(what string) *APIError { return badRequest("ValidationException", "Could not find "+what+".") }
	return declare("sagemaker", protoJSON,
		list("ListNotebookInstances", "notebook_instances", "NotebookInstances").only("NotebookInstanceName", "NotebookInstanceArn", "NotebookInstanceStatus", "InstanceType"),
		get("DescribeNotebookInstance", "notebook_instances", "NotebookInstanceName", []string{"NotebookInstanceName"}, "", badRequest("ValidationException", "RecordNotFound")),
		list("ListEndpointConfigs", "endpoint_configs", "EndpointConfigs").only("EndpointConfigName", "EndpointConfigArn"),
		get("DescribeEndpointConfig", "endpoint_configs", "EndpointConfigName", []string{"EndpointConfigName"}, "", missing("endpoint configuration")),
		list("ListModels", "models", "Models").only("ModelName", "ModelArn"),
		get("DescribeModel", "models", "ModelName", []string{"ModelName"}, "", missing("model")),
		list("ListDomains", "domains", "Domains").only("DomainId", "DomainArn", "DomainName", "Status"),
		get("DescribeDomain", "domains", "DomainId", []string{"DomainId"}, "", badRequest("ResourceNotFound", "Domain not found.")),
	)
}

// bedrockDecl is Amazon Bedrock's control plane (REST-JSON): the region's
// model invocation logging and the guardrails. A guardrail item carries
// ListGuardrails' id/arn beside GetGuardrail's guardrailId/guardrailArn.
func bedrockDecl() *genericService {
	return declare("bedrock", protoRESTJSON,
		setting("GetModelInvocationLoggingConfiguration", "invocation_logging", "loggingConfig", nil).rest("GET", "/logging/modelinvocations"),
		list("ListGuardrails", "guardrails", "guardrails").rest("GET", "/guardrails").paged("nextToken", "nextToken", "maxResults").
			only("id", "arn", "status", "name", "version"),
		get("GetGuardrail", "guardrails", "guardrailIdentifier", []string{"guardrailId", "guardrailArn", "id"}, "",
			notFound("ResourceNotFoundException", "Guardrail not found.")).rest("GET", "/guardrails/{guardrailIdentifier}"),
	)
}

// cognitoIdpDecl is Amazon Cognito user pools (JSON 1.1); a pool is written
// as DescribeUserPool's UserPool.
func cognitoIdpDecl() *genericService {
	return declare("cognito-idp", protoJSON,
		list("ListUserPools", "user_pools", "UserPools").only("Id", "Name", "Status", "LambdaConfig"),
		get("DescribeUserPool", "user_pools", "UserPoolId", []string{"Id"}, "UserPool",
			badRequest("ResourceNotFoundException", "User pool does not exist.")),
	)
}

// cognitoIdentityDecl is Amazon Cognito identity pools (JSON 1.1); a pool is
// written as DescribeIdentityPool answers it.
func cognitoIdentityDecl() *genericService {
	return declare("cognito-identity", protoJSON,
		list("ListIdentityPools", "identity_pools", "IdentityPools").only("IdentityPoolId", "IdentityPoolName"),
		get("DescribeIdentityPool", "identity_pools", "IdentityPoolId", []string{"IdentityPoolId"}, "",
			badRequest("ResourceNotFoundException", "IdentityPool not found.")),
	)
}
