package i18n

// Messages added by the frameworks area (issue 11's second half): CIS manual
// recommendations, the history and supply-chain reports.
func init() {
	register(map[string][2]string{
		"frameworks.long": {
			"Frameworks are data: IPA's 5-minute self-check, SECURITY ACTION, METI's supply-chain security evaluation (★3, ★4), the Cyber Security Management Guidelines, a cloud checklist, AWS FSBP, CIS AWS 5.0 (every recommendation) and 3.0, NIST CSF and ISO 27001 built from the checks' compliance mappings, and the ids of ISMAP's control objectives and FISC's practice standards for mapping. Add your own with --frameworks DIR (docs/frameworks.md).",
			"フレームワークはデータとして定義されています。IPA の「5分でできる！情報セキュリティ自社診断」、SECURITY ACTION、経済産業省のサプライチェーン強化に向けたセキュリティ対策評価制度（★3・★4）、サイバーセキュリティ経営ガイドライン、クラウドのチェックリスト、AWS FSBP、CIS AWS 5.0（全推奨事項）と 3.0、チェックのコンプライアンス対応付けから作る NIST CSF・ISO 27001、対応付け用の ISMAP 統制目標と FISC 実務基準の番号を同梱しています。--frameworks DIR で独自のフレームワークを追加できます（docs/frameworks.md）。",
		},
		"frameworks.assessments.long": {
			"Lists the stored assessments of the company (or of one supplier with --supplier, of everyone with --all), newest first: score, band, the change since the previous assessment of the same subject and framework, and the number of gaps, then the trend of each series. --format csv gives one row per assessment; --format html -o FILE a report with a trend chart per company/supplier and framework.",
			"保存された自社の評価結果（--supplier で特定の取引先、--all ですべて）を新しい順に表示します。得点、区分、同じ対象・同じフレームワークでの前回からの変化、課題の数に続けて、系列ごとの推移を示します。--format csv は評価ごとに 1 行、--format html -o FILE は対象とフレームワークごとの推移のグラフ付きの報告書です。",
		},
		"frameworks.suppliers.long": {
			"Lists the suppliers with the level they reach against the level required of them, the score and gaps of their latest assessment against it, and when their answers are due for review (overdue reviews are marked). --format html -o FILE writes a report for a manager: who meets the level required, overdue reviews and the gaps shared across the chain, then every supplier; --format csv one row per supplier.",
			"取引先ごとに、求める水準に対して到達している水準、最新の評価の得点と課題、回答の次回見直し日（期限切れは明示）を表示します。--format html -o FILE は管理者向けの報告書（求める水準の充足状況、見直し期限切れ、複数の取引先に共通する課題、続いて全取引先）、--format csv は取引先ごとに 1 行です。",
		},
		"frameworks.supplier.add.long": {
			"Adds a supplier (or updates one) with the framework it must meet and how often its answers are reviewed (--review-days, 90: quarterly). Say why it matters with --confidential (its systems handle your confidential information), --critical (its stopping would hold up your business) or --network-access (it can reach your systems): METI's model asks ★4 (scs-4) of such a supplier, ★3 (scs-3) otherwise, and that becomes the default of --required.",
			"取引先を、満たすべきフレームワークと回答を見直す間隔（--review-days、既定 90 日: 四半期ごと）とともに登録（または更新）します。--confidential（自社の機密情報を取り扱う）、--critical（停止すると自社業務が止まる）、--network-access（自社システムに接続できる）で重要度を示すと、経済産業省のモデルに従い ★4（scs-4）を、それ以外は ★3（scs-3）を --required の既定にします。",
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
