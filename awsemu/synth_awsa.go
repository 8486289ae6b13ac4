package awsemu

import "fmt"

// Synthetic data for Macie, Glue, Athena, SageMaker, Bedrock and Cognito
// (h-awsa), in the APIs' response shapes, with the usual share of mistakes:
// n resources per region, split over the services' collections.
func synthDataML(g *Gen, a *Account, region string, n int) {
	d := a.Region(region).data()
	arn := func(svc, res string) string { return "arn:aws:" + svc + ":" + region + ":" + a.ID + ":" + res }
	if g.Chance(0.6) {
		d.Add("macie2", "session", map[string]any{"status": g.Pick("ENABLED", "ENABLED", "PAUSED"), "findingPublishingFrequency": "FIFTEEN_MINUTES"})
		d.Add("macie2", "automated_discovery", map[string]any{"status": g.Pick("ENABLED", "DISABLED")})
	}
	mode := g.Pick("SSE-KMS", "DISABLED")
	d.Add("glue", "catalog_encryption", map[string]any{"EncryptionAtRest": map[string]any{"CatalogEncryptionMode": mode},
		"ConnectionPasswordEncryption": map[string]any{"ReturnConnectionPasswordEncrypted": mode != "DISABLED"}})
	d.Add("glue", "security_configurations", map[string]any{"Name": "kms", "EncryptionConfiguration": map[string]any{
		"S3Encryption": []any{map[string]any{"S3EncryptionMode": "SSE-KMS"}}, "CloudWatchEncryption": map[string]any{"CloudWatchEncryptionMode": "SSE-KMS"},
		"JobBookmarksEncryption": map[string]any{"JobBookmarksEncryptionMode": "CSE-KMS"}}})
	if g.Chance(0.5) {
		d.Add("bedrock", "invocation_logging", map[string]any{"cloudWatchConfig": map[string]any{"logGroupName": "/aws/bedrock/invocations", "roleArn": arn("iam", "role/bedrock-logs")}})
	}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("%s-%d", g.ID(5), i)
		switch i % 10 {
		case 0, 1, 2:
			args := map[string]any{"--enable-continuous-cloudwatch-log": g.Pick("true", "false")}
			if g.Chance(0.1) {
				args["--db_password"] = "synthetic-" + g.ID(8)
			}
			job := map[string]any{"Name": "etl-" + id, "Role": arn("iam", "role/glue"), "Command": map[string]any{"Name": g.Pick("glueetl", "glueetl", "pythonshell")},
				"GlueVersion": g.Pick("5.0", "4.0", "3.0", "2.0"), "DefaultArguments": args}
			if g.Chance(0.5) {
				job["SecurityConfiguration"] = "kms"
			}
			d.Add("glue", "jobs", job)
			d.Add("glue", "databases", map[string]any{"Name": "db_" + id})
		case 3:
			conf := map[string]any{"ResultConfiguration": map[string]any{"OutputLocation": "s3://athena-results-" + a.ID + "/" + id + "/"},
				"EnforceWorkGroupConfiguration": g.Chance(0.5), "PublishCloudWatchMetricsEnabled": g.Chance(0.6)}
			if g.Chance(0.6) {
				conf["ResultConfiguration"].(map[string]any)["EncryptionConfiguration"] = map[string]any{"EncryptionOption": "SSE_S3"}
			}
			d.Add("athena", "work_groups", map[string]any{"Name": "wg-" + id, "State": "ENABLED", "Configuration": conf})
		case 4:
			nb := map[string]any{"NotebookInstanceName": "nb-" + id, "NotebookInstanceArn": arn("sagemaker", "notebook-instance/nb-"+id),
				"NotebookInstanceStatus": "InService", "InstanceType": "ml.t3.medium", "RoleArn": arn("iam", "role/sagemaker"),
				"DirectInternetAccess": g.Pick("Enabled", "Disabled"), "RootAccess": g.Pick("Enabled", "Disabled"),
				"PlatformIdentifier": g.Pick("notebook-al2023-v1", "notebook-al2-v3", "notebook-al2-v1")}
			if g.Chance(0.5) {
				nb["SubnetId"] = "subnet-" + g.ID(17)
			}
			d.Add("sagemaker", "notebook_instances", nb)
		case 5:
			d.Add("sagemaker", "models", map[string]any{"ModelName": "m-" + id, "ModelArn": arn("sagemaker", "model/m-"+id),
				"EnableNetworkIsolation": g.Chance(0.3), "PrimaryContainer": map[string]any{"Image": "img", "Environment": map[string]any{"STAGE": "prod"}}})
			d.Add("sagemaker", "endpoint_configs", map[string]any{"EndpointConfigName": "ep-" + id, "EndpointConfigArn": arn("sagemaker", "endpoint-config/ep-"+id),
				"ProductionVariants": []any{map[string]any{"VariantName": "AllTraffic", "ModelName": "m-" + id, "InitialInstanceCount": 1 + g.R.IntN(3)}}})
		case 6, 7:
			pool := "synth_" + g.ID(9)
			d.Add("cognito-idp", "user_pools", map[string]any{"Id": region + "_" + pool, "Name": "pool-" + id, "Arn": arn("cognito-idp", "userpool/"+region+"_"+pool),
				"MfaConfiguration": g.Pick("ON", "OPTIONAL", "OFF"), "DeletionProtection": g.Pick("ACTIVE", "INACTIVE"),
				"UserPoolAddOns": map[string]any{"AdvancedSecurityMode": g.Pick("ENFORCED", "AUDIT", "OFF")},
				"Policies":       map[string]any{"PasswordPolicy": map[string]any{"MinimumLength": []int{6, 8, 12}[g.R.IntN(3)], "RequireUppercase": true, "RequireLowercase": true, "RequireNumbers": true, "RequireSymbols": g.Chance(0.5), "TemporaryPasswordValidityDays": 7}}})
		case 8:
			d.Add("cognito-identity", "identity_pools", map[string]any{"IdentityPoolId": region + ":" + g.ID(8) + "-" + id, "IdentityPoolName": "ip_" + id,
				"AllowUnauthenticatedIdentities": g.Chance(0.2), "AllowClassicFlow": g.Chance(0.1)})
		case 9:
			gid := g.ID(12)
			strength := g.Pick("HIGH", "MEDIUM", "NONE")
			d.Add("bedrock", "guardrails", map[string]any{"id": gid, "guardrailId": gid, "arn": arn("bedrock", "guardrail/"+gid), "guardrailArn": arn("bedrock", "guardrail/"+gid),
				"name": "gr-" + id, "version": "DRAFT", "status": "READY",
				"contentPolicy": map[string]any{"filters": []any{map[string]any{"type": "PROMPT_ATTACK", "inputStrength": strength, "outputStrength": "NONE"},
					map[string]any{"type": "HATE", "inputStrength": "HIGH", "outputStrength": "HIGH"}}}})
		}
	}
}
