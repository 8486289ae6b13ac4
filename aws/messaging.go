package aws

import (
	"context"
	"strconv"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/mamori-sec/mamori"
)

// SNS, SQS and Secrets Manager: resources with a resource policy and
// encryption at rest.

var snsService = &Service{
	Name:    "sns",
	Types:   []string{"aws_sns_topic"},
	Actions: []string{"sns:ListTopics", "sns:GetTopicAttributes", "sns:ListSubscriptionsByTopic"},
	Collect: collectSNS,
}

// collectSNS emits one aws_sns_topic per topic (docs/resources/sns.md).
func collectSNS(ctx context.Context, r *Run) error {
	cl := sns.NewFromConfig(r.Config)
	p := sns.NewListTopicsPaginator(cl, &sns.ListTopicsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, t := range page.Topics {
			arn := sdkaws.ToString(t.TopicArn)
			attrs := map[string]any{"arn": arn}
			at, err := cl.GetTopicAttributes(ctx, &sns.GetTopicAttributesInput{TopicArn: t.TopicArn})
			if isCode(err, "NotFound") {
				continue // deleted since it was listed
			}
			if err != nil {
				r.Fail("sns:GetTopicAttributes", err)
			} else {
				a := at.Attributes
				attrs["kms_master_key_id"] = a["KmsMasterKeyId"]
				attrs["display_name"] = a["DisplayName"]
				attrs["subscriptions_confirmed"] = atoi(a["SubscriptionsConfirmed"])
				attrs["delivery_status_logging"] = snsDeliveryLogging(a)
				publicPolicy(attrs, a["Policy"])
			}
			subs, err := snsSubscriptions(ctx, cl, t.TopicArn)
			if err != nil {
				r.Fail("sns:ListSubscriptionsByTopic", err)
			} else {
				attrs["subscriptions"] = subs
			}
			r.Emit(mamori.Resource{Type: "aws_sns_topic", ID: arn, Name: lastPart(arn, ':'), Attributes: attrs})
		}
	}
	return nil
}

func snsSubscriptions(ctx context.Context, cl *sns.Client, arn *string) ([]any, error) {
	out := []any{}
	p := sns.NewListSubscriptionsByTopicPaginator(cl, &sns.ListSubscriptionsByTopicInput{TopicArn: arn})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, s := range page.Subscriptions {
			// The endpoint (an e-mail address, a URL) is personal data or
			// carries tokens; the protocol and whether it is confirmed are
			// what a check needs.
			out = append(out, map[string]any{
				"protocol":  sdkaws.ToString(s.Protocol),
				"confirmed": sdkaws.ToString(s.SubscriptionArn) != "PendingConfirmation" && sdkaws.ToString(s.SubscriptionArn) != "",
			})
		}
	}
	return out, nil
}

var sqsService = &Service{
	Name:    "sqs",
	Types:   []string{"aws_sqs_queue"},
	Actions: []string{"sqs:ListQueues", "sqs:GetQueueAttributes"},
	Collect: collectSQS,
}

// collectSQS emits one aws_sqs_queue per queue (docs/resources/sqs.md).
func collectSQS(ctx context.Context, r *Run) error {
	cl := sqs.NewFromConfig(r.Config)
	p := sqs.NewListQueuesPaginator(cl, &sqs.ListQueuesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, u := range page.QueueUrls {
			at, err := cl.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: sdkaws.String(u), AttributeNames: []sqstypes.QueueAttributeName{"All"}})
			if isCode(err, "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist") {
				continue
			}
			name := lastPart(u, '/')
			if err != nil {
				r.Fail("sqs:GetQueueAttributes", err)
				continue
			}
			a := at.Attributes
			arn := a["QueueArn"]
			if arn == "" {
				arn = r.ARN("sqs", r.Region, name)
			}
			attrs := map[string]any{
				"arn":                       arn,
				"url":                       u,
				"kms_master_key_id":         a["KmsMasterKeyId"],
				"sqs_managed_sse_enabled":   a["SqsManagedSseEnabled"] == "true",
				"message_retention_seconds": atoi(a["MessageRetentionPeriod"]),
				"has_dead_letter_queue":     a["RedrivePolicy"] != "",
			}
			publicPolicy(attrs, a["Policy"])
			r.Emit(mamori.Resource{Type: "aws_sqs_queue", ID: arn, Name: name, Attributes: attrs})
		}
	}
	return nil
}

var secretsmanagerService = &Service{
	Name:    "secretsmanager",
	Types:   []string{"aws_secretsmanager_secret"},
	Actions: []string{"secretsmanager:ListSecrets", "secretsmanager:GetResourcePolicy"},
	Collect: collectSecretsManager,
}

// collectSecretsManager emits one aws_secretsmanager_secret per secret, from
// its metadata only: the secret value is never read (no
// secretsmanager:GetSecretValue in the policy).
func collectSecretsManager(ctx context.Context, r *Run) error {
	cl := secretsmanager.NewFromConfig(r.Config)
	p := secretsmanager.NewListSecretsPaginator(cl, &secretsmanager.ListSecretsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, s := range page.SecretList {
			arn := sdkaws.ToString(s.ARN)
			attrs := map[string]any{
				"arn":                arn,
				"kms_key_id":         sdkaws.ToString(s.KmsKeyId),
				"rotation_enabled":   sdkaws.ToBool(s.RotationEnabled),
				"rotation_days":      nil,
				"last_rotated_date":  timeOrNil(s.LastRotatedDate),
				"last_accessed_date": timeOrNil(s.LastAccessedDate),
				"created_date":       timeOrNil(s.CreatedDate),
				"owning_service":     sdkaws.ToString(s.OwningService),
			}
			if s.RotationRules != nil && s.RotationRules.AutomaticallyAfterDays != nil {
				attrs["rotation_days"] = *s.RotationRules.AutomaticallyAfterDays
			}
			pol, err := cl.GetResourcePolicy(ctx, &secretsmanager.GetResourcePolicyInput{SecretId: s.ARN})
			switch {
			case err == nil:
				publicPolicy(attrs, sdkaws.ToString(pol.ResourcePolicy))
			case isCode(err, "ResourceNotFoundException"):
				continue // deleted since it was listed
			default:
				r.Fail("secretsmanager:GetResourcePolicy", err)
			}
			r.Emit(mamori.Resource{Type: "aws_secretsmanager_secret", ID: arn, Name: sdkaws.ToString(s.Name), Attributes: attrs})
		}
	}
	return nil
}

func atoi(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}

func lastPart(s string, sep byte) string {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == sep {
			return s[i+1:]
		}
	}
	return s
}

// snsDeliveryLogging names the endpoint protocols whose delivery status the
// topic logs to CloudWatch Logs (an IAM role set for their successes or
// failures): application, firehose, http, lambda, sqs.
func snsDeliveryLogging(a map[string]string) []any {
	out := []any{}
	for _, p := range []struct{ name, attr string }{
		{"application", "Application"}, {"firehose", "Firehose"}, {"http", "HTTP"}, {"lambda", "Lambda"}, {"sqs", "SQS"},
	} {
		if a[p.attr+"SuccessFeedbackRoleArn"] != "" || a[p.attr+"FailureFeedbackRoleArn"] != "" {
			out = append(out, p.name)
		}
	}
	return out
}
