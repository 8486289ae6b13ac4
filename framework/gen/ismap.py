#!/usr/bin/env python3
"""Writes framework/data/ismap.yaml: the control objectives (3-digit controls) of the ISMAP
control criteria (管理策基準), whose numbering follows JIS Q 27002:2014 (ISO/IEC 27002:2013), plus
the cloud additions of ISO/IEC 27017 (CLD.*). Subjects are mamori's own few words; no ISMAP or ISO
text. Evidence: every check mapped to the ISO/IEC 27001:2022 control that replaced the 2013 one
(ISO/IEC 27002:2022 Annex B), through `via`, so checks added later join by their iso mapping.
Run from the repository root: python3 framework/gen/ismap.py"""

CLAUSES = [
 ("5", "Information security policies", "情報セキュリティのための方針群"),
 ("6", "Organisation of information security", "情報セキュリティのための組織"),
 ("7", "Human resource security", "人的資源のセキュリティ"),
 ("8", "Asset management", "資産の管理"),
 ("9", "Access control", "アクセス制御"),
 ("10", "Cryptography", "暗号"),
 ("11", "Physical and environmental security", "物理的及び環境的セキュリティ"),
 ("12", "Operations security", "運用のセキュリティ"),
 ("13", "Communications security", "通信のセキュリティ"),
 ("14", "System acquisition, development and maintenance", "システムの取得・開発・保守"),
 ("15", "Supplier relationships", "供給者関係"),
 ("16", "Information security incident management", "情報セキュリティインシデント管理"),
 ("17", "Business continuity", "事業継続マネジメントにおける情報セキュリティ"),
 ("18", "Compliance", "順守"),
]

