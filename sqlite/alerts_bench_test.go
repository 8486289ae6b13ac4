package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/mamori-sec/mamori"
)

// benchAlerts are n alerts as a Sigma rule raises them, each with a
// CloudTrail record of about 1.2 KB as evidence; IDs are hashes, as the
// pipeline makes them.
func benchAlerts(n, from int) []mamori.Alert {
	pad := strings.Repeat("x", 900)
	out := make([]mamori.Alert, n)
	at := time.Unix(1.7e9, 0).UTC()
	for i := range out {
		k := from + i
		sum := sha256.Sum256([]byte(fmt.Sprint("rule", k)))
		out[i] = mamori.Alert{
			ID: hex.EncodeToString(sum[:16]), Tenant: "default", Tier: mamori.TierSignal, RuleID: "905d389b-b853-46d0-9d3d-dea0d3a3cd49", Detector: "sigma",
			Severity: mamori.SeverityLow, Title: mamori.Text{En: "AWS STS AssumeRole Misuse", Ja: "AWS STS AssumeRole の不正使用"},
			Time: at.Add(time.Duration(k) * time.Second), Principal: "arn:aws:sts::111122223333:assumed-role/app/i-0abc", Account: "111122223333", Region: "us-east-1",
			EventNames: []string{"DescribeInstances"}, EventIDs: []string{fmt.Sprintf("ev-%08d", k)}, SourceIPs: []string{"10.0.1.15"},
			Reason:   mamori.Text{En: "matched userIdentity.type = AssumedRole (userIdentity.type: AssumedRole)", Ja: "一致した項目: userIdentity.type = AssumedRole"},
			Tags:     []string{"attack.privilege-escalation", "attack.t1548"},
			Evidence: []json.RawMessage{json.RawMessage(fmt.Sprintf(`{"eventVersion":"1.08","eventID":"ev-%08d","eventName":"DescribeInstances","pad":%q}`, k, pad))},
		}
	}
	return out
}

// BenchmarkPutAlerts stores 20,000 alerts per iteration, 500 per call as the
// pipeline does, into a database that grows with every iteration.
func BenchmarkPutAlerts(b *testing.B) {
	const n = 20_000
	per := 500
	if x := os.Getenv("BENCH_PER"); x != "" {
		fmt.Sscan(x, &per)
	}
	ctx := context.Background()
	d := benchDB(b)
	if x := os.Getenv("BENCH_SQL"); x != "" {
		if _, err := d.db.Exec(x); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		as := benchAlerts(n, i*n)
		b.StartTimer()
		for s := 0; s < n; s += per {
			if _, err := d.PutAlerts(ctx, as[s:s+per]); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "alerts/s")
}
