package aws

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Reading audit logs (CloudTrail, VPC flow logs) that AWS delivers to an S3
// bucket: `mamori audit ingest --s3 s3://bucket/prefix`. It needs
// s3:GetBucketLocation, s3:ListBucket and s3:GetObject on the log bucket, and
// kms:Decrypt when the logs are encrypted with a KMS key.

// LogObject is one object of a log bucket.
type LogObject struct {
	Key      string
	Modified time.Time
	Size     int64
}

// ParseS3URL splits "s3://bucket/prefix" into bucket and prefix.
func ParseS3URL(u string) (bucket, prefix string, err error) {
	rest, ok := strings.CutPrefix(u, "s3://")
	if !ok {
		return "", "", fmt.Errorf("%q is not an s3:// URL (write s3://bucket/prefix)", u)
	}
	bucket, prefix, _ = strings.Cut(rest, "/")
	if bucket == "" {
		return "", "", fmt.Errorf("%q names no bucket (write s3://bucket/prefix)", u)
	}
	return bucket, prefix, nil
}

// LogBucket reads one bucket with a client in the bucket's own region.
type LogBucket struct {
	Name   string
	Region string
	client *s3.Client
}

// OpenLogBucket finds the bucket's region and returns a reader for it.
func OpenLogBucket(ctx context.Context, cfg sdkaws.Config, bucket string) (*LogBucket, error) {
	home := s3.NewFromConfig(cfg)
	loc, err := home.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: sdkaws.String(bucket)})
	if err != nil {
		return nil, fmt.Errorf("s3://%s: %s", bucket, ErrorMessage(err))
	}
	region := s3LocationRegion(string(loc.LocationConstraint))
	return &LogBucket{Name: bucket, Region: region, client: s3.NewFromConfig(cfg, func(o *s3.Options) { o.Region = region })}, nil
}

// List calls fn for each object under prefix modified at or after since
// (zero: every object), in key order, one page at a time.
func (b *LogBucket) List(ctx context.Context, prefix string, since time.Time, fn func(LogObject) error) error {
	p := s3.NewListObjectsV2Paginator(b.client, &s3.ListObjectsV2Input{Bucket: sdkaws.String(b.Name), Prefix: sdkaws.String(prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("s3://%s/%s: listing: %s", b.Name, prefix, ErrorMessage(err))
		}
		for _, o := range page.Contents {
			mod := sdkaws.ToTime(o.LastModified)
			if !since.IsZero() && mod.Before(since) {
				continue
			}
			if err := fn(LogObject{Key: sdkaws.ToString(o.Key), Modified: mod, Size: sdkaws.ToInt64(o.Size)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// Open returns an object's content; the caller closes it.
func (b *LogBucket) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	out, err := b.client.GetObject(ctx, &s3.GetObjectInput{Bucket: sdkaws.String(b.Name), Key: sdkaws.String(key)})
	if err != nil {
		return nil, fmt.Errorf("s3://%s/%s: %s", b.Name, key, ErrorMessage(err))
	}
	return out.Body, nil
}
