#!/usr/bin/env python3
"""Writes framework/data/scs-3.yaml and scs-4.yaml from one table, so that the
requirements and criteria the two levels share read the same in both. Run
from the repository root: python3 framework/gen/scs.py

Source: IPA, 「★3・★4 要求事項・評価基準」 workbook of 2026-03-27
(https://www.ipa.go.jp/security/scs/rcu1hd0000007a2i-att/20260327001-c.xlsx,
listed on https://www.ipa.go.jp/security/scs/requirements-criteria.html), the
evaluation criteria of METI's 制度構築方針 of the same day. The workbook could
not be fetched from here; its structure (requirement ids, criterion ids, the
★ level of each criterion) and its texts were read from a public
transcription of it, github.com/yasagure3/SCS_Assessment,
src/server/db/seed/scs-20260327-import.json (columns B-N of the workbook;
the project records the workbook's SHA-256 as
d4c27aa4bfed5521a98ff9ce8c042743e4204e4b8310ceb3df0c54eabfdc8dd1). Every title
below is mamori's own short summary of the requirement or criterion, not
IPA's wording; the checks are mamori's choice of evidence.

Cross-checked 2026-12-07 (docs/frameworks.md, "Sources checked"): the same
project's migrations/0002_public_standard.sql lists the 81 ★3 criteria with
their workbook row numbers; every ★3 criterion here sits at row - 2 of the 153
★4 criteria below, so ids, counts and order agree with the workbook rows. No
reproduction independent of that project was found. Third-party pages that
give other counts (★3 83 criteria, ★4 44 requirements / 157 criteria) appear to
describe the drafts of 2025 (中間取りまとめ of 2025-04, 制度構築方針（案） of 2025-12),
not the 2026-03-27 workbook. One AI-written article in a public repository
calls annual training "4-2-1-2" a ★3 criterion; here (and in the
transcription's ★3 table) 4-2-1 is ★4 only and ★3's training requirement is
4-2-2: not taken as a contradiction. IPA's page of 2026-04-21
(https://www.ipa.go.jp/security/scs/details.html) describes the evaluation
scheme, not a revision of the requirements."""

STAR3 = "1-2-1 1-2-3 1-3-1 2-1-1 2-1-2 2-1-4 3-1-1 3-1-2 3-1-3 3-1-4 4-1-1 4-1-2 4-1-3 4-1-4 4-1-5 4-1-6 4-1-7 4-2-2 4-3-4 4-4-1 4-4-4 4-4-5 4-5-1 5-1-1 6-1-1 7-1-1".split()
STAR4_ADD = "1-1-1 1-2-2 1-4-1 2-1-3 2-1-5 3-1-5 3-2-1 4-1-8 4-1-9 4-2-1 4-3-1 4-3-2 4-3-3 4-4-2 4-4-3 5-1-2 5-2-1".split()

CATS = [
    ("governance", "Governance", "ガバナンスの整備"),
    ("supplier-management", "Managing partners and suppliers", "取引先管理"),
    ("identify", "Identifying risks", "リスクの特定"),
    ("protect", "Protecting against attacks", "攻撃等の防御"),
    ("detect", "Detecting attacks", "攻撃等の検知"),
    ("respond", "Responding to incidents", "インシデントへの対応"),
    ("recover", "Recovering from incidents", "インシデントからの復旧"),
]