# id: (en, ja, [iso27001-2022 ids whose checks give evidence])
C = [
 ("5.1.1", "Policies written, approved and published", "方針の策定・承認・周知", []),
 ("5.1.2", "Policies reviewed at planned intervals", "方針の定期的な見直し", []),
 ("6.1.1", "Security roles and responsibilities", "セキュリティの役割と責任", []),
 ("6.1.2", "Conflicting duties separated", "職務の分離", []),
 ("6.1.3", "Contact with authorities", "関係当局との連絡", []),
 ("6.1.4", "Contact with special interest groups", "専門組織との連絡", []),
 ("6.1.5", "Security in project management", "プロジェクトにおけるセキュリティ", []),
 ("6.2.1", "Mobile device rules", "モバイル機器の方針", []),
 ("6.2.2", "Teleworking rules", "テレワークの方針", []),
 ("CLD.6.3.1", "Shared roles and responsibilities between provider and customer", "クラウド事業者と利用者の役割・責任の分担", []),
 ("7.1.1", "Background screening", "採用前の経歴確認", []),
 ("7.1.2", "Security terms in employment contracts", "雇用条件におけるセキュリティ", []),
 ("7.2.1", "Management responsibilities for staff security", "経営陣の責任", []),
 ("7.2.2", "Security awareness and training", "セキュリティの意識向上と教育", []),
 ("7.2.3", "Disciplinary process", "懲戒手続", []),
 ("7.3.1", "Duties that remain after leaving or changing jobs", "退職・異動後も続く責任", []),
 ("8.1.1", "Inventory of assets", "資産の目録", ["A.8.9"]),
 ("8.1.2", "Owners of assets", "資産の管理責任", []),
 ("8.1.3", "Acceptable use of assets", "資産の利用の許容範囲", []),
 ("8.1.4", "Return of assets", "資産の返却", []),
 ("CLD.8.1.5", "Customer assets removed when the service ends", "サービス終了時の利用者資産の除去", []),
 ("8.2.1", "Classification of information", "情報の分類", []),
 ("8.2.2", "Labelling of information", "情報のラベル付け", []),
 ("8.2.3", "Handling of assets by classification", "分類に応じた資産の取扱い", []),
 ("8.3.1", "Management of removable media", "取外し可能な媒体の管理", []),
 ("8.3.2", "Disposal of media", "媒体の処分", []),
 ("8.3.3", "Media in transit", "媒体の輸送", []),
 ("9.1.1", "Access control policy", "アクセス制御の方針", ["A.5.15"]),
 ("9.1.2", "Access to networks and network services", "ネットワークとネットワークサービスへのアクセス", ["A.5.15"]),
 ("9.2.1", "User registration and removal", "利用者の登録と削除", []),
 ("9.2.2", "Granting and revoking access", "利用者アクセスの提供", ["A.5.18"]),
 ("9.2.3", "Privileged access rights", "特権的アクセス権の管理", ["A.8.2"]),
 ("9.2.4", "Secret authentication information issued safely", "秘密認証情報の管理", ["A.5.17"]),
 ("9.2.5", "Access rights reviewed", "アクセス権の見直し", ["A.5.18"]),
 ("9.2.6", "Access removed or adjusted on leaving or moving", "アクセス権の削除・修正", ["A.5.18"]),
 ("9.3.1", "Users keep secret authentication information safe", "秘密認証情報の利用", ["A.5.17"]),
 ("9.4.1", "Access to information restricted", "情報へのアクセス制限", ["A.8.3"]),
 ("9.4.2", "Secure log-on", "セキュリティに配慮したログオン手順", ["A.8.5"]),
 ("9.4.3", "Password management", "パスワード管理", ["A.5.17"]),
 ("9.4.4", "Use of privileged utility programs", "特権的ユーティリティの使用", []),
 ("9.4.5", "Access to program source code", "ソースコードへのアクセス制御", []),
 ("CLD.9.5.1", "Customers' virtual environments kept apart", "仮想環境における利用者の分離", ["A.8.22"]),
 ("CLD.9.5.2", "Virtual machines hardened", "仮想マシンの要塞化", ["A.8.9"]),
 ("10.1.1", "Policy on the use of cryptography", "暗号による管理策の利用方針", ["A.8.24"]),
 ("10.1.2", "Key management", "鍵管理", ["A.8.24"]),
 ("11.1.1", "Physical security perimeter", "物理的セキュリティ境界", []),
 ("11.1.2", "Physical entry controls", "物理的入退管理", []),
 ("11.1.3", "Securing offices, rooms and facilities", "オフィス・部屋・施設のセキュリティ", []),
 ("11.1.4", "Protection against external and environmental threats", "外部・環境の脅威からの保護", []),
 ("11.1.5", "Working in secure areas", "セキュリティを保つべき領域での作業", []),
 ("11.1.6", "Delivery and loading areas", "受渡場所", []),
 ("11.2.1", "Equipment siting and protection", "装置の設置と保護", []),
 ("11.2.2", "Supporting utilities", "サポートユーティリティ", []),
 ("11.2.3", "Cabling security", "ケーブル配線のセキュリティ", []),
 ("11.2.4", "Equipment maintenance", "装置の保守", []),
 ("11.2.5", "Removal of assets", "資産の移動", []),
 ("11.2.6", "Equipment and assets off-premises", "構外にある装置と資産", []),
 ("11.2.7", "Secure disposal or re-use of equipment", "装置の安全な処分・再利用", []),
 ("11.2.8", "Unattended user equipment", "無人状態の利用者装置", []),
 ("11.2.9", "Clear desk and clear screen", "クリアデスク・クリアスクリーン", []),
 ("12.1.1", "Documented operating procedures", "操作手順書", []),
 ("12.1.2", "Change management", "変更管理", ["A.8.9"]),
 ("12.1.3", "Capacity management", "容量・能力の管理", []),
 ("12.1.4", "Development, test and production separated", "開発・試験・運用環境の分離", []),
 ("CLD.12.1.5", "Administrators' operational security", "実務管理者の運用のセキュリティ", []),
 ("12.2.1", "Protection against malware", "マルウェアに対する管理策", ["A.8.7"]),
 ("12.3.1", "Information backup", "情報のバックアップ", ["A.8.13"]),
 ("12.4.1", "Event logging", "イベントログの取得", ["A.8.15"]),
 ("12.4.2", "Protection of log information", "ログ情報の保護", ["A.8.15"]),
 ("12.4.3", "Administrator and operator logs", "実務管理者と運用担当者の作業ログ", ["A.8.15"]),
 ("12.4.4", "Clock synchronisation", "クロックの同期", []),
 ("CLD.12.4.5", "Monitoring of cloud services", "クラウドサービスの監視", ["A.8.16"]),
 ("12.5.1", "Installing software on operational systems", "運用システムへのソフトウェアの導入", []),
 ("12.6.1", "Technical vulnerabilities managed", "技術的ぜい弱性の管理", ["A.8.8"]),
 ("12.6.2", "Restrictions on software installation", "ソフトウェアのインストールの制限", []),
 ("12.7.1", "Audits of information systems planned", "情報システムの監査に対する管理策", []),
 ("13.1.1", "Network controls", "ネットワーク管理策", ["A.8.20"]),
 ("13.1.2", "Security of network services", "ネットワークサービスのセキュリティ", []),
 ("13.1.3", "Segregation in networks", "ネットワークの分離", ["A.8.22"]),
 ("CLD.13.1.4", "Virtual and physical network security aligned", "仮想・物理ネットワークのセキュリティ管理の整合", ["A.8.20"]),
 ("13.2.1", "Information transfer policies and procedures", "情報転送の方針と手順", ["A.5.14"]),
 ("13.2.2", "Agreements on information transfer", "情報転送に関する合意", ["A.5.14"]),
 ("13.2.3", "Electronic messaging", "電子的メッセージ通信", ["A.5.14"]),
 ("13.2.4", "Confidentiality agreements", "秘密保持契約", []),
 ("14.1.1", "Security requirements analysed and specified", "セキュリティ要求事項の分析と仕様化", []),
 ("14.1.2", "Application services on public networks secured", "公衆ネットワーク上のアプリケーションサービスの保護", []),
 ("14.1.3", "Application service transactions protected", "アプリケーションサービスのトランザクションの保護", []),
 ("14.2.1", "Secure development policy", "セキュリティに配慮した開発の方針", []),
 ("14.2.2", "System change control procedures", "システムの変更管理手順", []),
 ("14.2.3", "Applications reviewed after platform changes", "プラットフォーム変更後のアプリケーションの確認", []),
 ("14.2.4", "Changes to software packages restricted", "パッケージソフトウェアの変更の制限", []),
 ("14.2.5", "Secure system engineering principles", "セキュリティに配慮したシステム構築の原則", []),
 ("14.2.6", "Secure development environment", "セキュリティに配慮した開発環境", []),
 ("14.2.7", "Outsourced development", "外部委託による開発", []),
 ("14.2.8", "Security testing during development", "システムセキュリティの試験", []),
 ("14.2.9", "System acceptance testing", "システムの受入れ試験", []),
 ("14.3.1", "Protection of test data", "試験データの保護", []),
 ("15.1.1", "Security policy for supplier relationships", "供給者関係のための方針", []),
 ("15.1.2", "Security in supplier agreements", "供給者との合意におけるセキュリティ", []),
 ("15.1.3", "ICT supply chain", "ICT サプライチェーン", []),
 ("15.2.1", "Supplier services monitored and reviewed", "供給者のサービス提供の監視とレビュー", []),
 ("15.2.2", "Changes to supplier services managed", "供給者のサービス提供の変更管理", []),
 ("16.1.1", "Incident responsibilities and procedures", "インシデント管理の責任と手順", []),
 ("16.1.2", "Reporting security events", "情報セキュリティ事象の報告", []),
 ("16.1.3", "Reporting security weaknesses", "情報セキュリティ弱点の報告", []),
 ("16.1.4", "Assessing and deciding on events", "情報セキュリティ事象の評価と決定", []),
 ("16.1.5", "Responding to incidents", "情報セキュリティインシデントへの対応", []),
 ("16.1.6", "Learning from incidents", "インシデントからの学習", []),
 ("16.1.7", "Collection of evidence", "証拠の収集", []),
 ("17.1.1", "Planning security continuity", "情報セキュリティ継続の計画", []),
 ("17.1.2", "Implementing security continuity", "情報セキュリティ継続の実施", []),
 ("17.1.3", "Verifying and reviewing continuity", "情報セキュリティ継続の検証・レビュー・評価", []),
 ("17.2.1", "Availability of processing facilities (redundancy)", "情報処理施設の可用性（冗長性）", ["A.8.14"]),
 ("18.1.1", "Applicable legal and contractual requirements identified", "適用法令と契約上の要求事項の特定", []),
 ("18.1.2", "Intellectual property rights", "知的財産権", []),
 ("18.1.3", "Protection of records", "記録の保護", []),
 ("18.1.4", "Privacy and protection of personal data", "プライバシーと個人を特定できる情報の保護", []),
 ("18.1.5", "Regulation of cryptographic controls", "暗号化機能に対する規制", []),
 ("18.2.1", "Independent review of information security", "情報セキュリティの独立したレビュー", []),
 ("18.2.2", "Compliance with policies and standards", "方針・規則・標準の順守", []),
 ("18.2.3", "Technical compliance review", "技術的順守のレビュー", ["A.8.8"]),
]

