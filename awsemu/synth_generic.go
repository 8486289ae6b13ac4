package awsemu

import (
	"fmt"
	"strconv"
)

// Synthetic data for the services in the generic shape: items in the API's
// response shape, with the usual share of mistakes.

func synthLambda(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("fn-%s-%d", g.ID(6), i)
		arn := "arn:aws:lambda:" + region + ":" + a.ID + ":function:" + name
		env := map[string]any{"STAGE": "prod"}
		if g.Chance(0.1) {
			env["DB_PASSWORD"] = "synthetic-" + g.ID(8)
		}
		fn := map[string]any{
			"FunctionName": name, "FunctionArn": arn, "Runtime": g.Pick("python3.13", "python3.12", "nodejs22.x", "nodejs18.x", "python3.8", "java21"),
			"Role": "arn:aws:iam::" + a.ID + ":role/" + name, "Handler": "index.handler", "PackageType": "Zip",
			"Environment":   map[string]any{"Variables": env},
			"TracingConfig": map[string]any{"Mode": g.Pick("Active", "PassThrough", "PassThrough")},
		}
		if g.Chance(0.6) {
			fn["VpcConfig"] = map[string]any{"VpcId": "vpc-" + g.ID(17), "SubnetIds": []any{"subnet-" + g.ID(17)}}
		}
		if g.Chance(0.5) {
			principal := `{"Service":"s3.amazonaws.com"}`
			if g.Chance(0.1) {
				principal = `"*"`
			}
			fn["Policy"] = map[string]any{"Policy": `{"Statement":[{"Effect":"Allow","Principal":` + principal + `,"Action":"lambda:InvokeFunction","Resource":"` + arn + `"}]}`}
		}
		if g.Chance(0.1) {
			fn["Urls"] = []any{map[string]any{"FunctionUrl": "https://" + g.ID(10) + ".lambda-url." + region + ".on.aws/", "AuthType": g.Pick("NONE", "AWS_IAM")}}
		}
		d.Add("lambda", "functions", fn)
	}
}

func synthELBv2(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("lb-%s-%d", g.ID(5), i)
		typ := g.Pick("application", "application", "network")
		arn := "arn:aws:elasticloadbalancing:" + region + ":" + a.ID + ":loadbalancer/" + typ[:3] + "/" + name + "/" + g.ID(16)
		azs := []any{map[string]any{"ZoneName": region + "a"}}
		if g.Chance(0.85) {
			azs = append(azs, map[string]any{"ZoneName": region + "c"})
		}
		vpc := "vpc-" + g.ID(17)
		var sgs []any
		// In the region's synthetic VPCs when there are any (chosen by i,
		// not by the generator, so the rest of the world stays the same):
		// subnets and a security group the exposure analysis can judge.
		if e := a.Region(region).EC2; e != nil && len(e.Subnets) > 0 {
			sn := e.Subnets[i%len(e.Subnets)]
			vpc = sn.VPC
			azs[0].(map[string]any)["SubnetId"] = sn.ID
			for _, sg := range e.SecurityGroups {
				if sg.VPC == vpc && typ == "application" {
					sgs = []any{sg.ID}
					break
				}
			}
		}
		d.Add("elasticloadbalancing", "load_balancers", map[string]any{
			"LoadBalancerArn": arn, "LoadBalancerName": name, "Type": typ, "Scheme": g.Pick("internet-facing", "internal"),
			"VpcId": vpc, "AvailabilityZones": azs, "SecurityGroups": sgs,
			"Attributes": []any{
				map[string]any{"Key": "deletion_protection.enabled", "Value": g.Pick("true", "false")},
				map[string]any{"Key": "access_logs.s3.enabled", "Value": g.Pick("true", "false")},
				map[string]any{"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": g.Pick("true", "false")},
				map[string]any{"Key": "routing.http.desync_mitigation_mode", "Value": g.Pick("defensive", "strictest", "monitor")},
			},
		})
		d.Add("elasticloadbalancing", "listeners",
			map[string]any{"ListenerArn": arn + "/l80", "LoadBalancerArn": arn, "Port": 80, "Protocol": "HTTP",
				"DefaultActions": []any{map[string]any{"Type": g.Pick("redirect", "forward"), "RedirectConfig": map[string]any{"Protocol": "HTTPS"}}}},
			map[string]any{"ListenerArn": arn + "/l443", "LoadBalancerArn": arn, "Port": 443, "Protocol": "HTTPS",
				"SslPolicy": g.Pick("ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-2016-08")})
	}
}

