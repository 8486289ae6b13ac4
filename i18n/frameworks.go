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

		// supplier add: METI's model for the level to ask of a supplier.
		"frameworks.flag.required":       {"framework the supplier must meet (default: scs-4 when --confidential, --critical or --network-access, else scs-3)", "取引先に求めるフレームワーク（既定: --confidential、--critical、--network-access のいずれかがあれば scs-4、なければ scs-3）"},
		"frameworks.flag.confidential":   {"the supplier's systems handle your important confidential information (★4 is asked)", "取引先の IT 基盤で自社の重要な機密情報を取り扱う（★4 を求めます）"},
		"frameworks.flag.critical":       {"the supplier stopping would hold up your business beyond what you can accept (★4 is asked)", "取引先の事業が止まると自社業務に許容できない遅れが生じる（★4 を求めます）"},
		"frameworks.flag.network_access": {"the supplier's environment can reach your internal systems (★4 is asked)", "取引先の環境から自社の内部システムにアクセスできる（★4 を求めます）"},
		"frameworks.supplier.weaker":     {"%s: METI's model asks ★4 (scs-4) of a supplier with %s; kept scs-3 as --required says", "%s: %s に該当する取引先には経済産業省のモデルでは ★4（scs-4）を求めます。--required の指定どおり scs-3 とします"},
		"frameworks.risk.confidential":   {"handles our confidential information", "機密情報を取り扱う"},
		"frameworks.risk.critical":       {"our business stops without it", "停止すると自社業務が止まる"},
		"frameworks.risk.network-access": {"can reach our systems", "自社システムに接続できる"},

		"frameworks.answers.no_evidence_file": {"%s: control %s: evidence file %s is not there (kept as written)", "%s: 管理策 %s: 根拠のファイル %s が見つかりません（記載どおり保存します）"},

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
