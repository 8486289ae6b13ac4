package aws

import (
	"context"
	"strings"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"

	"github.com/mamori-sec/mamori"
)

var eventbridgeService = &Service{
	Name:    "eventbridge",
	Types:   []string{"aws_cloudwatch_event_bus"},
	Actions: []string{"events:ListEventBuses", "events:DescribeEventBus", "events:ListArchives"},
	Collect: collectEventBridge,
}

// collectEventBridge emits one aws_cloudwatch_event_bus per event bus: its
// resource policy (who may put events on it), the KMS key it encrypts events
// with and the archives that keep its events (docs/resources/eventbridge.md).
func collectEventBridge(ctx context.Context, r *Run) error {
	cl := eventbridge.NewFromConfig(r.Config)
	// Archives by the bus they archive; when they cannot be read the
	// buses' archive attributes stay absent.
	archives := map[string][]any{}
	archivesRead := true
	for in := (&eventbridge.ListArchivesInput{}); ; {
		out, err := cl.ListArchives(ctx, in)
		if err != nil {
			if NotOffered(err) {
				return err
			}
			r.Fail("events:ListArchives", err)
			archivesRead = false
			break
		}
		for _, a := range out.Archives {
			src := sdkaws.ToString(a.EventSourceArn)
			archives[src] = append(archives[src], map[string]any{
				"name": sdkaws.ToString(a.ArchiveName), "state": string(a.State), "retention_days": int(sdkaws.ToInt32(a.RetentionDays)),
			})
		}
		if sdkaws.ToString(out.NextToken) == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	for in := (&eventbridge.ListEventBusesInput{}); ; {
		out, err := cl.ListEventBuses(ctx, in)
		if err != nil {
			return err
		}
		for _, b := range out.EventBuses {
			name, arn := sdkaws.ToString(b.Name), sdkaws.ToString(b.Arn)
			doc := sdkaws.ToString(b.Policy)
			attrs := map[string]any{
				"arn": arn, "name": name, "custom": name != "default" && !strings.HasPrefix(name, "aws.partner/"),
				"partner": strings.HasPrefix(name, "aws.partner/"), "has_policy": doc != "",
			}
			publicPolicy(attrs, doc)
			if archivesRead {
				a := archives[arn]
				if a == nil {
					a = []any{}
				}
				attrs["archives"] = a
			}
			d, err := cl.DescribeEventBus(ctx, &eventbridge.DescribeEventBusInput{Name: b.Name})
			switch {
			case err == nil:
				key := sdkaws.ToString(d.KmsKeyIdentifier)
				attrs["kms_key_id"] = key
				attrs["customer_managed_key"] = key != ""
				attrs["dead_letter_queue"] = d.DeadLetterConfig != nil && sdkaws.ToString(d.DeadLetterConfig.Arn) != ""
			case isCode(err, "ResourceNotFoundException"):
				continue // deleted since it was listed
			default:
				r.Fail("events:DescribeEventBus", err)
			}
			r.Emit(mamori.Resource{Type: "aws_cloudwatch_event_bus", ID: arn, Name: name, Attributes: attrs})
		}
		if sdkaws.ToString(out.NextToken) == "" {
			break
		}
		in.NextToken = out.NextToken
	}
	return nil
}
