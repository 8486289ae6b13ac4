package aws

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori/awsemu"
)

func TestLogBucket(t *testing.T) {
	w := &awsemu.World{Accounts: []*awsemu.Account{{ID: "111122223333", Regions: []string{"ap-northeast-1", "us-east-1"},
		S3: &awsemu.S3{Buckets: []*awsemu.S3Bucket{{Name: "trail-logs", Region: "us-east-1"}}}}}}
	b := w.Accounts[0].S3.Buckets[0]
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	// 1,203 objects: more than one page of 1,000.
	for i := 0; i < 1203; i++ {
		b.Objects = append(b.Objects, awsemu.S3Object{
			Key:      fmt.Sprintf("AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/01/%04d.json", i),
			Body:     fmt.Sprintf(`{"Records":[{"eventID":"%d"}]}`, i),
			Modified: awsemu.At(day.Add(time.Duration(i) * time.Minute)),
		})
	}
	b.Objects = append(b.Objects, awsemu.S3Object{Key: "other/x.json", Body: "{}"})
	emu := awsemu.New(w, awsemu.Faults{})
	if err := emu.Start(); err != nil {
		t.Fatal(err)
	}
	defer emu.Close()
	ctx := context.Background()
	lb, err := OpenLogBucket(ctx, emu.Config("ap-northeast-1"), "trail-logs")
	if err != nil {
		t.Fatal(err)
	}
	if lb.Region != "us-east-1" {
		t.Errorf("region %q, want us-east-1", lb.Region)
	}
	var keys []string
	since := day.Add(1000 * time.Minute)
	if err := lb.List(ctx, "AWSLogs/", since, func(o LogObject) error { keys = append(keys, o.Key); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(keys) != 203 || !strings.HasSuffix(keys[0], "/1000.json") || !strings.HasSuffix(keys[202], "/1202.json") {
		t.Fatalf("listed %d keys since %v (first %q), want 203 from 1000.json", len(keys), since, keys[0])
	}
	r, err := lb.Open(ctx, keys[0])
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r)
	r.Close()
	if string(body) != `{"Records":[{"eventID":"1000"}]}` {
		t.Errorf("body %q", body)
	}
	if _, err := lb.Open(ctx, "AWSLogs/missing.json"); err == nil || !strings.Contains(err.Error(), "NoSuchKey") {
		t.Errorf("missing key: %v", err)
	}
	if _, err := OpenLogBucket(ctx, emu.Config("ap-northeast-1"), "no-such-bucket"); err == nil || !strings.Contains(err.Error(), "s3://no-such-bucket") {
		t.Errorf("missing bucket: %v", err)
	}
	for _, bad := range []string{"trail-logs/x", "s3://", "https://x"} {
		if _, _, err := ParseS3URL(bad); err == nil {
			t.Errorf("ParseS3URL(%q) accepted", bad)
		}
	}
	if bk, p, err := ParseS3URL("s3://b/AWSLogs/1/"); err != nil || bk != "b" || p != "AWSLogs/1/" {
		t.Errorf("ParseS3URL = %q %q %v", bk, p, err)
	}
}
