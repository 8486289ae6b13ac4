package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/auditlog"
)

// The four causes of alerts nobody can act on (issue 9), each proved on
// both sides: the attack still raises its alert, the look-alike does not.
// Records are the shared datasets' (Invictus, Stratus Red Team) where they
// hold one, changed field by field for the look-alike; else written from
// AWS's documented record format (CloudTrail userIdentity and sign-in event
// references).

// Rule IDs of mamori's rules the tests name.
const (
	ruleTampering       = "3a1a0b48-b0d8-5f4c-b8ec-d43a7feba71c"
	ruleTamperingDenied = "39207421-b1fa-5538-89f8-95bb2fdf6788"
	ruleNoMFA           = "c466b015-e47a-51a4-b8f1-285835a7a1a8"
	ruleGuard           = "958f40df-7352-5318-9299-be11f13aac5c"
	ruleGuardDenied     = "5596697d-f787-5cb6-ae69-0932672d5cb7"
	ruleIAM             = "8046efc0-a61d-5788-abb2-23eacf3a76a7"
	ruleKMS             = "db929004-77a3-52e6-a98d-54aaf7260737"
	ruleKMSDenied       = "c6b248f4-ac27-59a4-a439-b7d31ae376de"
	ruleNACL            = "1c927bcb-d0ba-51be-83a3-c8690a414988"
	ruleLifecycle       = "adbd4d09-9962-57fc-a907-26041674c506"
	ruleBPA             = "cbc60003-f6eb-5c8a-82b8-d8c0e4c5ad88"
	ruleBPADenied       = "b3c50054-31a7-594a-aaae-f5d9c1e9bcc2"
	ruleSGOpen          = "9ee70e62-bea7-5210-9c21-a5ecbb542a45"
	sigmaHQTrailChange  = "4db60cc0-36fb-42b7-9b58-a5b53019fb74" // AWS CloudTrail Important Change
	sigmaHQSGChange     = "6fb77778-040f-4015-9440-572aa9b6b580" // Ingress/Egress Security Group Modification
	sigmaHQAssumeRole   = "905d389b-b853-46d0-9d3d-dea0d3a3cd49" // AWS STS AssumeRole Misuse
	sigmaHQNoMFA        = "77caf516-34e5-4df9-b4db-20744fea0a60" // AWS Successful Console Login Without MFA
)

var (
	sharedOnce    sync.Once
	sharedRecords map[string]map[string]any
)

// shared returns a record of the vendored datasets by eventID, decoded.
func shared(t *testing.T, id string) map[string]any {
	t.Helper()
	sharedOnce.Do(func() {
		sharedRecords = map[string]map[string]any{}
		_, err := auditlog.ReadPaths([]string{"../testdata/cloudtrail"}, auditlog.CloudTrail, nil, func(ev *mamori.Event) error {
			var m map[string]any
			if err := json.Unmarshal(ev.Fields.(auditlog.JSONRecord).JSON(), &m); err != nil {
				return err
			}
			sharedRecords[ev.ID] = m
			return nil
		})
		if err != nil {
			panic(err)
		}
	})
	r, ok := sharedRecords[id]
	if !ok {
		t.Fatalf("record %s is not in ../testdata/cloudtrail", id)
	}
	// A deep copy: tests change fields.
	b, _ := json.Marshal(r)
	var c map[string]any
	_ = json.Unmarshal(b, &c)
	return c
}

// record decodes a record written in a test.
func record(t *testing.T, js string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(js), &m); err != nil {
		t.Fatalf("test record: %v\n%s", err, js)
	}
	return m
}