# id: (en title, ja title, [(n, level, en, ja, checks, sources)])
C3, C4 = 3, 4
R = {
 "1-1-1": ("Internal rules that reflect laws, regulators' standards and customers' requirements", "法令・業界基準・取引先の要求を踏まえた社内ルールの整備", [
  (1, C4, "Know the security-related laws, the standards of the ministry in charge and industry bodies, and customers' requirements, and write internal rules from them", "関連法令、所管省庁・業界団体の基準、取引先の要求事項を把握したうえでの社内ルールの策定", [], []),
  (2, C4, "Check at least once a year whether those have changed, and review the rules", "それらの改定状況の年1回以上の確認と社内ルールの見直し", [], []),
  (3, C4, "Make new or revised rules known to all staff, temporary and seconded staff included", "策定・改定した社内ルールの全要員（派遣社員・受入出向者を含む）への周知", [], []),
 ]),
 "1-2-1": ("Security roles, responsibilities and authority assigned", "セキュリティ推進を担う部署・役員の役割、責任と権限の割り当て", [
  (1, C3, "Define the roles and responsibilities of the executive in charge of security (the CISO, if any) and of the security team", "セキュリティ統括役員（CISO など）と担当部署の役割・責任の明文化", [], []),
  (2, C3, "Keep a contact list of that executive and the security team for everyday security work", "平常時に使う統括役員・担当部署の連絡先一覧の整備", [], []),
  (3, C3, "Review this everyday set-up (1-2-1-1, 1-2-1-2) at least once a year", "平常時の体制（1-2-1-1・1-2-1-2）の年1回以上の点検", [], []),
  (4, C4, "Set up a body with management on it (a security committee or similar) that decides on security risks", "経営層が参加し経営判断ができる情報セキュリティ委員会などの設置", [], []),
 ]),
 "1-2-2": ("A set-up to monitor and analyse cyber attacks and their signs", "サイバー攻撃とその予兆を監視・分析する体制の整備", [
  (1, C4, "Put public or non-public information on attacks and vulnerabilities to use", "攻撃・脆弱性に関する公開・非公開の情報を活用する体制", [], []),
  (2, C4, "Correlate that information and logs to detect signs of attack and incidents, and to work out how to prevent and respond", "情報やログの相関分析などで攻撃の予兆・インシデントを検知し、防止と対応を導ける体制", [], []),
 ]),
 "1-2-3": ("Confidentiality rules written and followed", "守秘義務のルールの策定と遵守", [
  (1, C3, "Write confidentiality rules for executives, employees, temporary and seconded staff", "役員・従業員・派遣社員・受入出向者を対象とする守秘義務ルールの策定", [], []),
  (2, C3, "Explain them when people join or outside staff arrive", "入社時・社外要員の受入れ時の守秘義務ルールの説明", [], []),
  (3, C4, "Have executives and employees who handle confidential information sign a confidentiality pledge", "機密情報を扱う役員・従業員からの守秘義務誓約書の取得", [], []),
  (4, C4, "Agree confidentiality with the dispatching or seconding company before temporary or seconded staff start", "派遣元・出向元との業務開始前の守秘義務の締結", [], []),
 ]),
 "1-3-1": ("Security policy written and made known", "セキュリティ対応方針の策定と周知", [
  (1, C3, "Write the company's security policy", "自社のセキュリティ対応方針の策定", [], []),
  (2, C3, "Let all staff read the current policy at any time", "全要員が最新の方針をいつでも参照できる状態", [], []),
  (3, C3, "Tell all staff when the policy changes", "方針改定時の全要員への周知", [], []),
  (4, C4, "Review the policy at least once a year", "方針の内容の年1回以上の点検", [], []),
 ]),
 "1-4-1": ("A security plan, reported to management regularly and acted on", "セキュリティ対策推進計画の策定、経営層への定期報告と反映", [
  (1, C4, "At least once a year the security team reports to the executive in charge the state of the measures, from the periodic reviews the criteria ask for, with a plan; gets it approved and shares it", "年1回以上、各評価基準が求める点検の結果を踏まえた対策の実態と推進計画を統括役員に報告して承認を受け、社内に共有", [], []),
  (2, C4, "Record management's instructions for improvement, put them in the plan and correct the shortcomings", "役員からの改善指示の記録、計画への反映と不備の是正", [], []),
 ]),
 "2-1-1": ("Business and system relationships with partners known", "取引先とのビジネス上・システム上の関係の把握", [
  (1, C3, "Keep track of the systems run by other organisations (customers, group companies, cloud providers and other partners) that your assets connect to", "他組織（顧客・子会社・関係会社・クラウド事業者など）が管理・提供し、自社の資産が接続するシステムを把握する仕組み", [], []),
  (2, C3, "Review that record at least once a year", "把握した情報の年1回以上の点検", [], []),
  (3, C4, "For each partner you share confidential information with, know how orders and information are exchanged, and which information assets change hands and how they are handled", "機密情報を共有する子会社・取引先ごとのやり取りの手段と、授受する情報資産とその取扱いを把握する仕組み", [], []),
 ]),
 "2-1-2": ("Handling of shared confidential information agreed with the partner", "共有先との機密情報の取扱いの取り決め", [
  (1, C3, "Before work starts, agree with the partner what counts as confidential, limits on its use, storage, copying and passing on, and its return or disposal", "業務開始前の、機密情報の定義、利用制限・保管方法・複製や第三者提供の可否、返還・廃棄の取り決め", [], []),
 ]),
 "2-1-3": ("Security of the partners that matter known", "事業継続・情報管理の面で影響のある取引先の対策状況の把握", [
  (1, C4, "At least once a year, find out how well protected the partners are that get your important confidential information, that your business depends on, or that can reach your internal systems (their ★ level, a visit, a checklist)", "重要な機密情報を共有する、事業継続上重要、または自社の内部システムに接続できる取引先の対策状況の年1回以上の把握（★の取得状況、訪問点検、チェックシートなど）", [], []),
 ]),
 "2-1-4": ("Roles in an incident agreed with partners", "インシデント発生時の取引先との役割・責任の明確化", [
  (1, C3, "Agree with the partners you share confidential information with who does what when an incident happens", "機密情報を共有する子会社・取引先との、インシデント発生時の役割・責任の取り決め", [], []),
 ]),
 "2-1-5": ("Confidential information and access taken back or destroyed when a contract ends", "契約終了時の機密情報・アクセス権の回収または破棄", [
  (1, C4, "A procedure (a checklist of what to get back, for example) to confirm it was done", "回収・破棄を確認する手順（回収物チェックシートなど）の整備", [], []),
 ]),
 "3-1-1": ("Devices, operating systems and software known", "情報機器・OS・ソフトウェアの把握", [
  (1, C3, "Keep track of PCs and thin clients: maker, OS and number", "パソコン・シンクライアントの製造元・OS・台数を把握する仕組み", [], []),
  (2, C3, "Keep track of servers, virtual servers and hypervisors: maker, OS and number", "サーバ・仮想サーバ・ハイパーバイザの製造元・OS・台数を把握する仕組み", ["aws-config-recorder-enabled", "aws-config-recorder-all-resources"], []),
  (3, C3, "Rules for devices, OS and software covering installation, placement, network connection and patching", "導入・設置・ネットワーク接続・パッチ適用を含む、情報機器・OS・ソフトウェアの管理ルールの策定", [], []),
  (4, C3, "Check compliance with those rules at least once a year", "管理ルールの遵守状況の年1回以上の点検", [], []),
  (5, C4, "Keep track of smart devices: maker, OS and number", "スマートデバイスの製造元・OS・台数を把握する仕組み", [], []),
  (6, C4, "Keep track of the settings of the devices that make up important systems", "重要なシステムを構成する機器の設定情報を把握する仕組み", ["aws-config-recorder-enabled"], []),
  (7, C4, "Review what 3-1-1-1, 3-1-1-2, 3-1-1-5 and 3-1-1-6 record at least once a year", "3-1-1-1・2・5・6 で把握した内容の年1回以上の点検", [], []),
 ]),
 "3-1-2": ("Networks known", "ネットワークに関する情報を把握する仕組み", [
  (1, C3, "Keep track of the networks, including where each is and what it is for", "各ネットワークの所在地・用途を含めて把握する仕組み", [], []),
  (2, C3, "Keep track of network devices, including maker, model and maintenance company", "ネットワーク機器を製造元・モデル・保守事業者を含めて把握する仕組み", [], []),
  (3, C4, "Draw network diagrams", "ネットワーク図の作成", [], []),
  (4, C4, "Review the diagrams at least once a year", "ネットワーク図の記載内容の年1回以上の点検", [], []),
 ]),
 "3-1-3": ("Outside information services that handle confidential information managed", "機密情報を扱う外部情報サービスの管理", [
  (1, C3, "Set security requirements for outside services and check that a service meets them when you use it", "外部情報サービスのセキュリティ要件の策定と、利用時の要件充足の確認", [], []),
  (2, C3, "Agree with the provider how confidential information is handled", "提供事業者との機密情報の取扱いに関する合意", [], []),
 ]),
 "3-1-4": ("Information managed by confidentiality class", "機密区分に応じた情報の管理", [
  (1, C3, "Rules for identifying confidential information, grading and marking it, handling each class, and where each class may be handled", "機密の特定、区分の判定・表示、区分ごとの取扱方法、取扱エリアの区分・制限を含む管理ルールの策定", [], []),
  (2, C3, "Review those rules at least once a year", "管理ルールの内容の年1回以上の点検", [], []),
  (3, C3, "Keep track of each piece of important confidential information: owner, department, location, retention, to whom it is disclosed, and a contact", "重要な機密情報ごとの管理者・部署・保管場所・保管期限・開示先・連絡先を把握する仕組み", [], []),
  (4, C4, "Review that record (3-1-4-3) at least once a year", "3-1-4-3 で把握した内容の年1回以上の点検", [], []),
  (5, C4, "Get back information, devices and access (IDs, keys) when people leave, with a procedure that misses nothing", "退職・任期満了時の情報・機器・アクセス権（ID・鍵）の回収と、回収漏れを防ぐ手順", [], []),
  (6, C4, "Review those returns at least once a year", "回収状況の年1回以上の点検", [], []),
  (7, C4, "Wipe servers, company PCs, smart devices and media beyond recovery before disposal or the end of a lease (formatting is not enough)", "廃棄・リース返却時の、サーバ・会社支給パソコン・スマートデバイス・外部記憶媒体の復元できない抹消（フォーマットでは不十分）", [], []),
  (8, C4, "Keep records of those wipes", "抹消処理の記録の保管", [], []),
 ]),
 "3-1-5": ("Rules for remote work", "リモートワークで使う機器と機密情報のルール", [
  (1, C4, "Rules for remote work: which devices are allowed and how to ask, and which classes and kinds of file may be downloaded to personal devices", "使用を許可する機器と申請・承認の方法、個人所有機器にダウンロードできるファイルの区分・種類を定めたルール", [], []),
  (2, C4, "Make the rules known to everyone who works remotely", "リモートワークを行う全要員への周知", [], []),
  (3, C4, "Review the rules and compliance with them at least once a year", "ルールの内容と遵守状況の年1回以上の点検", [], []),
 ]),
 "3-2-1": ("Vulnerability management: who does what, and how", "脆弱性の管理体制・管理プロセスの整備と運用", [
  (1, C4, "Define who is responsible, from collecting vulnerability and threat information to acting on it", "脆弱性・脅威情報の収集から対応までの担当部署の役割・責任の明文化", [], []),
  (2, C4, "Define the sources, tools and frequency for collecting it", "情報を収集する情報源・ツール・頻度の決定", [], []),
  (3, C4, "Define when to act on an item and how", "対応要否の判断基準と対応手順の策定", [], []),
  (4, C4, "Keep track of the vulnerabilities that remain on managed devices", "管理対象の機器に残る脆弱性を把握する仕組み", [], []),
  (5, C4, "Record what was done about each item and check monthly that nothing was missed", "対応履歴の記録と、対応漏れの月次点検", [], []),
 ]),
 "4-1-1": ("User IDs issued, changed and removed under a procedure", "ユーザIDの発行・変更・削除の手続", [
  (1, C3, "Issuing, changing and removing the user IDs of all staff needs an application and approval", "全要員のユーザIDの付与・変更・削除の申請・承認制", [], []),
  (2, C3, "Do not share user IDs; where a system forces it, know who used a shared ID", "ユーザIDを共有しないこと（やむを得ず共有する場合は利用者を特定できること）", [], []),
  (3, C3, "Remove or disable user IDs no longer needed (people who left, IDs unused for a while) promptly", "不要になったユーザID（退職者、一定期間使われていないもの）の速やかな削除・無効化", ["aws-iam-user-unused-credentials"], []),
  (4, C3, "Remove access rights no longer needed (after a change of role) promptly", "不要になったアクセス権（役割の変更時など）の速やかな削除・無効化", [], []),
 ]),
 "4-1-2": ("Administrator IDs issued, changed and removed under a procedure", "管理者IDの発行・変更・削除の手続", [
  (1, C3, "Name an administrator and a person responsible for every server and network device", "全サーバ・ネットワーク機器のシステム管理者・責任者の決定", [], []),
  (2, C3, "Give administrator rights to few people and do not share administrator IDs; where a system forces it, know who used a shared one", "管理者権限を付与する人の限定と、管理者IDを共有しないこと（やむを得ず共有する場合は利用者を特定できること）", ["aws-iam-root-no-access-keys", "aws-iam-root-not-recently-used"], []),
  (3, C3, "Give each administrator ID only the rights its use needs", "管理者IDごとの、用途に応じた必要最低限の権限の付与", ["aws-iam-policy-no-full-admin", "aws-iam-user-no-direct-admin"], []),
  (4, C3, "People who work in development cannot use their development administrator rights in production", "開発環境の管理者権限で本番環境を操作できないこと", [], []),
  (5, C3, "Know who in the organisation holds an administrator ID", "誰が管理者IDを持っているかを把握する仕組み", [], []),
  (6, C3, "Remove or disable administrator IDs no longer needed promptly", "不要になった管理者IDの速やかな削除・無効化", [], []),
  (7, C3, "Issuing, changing and removing administrator IDs needs an application and approval", "管理者IDの付与・変更・削除の申請・承認制", [], []),
  (8, C3, "Only people whose job needs it may manage administrator IDs or change server and network device settings", "管理者IDの管理とサーバ・ネットワーク機器の設定変更を行う権限の、業務上必要な人への限定", [], []),
 ]),
 "4-1-3": ("Authentication as strong as the system and information need", "システム・情報の重要度に応じた認証の強度と実装方法の決定", [
  (1, C3, "Authenticate every user and administrator ID with its own credentials before it gets access", "全ユーザID・管理者IDの、アクセス許可前の各自の認証情報による認証", [], []),
  (2, C3, "Always use multi-factor authentication for users and administrators of cloud services that hold important confidential information", "重要な機密情報を扱うクラウドサービスへのアクセスでの常時多要素認証", ["aws-iam-root-mfa", "aws-iam-user-console-mfa"], []),
  (3, C3, "Multi-factor means two or more kinds of factor: something known, something held, something biometric, or another (an IP address)", "知識・所有・生体・その他（IPアドレスなど）のうち2種類以上の要素による多要素認証", [], []),
  (4, C3, "A password used as one of the factors has 8 characters or more", "多要素認証の知識情報として使うパスワードの8文字以上", [], []),
  (5, C4, "Also use multi-factor authentication to reach the internal network over the internet, for administrators reaching systems over the internet, and for users reaching systems with important confidential information over the internet", "インターネット経由の社内接続、管理者のインターネット経由のアクセス、重要な機密情報を扱うシステムへのインターネット経由のアクセスでの常時多要素認証", ["aws-iam-root-mfa", "aws-iam-user-console-mfa"], []),
 ]),
 "4-1-4": ("PCs and smart devices lock against guessing", "パソコン・スマートデバイスのロック制御", [
  (1, C3, "Slow down repeated failed log-ons or lock after 10 failures at most; where neither can be set, use a stronger password or similar", "ログオン失敗時の試行間隔の延長または10回以下の失敗でのロック（どちらも設定できない場合はより強いパスワードなどの代替策）", [], []),
  (2, C3, "Use a password or PIN of 6 characters or more to log on to PCs and unlock smart devices", "パソコンのログオンとスマートデバイスのロック解除での6文字以上のパスワード・PIN", [], []),
 ]),
 "4-1-5": ("Password rules written and made known", "パスワード設定ルールの策定と周知", [
  (1, C3, "Rule: change the default passwords of PCs, servers, smart devices and cloud services", "パソコン・サーバ・スマートデバイス・クラウドサービスの初期パスワードを変更するルール", [], []),
  (2, C3, "Rule: no easily guessed words", "推測されやすい単語を禁止するルール", [], []),
  (3, C3, "Rule: 8 characters or more with multi-factor authentication or a lock after 10 failures at most; otherwise 10 or more with upper and lower case and digits", "多要素認証または10回以下の失敗でのロックのうえで8文字以上、どちらもできない場合は英大小文字・数字を含む10文字以上とするルール", [], []),
  (4, C3, "Rule: do not reuse a password across devices and services", "機器・サービス間でパスワードを使い回さないルール", [], []),
  (5, C3, "Make these rules (4-1-5-1 to 4-1-5-4) known to all staff", "4-1-5-1〜4 のルールの全要員への周知", [], []),
 ]),
 "4-1-6": ("Password handling rules written and made known", "パスワード管理ルールの策定と周知", [
  (1, C3, "Rule: keep passwords safe (paper locked away, a password manager)", "パスワードを安全に保管するルール（紙の施錠保管、パスワード管理アプリなど）", [], []),
  (2, C3, "A procedure to change a password at once when it has or may have leaked", "漏洩が判明した、または疑われるときに速やかに変更する手順", [], []),
  (3, C3, "Make these rules (4-1-6-1, 4-1-6-2) known to all staff", "4-1-6-1・2 のルールの全要員への周知", [], []),
 ]),
 "4-1-7": ("Access rights management rules", "アクセス権の管理ルールの策定", [
  (1, C3, "Rules for access rights to systems and PCs and for entry to sensitive rooms: application and approval, no more than needed, regular review, and a register of what was granted", "システム・パソコンのアクセス権と機密上配慮が必要な場所への入室について、申請・承認制、必要な範囲への限定、棚卸、申請書・台帳の管理を定めたルール", [], []),
  (2, C4, "Review the access rights given to all staff at least once a year", "付与したアクセス権の年1回以上の棚卸", ["aws-iam-user-unused-credentials"], []),
  (3, C4, "Define when access to systems with important confidential information may be granted", "重要な機密情報を扱うシステムのアクセス権付与条件の決定", [], []),
  (4, C4, "Define who may set access rights on those systems and how", "重要な機密情報を扱うシステムで権限を設定する管理者の要件と設定手順の決定", [], []),
  (5, C4, "On those systems, give each user and administrator the least rights, with no one person holding too much", "重要な機密情報を扱うシステムでの最小権限の付与と、個人への権限集中の回避", ["aws-iam-policy-no-full-admin", "aws-iam-user-permissions-through-groups"], []),
  (6, C4, "On those systems, watch how the granted rights are used", "重要な機密情報を扱うシステムで付与したアクセス権の利用状況を監視する仕組み", ["aws-cloudtrail-multi-region-logging"], []),
 ]),
 "4-1-8": ("Entry to server areas controlled and recorded", "サーバ設置エリアへの入退室の管理と記録", [
  (1, C4, "Define who may enter server areas", "サーバ設置エリアに入れる人の決定", [], []),
  (2, C4, "Lock the server area, or the server rack where the area cannot be locked", "サーバ設置エリアの施錠（施錠できない場合は専用ラックの施錠）", [], []),
  (3, C4, "Name someone to keep the area's or rack's keys, and keep them safe", "エリア・ラックの鍵の管理者の決定と安全な管理", [], []),
  (4, C4, "Record entries and exits (time and name) and keep the record for 6 months or more", "入退場記録（日時・氏名）の取得と6か月以上の保管", [], []),
 ]),
 "4-1-9": ("Bringing in and taking out portable devices and media limited", "可搬媒体の持込み・持出しの制限", [
  (1, C4, "Rules for bringing PCs, smart devices, cameras and storage media (personal ones included) into the office", "パソコン・スマートデバイス・カメラ・外部記憶媒体（個人所有機器を含む）の社内への持込みルール", [], []),
  (2, C4, "Rules for taking them, and confidential printouts such as drawings, out of the office", "それらと機密書類（図面など）の社外への持出しルール", [], []),
  (3, C4, "Review those rules and compliance with them at least once a year", "持込み・持出しルールの内容と遵守状況の年1回以上の点検", [], []),
 ]),
 "4-2-1": ("Security awareness training for everyone, management included", "経営層を含む全要員へのセキュリティ意識向上の教育・研修", [
  (1, C4, "Give management a chance to understand its security roles and responsibilities", "経営層が情報セキュリティに関する役割・責任を理解する機会", [], []),
  (2, C4, "Where a workplace has risks and rules of its own, go over them there at least once a year", "職場特有のリスク・ルールの、職場単位での年1回以上の周知", [], []),
  (3, C4, "When people join and at least once a year, train all staff on malware by e-mail and web browsing and on handling information by class", "受入れ時と年1回以上の、メール・Web閲覧によるマルウェア感染の予防と機密区分の取扱いの教育", [], []),
  (4, C4, "Record and keep who took that training", "教育・研修の実施状況の記録と保管", [], []),
  (5, C4, "Review the training's content at least once a year", "教育・研修の内容の年1回以上の点検", [], []),
 ]),
 "4-2-2": ("Training on what to do in an incident", "インシデント発生時の対応に関する教育・訓練", [
  (1, C3, "When people join and at least once a year, train all staff on incident response by e-learning or in class, besides handing out material", "受入れ時と年1回以上の、資料の配布・掲示に加えた e ラーニングまたは集合形式での教育・訓練", [], []),
  (2, C3, "Record and keep what was taught, how, when, and who took part", "教育・訓練の内容・方法・時期・受講状況の記録と保管", [], []),
  (3, C3, "Review the training's content at least once a year", "教育・訓練の内容の年1回以上の点検", [], []),
 ]),
 "4-3-1": ("Stored data encrypted under written rules", "保管データの暗号化ルールの策定と周知", [
  (1, C4, "Rule, made known to all staff: encrypt confidential information on PCs and media taken out of the office", "社外に持ち出すパソコン・記憶媒体の機密情報を暗号化するルールと全要員への周知", [], []),
  (2, C4, "Rule, made known to all staff: encrypt important confidential information", "重要な機密情報を暗号化するルールと全要員への周知", ["aws-s3-bucket-default-encryption", "aws-rds-instance-storage-encrypted", "aws-ec2-ebs-encryption-by-default", "aws-ec2-ebs-volume-encrypted"], []),
 ]),
 "4-3-2": ("Data kept in the right place", "データの保管場所のルールの策定と周知", [
  (1, C4, "Rule, made known to all staff: keep data the business cannot do without on servers in a safer part of the network (cloud included), not on PCs", "マルウェアの被害で業務に支障が出るデータを、パソコンではなく相対的に安全な区域のサーバ（クラウドを含む）に保管するルールと全要員への周知", [], []),
 ]),
 "4-3-3": ("Rules for sharing and sending information to partners", "取引先との情報共有・送信のルールの策定と周知", [
  (1, C4, "Rules, made known to all staff: share files only with trusted parties, and keep a record of files sent outside", "ファイル共有は信頼できる相手に限り、社外へのファイル送信は履歴を残すルールと全要員への周知", [], []),
 ]),
 "4-3-4": ("Backups taken properly", "適切なバックアップの実施", [
  (1, C3, "Back up your data with a defined scope, frequency and retention", "対象・頻度・保管期間を定めたデータのバックアップの取得", ["aws-rds-instance-backup-retention", "aws-s3-bucket-versioning"], []),
  (2, C3, "Also back up important confidential information to a distant site", "重要な機密情報の遠隔地バックアップ", [], []),
  (3, C3, "Write a restore procedure for each backup", "バックアップ対象ごとのリストア手順書の整備", [], []),
 ]),
 "4-4-1": ("Devices, OS and software securely configured", "情報機器・OS・ソフトウェアの安全な構成の確立と維持", [
  (1, C3, "Remove or disable software not allowed on PCs, servers and smart devices, or make it impossible to install anything not allowed", "許可していないソフトウェアの削除・無効化、または許可外のソフトウェアを自由にインストールできない設定", [], []),
  (2, C3, "Turn off auto-run and auto-play of external media", "外部記録媒体の自動実行・自動再生の無効化", [], []),
  (3, C3, "Changes to server and network device settings need an application and approval", "サーバ・ネットワーク機器の設定変更の申請・承認制", [], []),
  (4, C4, "Turn off unneeded services and protocols on PCs and servers", "パソコン・サーバ上の不要なサービス・プロトコルの無効化", ["aws-ec2-instance-imdsv2-required"], []),
  (5, C4, "Stop using the default user IDs of PCs and servers, or require strong authentication such as MFA to use them", "パソコン・サーバの既定のユーザIDの利用停止、または多要素認証などの強固な認証", ["aws-iam-root-mfa", "aws-iam-root-no-access-keys"], []),
  (6, C4, "Define standard configurations and settings for the OS and software in use", "利用するOS・ソフトウェアの標準構成・設定ルールの策定", [], []),
 ]),
 "4-4-2": ("Unsupported OS and software retired and replaced", "サポート切れのOS・ソフトウェアの利用停止と更改", [
  (1, C4, "Use only supported OS and software; where one cannot be replaced at once, plan its replacement and reduce the risk meanwhile as 4-4-4-2 asks", "サポートのあるOS・ソフトウェアだけの利用（やむを得ず使う場合は更改計画と、更改までの 4-4-4-2 のリスク低減策）", [], []),
 ]),
 "4-4-3": ("System logs kept and reviewed to find anomalies", "システムのログの取得と、異常検知のための定期的なレビュー", [
  (1, C4, "Keep for 6 months the logs an investigation needs: firewall (time, source and destination address), proxy (time, client address, URL) and authentication (time, address, user ID, result), cloud services included", "調査に必要なファイアウォール・プロキシ・認証サーバのログ（クラウドサービスを含む）の取得と6か月の保管", ["aws-cloudtrail-logging", "aws-cloudtrail-multi-region-logging", "aws-ec2-vpc-flow-logs-enabled"], []),
  (2, C4, "Always use multi-factor authentication to reach the stored logs over the internet", "ログの保存先へインターネット経由でアクセスする際の常時多要素認証", [], []),
  (3, C4, "Monitor the authentication logs at least once a month for suspicious log-in attempts", "認証サーバのログの月1回以上のモニタリングによる不審な認証試行の検知", ["aws-guardduty-enabled"], []),
 ]),
 "4-4-4": ("Security patches and updates applied under a procedure", "セキュリティパッチ・アップデート適用の手続", [
  (1, C3, "Systems, devices and software are licensed and supported; unsupported ones are removed or cut off from the internet; automatic updates are on where possible", "ライセンスとサポートがある状態、サポート終了時の削除またはインターネットとの通信の遮断、可能な限りの自動アップデートの有効化", ["aws-rds-instance-auto-minor-version-upgrade"], []),
  (2, C3, "Install updates that fix critical or high vulnerabilities (by the vendor's rating, CVSS 7.0 or more, or no rating given) within 14 days of release, or reduce the risk until then (turn the feature off, a workaround, isolation, blocking exploit traffic)", "重大・高リスクの脆弱性（ベンダーの評価、CVSS 基本値 7.0 以上、または評価の記載なし）を修正するアップデートのリリース後14日以内の適用（できない場合は適用までのリスク低減策）", [], ["vuln-cases:cvss7-fixed-14d"]),
  (3, C4, "Network devices on the internet boundary have no vulnerability of CVSS 7.0 or more in their OS or firmware", "インターネット境界のネットワーク機器のOS・ファームウェアに CVSS 基本値 7.0 以上の脆弱性がないこと", [], []),
 ]),
 "4-4-5": ("Systems protected from malware", "マルウェア感染からの保護", [
  (1, C3, "Anti-malware software on every networked PC and server", "ネットワークに接続する全パソコン・サーバへのマルウェア対策ソフトの導入", [], []),
  (2, C3, "Set the scan scope and frequency for each PC and server, and run the scans", "パソコン・サーバごとのスキャン範囲・頻度の決定と実行", [], []),
  (3, C3, "Update the pattern files as the vendor recommends", "パターンファイルのベンダー推奨に沿った更新", [], []),
  (4, C4, "Limit access to malicious websites from PCs or at the web gateway", "パソコン・Web ゲートウェイでの不正な Web サイトへのアクセス制限", [], []),
  (5, C4, "Check e-mail for malware at the mail gateway or server", "メールゲートウェイ・メールサーバでのマルウェアチェック", [], []),
 ]),
 "4-5-1": ("Networks separated and their boundary protected", "ネットワークの適切な分離と境界の防護", [
  (1, C3, "Change the default admin passwords of all firewalls and routers to strong, unique ones, or turn off their remote access", "全ファイアウォール・ルータの初期管理パスワードの強固で一意なものへの変更、またはリモートアクセスの無効化", [], []),
  (2, C3, "A procedure to change firewall and router passwords", "ファイアウォール・ルータのパスワード変更手順の策定", [], []),
  (3, C3, "Firewall and router authentication meets the password criteria of 4-1-5", "ファイアウォール・ルータの認証が 4-1-5 の評価基準を満たすこと", [], []),
  (4, C3, "Every firewall blocks unauthenticated inbound traffic", "全ファイアウォールでの、認証されていないインバウンド通信の遮断", ["aws-ec2-sg-ssh-restricted", "aws-ec2-sg-rdp-restricted", "aws-ec2-sg-all-traffic-restricted", "aws-ec2-sg-remote-access-ports-restricted", "aws-ec2-nacl-admin-ports-restricted", "aws-ec2-instance-admin-ports-not-internet-reachable", "aws-rds-instance-not-public", "aws-s3-bucket-not-public", "aws-s3-account-block-public-access"], []),
  (5, C3, "Every firewall has written rules for inbound traffic", "全ファイアウォールのインバウンド通信に関するルールの策定", [], []),
  (6, C3, "Remove or disable firewall rules no longer needed promptly", "不要になったファイアウォール・ルールの速やかな削除・無効化", ["aws-ec2-default-sg-restricts-all"], []),
  (7, C3, "Changing firewall rules over the internet needs multi-factor authentication or is limited to trusted addresses", "インターネット経由のファイアウォール・ルール変更での多要素認証、または信頼できる IP アドレスへの制限", ["aws-iam-root-mfa", "aws-iam-user-console-mfa"], []),
  (8, C4, "Turn on the software firewall of every PC and server whose OS has one", "OS が対応する全パソコン・サーバでのソフトウェアファイアウォールの有効化", [], []),
  (9, C4, "Put public servers and servers with important confidential information in segments of their own, and allow only the traffic needed in and out", "公開サーバと重要な機密情報を扱うサーバの専用セグメントへの設置と、セグメント内外の通信の必要最小限への限定", ["aws-ec2-subnet-no-auto-public-ip"], []),
 ]),
 "5-1-1": ("Network connections and data transfers monitored", "ネットワーク接続とデータ転送の監視", [
  (1, C3, "Detect and block unauthorised access in real time, both from the internet in and from inside to malicious servers, at the boundary or on the devices", "境界または端末での、インターネットから社内への通信と社内から不正なサーバへの通信双方の、不正アクセスのリアルタイム検知・遮断", ["aws-guardduty-enabled"], []),
  (2, C3, "Analyse network device logs and alerts; someone in the security team decides whether a suspicious event is an incident", "ネットワーク機器のログ・アラートの分析と、担当者による不審な事象のインシデント該当性の判断", ["aws-ec2-vpc-flow-logs-enabled"], []),
  (3, C3, "The devices or services of 5-1-1-1 raise alerts promptly and send a first incident report", "5-1-1-1 の機器・サービスによる速やかなアラート発報と、インシデント速報レポートの作成・通知", [], []),
 ]),
 "5-1-2": ("Devices and software watched for their state and behaviour", "情報機器・ソフトウェアの状態と挙動の監視", [
  (1, C4, "List the software allowed on company PCs", "会社支給パソコンで利用を許可するソフトウェアの一覧の作成", [], []),
  (2, C4, "Check what is installed on company PCs at least once a year", "会社支給パソコンのソフトウェアのインストール状況の年1回以上の点検", [], []),
  (3, C4, "Check files received from outside by real-time anti-malware scanning or in a sandbox", "外部から受け取ったファイルの、リアルタイムスキャンまたは仮想環境での安全確認", [], []),
 ]),
 "5-2-1": ("Incident levels and what each covers defined", "インシデントのレベルとレベルごとの対象範囲の明確化", [
  (1, C4, "Define the incident levels and what each covers, and make them known to all staff", "インシデントのレベルと対象範囲の決定と全要員への周知", [], []),
  (2, C4, "When suspicious log-ins (4-4-3-3) or alerts (5-1-1-1) come up, decide by those levels which level it is", "不審な認証試行の検知（4-4-3-3）や 5-1-1-1 のアラートを受けたときの、定めたレベルに基づく分析と判断", [], []),
 ]),
 "6-1-1": ("Incident response procedure and set-up", "インシデント対応手順・体制の整備", [
  (1, C3, "An incident procedure covering reporting a discovery, first response, investigation and handling, recovery and a final report", "発見報告・初動・調査と対応・復旧・最終報告を含む対応手順の策定", [], []),
  (2, C3, "Contacts inside and outside (the authorities and the ministry in charge included) and the routes for reporting and sharing", "社内外の組織（関係当局・所管省庁を含む）の連絡先と、報告・情報共有ルートの決定", [], []),
  (3, C3, "The roles and responsibilities of the executive in charge and of the security team in an incident", "インシデント発生時の統括役員と担当部署の役割・責任の決定", [], []),
  (4, C3, "Review that set-up (6-1-1-2, 6-1-1-3) at least once a year", "インシデント発生時の体制（6-1-1-2・3）の年1回以上の点検", [], []),
  (5, C3, "An incident report form", "インシデント報告様式の整備", [], []),
  (6, C3, "Share incidents and what was done about them with departments at least once a year and after serious incidents", "年1回以上と重大なインシデントの発生時の、事例と対応策の社内共有", [], []),
 ]),
 "7-1-1": ("Ready to recover important systems as the business needs", "事業継続の要件に沿った重要なシステムの復旧準備", [
  (1, C3, "For the systems the business depends on, set the level of service to recover to with cyber attacks in mind, and prepare what it takes (a standby system, or manual work with partners' contacts and several ways to reach them)", "事業継続上重要なシステムの、サイバー攻撃を念頭にした目標復旧レベルの決定と、待機系や人手による業務継続など回復に必要な対策の整備", [], []),
  (2, C4, "Keep backups that reach the recovery point, and confirm they restore by the written procedure within the recovery time", "目標復旧時点に戻せるバックアップの保管と、手順書どおり目標復旧時間内に復元できることの確認", ["aws-rds-instance-backup-retention", "aws-s3-bucket-versioning"], []),
 ]),
}

