package aws

import (
	"context"
	"errors"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"

	"github.com/mamori-sec/mamori"
)

var kinesisService = &Service{
	Name:    "kinesis",
	Types:   []string{"aws_kinesis_stream"},
	Actions: []string{"kinesis:ListStreams", "kinesis:DescribeStreamSummary"},
	Collect: collectKinesis,
}

// kinesisAWSKey is the alias of the AWS managed key Kinesis encrypts with
// when no customer managed key is chosen.
const kinesisAWSKey = "alias/aws/kinesis"

// errEmptyAnswer is a describe call that answered without the item.
var errEmptyAnswer = errors.New("the answer holds no description")

// collectKinesis emits one aws_kinesis_stream per data stream with its
// server-side encryption, retention and shard-level monitoring
// (docs/resources/kinesis.md).
func collectKinesis(ctx context.Context, r *Run) error {
	cl := kinesis.NewFromConfig(r.Config)
	p := kinesis.NewListStreamsPaginator(cl, &kinesis.ListStreamsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, s := range page.StreamSummaries {
			name, arn := sdkaws.ToString(s.StreamName), sdkaws.ToString(s.StreamARN)
			attrs := map[string]any{"arn": arn, "name": name, "status": string(s.StreamStatus)}
			if s.StreamModeDetails != nil {
				attrs["stream_mode"] = string(s.StreamModeDetails.StreamMode)
			}
			d, err := cl.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: s.StreamName})
			switch {
			case err == nil && d.StreamDescriptionSummary != nil:
				sum := d.StreamDescriptionSummary
				key := sdkaws.ToString(sum.KeyId)
				attrs["encryption_type"] = string(sum.EncryptionType)
				attrs["encrypted"] = sum.EncryptionType == "KMS"
				attrs["kms_key_id"] = key
				attrs["customer_managed_key"] = sum.EncryptionType == "KMS" && key != "" && key != kinesisAWSKey && key != "arn:"+r.Partition+":kms:"+r.Region+":"+r.Account+":"+kinesisAWSKey
				attrs["retention_hours"] = int(sdkaws.ToInt32(sum.RetentionPeriodHours))
				metrics := []any{}
				for _, m := range sum.EnhancedMonitoring {
					for _, x := range m.ShardLevelMetrics {
						metrics = append(metrics, string(x))
					}
				}
				attrs["shard_level_metrics"] = metrics
			case err == nil:
				r.Fail("kinesis:DescribeStreamSummary", errEmptyAnswer)
			case isCode(err, "ResourceNotFoundException"):
				continue // deleted since it was listed
			default:
				r.Fail("kinesis:DescribeStreamSummary", err)
			}
			r.Emit(mamori.Resource{Type: "aws_kinesis_stream", ID: arn, Name: name, Attributes: attrs})
		}
	}
	return nil
}
