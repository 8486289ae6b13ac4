package audit

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"time"

	"github.com/mamori-sec/mamori"
)

// The built-in demo of the event audit: ten days of a small company's
// CloudTrail, in which the usual week of work (the baseline) is followed by
// the things the detectors exist for — a denied attempt to delete the
// trail, a console login without MFA (a federated one, days before, is not
// one), root
// use, CloudTrail stopped, GuardDuty deleted, SSH opened to the internet,
// the Codefinger ransomware pattern (SSE-C writes and a one-day lifecycle
// expiry), a new access key, a KMS key scheduled for deletion, a public
// access block removed, a new region, a new client and impossible travel —
// and a VPC flow log with traffic to a mining pool. Times count back from
// now, so `mamori alerts --since 7d` shows them; event IDs are fixed, so a
// second `--demo` adds nothing.

//go:embed demo/GeoLite2-City-Test.mmdb
var demoGeoIP []byte

// DemoGeoIP returns the test City database the demo locates addresses with
// (MaxMind's test data: not a real geolocation database).
func DemoGeoIP() ([]byte, error) { return demoGeoIP, nil }

const demoAccount = "111122223333"

// DemoCloudTrail returns the demo's CloudTrail file ({"Records":[...]}) for
// a clock at now.
func DemoCloudTrail(now time.Time) []byte {
	base := now.UTC().Truncate(time.Hour).Add(-10 * 24 * time.Hour)
	at := func(day int, hm string) time.Time {
		d, _ := time.ParseDuration(hm)
		return base.Add(time.Duration(day)*24*time.Hour + d)
	}
	user := func(name string) map[string]any {
		return map[string]any{"type": "IAMUser", "principalId": "AIDADEMO" + name, "arn": "arn:aws:iam::" + demoAccount + ":user/" + name,
			"accountId": demoAccount, "userName": name, "accessKeyId": "AKIADEMO" + name}
	}
	root := map[string]any{"type": "Root", "principalId": demoAccount, "arn": "arn:aws:iam::" + demoAccount + ":root", "accountId": demoAccount}
	const (
		cli     = "aws-cli/2.15.30 Python/3.11.8 Linux/6.1.79 exe/x86_64.amzn.2023 prompt/off command/ec2.describe-instances"
		browser = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
		tokyo   = "203.0.113.10" // documentation range: not located
		london  = "81.2.69.142"
		milton  = "216.160.83.56"
	)
	var recs []map[string]any
	n := 0
	add := func(t time.Time, who map[string]any, src, name, region, ip, ua string, req map[string]any, extra map[string]any) {
		n++
		r := map[string]any{
			"eventVersion": "1.10", "userIdentity": who, "eventTime": t.Format(time.RFC3339), "eventSource": src, "eventName": name,
			"awsRegion": region, "sourceIPAddress": ip, "userAgent": ua, "requestParameters": req, "responseElements": nil,
			"requestID": fmt.Sprintf("demo-req-%04d", n), "eventID": fmt.Sprintf("6d616d6f-7269-4000-8000-%012d", n),
			"readOnly": APIFamily(&mamori.Event{Name: name}) == "read", "eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": demoAccount, "eventCategory": "Management",
		}
		for k, v := range extra {
			r[k] = v
		}
		recs = append(recs, r)
	}
	// Days 0-8: the baseline. Alice administers from Tokyo with the CLI in
	// ap-northeast-1 and us-east-1 (global services), and from London on
	// day 8 (no alert: days apart).
	for day := 0; day <= 8; day++ {
		add(at(day, "9h"), user("alice"), "ec2.amazonaws.com", "DescribeInstances", "ap-northeast-1", tokyo, cli, map[string]any{}, nil)
		add(at(day, "10h"), user("alice"), "s3.amazonaws.com", "GetBucketVersioning", "us-east-1", tokyo, cli, map[string]any{"bucketName": "acme-invoices", "versioning": ""}, nil)
		add(at(day, "11h"), user("alice"), "iam.amazonaws.com", "ListUsers", "us-east-1", tokyo, cli, nil, nil)
		add(at(day, "14h"), user("bob"), "cloudtrail.amazonaws.com", "LookupEvents", "ap-northeast-1", tokyo, cli, nil, nil)
	}
	add(at(8, "20h"), user("alice"), "ec2.amazonaws.com", "DescribeInstances", "ap-northeast-1", london, cli, map[string]any{}, nil)
	// Carol signs in through the company's SAML identity provider, which
	// asks for MFA itself: AWS records MFAUsed No, and that is no alert.
	carol := map[string]any{"type": "AssumedRole", "principalId": "AROADEMOADMINS:carol@example.com",
		"arn": "arn:aws:sts::" + demoAccount + ":assumed-role/SAML-Admins/carol@example.com", "accountId": demoAccount,
		"sessionContext": map[string]any{"sessionIssuer": map[string]any{"type": "Role", "principalId": "AROADEMOADMINS",
			"arn": "arn:aws:iam::" + demoAccount + ":role/SAML-Admins", "accountId": demoAccount, "userName": "SAML-Admins"},
			"attributes": map[string]any{"creationDate": at(4, "9h").Format(time.RFC3339), "mfaAuthenticated": "false"}}}
	add(at(4, "9h"), carol, "signin.amazonaws.com", "ConsoleLogin", "us-east-1", tokyo, browser, nil, map[string]any{
		"eventType": "AwsConsoleSignIn", "responseElements": map[string]any{"ConsoleLogin": "Success"},
		"additionalEventData": map[string]any{"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "No",
			"SamlProviderArn": "arn:aws:iam::" + demoAccount + ":saml-provider/CorpIdP"}})

	// Day 9: what the audit is for.
	d := 9
	// Bob's credentials try to delete the trail first and are refused: the
	// trail is intact, and the attempt is an alert of its own.
	add(at(d, "0h50m"), user("bob"), "cloudtrail.amazonaws.com", "DeleteTrail", "ap-northeast-1", london, cli,
		map[string]any{"name": "org-trail"}, map[string]any{"errorCode": "AccessDenied",
			"errorMessage": "User: arn:aws:iam::" + demoAccount + ":user/bob is not authorized to perform: cloudtrail:DeleteTrail"})
	add(at(d, "1h"), user("bob"), "signin.amazonaws.com", "ConsoleLogin", "us-east-1", london, browser, nil, map[string]any{
		"eventType": "AwsConsoleSignIn", "responseElements": map[string]any{"ConsoleLogin": "Success"},
		"additionalEventData": map[string]any{"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "No"}})
	add(at(d, "1h10m"), root, "iam.amazonaws.com", "CreateAccessKey", "us-east-1", london, browser, map[string]any{}, nil)
	add(at(d, "1h20m"), user("alice"), "cloudtrail.amazonaws.com", "StopLogging", "ap-northeast-1", milton, cli,
		map[string]any{"name": "arn:aws:cloudtrail:ap-northeast-1:" + demoAccount + ":trail/org-trail"}, nil)
	add(at(d, "1h25m"), user("alice"), "guardduty.amazonaws.com", "DeleteDetector", "ap-northeast-1", milton, cli,
		map[string]any{"detectorId": "12abc34d567e8fa901bc2d34e56789f0"}, nil)
	add(at(d, "1h30m"), user("alice"), "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", "ap-northeast-1", milton, cli,
		map[string]any{"groupId": "sg-0123456789abcdef0", "ipPermissions": map[string]any{"items": []any{map[string]any{
			"ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "ipRanges": map[string]any{"items": []any{map[string]any{"cidrIp": "0.0.0.0/0"}}}}}}}, nil)
	add(at(d, "1h40m"), user("alice"), "iam.amazonaws.com", "CreateAccessKey", "us-east-1", milton, cli, map[string]any{"userName": "backup-admin"}, nil)
	add(at(d, "1h45m"), user("alice"), "kms.amazonaws.com", "ScheduleKeyDeletion", "ap-northeast-1", milton, cli,
		map[string]any{"keyId": "arn:aws:kms:ap-northeast-1:" + demoAccount + ":key/1234abcd-12ab-34cd-56ef-1234567890ab", "pendingWindowInDays": 7}, nil)
	add(at(d, "1h50m"), user("alice"), "s3.amazonaws.com", "DeletePublicAccessBlock", "ap-northeast-1", milton, cli,
		map[string]any{"bucketName": "acme-invoices", "publicAccessBlock": ""}, nil)
	add(at(d, "2h"), user("alice"), "s3.amazonaws.com", "PutBucketLifecycle", "ap-northeast-1", milton, "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.12.2",
		map[string]any{"bucketName": "acme-invoices", "lifecycle": "", "LifecycleConfiguration": map[string]any{
			"Rule": map[string]any{"ID": "cleanup", "Status": "Enabled", "Filter": map[string]any{"Prefix": ""}, "Expiration": map[string]any{"Days": 1}}}}, nil)
	add(at(d, "2h05m"), user("alice"), "s3.amazonaws.com", "PutObject", "ap-northeast-1", milton, "Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.12.2",
		map[string]any{"bucketName": "acme-invoices", "key": "2026/invoice-0001.pdf", "x-amz-server-side-encryption-customer-algorithm": "AES256"},
		map[string]any{"additionalEventData": map[string]any{"SSECustomerAlgorithm": "AES256", "bytesTransferredIn": 48213}, "readOnly": false, "managementEvent": false, "eventCategory": "Data"})
	add(at(d, "2h10m"), user("alice"), "ec2.amazonaws.com", "RunInstances", "sa-east-1", milton, cli,
		map[string]any{"instanceType": "p4d.24xlarge", "minCount": 8, "maxCount": 8}, nil)

	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(map[string]any{"Records": recs})
	return b.Bytes()
}

// DemoFlowLogs returns the demo's VPC flow log (default version 2 format,
// with the header line S3 delivery writes) for a clock at now: ordinary web
// traffic and one instance talking to a mining pool on port 3333.
func DemoFlowLogs(now time.Time) []byte {
	t := now.UTC().Truncate(time.Hour).Add(-24 * time.Hour).Unix()
	var b bytes.Buffer
	b.WriteString("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n")
	lines := []struct {
		src, dst       string
		sport, dport   int
		action, status string
	}{
		{"10.0.1.15", "198.51.100.20", 49152, 443, "ACCEPT", "OK"},
		{"198.51.100.77", "10.0.1.15", 51000, 22, "REJECT", "OK"},
		{"10.0.2.40", "203.0.113.200", 40122, 3333, "ACCEPT", "OK"}, // the mining pool
		{"10.0.1.15", "198.51.100.20", 49153, 443, "ACCEPT", "OK"},
	}
	for i, l := range lines {
		fmt.Fprintf(&b, "2 %s eni-0a1b2c3d4e5f60718 %s %s %d %d 6 %d %d %d %d %s %s\n",
			demoAccount, l.src, l.dst, l.sport, l.dport, 10+i, 4200+i*100, t+int64(i*60), t+int64(i*60+59), l.action, l.status)
	}
	b.WriteString("2 " + demoAccount + " eni-0a1b2c3d4e5f60718 - - - - - - - " + fmt.Sprint(t+600) + " " + fmt.Sprint(t+659) + " - NODATA\n")
	return b.Bytes()
}
