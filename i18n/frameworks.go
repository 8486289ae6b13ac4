package i18n

// Messages added by the frameworks area (issue 11's second half): CIS manual
// recommendations, the history and supply-chain reports.
func init() {
	register(map[string][2]string{
		"frameworks.long": {
			"Frameworks are data: IPA's 5-minute self-check, SECURITY ACTION, METI's supply-chain security evaluation (★3, ★4), the Cyber Security Management Guidelines, a cloud checklist, AWS FSBP, CIS AWS 5.0 (every recommendation) and 3.0, NIST CSF and ISO 27001 built from the checks' compliance mappings, and the ids of ISMAP's control objectives and FISC's practice standards for mapping. Add your own with --frameworks DIR (docs/frameworks.md).",
			"フレームワークはデータとして定義されています。IPA の「5分でできる！情報セキュリティ自社診断」、SECURITY ACTION、経済産業省のサプライチェーン強化に向けたセキュリティ対策評価制度（★3・★4）、サイバーセキュリティ経営ガイドライン、クラウドのチェックリスト、AWS FSBP、CIS AWS 5.0（全推奨事項）と 3.0、チェックのコンプライアンス対応付けから作る NIST CSF・ISO 27001、対応付け用の ISMAP 統制目標と FISC 実務基準の番号を同梱しています。--frameworks DIR で独自のフレームワークを追加できます（docs/frameworks.md）。",
		},
		"frameworks.show.manual":    {"Manual:", "手動確認:"},
		"frameworks.show.sources":   {"Evidence from:", "根拠の取得元:"},
		"frameworks.show.unchecked": {"(no mamori check yet: asked until one maps to it)", "（mamori にまだチェックがないため、対応するチェックができるまで設問で確認します）"},

		// Reports of the history and the supply chain.
		"frameworks.report.at":        {"Made", "作成日時"},
		"frameworks.report.framework": {"Framework", "フレームワーク"},
		"frameworks.history.title":    {"Assessment history", "評価の履歴"},
		"frameworks.history.trend":    {"Trend (oldest first):", "推移（古い順）:"},
		"frameworks.history.latest":   {"latest", "最新"},
		"frameworks.history.all":      {"Every assessment, newest first", "すべての評価（新しい順）"},
		"frameworks.history.band":     {"Band", "区分"},
		"frameworks.history.change":   {"Change", "前回比"},

		"frameworks.suppliers.title":           {"Supply chain: suppliers against the level required of them", "サプライチェーン: 取引先ごとの求める水準に対する状況"},
		"frameworks.suppliers.total":           {"suppliers", "取引先"},
		"frameworks.suppliers.meeting":         {"meet the level required", "求める水準を充足"},
		"frameworks.suppliers.not_meeting":     {"have gaps", "課題あり"},
		"frameworks.suppliers.unassessed":      {"not assessed yet", "未評価"},
		"frameworks.suppliers.overdue_reviews": {"reviews overdue", "見直し期限切れ"},
		"frameworks.suppliers.shared":          {"Gaps shared across the chain", "複数の取引先に共通する課題"},
		"frameworks.suppliers.no_shared":       {"No supplier has a gap against the level required of it.", "求める水準に対して課題のある取引先はありません。"},
		"frameworks.suppliers.count":           {"Suppliers", "取引先数"},
		"frameworks.suppliers.names":           {"Which", "該当する取引先"},
		"frameworks.suppliers.details":         {"Every supplier", "すべての取引先"},
		"frameworks.suppliers.name":            {"Supplier", "取引先"},
		"frameworks.suppliers.required":        {"Required", "求める水準"},
		"frameworks.suppliers.level":           {"Level reached", "到達水準"},
		"frameworks.suppliers.meets":           {"Meets", "充足"},
		"frameworks.suppliers.gaps":            {"Gaps", "課題"},
		"frameworks.suppliers.last_review":     {"Last answers", "前回の回答"},
		"frameworks.suppliers.next_review":     {"Next review", "次回見直し"},
		"frameworks.suppliers.not_assessed":    {"not assessed", "未評価"},
	})
}