func synthLogs(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("/aws/lambda/fn-%s-%d", g.ID(6), i)
		lg := map[string]any{"logGroupName": name, "logGroupArn": "arn:aws:logs:" + region + ":" + a.ID + ":log-group:" + name}
		if !g.Chance(0.2) {
			lg["retentionInDays"], _ = strconv.Atoi(g.Pick("7", "30", "365", "400", "3653"))
		}
		if g.Chance(0.2) {
			lg["kmsKeyId"] = "arn:aws:kms:" + region + ":" + a.ID + ":key/" + g.ID(32)
		}
		d.Add("logs", "log_groups", lg)
	}
}

func synthCloudWatch(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("alarm-%s-%d", g.ID(6), i)
		actions := []any{}
		if g.Chance(0.8) {
			actions = append(actions, "arn:aws:sns:"+region+":"+a.ID+":alerts")
		}
		d.Add("monitoring", "alarms", map[string]any{"AlarmName": name, "AlarmArn": "arn:aws:cloudwatch:" + region + ":" + a.ID + ":alarm:" + name,
			"MetricName": "Errors", "Namespace": "AWS/Lambda", "ActionsEnabled": !g.Chance(0.05), "AlarmActions": actions, "StateValue": g.Pick("OK", "ALARM", "INSUFFICIENT_DATA")})
	}
}

func synthMessaging(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	for i := 0; i < n; i++ {
		principal := `{"AWS":"arn:aws:iam::` + a.ID + `:root"}`
		if g.Chance(0.05) {
			principal = `"*"`
		}
		policy := `{"Statement":[{"Effect":"Allow","Principal":` + principal + `,"Action":"*"}]}`
		switch i % 3 {
		case 0:
			arn := fmt.Sprintf("arn:aws:sns:%s:%s:topic-%s-%d", region, a.ID, g.ID(6), i)
			attrs := map[string]any{"SubscriptionsConfirmed": "1", "Policy": policy}
			if g.Chance(0.5) {
				attrs["KmsMasterKeyId"] = "alias/aws/sns"
			}
			d.Add("sns", "topics", map[string]any{"TopicArn": arn, "Attributes": attrs})
			d.Add("sns", "subscriptions", map[string]any{"TopicArn": arn, "Protocol": "sqs", "SubscriptionArn": arn + ":1"})
		case 1:
			name := fmt.Sprintf("queue-%s-%d", g.ID(6), i)
			d.Add("sqs", "queues", map[string]any{"QueueUrl": "https://sqs." + region + ".amazonaws.com/" + a.ID + "/" + name,
				"Attributes": map[string]any{"QueueArn": "arn:aws:sqs:" + region + ":" + a.ID + ":" + name, "SqsManagedSseEnabled": g.Pick("true", "true", "false"), "Policy": policy}})
		case 2:
			name := fmt.Sprintf("app/secret-%s-%d", g.ID(6), i)
			d.Add("secretsmanager", "secrets", map[string]any{"ARN": "arn:aws:secretsmanager:" + region + ":" + a.ID + ":secret:" + name + "-" + g.ID(6),
				"Name": name, "RotationEnabled": g.Chance(0.4), "LastAccessedDate": 1700000000 + g.R.IntN(100000000), "CreatedDate": 1600000000})
		}
	}
}

