package awsemu

import (
	"fmt"
	"testing"
	"time"
)

func TestMinDuration(t *testing.T) {
	// Rate 1/s, bucket 2, 100 ms latency: span(n) = max(0, n-2) s.
	s := New(&World{}, Faults{Latency: 100 * time.Millisecond, RateLimit: 1, Burst: 2})
	sec := func(f float64) time.Duration { return time.Duration(f * float64(time.Second)) }
	tests := []struct {
		name string
		st   Stats
		want time.Duration
	}{
		{"no calls", Stats{}, 0},
		{"one account: its busiest bucket", Stats{PerKey: map[string]int64{
			"1/r1/s3:GetBucketAcl": 12, "1/r2/s3:GetBucketAcl": 7, "1/r1/ec2:DescribeVpcs": 1,
		}}, sec(0.1 + 10)},
		{
			// AssumeRole answers no sooner than 0.1, 0.1, 1.1, 2.1 s; the
			// member with 9 calls (7 s) goes first: 0.1+0.1+7; the one with
			// 5 calls (3 s) second: 0.1+0.1+3; the two with 3 calls (1 s)
			// third and fourth: 2.1+0.1+1 = 3.2 s, still under 7.2 s.
			"members wait for their AssumeRole",
			Stats{
				PerKey: map[string]int64{
					"m/r1/sts:AssumeRole": 4, "m/r1/iam:ListUsers": 1,
					"a/r1/iam:ListUsers": 9, "b/r1/iam:ListUsers": 5, "c/r1/iam:ListUsers": 3, "d/r2/iam:ListUsers": 3,
				},
				AssumedBy: map[string]string{"a": "m", "b": "m", "c": "m", "d": "m"},
			},
			sec(7.2),
		},
		{
			// Ten members of 8 calls (6 s) each: the tenth AssumeRole
			// answers at 0.1+8 s, its member ends 0.1+6 s later.
			"the AssumeRole chain",
			func() Stats {
				st := Stats{PerKey: map[string]int64{"m/r1/sts:AssumeRole": 10}, AssumedBy: map[string]string{}}
				for i := 0; i < 10; i++ {
					a := fmt.Sprint(i)
					st.PerKey[a+"/r1/s3:GetBucketAcl"] = 8
					st.AssumedBy[a] = "m"
				}
				return st
			}(),
			sec(0.1 + 8 + 0.1 + 6),
		},
		{
			// The same spread over two regions' STS buckets: five each.
			"AssumeRole in two regions",
			func() Stats {
				st := Stats{PerKey: map[string]int64{"m/r1/sts:AssumeRole": 5, "m/r2/sts:AssumeRole": 5}, AssumedBy: map[string]string{}}
				for i := 0; i < 10; i++ {
					a := fmt.Sprint(i)
					st.PerKey[a+"/r1/s3:GetBucketAcl"] = 8
					st.AssumedBy[a] = "m"
				}
				return st
			}(),
			sec(0.1 + 3 + 0.1 + 6),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.MinDuration(tt.st)
			if d := got - tt.want; d > time.Microsecond || d < -time.Microsecond {
				t.Errorf("MinDuration = %v, want %v", got, tt.want)
			}
		})
	}
	if got := New(&World{}, Faults{}).MinDuration(Stats{PerKey: map[string]int64{"1/r/s3:X": 100}}); got != 0 {
		t.Errorf("without a rate limit: %v, want 0", got)
	}
}