assert len(C) == 121, len(C)  # 114 controls of ISO/IEC 27002:2013 + 7 of ISO/IEC 27017
assert len({c[0] for c in C}) == len(C)

def q(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

def clause(i):
    return i.removeprefix("CLD.").split(".")[0]

out = ["""# GENERATED by framework/gen/ismap.py — edit the table there, then run it.
# ISMAP control criteria (管理策基準): the control objectives (3-digit controls), for mapping.
# Numbering checked 2026-12-07 (docs/frameworks.md, "Sources checked"): the JIS Q 27002:2014
# numbering is confirmed up to ISMAP's revision of July 2024, whose new and changed detailed controls
# KPMG lists as 8.1.5.4.P, 16.1.5.10, 13.2.3.7.P, 12.2.1.15, 9.2.3.11.PB, 7.2.2.18, 13.1.3.1 and
# 13.1.3.5 (https://kpmg.com/jp/ja/home/insights/2024/09/ismap-revision2024.html); ISMAP writes the
# ISO/IEC 27017 additions without a prefix (8.1.5 there, CLD.8.1.5 here). A revised 管理基準 went to
# public comment on 2025-09-18 (https://www.nisc.go.jp/policy/group/general/ismap_iken_202509.html);
# whether it moved to the JIS Q 27002:2024 numbering could not be confirmed from any stored source.
id: ismap
title:
  en: "ISMAP control criteria: control objectives (ids and structure, for mapping)"
  ja: "ISMAP 管理基準 管理策基準の統制目標（番号と構成、対応付け用）"
version: "JIS Q 27002:2014 numbering"
source:
  publisher: ISMAP Steering Committee (NISC, Digital Agency, MIC, METI)
  document:
    en: "ISMAP control criteria (管理基準), control criteria part (管理策基準)"
    ja: "ISMAP 管理基準（管理策基準）"
  url: https://www.ismap.go.jp/
  licence:
    en: >
      Control ids and their grouping only: ISMAP's control criteria number their control objectives
      (3-digit controls, all required unless shown not to apply) as JIS Q 27002:2014 / ISO/IEC
      27002:2013 does, with the cloud additions of ISO/IEC 27017 (written CLD.* here). Each title is
      mamori's own few words for the subject; no ISMAP, JIS or ISO text is reproduced, and the
      detailed controls (4-digit) are not listed. Evidence comes from the checks mapped to the ISO/IEC
      27001:2022 control that replaced each 2013 one (ISO/IEC 27002:2022 Annex B). Check the ids
      against the current ISMAP control criteria before relying on them.
    ja: >
      番号と分類だけを使っています。ISMAP の管理策基準は、統制目標（3 桁管理策。適用できない理由を
      示さない限り必須）を JIS Q 27002:2014（ISO/IEC 27002:2013）と同じ番号で定め、ISO/IEC 27017 の
      クラウド固有の管理策（ここでは CLD.* と表記）を加えています。題は主題を表す mamori 独自の短い言葉で、
      ISMAP・JIS・ISO の文章は転載していません。詳細管理策（4 桁）は含みません。根拠は、2013 年版の各管理策を
      引き継いだ ISO/IEC 27001:2022 の管理策に対応付けられたチェックです（ISO/IEC 27002:2022 附属書 B）。
      利用の前に、最新の ISMAP 管理基準で番号を確認してください。
categories:
"""]
for n, en, ja in CLAUSES:
    out.append(f"  - {{id: \"c{n}\", title: {{en: {q(n + '. ' + en)}, ja: {q(n + '. ' + ja)}}}}}\n")
out.append("""scoring:
  method: percent
  bands:
    - {id: ready, min: 100, label: {en: "Every control objective in place", ja: "すべての統制目標を満たしています"}}
    - {id: close, min: 80, label: {en: "Close: a few gaps remain", ja: "あと少し：残る課題はわずかです"}}
    - {id: gaps, min: 0, label: {en: "Gaps to close", ja: "解消すべき課題があります"}}
review_days: 365
controls:
""")
for i, en, ja, via in C:
    out.append(f'  - id: "{i}"\n    category: c{clause(i)}\n    title: {{en: {q(en)}, ja: {q(ja)}}}\n')
    out.append(f"    question:\n      en: {q('For the cloud service: is this control objective in place (' + i + ', ' + en[0].lower() + en[1:] + ')?')}\n")
    out.append(f"      ja: {q('クラウドサービスについて、統制目標 ' + i + '（' + ja + '）を満たしていますか？')}\n")
    if via:
        out.append(f"    via: [{', '.join('iso27001-2022:' + v for v in via)}]\n")
with open("framework/data/ismap.yaml", "w") as f:
    f.write("".join(out))