func synthContainers(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	for i := 0; i < n; i++ {
		switch i % 4 {
		case 0:
			name := fmt.Sprintf("repo-%s-%d", g.ID(6), i)
			d.Add("ecr", "repositories", map[string]any{"repositoryName": name, "repositoryArn": "arn:aws:ecr:" + region + ":" + a.ID + ":repository/" + name,
				"imageTagMutability": g.Pick("MUTABLE", "IMMUTABLE"), "imageScanningConfiguration": map[string]any{"scanOnPush": g.Chance(0.5)},
				"encryptionConfiguration": map[string]any{"encryptionType": g.Pick("AES256", "KMS")}})
		case 1:
			name := fmt.Sprintf("cluster-%s-%d", g.ID(6), i)
			d.Add("ecs", "clusters", map[string]any{"clusterArn": "arn:aws:ecs:" + region + ":" + a.ID + ":cluster/" + name, "clusterName": name, "status": "ACTIVE",
				"settings": []any{map[string]any{"name": "containerInsights", "value": g.Pick("enabled", "disabled")}}})
		case 2:
			fam := fmt.Sprintf("task-%s-%d", g.ID(6), i)
			env := []any{map[string]any{"name": "PORT", "value": "8080"}}
			if g.Chance(0.1) {
				env = append(env, map[string]any{"name": "API_TOKEN", "value": g.ID(20)})
			}
			d.Add("ecs", "task_definitions", map[string]any{"taskDefinitionArn": "arn:aws:ecs:" + region + ":" + a.ID + ":task-definition/" + fam + ":1",
				"family": fam, "revision": 1, "networkMode": g.Pick("awsvpc", "awsvpc", "host", "bridge"),
				"containerDefinitions": []any{map[string]any{"name": "app", "privileged": g.Chance(0.05), "user": g.Pick("", "1000"), "readonlyRootFilesystem": g.Chance(0.4), "environment": env}}})
		case 3:
			if g.Chance(0.8) { // fewer clusters than the rest
				d.Add("dynamodb", "tables", map[string]any{"TableName": fmt.Sprintf("table-%s-%d", g.ID(6), i), "TableArn": "arn:aws:dynamodb:" + region + ":" + a.ID + ":table/t" + strconv.Itoa(i),
					"TableStatus": "ACTIVE", "DeletionProtectionEnabled": g.Chance(0.3),
					"ContinuousBackups": map[string]any{"ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": map[string]any{"PointInTimeRecoveryStatus": g.Pick("ENABLED", "DISABLED")}}})
				continue
			}
			name := fmt.Sprintf("eks-%s-%d", g.ID(6), i)
			d.Add("eks", "clusters", map[string]any{"name": name, "arn": "arn:aws:eks:" + region + ":" + a.ID + ":cluster/" + name, "version": g.Pick("1.28", "1.31", "1.33", "1.34"),
				"resourcesVpcConfig": map[string]any{"endpointPublicAccess": g.Chance(0.5), "publicAccessCidrs": []any{"0.0.0.0/0"}}})
		}
	}
}

func synthACM(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	for i := 0; i < n; i++ {
		d.Add("acm", "certificates", map[string]any{"CertificateArn": "arn:aws:acm:" + region + ":" + a.ID + ":certificate/" + g.ID(32),
			"DomainName": fmt.Sprintf("site%d.example.jp", i), "Status": "ISSUED", "Type": g.Pick("AMAZON_ISSUED", "IMPORTED"),
			"KeyAlgorithm": g.Pick("RSA_2048", "RSA_2048", "EC_prime256v1", "RSA_1024"), "NotAfter": 1750000000 + g.R.IntN(100000000), "InUse": true})
	}
}

// data returns the region's generic data, creating it.
func (r *Region) data() Data {
	if r.Data == nil {
		r.Data = Data{}
	}
	return r.Data
}
