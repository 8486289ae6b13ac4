package audit

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/mamori-sec/mamori"
)

// DefaultMiningPorts are destination ports of crypto-mining pools and
// coins' peer-to-peer networks: Stratum pools commonly listen on 3333, 4444,
// 5555, 7777, 9999, 14433, 14444, 45560 and 45700; 8333 is Bitcoin's and
// 18080/18081 Monero's peer port, 30303 Ethereum's. Legitimate services use
// some of them too; an alert is a lead, not a verdict.
var DefaultMiningPorts = []int{3333, 4444, 5555, 7777, 8333, 9999, 14433, 14444, 18080, 18081, 30303, 45560, 45700}

// MiningPorts raises an alert for each VPC flow record ACCEPTed to one of
// Ports.
type MiningPorts struct {
	Ports []int
}

// Name implements Detector.
func (m *MiningPorts) Name() string { return "mining-ports" }

// MiningRuleID is the rule ID of its alerts.
const MiningRuleID = "mamori-vpcflow-mining-port"

// Observe implements Detector.
func (m *MiningPorts) Observe(_ context.Context, ev *mamori.Event, emit func(mamori.Alert)) error {
	if ev.Source != "aws.vpcflow" || ev.Name != "ACCEPT" || ev.Fields == nil {
		return nil
	}
	var buf [2]any
	vals, _ := ev.Fields.Values("dstport", buf[:0])
	if len(vals) == 0 {
		return nil
	}
	port, ok := portOf(vals[0])
	if !ok || !slices.Contains(m.Ports, port) {
		return nil
	}
	src, dst := field(ev, "srcaddr"), field(ev, "dstaddr")
	emit(NewAlert(MiningRuleID, m.Name(), mamori.SeverityHigh,
		mamori.Text{En: "Accepted traffic to a crypto-mining port", Ja: "暗号資産マイニング用ポートへの通信が許可されました"},
		mamori.Text{
			En: fmt.Sprintf("%s -> %s port %d accepted; port %d is in the mining-pool port list", src, dst, port, port),
			Ja: fmt.Sprintf("%s から %s のポート %d への通信が許可されました。ポート %d はマイニングプールのポート一覧に含まれます", src, dst, port, port),
		}, ev))
	return nil
}

// Close implements Detector.
func (m *MiningPorts) Close(context.Context) error { return nil }

func portOf(v any) (int, bool) {
	switch x := v.(type) {
	case float64:
		return int(x), x == float64(int(x))
	case string:
		n, err := strconv.Atoi(x)
		return n, err == nil
	}
	return 0, false
}

func field(ev *mamori.Event, path string) string {
	var buf [2]any
	vals, _ := ev.Fields.Values(path, buf[:0])
	if len(vals) == 0 {
		return "-"
	}
	return fmt.Sprint(vals[0])
}