assert len(STAR3) == 26 and len(STAR4_ADD) == 17 and not set(STAR3) & set(STAR4_ADD)
assert set(R) == set(STAR3) | set(STAR4_ADD), set(R) ^ (set(STAR3) | set(STAR4_ADD))
for rid, (_, _, crit) in R.items():
    assert [c[0] for c in crit] == list(range(1, len(crit) + 1)), rid
    levels = {c[1] for c in crit}
    assert (3 in levels) == (rid in STAR3), rid  # a ★3 requirement has ★3 criteria, a ★4 one none
assert sum(1 for r in R.values() for c in r[2] if c[1] == 3) == 81
assert sum(len(r[2]) for r in R.values()) == 153

def key(i):
    return tuple(int(x) for x in i.split("-"))

def q(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

def write(level, ids):
    ids = sorted(ids, key=key)
    star = f"★{level}"
    nc = sum(1 for i in ids for c in R[i][2] if c[1] <= level)
    out = []
    out.append("# GENERATED by framework/gen/scs.py — edit the table there, then run it.\n")
    out.append(f"# METI / IPA supply-chain security evaluation, {star}: the {len(ids)} requirements and their {nc}\n")
    out.append("# evaluation criteria of IPA's workbook of 2026-03-27 (ids and levels as there). Titles are\n")
    out.append("# mamori's own short summaries, not IPA's text; see framework/gen/scs.py for the source.\n")
    out.append("# Cross-checked 2026-12-07 (docs/frameworks.md, \"Sources checked\"): no reproduction of the id\n")
    out.append("# list independent of that transcription was found; its own ★3 table (81 criteria, workbook rows)\n")
    out.append("# agrees with these ids. No reliable source found contradicts the ids, counts or categories.\n")
    out.append(f"id: scs-{level}\n")
    out.append("title:\n")
    out.append(f"  en: {q(f'Supply-chain security evaluation {star} (METI / IPA)')}\n")
    out.append(f"  ja: {q(f'サプライチェーン強化に向けたセキュリティ対策評価制度 {star}')}\n")
    out.append('version: "2026-03-27"\n')
    out.append("source:\n  publisher: METI / IPA\n  document:\n")
    out.append(f"    en: {q(f'{star} requirements and evaluation criteria (IPA workbook 20260327001-c.xlsx, 2026-03-27)')}\n")
    out.append(f"    ja: {q(f'★3・★4 要求事項・評価基準（IPA、2026年3月27日公表、20260327001-c.xlsx）の{star}')}\n")
    out.append("  url: https://www.ipa.go.jp/security/scs/requirements-criteria.html\n")
    out.append("  licence:\n")
    out.append("    en: >\n"
               "      The requirement and criterion ids, the seven categories and the level of each criterion follow\n"
               "      IPA's requirements and evaluation criteria workbook of 2026-03-27\n"
               "      (https://www.ipa.go.jp/security/scs/rcu1hd0000007a2i-att/20260327001-c.xlsx), read through a\n"
               "      public transcription of it. Every title and question is mamori's own short summary written for\n"
               "      this tool; IPA's texts are not reproduced and the conditions and examples they give are left\n"
               "      out. Read the workbook before relying on an answer in an evaluation, and check it for revisions.\n")
    out.append("    ja: >\n"
               "      要求事項・評価基準の番号、7 つの分類、各評価基準の段階は IPA の「要求事項・評価基準」\n"
               "      （2026年3月27日公表、https://www.ipa.go.jp/security/scs/rcu1hd0000007a2i-att/20260327001-c.xlsx）に\n"
               "      従っています（公開されている書き写しから読み取りました）。題と設問は mamori が独自に要約したもので、\n"
               "      IPA の文章は転載しておらず、条件や例示は省いています。評価に用いる前に原本を読み、改訂の有無も\n"
               "      確認してください。\n")
    out.append("categories:\n")
    for n, (cid, en, ja) in enumerate(CATS, 1):
        out.append(f"  - id: {cid}\n    title: {{en: {q(f'{n}. {en}')}, ja: {q(f'{n}. {ja}')}}}\n")
    out.append("scoring:\n  method: percent\n  bands:\n")
    out.append(f"    - id: achieved\n      min: 100\n      label: {{en: {q(f'Every {star} requirement met')}, ja: {q(f'{star} の要求事項をすべて満たしています')}}}\n")
    out.append(f"    - id: close\n      min: 80\n      label: {{en: {q('Close: a few gaps remain')}, ja: {q('あと少し：残る課題はわずかです')}}}\n")
    out.append(f"    - id: gaps\n      min: 0\n      label: {{en: {q(f'Not yet at {star}: gaps to close')}, ja: {q(f'{star} に未達：解消すべき課題があります')}}}\n")
    out.append("review_days: 365\ncontrols:\n")
    for i in ids:
        en, ja, crit = R[i]
        cat = CATS[int(i[0]) - 1][0]
        out.append(f'  - id: "{i}"\n    category: {cat}\n')
        out.append(f"    title: {{en: {q(en)}, ja: {q(ja)}}}\n")
        out.append("    criteria:\n")
        for n, lvl, cen, cja, checks, sources in crit:
            if lvl > level:
                continue
            out.append(f'      - id: "{i}-{n}"\n')
            out.append(f"        title: {{en: {q(cen)}, ja: {q(cja)}}}\n")
            out.append(f"        question:\n          en: {q('Do you meet this criterion: ' + cen + '?')}\n")
            out.append(f"          ja: {q('次の評価基準を満たしていますか：' + cja)}\n")
            if checks:
                out.append(f"        checks: [{', '.join(checks)}]\n")
            if sources:
                out.append(f"        sources: [{', '.join(sources)}]\n")
    with open(f"framework/data/scs-{level}.yaml", "w") as f:
        f.write("".join(out))

write(3, STAR3)
write(4, STAR3 + STAR4_ADD)
