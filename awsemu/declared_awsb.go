package awsemu

// Declarations of EventBridge, Kinesis Data Streams, Step Functions,
// Transfer Family, Classic Load Balancers and EC2's VPC endpoints and
// peering connections (branch h-awsb). Each is its protocol and operations;
// the world holds the items as the APIs return them.

// eventsDecl is EventBridge (JSON 1.1, signing name "events"): event buses
// as ListEventBuses returns them (with their resource policy), described one
// by one (DescribeEventBus adds the KMS key), and the archives.
func eventsDecl() *genericService {
	return declare("events", protoJSON,
		list("ListEventBuses", "event_buses", "EventBuses").paged("NextToken", "NextToken", "Limit").only("Name", "Arn", "Description", "Policy", "CreationTime", "LastModifiedTime"),
		get("DescribeEventBus", "event_buses", "Name", []string{"Name", "Arn"}, "",
			badRequest("ResourceNotFoundException", "Event bus does not exist.")),
		list("ListArchives", "archives", "Archives").paged("NextToken", "NextToken", "Limit").filter("EventSourceArn", "EventSourceArn"),
	)
}

// kinesisDecl is Kinesis Data Streams (JSON 1.1): streams as ListStreams
// summarises them, with DescribeStreamSummary's answer as the item.
func kinesisDecl() *genericService {
	return declare("kinesis", protoJSON,
		list("ListStreams", "streams", "StreamSummaries").paged("NextToken", "NextToken", "Limit").only("StreamName", "StreamARN", "StreamStatus", "StreamModeDetails", "StreamCreationTimestamp"),
		get("DescribeStreamSummary", "streams", "StreamName", []string{"StreamName", "StreamARN"}, "StreamDescriptionSummary",
			badRequest("ResourceNotFoundException", "Stream not found.")),
	)
}

// statesDecl is Step Functions (JSON 1.0, signing name "states"): state
// machines, listed and described.
func statesDecl() *genericService {
	return declare("states", protoJSON,
		list("ListStateMachines", "state_machines", "stateMachines").paged("nextToken", "nextToken", "maxResults").only("stateMachineArn", "name", "type", "creationDate"),
		get("DescribeStateMachine", "state_machines", "stateMachineArn", []string{"stateMachineArn"}, "",
			badRequest("StateMachineDoesNotExist", "State Machine Does Not Exist")),
	)
}

// transferDecl is Transfer Family (JSON 1.1): servers as DescribeServer
// answers them; ListServers lists their summary.
func transferDecl() *genericService {
	return declare("transfer", protoJSON,
		list("ListServers", "servers", "Servers").paged("NextToken", "NextToken", "MaxResults").only("Arn", "ServerId", "Domain", "EndpointType", "IdentityProviderType", "LoggingRole", "State", "UserCount"),
		get("DescribeServer", "servers", "ServerId", []string{"ServerId", "Arn"}, "Server",
			badRequest("ResourceNotFoundException", "Unknown server")),
	)
}

// elbDecl is Classic Load Balancing (query protocol, API 2012-06-01). It
// signs as ELBv2 does and shares operation names with it, so it answers its
// own API version and keeps its data under "elb". A load balancer carries
// its attributes and policies as sub-documents.
func elbDecl() *genericService {
	lb := []string{"LoadBalancerName"}
	missing := badRequest("LoadBalancerNotFound", "There is no ACTIVE Load Balancer named")
	return declare("elasticloadbalancing", protoQuery,
		list("DescribeLoadBalancers", "load_balancers", "LoadBalancerDescriptions").paged("Marker", "NextMarker", "PageSize").names("LoadBalancerNames", lb...),
		sub("DescribeLoadBalancerAttributes", "load_balancers", "LoadBalancerName", lb, "LoadBalancerAttributes", missing, nil).wrap("LoadBalancerAttributes"),
		sub("DescribeLoadBalancerPolicies", "load_balancers", "LoadBalancerName", lb, "PolicyDescriptions", missing, nil).wrap("PolicyDescriptions").orEmpty([]any{}),
	).as("elb", "2012-06-01")
}

// vpcDecl is the part of EC2 declared in the generic shape: VPC endpoints
// and peering connections. EC2 answers with its own wire names, so the
// world writes them that way (vpcEndpointId, policyDocument,
// routeTableIdSet); the hand-written EC2 service passes the operations it
// does not know here.
func vpcDecl() *genericService {
	return declare("ec2", protoEC2,
		list("DescribeVpcEndpoints", "endpoints", "vpcEndpointSet").paged("NextToken", "nextToken", "MaxResults"),
		list("DescribeVpcPeeringConnections", "peering_connections", "vpcPeeringConnectionSet").paged("NextToken", "nextToken", "MaxResults"),
		// Elastic IPs (one page: DescribeAddresses is not paginated) and
		// managed prefix lists, whose entries hang off each list (entrySet).
		list("DescribeAddresses", "addresses", "addressesSet"),
		list("DescribeManagedPrefixLists", "prefix_lists", "prefixListSet").paged("NextToken", "nextToken", "MaxResults"),
		sub("GetManagedPrefixListEntries", "prefix_lists", "PrefixListId", []string{"prefixListId"}, "entrySet",
			badRequest("InvalidPrefixListID.NotFound", "The prefix list ID does not exist"), nil).wrap("entrySet").orEmpty([]any{}),
	).as("vpc", "")
}
