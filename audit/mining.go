package audit

// DefaultMiningPorts are destination ports of crypto-mining pools and
// coins' peer-to-peer networks: Stratum pools commonly listen on 3333, 4444,
// 5555, 7777, 9999, 14433, 14444, 45560 and 45700; 8333 is Bitcoin's and
// 18080/18081 Monero's peer port, 30303 Ethereum's. Legitimate services use
// some of them too; an alert is a lead, not a verdict. They fill the
// %mining_ports% placeholder of the built-in rule MiningRuleID.
var DefaultMiningPorts = []int{3333, 4444, 5555, 7777, 8333, 9999, 14433, 14444, 18080, 18081, 30303, 45560, 45700}

// MiningRuleID is the built-in Sigma rule (sigma/rules/mamori/
// mamori_vpcflow_mining_port.yml) that raises an alert for each VPC flow
// record ACCEPTed to one of the mining ports.
const MiningRuleID = "0a1102e6-31fc-5422-a2fe-fbc78e6eb797"
