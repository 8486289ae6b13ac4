#!/usr/bin/env python3
"""Writes framework/data/scs-3.yaml and scs-4.yaml from one table, so that the
26 requirements the two levels share read the same in both. Run from the
repository root: python3 framework/gen/scs.py"""

STAR3 = "1-2-1 1-2-3 1-3-1 2-1-1 2-1-2 2-1-4 3-1-1 3-1-2 3-1-3 3-1-4 4-1-1 4-1-2 4-1-3 4-1-4 4-1-5 4-1-6 4-1-7 4-2-2 4-3-4 4-4-1 4-4-4 4-4-5 4-5-1 5-1-1 6-1-1 7-1-1".split()
STAR4_ADD = "1-1-1 1-2-2 1-4-1 2-1-3 2-1-5 3-1-5 3-2-1 4-1-8 4-1-9 4-2-1 4-3-1 4-3-2 4-3-3 4-4-2 4-4-3 5-1-2 5-2-1".split()

CATS = [
    ("governance", "Governance", "ガバナンスの整備"),
    ("supplier-management", "Managing suppliers", "取引先の管理"),
    ("identify", "Identifying risks", "リスクの特定"),
    ("protect", "Protecting against attacks", "攻撃等の防御"),
    ("detect", "Detecting attacks", "攻撃等の検知"),
    ("respond", "Responding to incidents", "インシデントへの対応"),
    ("recover", "Recovering from incidents", "インシデントからの復旧"),
]

