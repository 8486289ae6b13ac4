package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/acm"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/mamori-sec/mamori"
)

var dynamodbService = &Service{
	Name:    "dynamodb",
	Types:   []string{"aws_dynamodb_table"},
	Actions: []string{"dynamodb:ListTables", "dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups"},
	Collect: collectDynamoDB,
}

func collectDynamoDB(ctx context.Context, r *Run) error {
	cl := dynamodb.NewFromConfig(r.Config)
	p := dynamodb.NewListTablesPaginator(cl, &dynamodb.ListTablesInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, name := range page.TableNames {
			d, err := cl.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: sdkaws.String(name)})
			if isCode(err, "ResourceNotFoundException") {
				continue // deleted since it was listed
			}
			if err != nil {
				r.Fail("dynamodb:DescribeTable", err)
				continue
			}
			t := d.Table
			attrs := map[string]any{
				"arn": sdkaws.ToString(t.TableArn), "deletion_protection": sdkaws.ToBool(t.DeletionProtectionEnabled),
				"sse_type": "DEFAULT", "kms_key_arn": "", "table_status": string(t.TableStatus),
			}
			if s := t.SSEDescription; s != nil && s.Status == "ENABLED" {
				attrs["sse_type"] = string(s.SSEType)
				attrs["kms_key_arn"] = sdkaws.ToString(s.KMSMasterKeyArn)
			}
			b, err := cl.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: sdkaws.String(name)})
			switch {
			case err == nil:
				pitr := false
				if c := b.ContinuousBackupsDescription; c != nil && c.PointInTimeRecoveryDescription != nil {
					pitr = c.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus == "ENABLED"
				}
				attrs["point_in_time_recovery"] = pitr
			case isCode(err, "ResourceNotFoundException", "TableNotFoundException"):
				continue
			default:
				r.Fail("dynamodb:DescribeContinuousBackups", err)
			}
			r.Emit(mamori.Resource{Type: "aws_dynamodb_table", ID: sdkaws.ToString(t.TableArn), Name: name, Attributes: attrs})
		}
	}
	return nil
}

var acmService = &Service{
	Name:    "acm",
	Types:   []string{"aws_acm_certificate"},
	Actions: []string{"acm:ListCertificates"},
	Collect: collectACM,
}

// collectACM emits one aws_acm_certificate per certificate of any key type
// (ListCertificates alone lists only RSA 2048 unless asked for the others).
func collectACM(ctx context.Context, r *Run) error {
	cl := acm.NewFromConfig(r.Config)
	p := acm.NewListCertificatesPaginator(cl, &acm.ListCertificatesInput{Includes: &acmtypes.Filters{KeyTypes: acmtypes.KeyAlgorithm("").Values()}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, c := range page.CertificateSummaryList {
			arn := sdkaws.ToString(c.CertificateArn)
			r.Emit(mamori.Resource{Type: "aws_acm_certificate", ID: arn, Name: sdkaws.ToString(c.DomainName), Attributes: map[string]any{
				"arn": arn, "domain_name": sdkaws.ToString(c.DomainName), "status": string(c.Status), "type": string(c.Type),
				"key_algorithm": string(c.KeyAlgorithm), "not_after": timeOrNil(c.NotAfter), "in_use": sdkaws.ToBool(c.InUse),
				"renewal_eligibility": string(c.RenewalEligibility),
			}})
		}
	}
	return nil
}

var logsService = &Service{
	Name:    "logs",
	Types:   []string{"aws_cloudwatch_log_group"},
	Actions: []string{"logs:DescribeLogGroups", "logs:DescribeMetricFilters"},
	Collect: collectLogs,
}

// collectLogs emits one aws_cloudwatch_log_group per log group with its
// metric filters (pattern and metric), for retention and encryption checks
// and the CIS monitoring chain (trail → log group → filter → alarm → topic).
func collectLogs(ctx context.Context, r *Run) error {
	cl := cloudwatchlogs.NewFromConfig(r.Config)
	filters := map[string][]any{}
	fp := cloudwatchlogs.NewDescribeMetricFiltersPaginator(cl, &cloudwatchlogs.DescribeMetricFiltersInput{})
	filtersOK := true
	for fp.HasMorePages() {
		page, err := fp.NextPage(ctx)
		if err != nil {
			r.Fail("logs:DescribeMetricFilters", err)
			filtersOK = false
			break
		}
		for _, f := range page.MetricFilters {
			var metrics []any
			for _, m := range f.MetricTransformations {
				metrics = append(metrics, map[string]any{"namespace": sdkaws.ToString(m.MetricNamespace), "name": sdkaws.ToString(m.MetricName)})
			}
			g := sdkaws.ToString(f.LogGroupName)
			filters[g] = append(filters[g], map[string]any{"name": sdkaws.ToString(f.FilterName), "pattern": sdkaws.ToString(f.FilterPattern), "metrics": metrics})
		}
	}
	p := cloudwatchlogs.NewDescribeLogGroupsPaginator(cl, &cloudwatchlogs.DescribeLogGroupsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, g := range page.LogGroups {
			name := sdkaws.ToString(g.LogGroupName)
			arn := sdkaws.ToString(g.LogGroupArn)
			if arn == "" {
				arn = r.ARN("logs", r.Region, "log-group:"+name)
			}
			attrs := map[string]any{"arn": arn, "retention_in_days": nil, "kms_key_id": sdkaws.ToString(g.KmsKeyId)}
			if g.RetentionInDays != nil {
				attrs["retention_in_days"] = int64(*g.RetentionInDays)
			}
			if filtersOK {
				attrs["metric_filters"] = append([]any{}, filters[name]...)
			}
			r.Emit(mamori.Resource{Type: "aws_cloudwatch_log_group", ID: arn, Name: name, Attributes: attrs})
		}
	}
	return nil
}

var cloudwatchService = &Service{
	Name:    "cloudwatch",
	Types:   []string{"aws_cloudwatch_metric_alarm"},
	Actions: []string{"cloudwatch:DescribeAlarms"},
	Collect: collectCloudWatch,
}

func collectCloudWatch(ctx context.Context, r *Run) error {
	cl := cloudwatch.NewFromConfig(r.Config)
	p := cloudwatch.NewDescribeAlarmsPaginator(cl, &cloudwatch.DescribeAlarmsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, a := range page.MetricAlarms {
			arn := sdkaws.ToString(a.AlarmArn)
			r.Emit(mamori.Resource{Type: "aws_cloudwatch_metric_alarm", ID: arn, Name: sdkaws.ToString(a.AlarmName), Attributes: map[string]any{
				"arn": arn, "namespace": sdkaws.ToString(a.Namespace), "metric_name": sdkaws.ToString(a.MetricName),
				"actions_enabled": sdkaws.ToBool(a.ActionsEnabled), "alarm_actions": anyList(a.AlarmActions),
				"state": string(a.StateValue),
			}})
		}
	}
	return nil
}
