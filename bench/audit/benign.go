package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"
)

// A benign-heavy trail: what a well-run account's CloudTrail looks like on
// ordinary days, to measure how many alerts and signals the audit raises
// on activity nobody needs to look at (-benign). Made of, per 1000 events
// (weights below, seed fixed, so every run writes the same trail):
//
//   - 780 calls by role sessions (AssumedRole: EC2 instance roles, Lambda,
//     CI, IAM Identity Center permission sets) from SDKs, the CLI,
//     Terraform and the console — reads (Describe*, List*, Get*) and
//     routine writes (PutObject, PutMetricData, SendMessage...), in three
//     regions the account uses;
//   - 120 calls by AWS services (AWSService: AssumeRole for Lambda, EC2,
//     ...);
//   - 60 reads by two IAM users with MFA, from the CLI;
//   - 25 reads answered AccessDenied or NotFound (a tool probing
//     permissions, a deleted resource);
//   - 10 federated console sign-ins (SAML and IAM Identity Center: MFAUsed
//     No, MFA at the identity provider) and AssumeRoleWithSAML;
//   - 5 administrative changes by the CI role, of the look-alike kind:
//     event selectors that add data events, a lifecycle rule kept
//     Disabled, a security group rule from inside the VPC (a CIS 4.10
//     change alarm: an alert by design), a network ACL deny, and an IAM
//     role policy change (CIS 4.4: an alert by design).
//
// Events are spread over 14 days, so that the behavioural detectors learn
// for the first 7 and judge the rest.

type benignKind struct {
	weight int
	make   func(r *rand.Rand, base map[string]any)
}

