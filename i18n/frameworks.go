package i18n

// Messages added by the frameworks area (issue 11's second half): CIS manual
// recommendations, the history and supply-chain reports.
func init() {
	register(map[string][2]string{
		"frameworks.show.manual": {"Manual:", "手動確認:"},
	})
}
