package i18n

// Messages of vulnerability response, second part: JVN and CSAF feeds in
// mamori vuln sync, OS package lists and cloud engine versions as
// inventory.
func init() {
	register(map[string][2]string{
		"vuln2.sync.short": {"Download the configured feeds (OSV, CISA KEV, EPSS, JVN, CSAF) and import what changed", "設定したフィード（OSV、CISA KEV、EPSS、JVN、CSAF）をダウンロードし、変わった分を取り込みます"},
		"vuln2.sync.long": {
			"Downloads each feed and imports it as mamori vuln import does:\n" +
				"  - the OSV export (all.zip) of each ecosystem in --ecosystems, CISA's KEV catalogue, FIRST's EPSS scores: asked for with their ETag / Last-Modified, so an unchanged feed is not downloaded again;\n" +
				"  - JVN iPedia's yearly detail feeds (VULDEF, jvndb_detail_YYYY.rdf) and then overview feeds (JVNRSS, jvndb_YYYY.rdf), from --jvn-since on: JVN's checksum.txt is read first and only a file whose sha256 changed is downloaded, then checked against it; an overview never replaces a detail;\n" +
				"  - the MyJVN API: the entries updated since the last sync (the first time, the last 30 days), overview list then details, Japanese text kept;\n" +
				"  - each CSAF provider given with --csaf (its provider-metadata.json): the documents of its TLP:WHITE/CLEAR ROLIE feeds and of its directory (changes.csv) that changed since the last sync, checked against their .sha512/.sha256 files and their OpenPGP signature (.asc) with the public keys provider-metadata.json lists; a document that fails is named and left out.\n\n" +
				"State is recorded only once a feed (or document) is imported whole, so a sync that stopped is resumed by running it again. Each URL comes from its flag, else its environment variable (MAMORI_OSV_URL with {ecosystem} in it, MAMORI_OSV_ECOSYSTEMS, MAMORI_KEV_URL, MAMORI_EPSS_URL, MAMORI_JVN_FEED_URL, MAMORI_JVN_SINCE, MAMORI_MYJVN_URL, MAMORI_CSAF_PROVIDERS), else the public endpoint; an empty URL leaves that feed out.\n\n" +
				"Exit codes: 0 done; 4 some feeds or entries could not be downloaded or read (the rest was imported); 2 no feed configured; 1 database error.",
			"各フィードをダウンロードし、mamori vuln import と同じように取り込みます:\n" +
				"  - --ecosystems の各エコシステムの OSV エクスポート（all.zip）、CISA の KEV カタログ、FIRST の EPSS スコア: ETag / Last-Modified を付けて要求し、変わっていなければダウンロードしません。\n" +
				"  - JVN iPedia の年別詳細フィード（VULDEF、jvndb_detail_YYYY.rdf）、続いて年別概要フィード（JVNRSS、jvndb_YYYY.rdf）。いずれも --jvn-since 以降: 先に JVN の checksum.txt を読み、sha256 が変わったファイルだけをダウンロードして照合します。概要が詳細を置き換えることはありません。\n" +
				"  - MyJVN API: 前回の同期以降に更新されたエントリ（初回は過去 30 日）を、概要一覧、次に詳細の順に取得します。日本語の本文はそのまま保存します。\n" +
				"  - --csaf で指定した CSAF プロバイダ（provider-metadata.json）: TLP:WHITE/CLEAR の ROLIE フィードとディレクトリ（changes.csv）の文書のうち、前回から変わったものを .sha512/.sha256 ファイルと照合し、provider-metadata.json に載っている公開鍵で OpenPGP 署名（.asc）を検証してから取り込みます。検証に失敗した文書は名前を出して除外します。\n\n" +
				"状態はフィード（または文書）全体を取り込めたときだけ記録するので、途中で止まった同期はもう一度実行すれば続きから進みます。URL はフラグ、次に環境変数（{ecosystem} を含む MAMORI_OSV_URL、MAMORI_OSV_ECOSYSTEMS、MAMORI_KEV_URL、MAMORI_EPSS_URL、MAMORI_JVN_FEED_URL、MAMORI_JVN_SINCE、MAMORI_MYJVN_URL、MAMORI_CSAF_PROVIDERS）、なければ公開エンドポイントを使います。空の URL はそのフィードを対象外にします。\n\n" +
				"終了コード: 0 完了、4 一部のフィードやエントリをダウンロードまたは読み込みできなかった（残りは取り込み済み）、2 フィードが 1 つも設定されていない、1 データベースのエラー。",
		},
		"vuln2.flag.jvn_feed_url": {"URL of JVN iPedia's checksum.txt, listing the yearly feed files; empty to skip (env MAMORI_JVN_FEED_URL)", "JVN iPedia の年別フィード一覧 checksum.txt の URL。空で対象外（環境変数 MAMORI_JVN_FEED_URL）"},
		"vuln2.flag.jvn_since":    {"first year of JVN's yearly detail and overview feeds to download (env MAMORI_JVN_SINCE; default: two years ago)", "ダウンロードする JVN 年別フィード（詳細・概要）の最初の年（環境変数 MAMORI_JVN_SINCE、既定: 2 年前）"},
		"vuln2.flag.myjvn_url":    {"URL of the MyJVN API; empty to skip (env MAMORI_MYJVN_URL)", "MyJVN API の URL。空で対象外（環境変数 MAMORI_MYJVN_URL）"},
		"vuln2.flag.csaf":         {"a CSAF provider's provider-metadata.json URL; repeat or comma-separate for several (env MAMORI_CSAF_PROVIDERS)", "CSAF プロバイダの provider-metadata.json の URL。複数は繰り返すかカンマ区切り（環境変数 MAMORI_CSAF_PROVIDERS）"},

		"vuln2.asset.add.long": {
			"Adds the asset NAME (or updates it) with its owner, customer and importance, reads its components, replaces the stored ones, and matches them against the stored advisories. Components come from --sbom (an SBOM, a lockfile, a directory — an unpacked root filesystem too: its dpkg, apk or rpm package database with etc/os-release), from --cloud (the managed services of the latest scan: RDS / Aurora, ElastiCache, OpenSearch engine versions, EKS Kubernetes versions, Lambda runtimes, each a product named by CPE), or both; --scan ID takes another scan than the latest. The change is appended to the change log (mamori auditlog) with who made it (--as, else MAMORI_USER, else the OS user), in the same transaction as the asset.\n\nExit codes: 0 done; 2 usage error, nothing readable at --sbom, or no scan stored; 4 some files could not be read (the rest was stored); 1 database error.",
			"資産 NAME を担当者・顧客・重要度とともに追加（または更新）し、コンポーネントを読み取って保存済みのものを置き換え、保存済みの脆弱性情報と照合します。コンポーネントは --sbom（SBOM、ロックファイル、ディレクトリ。展開したルートファイルシステムなら etc/os-release と dpkg・apk・rpm のパッケージデータベースも）、--cloud（最新のスキャンのマネージドサービス: RDS / Aurora、ElastiCache、OpenSearch のエンジンバージョン、EKS の Kubernetes バージョン、Lambda のランタイム。それぞれ CPE で名前を付けた製品）、またはその両方から読み取ります。--scan ID で最新以外のスキャンを指定できます。変更は、変更した人（--as、MAMORI_USER、OS のユーザーの順）とともに、資産と同じトランザクションで変更履歴（mamori auditlog）に追記します。\n\n終了コード: 0 完了、2 使い方の誤り、--sbom に読めるものがない、またはスキャンが保存されていない、4 一部のファイルを読めなかった（残りは保存済み）、1 データベースのエラー。",
		},
		"vuln2.flag.cloud":    {"add the managed services' engine versions of the latest scan as components", "最新のスキャンのマネージドサービスのエンジンバージョンをコンポーネントとして追加します"},
		"vuln2.flag.scan":     {"the scan whose managed services to add (default with --cloud: the latest)", "マネージドサービスを追加するスキャン（--cloud の既定: 最新）"},
		"vuln2.asset.no_scan": {"no scan is stored yet: run mamori scan first", "スキャンがまだ保存されていません。先に mamori scan を実行してください"},
		"vuln2.asset.cloud":   {"%d cloud components from scan %s", "クラウドのコンポーネント %d 件（スキャン %s）"},

		"vuln2.show.overview": {"[overview only: JVNRSS gives no version ranges; the detail feed replaces it]", "[概要のみ: JVNRSS にはバージョン範囲がありません。詳細フィードで置き換わります]"},
		"vuln2.show.distro":   {"distribution", "ディストリビューション"},
		"vuln2.range.cpe":     {"CPE", "CPE"},

		"vuln2.import.long": {
			"Reads each PATH and tells what it holds from its content: an OSV record (JSON or YAML), a directory of them (read recursively), an OSV export (an ecosystem's all.zip), a JVN iPedia detail feed (VULDEF, jvndb_detail_YYYY.rdf) or overview feed (JVNRSS, jvndb_YYYY.rdf, jvndb.rdf) — Japanese text kept as it is, checked against the checksum.txt beside it and skipped when unchanged —, a CSAF 2.0 advisory (checked against the CSAF schema), CISA's known_exploited_vulnerabilities.json, or FIRST's EPSS CSV (gzipped or not, comment line first).\n\nImporting the same data twice changes nothing; an advisory with a newer modification time replaces the stored one, and the change is recorded; a JVN overview never replaces the detailed entry. IDs and aliases are merged into one group per vulnerability.\n\nA file or entry that cannot be read is named on standard error and left out; the rest is imported.\n\nExit codes: 0 done; 4 some files or entries could not be read (the rest was imported); 2 usage error; 1 database error.",
			"各 PATH の内容から種類を判別して取り込みます: OSV レコード（JSON または YAML）、そのディレクトリ（再帰的に読み込み）、OSV のエクスポート（エコシステムごとの all.zip）、JVN iPedia の詳細フィード（VULDEF、jvndb_detail_YYYY.rdf）または概要フィード（JVNRSS、jvndb_YYYY.rdf、jvndb.rdf）— 日本語の本文はそのまま保存し、同じ場所の checksum.txt と照合、変わっていなければ読み飛ばします —、CSAF 2.0 のアドバイザリ（CSAF スキーマで検証）、CISA の known_exploited_vulnerabilities.json、FIRST の EPSS CSV（gzip 圧縮の有無を問わず、先頭はコメント行）。\n\n同じデータを 2 回取り込んでも何も変わりません。更新日時が新しい脆弱性情報は保存済みのものを置き換え、変更を記録します。JVN の概要が詳細を置き換えることはありません。ID と別名は脆弱性ごとに 1 つのグループにまとめます。\n\n読めないファイルやエントリは標準エラーに名前を出して除外し、残りを取り込みます。\n\n終了コード: 0 完了、4 一部のファイルやエントリを読めなかった（残りは取り込み済み）、2 使い方の誤り、1 データベースのエラー。",
		},
	})
}