# id: (en title, ja title, checks)
R = {
 "1-1-1": ("Management sets and approves the security policy", "経営層によるセキュリティ方針の策定と承認", []),
 "1-2-1": ("Security roles and responsibilities assigned", "セキュリティに関する役割と責任の割り当て", []),
 "1-2-2": ("A person in charge of security with authority and resources", "権限と資源を持つセキュリティ責任者の設置", []),
 "1-2-3": ("Contacts inside and outside the company for security matters", "セキュリティに関する社内外の連絡窓口の整備", []),
 "1-3-1": ("Security rules written and made known to staff", "セキュリティに関する社内規程の整備と周知", []),
 "1-4-1": ("Measures reviewed regularly and reported to management", "対策状況の定期的な点検と経営層への報告", ["aws-securityhub-enabled"]),
 "2-1-1": ("Suppliers and contractors that handle your information identified", "情報を取り扱う取引先・委託先の把握", []),
 "2-1-2": ("Security requirements written into contracts", "契約におけるセキュリティ要件の明記", []),
 "2-1-3": ("Suppliers' measures checked against the requirements", "取引先の対策状況の確認", []),
 "2-1-4": ("Cloud and other outside services chosen and managed for security", "クラウドなど外部サービスの安全性を踏まえた選定と管理", ["aws-config-recorder-enabled"]),
 "2-1-5": ("Information returned or erased when a contract ends", "契約終了時の情報の返却・消去", []),
 "3-1-1": ("Inventory of devices and cloud resources", "機器とクラウド資源の台帳管理", ["aws-config-recorder-enabled", "aws-config-recorder-all-resources"]),
 "3-1-2": ("Inventory of software and services in use", "利用するソフトウェアとサービスの把握", []),
 "3-1-3": ("Important information identified and classified", "重要な情報の特定と分類", []),
 "3-1-4": ("Network connections and data flows known", "ネットワーク構成とデータの流れの把握", ["aws-ec2-vpc-flow-logs-enabled"]),
 "3-1-5": ("Risks assessed and a treatment plan made", "リスクの評価と対応計画の策定", []),
 "3-2-1": ("Vulnerability and threat information collected and acted on", "脆弱性・脅威情報の収集と対応への活用", []),
 "4-1-1": ("User accounts issued, changed and removed under a procedure", "利用者アカウントの発行・変更・削除の管理", ["aws-iam-user-unused-credentials"]),
 "4-1-2": ("Access rights limited to what each job needs", "業務に必要な範囲へのアクセス権の限定", ["aws-iam-policy-no-full-admin", "aws-iam-user-no-direct-admin", "aws-iam-user-permissions-through-groups"]),
 "4-1-3": ("Multi-factor authentication for remote and cloud access", "リモート接続とクラウド利用での多要素認証", ["aws-iam-root-mfa", "aws-iam-user-console-mfa"]),
 "4-1-4": ("Administrator accounts restricted and protected", "管理者権限アカウントの限定と保護", ["aws-iam-root-no-access-keys", "aws-iam-root-not-recently-used"]),
 "4-1-5": ("Password and credential rules", "パスワードなど認証情報の管理ルール", ["aws-iam-password-policy-min-length", "aws-iam-password-policy-complexity", "aws-iam-password-policy-reuse-prevention", "aws-iam-user-access-keys-rotated"]),
 "4-1-6": ("Access rights reviewed regularly", "アクセス権の定期的な見直し", ["aws-iam-user-unused-credentials", "aws-iam-user-single-active-access-key"]),
 "4-1-7": ("Information not exposed to the internet by mistake", "インターネットへの意図しない公開の防止", ["aws-s3-bucket-not-public", "aws-s3-account-block-public-access", "aws-rds-instance-not-public"]),
 "4-1-8": ("Physical access to offices and equipment controlled", "執務室や機器への物理的な入退管理", []),
 "4-1-9": ("Privileged operations logged and checked", "特権操作の記録と確認", ["aws-cloudtrail-multi-region-logging"]),
 "4-2-1": ("Important data encrypted at rest and in transit", "重要なデータの保存時・通信時の暗号化", ["aws-s3-bucket-default-encryption", "aws-s3-bucket-tls-only", "aws-rds-instance-storage-encrypted", "aws-ec2-ebs-encryption-by-default"]),
 "4-2-2": ("Devices and media protected against loss and theft", "機器・記録媒体の紛失・盗難対策", ["aws-ec2-ebs-volume-encrypted"]),
 "4-3-1": ("Networks divided by purpose and importance", "用途と重要度に応じたネットワークの分離", ["aws-ec2-default-sg-restricts-all", "aws-ec2-subnet-no-auto-public-ip"]),
 "4-3-2": ("Traffic at the network boundary restricted", "ネットワーク境界での通信の制限", ["aws-ec2-sg-ssh-restricted", "aws-ec2-sg-rdp-restricted", "aws-ec2-sg-all-traffic-restricted", "aws-ec2-nacl-admin-ports-restricted"]),
 "4-3-3": ("Remote administration paths protected", "リモート管理経路の保護", ["aws-ec2-instance-admin-ports-not-internet-reachable", "aws-ec2-sg-remote-access-ports-restricted"]),
 "4-3-4": ("Malware protection on devices and servers", "端末とサーバーのマルウェア対策", ["aws-guardduty-enabled"]),
 "4-4-1": ("OS and software kept up to date", "OS とソフトウェアの最新化", ["aws-rds-instance-auto-minor-version-upgrade"]),
 "4-4-2": ("Secure configuration baselines applied", "安全な設定基準の適用", ["aws-ec2-instance-imdsv2-required", "aws-s3-bucket-acls-disabled"]),
 "4-4-3": ("Changes to systems controlled", "システム変更の管理", ["aws-config-recorder-enabled"]),
 "4-4-4": ("Serious vulnerabilities (CVSS 7.0 or higher) fixed within 14 days", "深刻な脆弱性（CVSS 7.0 以上）の 14 日以内の修正", ["aws-rds-instance-auto-minor-version-upgrade"]),
 "4-4-5": ("Unused services, accounts and default settings removed", "不要なサービス・アカウント・初期設定の排除", ["aws-ec2-default-sg-restricts-all"]),
 "4-5-1": ("Staff trained in security", "従業員へのセキュリティ教育", []),
 "5-1-1": ("Logs of access and operations collected and kept", "アクセスと操作のログの取得と保管", ["aws-cloudtrail-logging", "aws-cloudtrail-multi-region-logging", "aws-cloudtrail-log-file-validation", "aws-s3-bucket-access-logging"]),
 "5-1-2": ("Logs monitored for signs of attack", "攻撃の兆候を捉えるログの監視", ["aws-guardduty-enabled", "aws-securityhub-enabled"]),
 "5-2-1": ("Unusual network traffic and behaviour detected", "不審な通信や挙動の検知", ["aws-ec2-vpc-flow-logs-enabled", "aws-guardduty-enabled"]),
 "6-1-1": ("Incident response procedure and contacts ready", "インシデント対応の手順と連絡体制の整備", []),
 "7-1-1": ("Backups taken and restoring them tested", "バックアップの取得と復旧の確認", ["aws-rds-instance-backup-retention", "aws-s3-bucket-versioning"]),
}

