package i18n

// Messages of the wiring between parts: the vulnerability cases as the
// evidence of an assessment.
func init() {
	register(map[string][2]string{
		"wire.assess.cases": {
			"vulnerability cases of CVSS 7.0 or more (SCS 4-4-4): %d fixed within 14 days, %d fixed later, %d still open past 14 days, %d risks accepted instead, %d within their 14 days",
			"CVSS 7.0 以上の脆弱性ケース（SCS 4-4-4）: 14 日以内に修正 %d 件、14 日を過ぎて修正 %d 件、14 日を過ぎて未対応 %d 件、修正せずリスク受容 %d 件、14 日以内で対応中 %d 件",
		},
		"wire.assess.cases_failing":  {"not fixed within 14 days: %s (mamori cases)", "14 日以内に修正されていないケース: %s（mamori cases）"},
		"wire.assess.cases_accepted": {"risk accepted instead of a fix (counted as muted, which fails): %s", "修正せずリスク受容したケース（ミュート扱いで不合格）: %s"},
	})
}
