package awsemu

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go"
)

func TestS3Target(t *testing.T) {
	cases := []struct {
		host, path, bucket, key string
	}{
		{"s3.amazonaws.com", "/", "", ""},
		{"s3.ap-northeast-1.amazonaws.com", "/?x-id=ListBuckets", "", ""},
		{"my-bucket.s3.ap-northeast-1.amazonaws.com", "/?policy", "my-bucket", ""},
		{"my-bucket.s3.amazonaws.com", "/", "my-bucket", ""},
		{"my-bucket.s3.dualstack.us-east-1.amazonaws.com", "/", "my-bucket", ""},
		{"my-bucket.s3-ap-northeast-1.amazonaws.com", "/", "my-bucket", ""},
		{"my.s3.bucket.s3.eu-west-1.amazonaws.com", "/a/b.txt", "my.s3.bucket", "a/b.txt"},
		{"s3.us-east-1.amazonaws.com", "/dotted.bucket.name?acl", "dotted.bucket.name", ""},
		{"s3.us-east-1.amazonaws.com:443", "/dotted.bucket.name/key%20x", "dotted.bucket.name", "key x"},
		{"bucket.s3.cn-north-1.amazonaws.com.cn", "/", "bucket", ""},
	}
	for _, c := range cases {
		req := httptest.NewRequest("GET", "http://emulator"+c.path, nil)
		req.Host = c.host
		b, k := s3Target(&Call{Req: req})
		if b != c.bucket || k != c.key {
			t.Errorf("%s%s: bucket %q key %q, want %q %q", c.host, c.path, b, k, c.bucket, c.key)
		}
	}
}

const s3EmuWorld = `
accounts:
  - id: "123456789012"
    regions: [ap-northeast-1, us-east-1]
    s3:
      buckets:
        - {name: tokyo-bucket, region: ap-northeast-1, policy: '{"Statement":[]}'}
        - {name: virginia.bucket, region: us-east-1}
`

func s3Client(t *testing.T, region string, pathStyle bool) *s3.Client {
	t.Helper()
	return s3.NewFromConfig(testConfig(t, s3EmuWorld, region), func(o *s3.Options) { o.UsePathStyle = pathStyle })
}

func TestS3Regions(t *testing.T) {
	ctx := context.Background()
	for _, pathStyle := range []bool{false, true} {
		tokyo := s3Client(t, "ap-northeast-1", pathStyle)
		// GetBucketLocation answers from any region; us-east-1 is the empty constraint.
		for b, want := range map[string]string{"tokyo-bucket": "ap-northeast-1", "virginia.bucket": ""} {
			out, err := tokyo.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: sdkaws.String(b)})
			if err != nil || string(out.LocationConstraint) != want {
				t.Errorf("path style %v: location of %s = %q, %v; want %q", pathStyle, b, out.LocationConstraint, err, want)
			}
		}
		if _, err := tokyo.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: sdkaws.String("tokyo-bucket")}); err != nil {
			t.Errorf("path style %v: policy in its region: %v", pathStyle, err)
		}
		// Other calls for a bucket of another region are redirected.
		_, err := tokyo.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: sdkaws.String("virginia.bucket")})
		var ae smithy.APIError
		if !errors.As(err, &ae) || ae.ErrorCode() != "PermanentRedirect" {
			t.Errorf("path style %v: cross-region call: %v, want PermanentRedirect", pathStyle, err)
		}
		_, err = tokyo.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: sdkaws.String("missing")})
		if !errors.As(err, &ae) || ae.ErrorCode() != "NoSuchBucket" {
			t.Errorf("path style %v: missing bucket: %v, want NoSuchBucket", pathStyle, err)
		}
		_, err = tokyo.GetBucketPolicyStatus(ctx, &s3.GetBucketPolicyStatusInput{Bucket: sdkaws.String("tokyo-bucket")})
		if !errors.As(err, &ae) || ae.ErrorCode() != "InvalidAction" {
			t.Errorf("path style %v: unimplemented call: %v, want InvalidAction", pathStyle, err)
		}
	}
	// Without the new parameters ListBuckets answers the old way: every
	// bucket, no region.
	out, err := s3Client(t, "us-east-1", false).ListBuckets(ctx, &s3.ListBucketsInput{})
	if err != nil || len(out.Buckets) != 2 || out.Buckets[0].BucketRegion != nil || *out.Buckets[0].Name != "tokyo-bucket" {
		t.Fatalf("ListBuckets = %+v, %v", out, err)
	}
	out, err = s3Client(t, "us-east-1", false).ListBuckets(ctx, &s3.ListBucketsInput{BucketRegion: sdkaws.String("us-east-1")})
	if err != nil || len(out.Buckets) != 1 || sdkaws.ToString(out.Buckets[0].BucketRegion) != "us-east-1" {
		t.Fatalf("ListBuckets in us-east-1 = %+v, %v", out, err)
	}
}

func TestSynthS3(t *testing.T) {
	w := Synthetic(4000, 3)
	s := w.Accounts[0].S3
	if s == nil || len(s.Buckets) < 500 || len(s.Buckets) > 700 {
		t.Fatalf("synthetic S3: %+v", s)
	}
	regions := map[string]int{}
	var public, noPAB int
	for _, b := range s.Buckets {
		regions[b.Region]++
		if b.PublicAccessBlock == nil {
			noPAB++
		}
		if len(b.ACL) > 0 {
			public++
		}
	}
	if len(regions) != len(synthRegions) || noPAB == 0 || public == 0 {
		t.Errorf("not varied: regions %v, without block %d, with ACL grants %d", regions, noPAB, public)
	}
}
