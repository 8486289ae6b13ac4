package i18n

func init() {
	register(map[string][2]string{
		"status.PASS":       {"PASS", "合格"},
		"status.FAIL":       {"FAIL", "不合格"},
		"status.MUTED":      {"MUTED", "ミュート"},
		"status.ERROR":      {"ERROR", "エラー"},
		"severity.critical": {"critical", "緊急"},
		"severity.high":     {"high", "高"},
		"severity.medium":   {"medium", "中"},
		"severity.low":      {"low", "低"},
		"severity.info":     {"info", "情報"},
	})
}
