package awsemu

import "fmt"

// Synthetic data for EventBridge, Kinesis, Step Functions, Transfer Family,
// Classic Load Balancers and VPC endpoints (h-awsb), in the APIs' response
// shapes (EC2's wire names for the endpoints), with the usual share of
// mistakes.

func synthEventBridge(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("bus-%s-%d", g.ID(5), i)
		arn := "arn:aws:events:" + region + ":" + a.ID + ":event-bus/" + name
		b := map[string]any{"Name": name, "Arn": arn}
		if g.Chance(0.7) {
			cond := `,"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-` + g.ID(10) + `"}}`
			if g.Chance(0.15) {
				cond = ""
			}
			b["Policy"] = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"events:PutEvents","Resource":"` + arn + `"` + cond + `}]}`
		}
		if g.Chance(0.3) {
			b["KmsKeyIdentifier"] = "arn:aws:kms:" + region + ":" + a.ID + ":key/" + g.ID(8)
		}
		d.Add("events", "event_buses", b)
		if g.Chance(0.4) {
			d.Add("events", "archives", map[string]any{"ArchiveName": name + "-archive", "EventSourceArn": arn, "State": "ENABLED", "RetentionDays": 90})
		}
	}
}

func synthKinesis(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("stream-%s-%d", g.ID(5), i)
		s := map[string]any{"StreamName": name, "StreamARN": "arn:aws:kinesis:" + region + ":" + a.ID + ":stream/" + name, "StreamStatus": "ACTIVE",
			"StreamModeDetails": map[string]any{"StreamMode": g.Pick("ON_DEMAND", "PROVISIONED")}, "RetentionPeriodHours": []int{24, 24, 168, 720}[g.R.IntN(4)],
			"EncryptionType": "NONE", "OpenShardCount": 1 + g.R.IntN(8)}
		if g.Chance(0.6) {
			s["EncryptionType"] = "KMS"
			s["KeyId"] = g.Pick("alias/aws/kinesis", "arn:aws:kms:"+region+":"+a.ID+":key/"+g.ID(8))
		}
		d.Add("kinesis", "streams", s)
	}
}

func synthStepFunctions(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("flow-%s-%d", g.ID(5), i)
		m := map[string]any{"stateMachineArn": "arn:aws:states:" + region + ":" + a.ID + ":stateMachine:" + name, "name": name,
			"type": g.Pick("STANDARD", "STANDARD", "EXPRESS"), "status": "ACTIVE", "roleArn": "arn:aws:iam::" + a.ID + ":role/" + name,
			"loggingConfiguration": map[string]any{"level": "OFF"}, "tracingConfiguration": map[string]any{"enabled": g.Chance(0.3)}}
		if g.Chance(0.5) {
			m["loggingConfiguration"] = map[string]any{"level": g.Pick("ALL", "ERROR", "FATAL"), "destinations": []any{
				map[string]any{"cloudWatchLogsLogGroup": map[string]any{"logGroupArn": "arn:aws:logs:" + region + ":" + a.ID + ":log-group:/aws/states/" + name + ":*"}}}}
		}
		d.Add("states", "state_machines", m)
	}
}

func synthTransfer(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	for i := 0; i < n; i++ {
		id := "s-" + g.ID(17)
		protocols := []any{"SFTP"}
		if g.Chance(0.15) {
			protocols = append(protocols, "FTP")
		}
		s := map[string]any{"ServerId": id, "Arn": "arn:aws:transfer:" + region + ":" + a.ID + ":server/" + id, "Domain": "S3",
			"EndpointType": g.Pick("PUBLIC", "VPC", "VPC"), "IdentityProviderType": "SERVICE_MANAGED", "Protocols": protocols, "State": "ONLINE",
			"SecurityPolicyName": g.Pick("TransferSecurityPolicy-2018-11", "TransferSecurityPolicy-2020-06", "TransferSecurityPolicy-2024-01")}
		if g.Chance(0.5) {
			s["LoggingRole"] = "arn:aws:iam::" + a.ID + ":role/transfer-logging"
		}
		d.Add("transfer", "servers", s)
	}
}

func synthELB(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("clb-%s-%d", g.ID(5), i)
		azs := []any{region + "a"}
		if g.Chance(0.7) {
			azs = append(azs, region+"c")
		}
		listeners := []any{map[string]any{"Listener": map[string]any{"Protocol": "HTTPS", "LoadBalancerPort": 443, "InstanceProtocol": "HTTP", "InstancePort": 80,
			"SSLCertificateId": g.Pick("arn:aws:acm:"+region+":"+a.ID+":certificate/"+g.ID(8), "arn:aws:iam::"+a.ID+":server-certificate/"+name)}, "PolicyNames": []any{"tls"}}}
		if g.Chance(0.4) {
			listeners = append(listeners, map[string]any{"Listener": map[string]any{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 80}})
		}
		d.Add("elb", "load_balancers", map[string]any{"LoadBalancerName": name, "DNSName": name + "." + region + ".elb.amazonaws.com",
			"Scheme": g.Pick("internet-facing", "internal"), "AvailabilityZones": azs, "ListenerDescriptions": listeners,
			"LoadBalancerAttributes": map[string]any{"CrossZoneLoadBalancing": map[string]any{"Enabled": g.Chance(0.7)}, "AccessLog": map[string]any{"Enabled": g.Chance(0.4)},
				"ConnectionDraining":   map[string]any{"Enabled": g.Chance(0.6)},
				"AdditionalAttributes": []any{map[string]any{"Key": "elb.http.desyncmitigationmode", "Value": g.Pick("defensive", "defensive", "monitor")}}},
			"PolicyDescriptions": []any{map[string]any{"PolicyName": "tls", "PolicyTypeName": "SSLNegotiationPolicyType", "PolicyAttributeDescriptions": []any{
				map[string]any{"AttributeName": "Protocol-TLSv1", "AttributeValue": g.Pick("true", "false")}}}}})
	}
}

func synthVPCEndpoints(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	vpcs := []string{"vpc-" + g.ID(17)}
	if e := a.Region(region).EC2; e != nil && len(e.VPCs) > 0 {
		vpcs = vpcs[:0]
		for _, v := range e.VPCs {
			vpcs = append(vpcs, v.ID)
		}
	}
	for i := 0; i < n; i++ {
		svc := g.Pick("s3", "dynamodb", "ec2", "ssm", "logs", "ecr.api")
		typ := "Interface"
		if svc == "s3" || svc == "dynamodb" {
			typ = "Gateway"
		}
		policy := `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}`
		if g.Chance(0.4) {
			policy = `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-` + g.ID(10) + `"}}}]}`
		}
		d.Add("vpc", "endpoints", map[string]any{"vpcEndpointId": "vpce-" + g.ID(17), "vpcEndpointType": typ, "vpcId": vpcs[i%len(vpcs)],
			"serviceName": "com.amazonaws." + region + "." + svc, "state": "available", "policyDocument": policy})
	}
}