# Evidence no check gives: 4-4-4 from the vulnerability cases' fix times
# (mamori.EvidenceVulnHighFixed14d), once the cases provide it.
SOURCES = {"4-4-4": ["vuln-cases:cvss7-fixed-14d"]}

assert len(STAR3) == 26 and len(STAR4_ADD) == 17 and not set(STAR3) & set(STAR4_ADD)
assert set(R) == set(STAR3) | set(STAR4_ADD), set(R) ^ (set(STAR3) | set(STAR4_ADD))

def key(i):
    return tuple(int(x) for x in i.split("-"))

def q(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'

def write(level, ids):
    ids = sorted(ids, key=key)
    star = f"★{level}"
    out = []
    out.append(f"# GENERATED by framework/gen/scs.py — edit the table there, then run it.\n")
    out.append(f"# METI / IPA supply-chain security evaluation, {star}: the requirement ids of IPA's\n")
    out.append(f"# workbook of 2026-03-27. Titles and questions are mamori's own short summaries of what each\n")
    out.append(f"# requirement is about, not IPA's text (whose reuse terms are unclear); read the workbook for the\n")
    out.append(f"# requirements and their criteria.\n")
    out.append(f"id: scs-{level}\n")
    out.append("title:\n")
    out.append(f"  en: {q(f'Supply-chain security evaluation ★{level} (METI / IPA)')}\n")
    out.append(f"  ja: {q(f'サプライチェーン強化に向けたセキュリティ対策評価制度 ★{level}')}\n")
    out.append('version: "2026-03-27"\n')
    out.append("source:\n  publisher: METI / IPA\n  document:\n")
    out.append(f"    en: {q(f'Requirements and evaluation criteria workbook for ★{level} (IPA, 2026-03-27)')}\n")
    out.append(f"    ja: {q(f'★{level} 要求事項・評価基準（IPA、2026 年 3 月 27 日版）')}\n")
    out.append("  url: https://www.meti.go.jp/policy/netsecurity/supply-chain/index.html\n")
    out.append("  licence:\n")
    out.append("    en: >\n      The requirement ids, the seven categories and which requirements belong to each level follow\n"
               "      IPA's workbook. Every title and question is mamori's own summary written for this tool; IPA's\n"
               "      requirement texts and evaluation criteria are not reproduced. Check the wording against the\n"
               "      workbook before relying on it in an evaluation.\n")
    out.append("    ja: >\n      要求事項の番号、7 つの分類、各段階に含まれる要求事項は IPA のワークブックに従っています。\n"
               "      題と設問は mamori が独自に要約したもので、IPA の要求事項・評価基準の文章は転載していません。\n"
               "      評価に用いる前に、ワークブックの原文で内容を確認してください。\n")
    out.append("categories:\n")
    for n, (cid, en, ja) in enumerate(CATS, 1):
        out.append(f"  - id: {cid}\n    title: {{en: {q(f'{n}. {en}')}, ja: {q(f'{n}. {ja}')}}}\n")
    out.append("scoring:\n  method: percent\n  bands:\n")
    out.append(f"    - id: achieved\n      min: 100\n      label: {{en: {q(f'Every {star} requirement met')}, ja: {q(f'{star} の要求事項をすべて満たしています')}}}\n")
    out.append(f"    - id: close\n      min: 80\n      label: {{en: {q('Close: a few gaps remain')}, ja: {q('あと少し：残る課題はわずかです')}}}\n")
    out.append(f"    - id: gaps\n      min: 0\n      label: {{en: {q(f'Not yet at {star}: gaps to close')}, ja: {q(f'{star} に未達：解消すべき課題があります')}}}\n")
    out.append("review_days: 365\ncontrols:\n")
    for i in ids:
        en, ja, checks = R[i]
        cat = CATS[int(i[0]) - 1][0]
        out.append(f'  - id: "{i}"\n    category: {cat}\n')
        out.append(f"    title: {{en: {q(en)}, ja: {q(ja)}}}\n")
        out.append(f"    question:\n      en: {q('Is this in place: ' + en[0].lower() + en[1:] + '?')}\n")
        out.append(f"      ja: {q('「' + ja + '」を実施していますか？')}\n")
        if checks:
            out.append(f"    checks: [{', '.join(checks)}]\n")
        if i in SOURCES:
            out.append(f"    sources: [{', '.join(SOURCES[i])}]\n")
    with open(f"framework/data/scs-{level}.yaml", "w") as f:
        f.write("".join(out))

write(3, STAR3)
write(4, STAR3 + STAR4_ADD)