// set changes a field at a dotted path (objects only) and returns r.
func set(r map[string]any, path string, v any) map[string]any {
	keys := strings.Split(path, ".")
	m := r
	for _, k := range keys[:len(keys)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	if v == nil {
		delete(m, keys[len(keys)-1])
	} else {
		m[keys[len(keys)-1]] = v
	}
	return r
}

// denied makes r a call AWS refused.
func denied(r map[string]any) map[string]any {
	r["errorCode"] = "AccessDenied"
	r["errorMessage"] = "User: arn:aws:iam::111122223333:user/mallory is not authorized to perform this operation"
	r["responseElements"] = nil
	r["eventID"] = fmt.Sprint(r["eventID"], "-denied")
	return r
}

// raised runs the records through the built-in rules, as audit ingest
// reads them (auditlog parses the JSON text), and returns the alerts.
func raised(t *testing.T, recs ...map[string]any) []mamori.Alert {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"Records":[`)
	for i, r := range recs {
		if i > 0 {
			b.WriteByte(',')
		}
		js, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(js)
	}
	b.WriteString(`]}`)
	var out []mamori.Alert
	p := New(nil, nil, builtinSigma(t, DefaultMiningPorts))
	p.OnAlert = func(a mamori.Alert) { out = append(out, a) }
	ctx := context.Background()
	err := auditlog.ReadCloudTrail(strings.NewReader(b.String()), auditlog.Options{}, func(ev *mamori.Event) error { return p.Observe(ctx, ev) })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Close(ctx); err != nil {
		t.Fatal(err)
	}
	// An alert keeps its records as evidence; a signal keeps none.
	for _, a := range out {
		if (a.Tier == mamori.TierSignal) != (len(a.Evidence) == 0) {
			t.Errorf("%s (%s) has %d evidence records", a.RuleID, a.Tier, len(a.Evidence))
		}
	}
	return out
}

// tiers maps each rule that fired to its tier (signal when every match was
// a signal).
func tiers(as []mamori.Alert) map[string]mamori.Tier {
	out := map[string]mamori.Tier{}
	for _, a := range as {
		if out[a.RuleID] != mamori.TierAlert {
			out[a.RuleID] = a.Tier
		}
	}
	return out
}

// alertsOnly lists the rules that raised an alert of tier alert, sorted.
func alertsOnly(as []mamori.Alert) []string {
	var out []string
	for id, tier := range tiers(as) {
		if tier == mamori.TierAlert {
			out = append(out, id)
		}
	}
	sort.Strings(out)
	return out
}

type causeCase struct {
	name string
	rec  func(t *testing.T) map[string]any
	// want: rule -> tier that must be raised; deny: rules that must raise
	// nothing at all; onlyAlerts, when set, is every rule allowed to raise
	// an alert of tier alert (nil: not checked).
	want       map[string]mamori.Tier
	deny       []string
	onlyAlerts []string
}

func runCauses(t *testing.T, cases []causeCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			as := raised(t, tc.rec(t))
			got := tiers(as)
			for id, tier := range tc.want {
				if got[id] != tier {
					t.Errorf("rule %s: tier %q, want %q (raised: %v)", id, got[id], tier, got)
				}
			}
			for _, id := range tc.deny {
				if _, ok := got[id]; ok {
					t.Errorf("rule %s fired; it must not (raised: %v)", id, got)
				}
			}
			if tc.onlyAlerts != nil {
				want := append([]string{}, tc.onlyAlerts...)
				sort.Strings(want)
				if g := alertsOnly(as); strings.Join(g, ",") != strings.Join(want, ",") {
					t.Errorf("alerts of tier alert: %v, want %v", g, want)
				}
			}
		})
	}
}

// Cause 1: a call that failed changed nothing. mamori's rules raise
// nothing for it, except "attempt denied" for the sensitive ones; SigmaHQ
// rules still match as written, and their match is stored as a signal.
func TestFailedCalls(t *testing.T) {
	const stratusStop = "10163ed2-2253-469d-a5ee-cbc6651f8934"      // StopLogging, succeeded
	const invictusStopGone = "f6e10706-705c-47f2-94d4-112a9527ab8b" // StopLogging: TrailNotFoundException
	const invictusSGOpen = "7e96f0e7-4d78-423d-b3f5-391370685b30"   // AuthorizeSecurityGroupIngress 0.0.0.0/0 on 443
	kmsDelete := func(t *testing.T) map[string]any {
		return record(t, `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/mallory","accountId":"111122223333","userName":"mallory"},
			"eventTime":"2026-12-01T10:00:00Z","eventSource":"kms.amazonaws.com","eventName":"ScheduleKeyDeletion","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","userAgent":"aws-cli/2.15.0",
			"requestParameters":{"keyId":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab","pendingWindowInDays":7},
			"responseElements":{"keyId":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab","deletionDate":"Dec 8, 2026, 10:00:00 AM","keyState":"PendingDeletion","pendingWindowInDays":7},
			"eventID":"kms-delete-1","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`)
	}
	guardDelete := func(t *testing.T) map[string]any {
		return record(t, `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/mallory","accountId":"111122223333","userName":"mallory"},
			"eventTime":"2026-12-01T10:05:00Z","eventSource":"guardduty.amazonaws.com","eventName":"DeleteDetector","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","userAgent":"aws-cli/2.15.0",
			"requestParameters":{"detectorId":"12abc34d567e8fa901bc2d34e56789f0"},"responseElements":null,
			"eventID":"gd-delete-1","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`)
	}
	bpaOff := func(t *testing.T) map[string]any {
		return record(t, `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/mallory","accountId":"111122223333","userName":"mallory"},
			"eventTime":"2026-12-01T10:10:00Z","eventSource":"s3.amazonaws.com","eventName":"PutPublicAccessBlock","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","userAgent":"aws-cli/2.15.0",
			"requestParameters":{"publicAccessBlock":"","bucketName":"customer-data","PublicAccessBlockConfiguration":{"xmlns":"http://s3.amazonaws.com/doc/2006-03-01/","RestrictPublicBuckets":false,"BlockPublicPolicy":false,"BlockPublicAcls":false,"IgnorePublicAcls":false},"Host":"customer-data.s3.amazonaws.com"},
			"responseElements":null,"eventID":"bpa-off-1","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`)
	}
	attachPolicy := func(t *testing.T) map[string]any {
		return record(t, `{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/mallory","accountId":"111122223333","userName":"mallory"},
			"eventTime":"2026-12-01T10:15:00Z","eventSource":"iam.amazonaws.com","eventName":"AttachUserPolicy","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.9","userAgent":"aws-cli/2.15.0",
			"requestParameters":{"userName":"mallory","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"},"responseElements":null,
			"eventID":"iam-attach-1","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`)
	}
	runCauses(t, []causeCase{
		{name: "trail stopped (Stratus)", rec: func(t *testing.T) map[string]any { return shared(t, stratusStop) },
			want: map[string]mamori.Tier{ruleTampering: mamori.TierAlert, sigmaHQTrailChange: mamori.TierAlert}, deny: []string{ruleTamperingDenied}},
		{name: "trail stop denied", rec: func(t *testing.T) map[string]any { return denied(shared(t, stratusStop)) },
			want:       map[string]mamori.Tier{ruleTamperingDenied: mamori.TierAlert, sigmaHQTrailChange: mamori.TierSignal},
			deny:       []string{ruleTampering},
			onlyAlerts: []string{ruleTamperingDenied}},
		{name: "trail stop of a trail that does not exist (Invictus)", rec: func(t *testing.T) map[string]any { return shared(t, invictusStopGone) },
			want: map[string]mamori.Tier{sigmaHQTrailChange: mamori.TierSignal}, deny: []string{ruleTampering, ruleTamperingDenied}, onlyAlerts: []string{}},
		{name: "security group opened (Invictus)", rec: func(t *testing.T) map[string]any { return shared(t, invictusSGOpen) },
			want: map[string]mamori.Tier{ruleSGOpen: mamori.TierAlert, sigmaHQSGChange: mamori.TierAlert}},
		{name: "security group opening denied", rec: func(t *testing.T) map[string]any { return denied(shared(t, invictusSGOpen)) },
			want: map[string]mamori.Tier{sigmaHQSGChange: mamori.TierSignal}, deny: []string{ruleSGOpen}, onlyAlerts: []string{}},
		{name: "key deletion scheduled", rec: kmsDelete, want: map[string]mamori.Tier{ruleKMS: mamori.TierAlert}, deny: []string{ruleKMSDenied}},
		{name: "key deletion denied", rec: func(t *testing.T) map[string]any { return denied(kmsDelete(t)) },
			want: map[string]mamori.Tier{ruleKMSDenied: mamori.TierAlert}, deny: []string{ruleKMS}, onlyAlerts: []string{ruleKMSDenied}},
		{name: "GuardDuty detector deleted", rec: guardDelete, want: map[string]mamori.Tier{ruleGuard: mamori.TierAlert}, deny: []string{ruleGuardDenied}},
		{name: "GuardDuty detector deletion denied", rec: func(t *testing.T) map[string]any { return denied(guardDelete(t)) },
			want: map[string]mamori.Tier{ruleGuardDenied: mamori.TierAlert}, deny: []string{ruleGuard}, onlyAlerts: []string{ruleGuardDenied}},
		{name: "Block Public Access turned off", rec: bpaOff, want: map[string]mamori.Tier{ruleBPA: mamori.TierAlert}, deny: []string{ruleBPADenied}},
		{name: "Block Public Access removal denied", rec: func(t *testing.T) map[string]any { return denied(bpaOff(t)) },
			want: map[string]mamori.Tier{ruleBPADenied: mamori.TierAlert}, deny: []string{ruleBPA}, onlyAlerts: []string{ruleBPADenied}},
		{name: "admin policy attached", rec: attachPolicy, want: map[string]mamori.Tier{ruleIAM: mamori.TierAlert}},
		// Not a sensitive attempt mamori names: nothing of tier alert.
		{name: "admin policy attach denied", rec: func(t *testing.T) map[string]any { return denied(attachPolicy(t)) },
			deny: []string{ruleIAM}, onlyAlerts: []string{}},
	})
	// The denied attempt's alert is lower than the change's and says so.
	as := raised(t, denied(kmsDelete(t)))
	for _, a := range as {
		if a.RuleID == ruleKMSDenied && (a.Severity != mamori.SeverityMedium || !strings.HasSuffix(a.Title.En, "attempt denied") || !strings.HasSuffix(a.Title.Ja, "試みが拒否されました")) {
			t.Errorf("denied attempt: severity %v, title %q / %q", a.Severity, a.Title.En, a.Title.Ja)
		}
	}
	// A SigmaHQ match on a failed call says why it is a signal.
	for _, a := range raised(t, shared(t, invictusStopGone)) {
		if a.RuleID == sigmaHQTrailChange && !strings.Contains(a.Reason.En, "the call failed (TrailNotFoundException)") {
			t.Errorf("reason of a demoted match: %q", a.Reason.En)
		}
	}
}

// Cause 2: federated console sign-ins carry MFA at the identity provider;
// only IAM users' and root's own password sign-ins are judged on MFA.
func TestFederatedSignIns(t *testing.T) {
	const stratusNoMFA = "865d9377-9c6b-4fd7-8aad-725e95f6a140" // IAM user, MFAUsed No
	const invictusMFA = "8feee4c2-5e27-4857-8475-bfa7e7b6d791"  // IAM user, MFAUsed Yes
	signIn := func(identity, extra string) func(t *testing.T) map[string]any {
		return func(t *testing.T) map[string]any {
			return record(t, `{"eventVersion":"1.08","userIdentity":`+identity+`,"eventTime":"2026-12-01T09:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin",
				"awsRegion":"us-east-1","sourceIPAddress":"198.51.100.23","userAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
				"requestParameters":null,"responseElements":{"ConsoleLogin":"Success"},
				"additionalEventData":{"LoginTo":"https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true","MobileVersion":"No","MFAUsed":"No"`+extra+`},
				"eventID":"signin-`+fmt.Sprint(len(identity), len(extra))+`","readOnly":false,"eventType":"AwsConsoleSignIn","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`)
		}
	}
	const saml = `{"type":"AssumedRole","principalId":"AROAEXAMPLEID:alice@example.com","arn":"arn:aws:sts::111122223333:assumed-role/ADFS-Admins/alice@example.com","accountId":"111122223333",
		"sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEID","arn":"arn:aws:iam::111122223333:role/ADFS-Admins","accountId":"111122223333","userName":"ADFS-Admins"},
		"webIdFederationData":{},"attributes":{"creationDate":"2026-12-01T09:00:00Z","mfaAuthenticated":"false"}}}`
	const sso = `{"type":"AssumedRole","principalId":"AROAEXAMPLEID2:bob","arn":"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/bob","accountId":"111122223333",
		"sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEID2","arn":"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123456789abcdef","accountId":"111122223333","userName":"AWSReservedSSO_AdministratorAccess_0123456789abcdef"},
		"webIdFederationData":{},"attributes":{"creationDate":"2026-12-01T09:00:00Z","mfaAuthenticated":"false"}}}`
	const idc = `{"type":"IdentityCenterUser","accountId":"111122223333","onBehalfOf":{"userId":"94482488-3041-7026-18f3-be45837cd0e4","identityStoreArn":"arn:aws:identitystore::111122223333:identitystore/d-9067230000"},"credentialId":"EXAMPLEVHULjJdTUdPJfofVa1sufHDoj7aYcOYcxFVllWR_Whr1fEXAMPLE"}`
	const samlUser = `{"type":"SAMLUser","principalId":"SomeBase64Hash:carol@example.com","userName":"carol@example.com","identityProvider":"SomeBase64Hash"}`
	const root = `{"type":"Root","principalId":"111122223333","arn":"arn:aws:iam::111122223333:root","accountId":"111122223333"}`
	const iamUserSAML = `{"type":"IAMUser","principalId":"AIDAEXAMPLE3","arn":"arn:aws:iam::111122223333:user/dave","accountId":"111122223333","userName":"dave"}`
	runCauses(t, []causeCase{
		{name: "IAM user without MFA (Stratus)", rec: func(t *testing.T) map[string]any { return shared(t, stratusNoMFA) },
			want: map[string]mamori.Tier{ruleNoMFA: mamori.TierAlert}},
		{name: "root without MFA", rec: signIn(root, ""), want: map[string]mamori.Tier{ruleNoMFA: mamori.TierAlert}},
		{name: "IAM user with MFA (Invictus)", rec: func(t *testing.T) map[string]any { return shared(t, invictusMFA) }, deny: []string{ruleNoMFA, sigmaHQNoMFA}},
		{name: "SAML federation (AssumedRole, SamlProviderArn)", rec: signIn(saml, `,"SamlProviderArn":"arn:aws:iam::111122223333:saml-provider/ADFS"`),
			want: map[string]mamori.Tier{sigmaHQNoMFA: mamori.TierSignal}, deny: []string{ruleNoMFA}, onlyAlerts: []string{}},
		{name: "IAM Identity Center permission set (AssumedRole)", rec: signIn(sso, ""),
			want: map[string]mamori.Tier{sigmaHQNoMFA: mamori.TierSignal}, deny: []string{ruleNoMFA}, onlyAlerts: []string{}},
		{name: "IdentityCenterUser", rec: signIn(idc, ""), deny: []string{ruleNoMFA}, onlyAlerts: []string{}},
		{name: "SAMLUser", rec: signIn(samlUser, ""), deny: []string{ruleNoMFA}, onlyAlerts: []string{}},
		{name: "additionalEventData names SAML", rec: signIn(iamUserSAML, `,"SamlProviderArn":"arn:aws:iam::111122223333:saml-provider/Okta"`),
			deny: []string{ruleNoMFA}, onlyAlerts: []string{}},
	})
}

// Cause 3: read what the request does.
func TestRequestRead(t *testing.T) {
	const invictusLifecycle = "7823c70d-f7f9-4a04-b4c0-baa8fbe09ea3"   // Enabled, Expiration.Days 1
	const stratusSelectors = "c2a89408-340a-42f0-8ace-75d9f5769393"    // ReadOnly, no management events
	const invictusSelectorsOn = "3d6df238-f83c-4a34-bea8-45cf80a2050b" // All, management events on
	const invictusSGOpen = "7e96f0e7-4d78-423d-b3f5-391370685b30"
	const stratusSGSlash0 = "9fd68588-ecbf-4528-a345-199fa6bb0821" // cidrIp 208.236.235.254/0
	lifecycle := func(rules any) func(t *testing.T) map[string]any {
		return func(t *testing.T) map[string]any {
			return set(shared(t, invictusLifecycle), "requestParameters.LifecycleConfiguration.Rule", rules)
		}
	}
	rule := func(id, status string, days any) map[string]any {
		return map[string]any{"ID": id, "Status": status, "Filter": map[string]any{"Prefix": ""}, "Expiration": map[string]any{"Days": days}}
	}
	selectors := func(field string, v string) func(t *testing.T) map[string]any {
		return func(t *testing.T) map[string]any {
			r := shared(t, invictusSelectorsOn)
			var sel any
			if err := json.Unmarshal([]byte(v), &sel); err != nil {
				t.Fatal(err)
			}
			set(r, "requestParameters.eventSelectors", nil)
			return set(r, "requestParameters."+field, sel)
		}
	}
	trailUpdate := func(params string) func(t *testing.T) map[string]any {
		return func(t *testing.T) map[string]any {
			r := shared(t, invictusSelectorsOn)
			var p any
			if err := json.Unmarshal([]byte(params), &p); err != nil {
				t.Fatal(err)
			}
			r["eventName"], r["requestParameters"] = "UpdateTrail", p
			r["eventID"] = fmt.Sprint("update-", len(params), params[10:20])
			return r
		}
	}
	sgPerm := func(ranges map[string]any) func(t *testing.T) map[string]any {
		return func(t *testing.T) map[string]any {
			r := shared(t, invictusSGOpen)
			perm := map[string]any{"ipProtocol": "tcp", "fromPort": 22.0, "toPort": 22.0, "groups": map[string]any{}, "prefixListIds": map[string]any{},
				"ipRanges": map[string]any{}, "ipv6Ranges": map[string]any{}}
			for k, v := range ranges {
				perm[k] = v
			}
			r["eventID"] = fmt.Sprint("sg-", ranges)
			return set(r, "requestParameters.ipPermissions", map[string]any{"items": []any{perm}})
		}
	}
	sgRanges := func(cidrs ...string) func(t *testing.T) map[string]any {
		var items []any
		for _, c := range cidrs {
			items = append(items, map[string]any{"cidrIp": c})
		}
		return sgPerm(map[string]any{"ipRanges": map[string]any{"items": items}})
	}
	sgRanges6 := func(cidr string) func(t *testing.T) map[string]any {
		return sgPerm(map[string]any{"ipv6Ranges": map[string]any{"items": []any{map[string]any{"cidrIpv6": cidr}}}})
	}
	nacl := func(egress bool, action, cidr string) func(t *testing.T) map[string]any {
		return func(t *testing.T) map[string]any {
			return record(t, fmt.Sprintf(`{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/ops","accountId":"111122223333","userName":"ops"},
				"eventTime":"2026-12-01T11:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"CreateNetworkAclEntry","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.23","userAgent":"aws-cli/2.15.0",
				"requestParameters":{"networkAclId":"acl-0123456789abcdef0","ruleNumber":100,"egress":%t,"ruleAction":%q,"icmpTypeCode":{},"portRange":{"from":22,"to":22},"aclProtocol":"6","cidrBlock":%q},
				"responseElements":{"requestId":"c3f3a5e1-0000-4000-8000-000000000001","_return":true},"eventID":"nacl-%t-%s-%s","readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`,
				egress, action, cidr, egress, action, cidr))
		}
	}
	runCauses(t, []causeCase{
		// Lifecycle: Status Disabled expires nothing.
		{name: "lifecycle enabled, 1 day (Invictus)", rec: func(t *testing.T) map[string]any { return shared(t, invictusLifecycle) },
			want: map[string]mamori.Tier{ruleLifecycle: mamori.TierAlert}},
		{name: "lifecycle disabled, 1 day", rec: lifecycle(rule("nuke", "Disabled", 1)), deny: []string{ruleLifecycle}, onlyAlerts: []string{}},
		{name: "lifecycle enabled 365 days beside a disabled 1-day rule", rec: lifecycle([]any{rule("keep", "Enabled", 365), rule("nuke", "Disabled", 1)}),
			deny: []string{ruleLifecycle}, onlyAlerts: []string{}},
		{name: "lifecycle enabled 3 days beside a disabled one", rec: lifecycle([]any{rule("off", "Disabled", 30), rule("nuke", "Enabled", "3")}),
			want: map[string]mamori.Tier{ruleLifecycle: mamori.TierAlert}},
		// Event selectors: more logging is not tampering.
		{name: "selectors drop management events (Stratus)", rec: func(t *testing.T) map[string]any { return shared(t, stratusSelectors) },
			want: map[string]mamori.Tier{ruleTampering: mamori.TierAlert}},
		{name: "selectors log all management events (Invictus)", rec: func(t *testing.T) map[string]any { return shared(t, invictusSelectorsOn) },
			deny: []string{ruleTampering}, onlyAlerts: []string{}},
		{name: "selectors add S3 data events", rec: selectors("eventSelectors", `[{"readWriteType":"All","includeManagementEvents":true,"dataResources":[{"type":"AWS::S3::Object","values":["arn:aws:s3"]}],"excludeManagementEventSources":[]}]`),
			deny: []string{ruleTampering}, onlyAlerts: []string{}},
		{name: "selectors: reads and writes in two selectors", rec: selectors("eventSelectors", `[{"readWriteType":"ReadOnly","includeManagementEvents":true},{"readWriteType":"WriteOnly","includeManagementEvents":true}]`),
			deny: []string{ruleTampering}},
		{name: "selectors: writes only", rec: selectors("eventSelectors", `[{"readWriteType":"WriteOnly","includeManagementEvents":true}]`),
			want: map[string]mamori.Tier{ruleTampering: mamori.TierAlert}},
		{name: "selectors leave KMS out", rec: selectors("eventSelectors", `[{"readWriteType":"All","includeManagementEvents":true,"excludeManagementEventSources":["kms.amazonaws.com"]}]`),
			want: map[string]mamori.Tier{ruleTampering: mamori.TierAlert}},
		{name: "advanced selectors: management and data events", rec: selectors("advancedEventSelectors",
			`[{"name":"Management events","fieldSelectors":[{"field":"eventCategory","equals":["Management"]}]},{"name":"S3","fieldSelectors":[{"field":"eventCategory","equals":["Data"]},{"field":"resources.type","equals":["AWS::S3::Object"]}]}]`),
			deny: []string{ruleTampering}, onlyAlerts: []string{}},
		{name: "advanced selectors: read management events only", rec: selectors("advancedEventSelectors",
			`[{"name":"Reads","fieldSelectors":[{"field":"eventCategory","equals":["Management"]},{"field":"readOnly","equals":["true"]}]}]`),
			want: map[string]mamori.Tier{ruleTampering: mamori.TierAlert}},
		{name: "advanced selectors: data events only", rec: selectors("advancedEventSelectors",
			`[{"name":"S3","fieldSelectors":[{"field":"eventCategory","equals":["Data"]},{"field":"resources.type","equals":["AWS::S3::Object"]}]}]`),
			want: map[string]mamori.Tier{ruleTampering: mamori.TierAlert}},
		// UpdateTrail: turning settings on is not tampering; the CIS 4.5 change
		// alarm (SigmaHQ's "AWS CloudTrail Important Change") stays.
		{name: "trail update turns log file validation on", rec: trailUpdate(`{"name":"org-trail","enableLogFileValidation":true,"isMultiRegionTrail":true}`),
			want: map[string]mamori.Tier{sigmaHQTrailChange: mamori.TierAlert}, deny: []string{ruleTampering}},
		{name: "trail update adds KMS encryption", rec: trailUpdate(`{"name":"org-trail","kmsKeyId":"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}`),
			deny: []string{ruleTampering}},
		{name: "trail update makes it single-region", rec: trailUpdate(`{"name":"org-trail","isMultiRegionTrail":false}`),
			want: map[string]mamori.Tier{ruleTampering: mamori.TierAlert, sigmaHQTrailChange: mamori.TierAlert}},
		{name: "trail update sends logs to another bucket", rec: trailUpdate(`{"name":"org-trail","s3BucketName":"attacker-owned-bucket"}`),
			want: map[string]mamori.Tier{ruleTampering: mamori.TierAlert}},
		// Security groups and network ACLs: opened only when the internet gets in.
		{name: "security group 0.0.0.0/0 (Invictus)", rec: func(t *testing.T) map[string]any { return shared(t, invictusSGOpen) },
			want: map[string]mamori.Tier{ruleSGOpen: mamori.TierAlert}},
		{name: "security group x/0 (Stratus)", rec: func(t *testing.T) map[string]any { return shared(t, stratusSGSlash0) },
			want: map[string]mamori.Tier{ruleSGOpen: mamori.TierAlert}},
		{name: "security group from the VPC only", rec: func(t *testing.T) map[string]any {
			r := shared(t, invictusSGOpen)
			set(r, "requestParameters.ipPermissions", map[string]any{"items": []any{map[string]any{"ipProtocol": "tcp", "fromPort": 443.0, "toPort": 443.0, "groups": map[string]any{},
				"ipRanges": map[string]any{"items": []any{map[string]any{"cidrIp": "10.0.0.0/16", "description": "TLS from the VPC"}}}, "ipv6Ranges": map[string]any{}, "prefixListIds": map[string]any{}}}})
			return r
		}, want: map[string]mamori.Tier{sigmaHQSGChange: mamori.TierAlert}, deny: []string{ruleSGOpen}}, // the CIS 4.10 change alarm stays
		{name: "security group 0.0.0.0/1 and 128.0.0.0/1", rec: sgRanges("0.0.0.0/1", "128.0.0.0/1"), want: map[string]mamori.Tier{ruleSGOpen: mamori.TierAlert}},
		{name: "security group ::/0", rec: sgRanges6("::/0"), want: map[string]mamori.Tier{ruleSGOpen: mamori.TierAlert}},
		{name: "security group 10.0.0.0/8", rec: sgRanges("10.0.0.0/8"), deny: []string{ruleSGOpen}},
		{name: "security group one office address", rec: sgRanges("203.0.113.7/32"), deny: []string{ruleSGOpen}},
		{name: "security group private IPv6", rec: sgRanges6("fd00:ec2::/32"), deny: []string{ruleSGOpen}},
		{name: "network ACL allows the internet in", rec: nacl(false, "allow", "0.0.0.0/0"), want: map[string]mamori.Tier{ruleNACL: mamori.TierAlert}},
		{name: "network ACL denies the internet", rec: nacl(false, "deny", "0.0.0.0/0"), deny: []string{ruleNACL}, onlyAlerts: []string{}},
		{name: "network ACL egress to the internet", rec: nacl(true, "allow", "0.0.0.0/0"), deny: []string{ruleNACL}, onlyAlerts: []string{}},
		{name: "network ACL from the VPC", rec: nacl(false, "allow", "10.0.0.0/16"), deny: []string{ruleNACL}, onlyAlerts: []string{}},
	})
}

// Cause 4: tiers. Routine activity and low-level SigmaHQ rules are signals;
// root activity and the CIS change alarms on successful calls stay alerts.
func TestTiers(t *testing.T) {
	roleRead := func(t *testing.T) map[string]any {
		return record(t, `{"eventVersion":"1.08","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLEID:i-0abc","arn":"arn:aws:sts::111122223333:assumed-role/app-server/i-0abc","accountId":"111122223333",
			"accessKeyId":"ASIAEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEID","arn":"arn:aws:iam::111122223333:role/app-server","accountId":"111122223333","userName":"app-server"},
			"attributes":{"creationDate":"2026-12-01T08:00:00Z","mfaAuthenticated":"false"},"ec2RoleDelivery":"2.0"}},
			"eventTime":"2026-12-01T08:30:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","awsRegion":"us-east-1","sourceIPAddress":"10.0.1.15","userAgent":"aws-sdk-go-v2/1.24.0 os/linux",
			"requestParameters":{"Host":"s3.amazonaws.com"},"responseElements":null,"eventID":"role-read-1","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111122223333","eventCategory":"Management"}`)
	}
	rootCall := func(t *testing.T) map[string]any {
		r := roleRead(t)
		r["userIdentity"] = map[string]any{"type": "Root", "principalId": "111122223333", "arn": "arn:aws:iam::111122223333:root", "accountId": "111122223333"}
		r["eventID"] = "root-read-1"
		return r
	}
	runCauses(t, []causeCase{
		{name: "a role session's read", rec: roleRead, want: map[string]mamori.Tier{sigmaHQAssumeRole: mamori.TierSignal}, onlyAlerts: []string{}},
		{name: "root reads", rec: rootCall, want: map[string]mamori.Tier{RootRuleID: mamori.TierAlert}},
		{name: "root call denied is still root use", rec: func(t *testing.T) map[string]any { return denied(rootCall(t)) },
			want: map[string]mamori.Tier{RootRuleID: mamori.TierAlert}},
	})
	// Every rule and detector has a tier and a reason in both languages.
	rules := builtinSigma(t, DefaultMiningPorts)
	for id, st := range rules.rules {
		if st.tier.Tier != mamori.TierAlert && st.tier.Tier != mamori.TierSignal || st.tier.Why.En == "" || st.tier.Why.Ja == "" {
			t.Errorf("rule %s: tier %+v", id, st.tier)
		}
	}
	for _, d := range []*NewValue{NewRegion(nil), NewService(nil), NewUserAgent(nil)} {
		if d.Tier.Tier == "" || d.Tier.Why.Ja == "" {
			t.Errorf("detector %s has no tier", d.ID)
		}
	}
	// --tier moves a rule; the alert carries it.
	rules.SetTier(sigmaHQAssumeRole, FlagTier(mamori.TierAlert))
	p := New(nil, nil, rules)
	var got []mamori.Alert
	p.OnAlert = func(a mamori.Alert) { got = append(got, a) }
	r, _ := json.Marshal(roleRead(t))
	ctx := context.Background()
	if err := auditlog.ReadCloudTrail(strings.NewReader(string(r)), auditlog.Options{}, func(ev *mamori.Event) error { return p.Observe(ctx, ev) }); err != nil {
		t.Fatal(err)
	}
	st, _ := p.Close(ctx)
	if tiers(got)[sigmaHQAssumeRole] != mamori.TierAlert || st.Alerts == 0 || got[0].Tenant != DefaultTenant {
		t.Errorf("after SetTier alert: %v, stats %+v, tenant %q", tiers(got), st, got[0].Tenant)
	}
}

// The judges read request parameters as the account wrote them: whatever
// their shape, they decide without panicking, and every reason they give
// is in both languages.
func FuzzJudges(f *testing.F) {
	for _, s := range []string{
		`{"LifecycleConfiguration":{"Rule":{"Status":"Enabled","Expiration":{"Days":1}}}}`,
		`{"LifecycleConfiguration":{"Rule":[{"Status":"Disabled","Expiration":{"Days":"1"}},{"Status":"Enabled","NoncurrentVersionExpiration":{"NoncurrentDays":3}}]}}`,
		`{"eventSelectors":[{"readWriteType":"All","includeManagementEvents":true,"excludeManagementEventSources":["kms.amazonaws.com"]}]}`,
		`{"advancedEventSelectors":[{"fieldSelectors":[{"field":"eventCategory","equals":["Management"]},{"field":"readOnly","equals":["true"]}]}]}`,
		`{"insightSelectors":[]}`, `{"eventSelectors":"x"}`, `{"isMultiRegionTrail":"false","kmsKeyId":null}`, `{"s3BucketName":["a","b"]}`, `{"cidrIp":"0.0.0.0/1"}`, `{"ipPermissions":{"items":[{"ipv6Ranges":{"items":[{"cidrIpv6":"2000::/3"}]}}]}}`, `{"LifecycleConfiguration":{"Rule":7}}`, `null`,
	} {
		f.Add(s, "PutEventSelectors")
		f.Add(s, "PutBucketLifecycle")
		f.Add(s, "PutInsightSelectors")
		f.Add(s, "UpdateTrail")
		f.Add(s, "AuthorizeSecurityGroupIngress")
	}
	f.Fuzz(func(t *testing.T, params, name string) {
		var rp any
		if json.Unmarshal([]byte(params), &rp) != nil {
			return
		}
		ev := &mamori.Event{Name: name, Fields: mamori.MapRecord{"eventName": name, "requestParameters": rp}}
		for n, j := range judges {
			if _, why := j(ev); (why.En == "") != (why.Ja == "") {
				t.Errorf("%s on %s: reason %+v", n, params, why)
			}
		}
	})
}