var (
	benignAccount = "111122223333"
	benignRegions = []string{"ap-northeast-1", "ap-northeast-1", "ap-northeast-1", "us-east-1", "us-west-2"}
	benignRoles   = []struct{ role, session, ua string }{
		{"app-server", "i-0a1b2c3d4e5f60718", "aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.170.0"},
		{"app-server", "i-0a1b2c3d4e5f60719", "aws-sdk-java/2.25.60 Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.11"},
		{"orders-lambda", "orders-fn", "aws-sdk-js/3.600.0 ua/2.0 os/linux lang/js md/nodejs#20.14.0 exec-env/AWS_Lambda_nodejs20.x"},
		{"ci-deploy", "github-actions-4711", "APN/1.0 HashiCorp/1.0 Terraform/1.8.5 (+https://www.terraform.io) terraform-provider-aws/5.56.1"},
		{"AWSReservedSSO_ReadOnly_0123456789abcdef", "alice@example.com", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"},
		{"AWSReservedSSO_PowerUser_fedcba9876543210", "bob@example.com", "aws-cli/2.17.5 md/awscrt#0.20.11 ua/2.0 os/linux#6.5.0 md/arch#x86_64 lang/python#3.11.8 md/installer#exe command/s3.ls"},
	}
	benignCalls = []struct{ source, name string }{
		{"ec2.amazonaws.com", "DescribeInstances"}, {"ec2.amazonaws.com", "DescribeSecurityGroups"}, {"ec2.amazonaws.com", "DescribeVolumes"},
		{"s3.amazonaws.com", "GetObject"}, {"s3.amazonaws.com", "PutObject"}, {"s3.amazonaws.com", "ListObjects"}, {"s3.amazonaws.com", "HeadObject"},
		{"sqs.amazonaws.com", "SendMessage"}, {"sqs.amazonaws.com", "ReceiveMessage"}, {"dynamodb.amazonaws.com", "DescribeTable"},
		{"monitoring.amazonaws.com", "PutMetricData"}, {"logs.amazonaws.com", "CreateLogStream"}, {"kms.amazonaws.com", "Decrypt"},
		{"kms.amazonaws.com", "GenerateDataKey"}, {"sts.amazonaws.com", "GetCallerIdentity"}, {"ssm.amazonaws.com", "GetParameter"},
		{"secretsmanager.amazonaws.com", "GetSecretValue"}, {"lambda.amazonaws.com", "ListFunctions20150331"}, {"iam.amazonaws.com", "GetRole"},
	}
	benignUsers = []string{"ops-alice", "ops-bob"}
)

func benignKinds() []benignKind {
	return []benignKind{
		{780, func(r *rand.Rand, m map[string]any) {
			ro := benignRoles[r.IntN(len(benignRoles))]
			call := benignCalls[r.IntN(len(benignCalls))]
			m["userIdentity"] = roleIdentity(ro.role, ro.session)
			m["userAgent"], m["eventSource"], m["eventName"] = ro.ua, call.source, call.name
			m["readOnly"] = call.name[:3] != "Put" && call.name[:3] != "Sen" && call.name[:3] != "Cre" && call.name[:3] != "Gen"
			m["sourceIPAddress"] = fmt.Sprintf("10.0.%d.%d", r.IntN(4), 10+r.IntN(200))
			if ro.role[:3] == "AWS" {
				m["sourceIPAddress"] = "198.51.100.23"
			}
			m["requestParameters"] = map[string]any{"maxResults": 100}
		}},
		{120, func(r *rand.Rand, m map[string]any) {
			svc := []string{"lambda.amazonaws.com", "ec2.amazonaws.com", "ecs-tasks.amazonaws.com"}[r.IntN(3)]
			m["userIdentity"] = map[string]any{"type": "AWSService", "invokedBy": svc}
			m["eventSource"], m["eventName"], m["userAgent"], m["sourceIPAddress"] = "sts.amazonaws.com", "AssumeRole", svc, svc
			m["eventType"], m["readOnly"] = "AwsApiCall", true
			m["requestParameters"] = map[string]any{"roleArn": "arn:aws:iam::" + benignAccount + ":role/app-server", "roleSessionName": "i-0a1b2c3d4e5f60718"}
		}},
		{60, func(r *rand.Rand, m map[string]any) {
			u := benignUsers[r.IntN(len(benignUsers))]
			call := benignCalls[r.IntN(len(benignCalls))]
			m["userIdentity"] = map[string]any{"type": "IAMUser", "principalId": "AIDAEXAMPLE" + u, "arn": "arn:aws:iam::" + benignAccount + ":user/" + u,
				"accountId": benignAccount, "userName": u, "sessionContext": map[string]any{"attributes": map[string]any{"mfaAuthenticated": "true"}}}
			m["userAgent"], m["eventSource"], m["eventName"], m["readOnly"] = "aws-cli/2.17.5 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0", call.source, call.name, true
			m["sourceIPAddress"] = "203.0.113.40"
		}},
		{25, func(r *rand.Rand, m map[string]any) {
			ro := benignRoles[r.IntN(4)]
			m["userIdentity"] = roleIdentity(ro.role, ro.session)
			m["userAgent"], m["eventSource"], m["readOnly"] = ro.ua, "ec2.amazonaws.com", true
			if r.IntN(2) == 0 {
				m["eventName"], m["errorCode"], m["errorMessage"] = "DescribeInstanceAttribute", "Client.UnauthorizedOperation", "You are not authorized to perform this operation."
			} else {
				m["eventName"], m["errorCode"], m["errorMessage"] = "DescribeVolumes", "Client.InvalidVolume.NotFound", "The volume 'vol-0123' does not exist."
			}
			m["sourceIPAddress"] = "10.0.1.20"
		}},
		{10, func(r *rand.Rand, m map[string]any) {
			m["eventSource"], m["eventType"], m["readOnly"] = "signin.amazonaws.com", "AwsConsoleSignIn", false
			m["userAgent"] = benignRoles[4].ua
			m["sourceIPAddress"] = "198.51.100.23"
			switch r.IntN(3) {
			case 0:
				m["userIdentity"] = roleIdentity("AWSReservedSSO_ReadOnly_0123456789abcdef", "alice@example.com")
				m["eventName"] = "ConsoleLogin"
				m["responseElements"] = map[string]any{"ConsoleLogin": "Success"}
				m["additionalEventData"] = map[string]any{"LoginTo": "https://ap-northeast-1.console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "No"}
			case 1:
				m["userIdentity"] = roleIdentity("ADFS-Admins", "carol@example.com")
				m["eventName"] = "ConsoleLogin"
				m["responseElements"] = map[string]any{"ConsoleLogin": "Success"}
				m["additionalEventData"] = map[string]any{"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "No",
					"SamlProviderArn": "arn:aws:iam::" + benignAccount + ":saml-provider/ADFS"}
			default:
				m["userIdentity"] = map[string]any{"type": "SAMLUser", "principalId": "x1y2z3:carol@example.com", "userName": "carol@example.com", "identityProvider": "x1y2z3"}
				m["eventSource"], m["eventName"], m["eventType"] = "sts.amazonaws.com", "AssumeRoleWithSAML", "AwsApiCall"
			}
		}},
		{5, func(r *rand.Rand, m map[string]any) {
			ro := benignRoles[3] // CI
			m["userIdentity"] = roleIdentity(ro.role, ro.session)
			m["userAgent"], m["readOnly"], m["sourceIPAddress"] = ro.ua, false, "198.51.100.77"
			switch r.IntN(5) {
			case 0:
				m["eventSource"], m["eventName"] = "cloudtrail.amazonaws.com", "PutEventSelectors"
				m["requestParameters"] = map[string]any{"trailName": "org-trail", "eventSelectors": []any{map[string]any{"readWriteType": "All", "includeManagementEvents": true,
					"dataResources": []any{map[string]any{"type": "AWS::S3::Object", "values": []any{"arn:aws:s3:::customer-data/"}}}, "excludeManagementEventSources": []any{}}}}
			case 1:
				m["eventSource"], m["eventName"] = "s3.amazonaws.com", "PutBucketLifecycle"
				m["requestParameters"] = map[string]any{"bucketName": "build-cache", "LifecycleConfiguration": map[string]any{"Rule": map[string]any{
					"ID": "expire-tmp", "Status": "Disabled", "Filter": map[string]any{"Prefix": "tmp/"}, "Expiration": map[string]any{"Days": 1}}}}
			case 2:
				m["eventSource"], m["eventName"] = "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress"
				m["requestParameters"] = map[string]any{"groupId": "sg-0123456789abcdef0", "ipPermissions": map[string]any{"items": []any{map[string]any{"ipProtocol": "tcp",
					"fromPort": 5432, "toPort": 5432, "ipRanges": map[string]any{"items": []any{map[string]any{"cidrIp": "10.0.0.0/16"}}}}}}}
			case 3:
				m["eventSource"], m["eventName"] = "ec2.amazonaws.com", "CreateNetworkAclEntry"
				m["requestParameters"] = map[string]any{"networkAclId": "acl-0123456789abcdef0", "ruleNumber": 90, "egress": false, "ruleAction": "deny",
					"portRange": map[string]any{"from": 23, "to": 23}, "aclProtocol": "6", "cidrBlock": "0.0.0.0/0"}
			default:
				m["eventSource"], m["eventName"] = "iam.amazonaws.com", "PutRolePolicy"
				m["requestParameters"] = map[string]any{"roleName": "orders-lambda", "policyName": "orders-table"}
			}
		}},
	}
}

func roleIdentity(role, session string) map[string]any {
	return map[string]any{"type": "AssumedRole", "principalId": "AROAEXAMPLE" + role[:3] + ":" + session,
		"arn": "arn:aws:sts::" + benignAccount + ":assumed-role/" + role + "/" + session, "accountId": benignAccount, "accessKeyId": "ASIAEXAMPLE",
		"sessionContext": map[string]any{"sessionIssuer": map[string]any{"type": "Role", "principalId": "AROAEXAMPLE" + role[:3],
			"arn": "arn:aws:iam::" + benignAccount + ":role/" + role, "accountId": benignAccount, "userName": role},
			"attributes": map[string]any{"creationDate": "2026-01-01T00:00:00Z", "mfaAuthenticated": "false"}}}
}

// buildBenign writes events benign records into dir as {"Records":[...]}
// files of 5000 (or one file) and returns the bytes of JSON written.
func buildBenign(dir string, events int, one, gz bool) (int64, error) {
	kinds := benignKinds()
	total := 0
	for _, k := range kinds {
		total += k.weight
	}
	r := rand.New(rand.NewPCG(9, 2026))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	step := 14 * 24 * time.Hour / time.Duration(max(events, 1))
	var written int64
	per := 5000
	if one {
		per = events
	}
	for file, n := 0, 0; n < events; file++ {
		name := filepath.Join(dir, fmt.Sprintf("%s_CloudTrail_ap-northeast-1_%06d.json", benignAccount, file))
		if gz {
			name += ".gz"
		}
		fh, err := os.Create(name)
		if err != nil {
			return 0, err
		}
		var w io.Writer = fh
		var zw *gzip.Writer
		if gz {
			zw = gzip.NewWriter(fh)
			w = zw
		}
		bw := bufio.NewWriterSize(w, 1<<20)
		bw.WriteString(`{"Records":[`)
		for i := 0; i < per && n < events; i, n = i+1, n+1 {
			at := start.Add(time.Duration(n) * step)
			m := map[string]any{
				"eventVersion": "1.09", "eventTime": at.Format(time.RFC3339), "eventID": fmt.Sprintf("benign-%010d", n),
				"awsRegion": benignRegions[r.IntN(len(benignRegions))], "eventType": "AwsApiCall", "managementEvent": true,
				"recipientAccountId": benignAccount, "eventCategory": "Management", "requestID": fmt.Sprintf("req-%d", n),
			}
			pick := r.IntN(total)
			for _, k := range kinds {
				if pick < k.weight {
					k.make(r, m)
					break
				}
				pick -= k.weight
			}
			if m["eventSource"] == "signin.amazonaws.com" || m["eventSource"] == "iam.amazonaws.com" {
				m["awsRegion"] = "us-east-1" // global services answer there
			}
			b, err := json.Marshal(m)
			if err != nil {
				return 0, err
			}
			if i > 0 {
				bw.WriteByte(',')
			}
			bw.Write(b)
			written += int64(len(b)) + 1
		}
		bw.WriteString("]}")
		err = bw.Flush()
		if zw != nil && err == nil {
			err = zw.Close()
		}
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return 0, err
		}
	}
	return written, nil
}
