package i18n

// Messages of the alert tiers (alert / signal) of the event audit.
func init() {
	register(map[string][2]string{
		"alerts.tier.alert":     {"alert", "アラート"},
		"alerts.tier.signal":    {"signal", "シグナル"},
		"alerts.report.signals": {"and %d signals (stored for context: not counted by --fail-on)", "ほかにシグナル %d 件（文脈として保存。--fail-on の対象外）"},
		"alerts.flag.tier_set": {"set a rule's or detector's tier: RULE_ID=alert|signal (repeatable; signals are stored but not listed by mamori alerts nor counted by --fail-on)",
			"ルールまたは検知器の区分を設定する: RULE_ID=alert|signal（複数指定可。シグナルは保存されますが mamori alerts の一覧と --fail-on の対象になりません）"},
		"alerts.flag.signals_ingest": {"also show the signals raised in the report (they are stored either way)", "出たシグナルもレポートに表示する（シグナルはどちらの場合も保存されます）"},
		"alerts.flag.signals":        {"include signals (same as --tier all)", "シグナルも含める（--tier all と同じ）"},
		"alerts.flag.tier":           {"which tier to list: alert (default), signal or all", "表示する区分: alert（既定）、signal、all"},
		"alerts.err.tier_syntax":     {"%q: want RULE_ID=alert or RULE_ID=signal", "%q: RULE_ID=alert または RULE_ID=signal の形で指定してください"},
		"alerts.flag.tier_file": {"read rule and detector tiers from this YAML file (RULE_ID: alert|signal per line); --tier wins over it",
			"ルールと検知器の区分をこの YAML ファイル（1 行に RULE_ID: alert|signal）から読む。--tier が優先されます"},
		"alerts.err.tier_file":   {"want one RULE_ID: alert|signal per line", "1 行に 1 つ RULE_ID: alert|signal の形で書いてください"},
		"alerts.err.tier":        {"unknown tier %q (want alert or signal)", "不明な区分 %q です（alert または signal を指定してください）"},
		"alerts.err.tier_filter": {"unknown tier %q (want alert, signal or all)", "不明な区分 %q です（alert、signal、all のいずれかを指定してください）"},
		"alerts.err.signals_and_tier": {"--signals lists alerts and signals; it cannot be combined with --tier alert or --tier signal",
			"--signals はアラートとシグナルの両方を表示します。--tier alert や --tier signal とは同時に指定できません"},
	})
}
