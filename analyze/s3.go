package analyze

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/mamori-sec/mamori"
	awspolicy "github.com/mamori-sec/mamori/policy"
)

// s3Public decides whether each S3 bucket is effectively public (owner: S3),
// following AWS's "meaning of public" for Block Public Access:
//
//   - A bucket policy grants public access when one of its Allow statements
//     names every principal ("*", {"AWS": "*"}, any principal with a
//     wildcard, or NotPrincipal) and no condition of the statement restricts
//     it to fixed values of aws:SourceArn, aws:SourceVpc, aws:SourceVpce,
//     aws:SourceOwner, aws:SourceAccount, aws:SourceOrgID, aws:SourceOrgPaths,
//     aws:userid, aws:PrincipalOrgID, aws:PrincipalOrgPaths,
//     aws:PrincipalAccount, aws:PrincipalArn, s3:DataAccessPointArn,
//     s3:DataAccessPointAccount or aws:SourceIp. A restricting condition uses a
//     positive operator (StringEquals, StringLike, ArnEquals, ArnLike,
//     IpAddress, ...; not Not*, not ...IfExists, not ForAllValues:) and values
//     without wildcards or policy variables; mamori also treats an
//     aws:SourceIp range wider than /8 (IPv4) or /32 (IPv6) as not restricting.
//     Deny statements are not considered.
//   - A bucket ACL grants public access when it grants anything to the
//     AllUsers or AuthenticatedUsers group.
//   - RestrictPublicBuckets (account or bucket level) neutralises a public
//     policy; IgnorePublicAcls (account or bucket level) and ACLs disabled
//     by Object Ownership BucketOwnerEnforced neutralise a public ACL.
//     BlockPublicAcls and BlockPublicPolicy only refuse new public grants:
//     they do not make existing ones private.
//
// When a part of the answer was not collected (the account's Block Public
// Access, the bucket's, its policy, its ACL or its ownership controls) and
// the known parts do not already make the bucket public, the public facts are
// left out, so that a check reading them is ERROR rather than a guess.
//
// Facts on aws_s3_bucket:
//   - public (bool): the bucket grants public access now.
//   - public_access (list of string): what the public can do, in this
//     order: "list", "read", "write", "permissions" (read or change the
//     bucket's policy or ACLs); empty when not public.
//   - public_reasons (list of string): the policy statements and ACL grants
//     that make it public; empty when not public.
//   - block_public_access (map of bool): the four Block Public Access
//     settings in force, account OR bucket level (block_public_acls,
//     ignore_public_acls, block_public_policy, restrict_public_buckets); left
//     out when one of them is unknown.
//   - access_log_target (bool): another collected bucket of the account
//     delivers its server access logs to this one.
//   - cloudtrail_bucket (bool): a collected CloudTrail trail delivers its
//     logs to the bucket; left out when CloudTrail was not read in the scan.
var s3Public = Analyzer{
	Name: "s3-public",
	Facts: map[string][]string{
		"aws_s3_bucket": {"public", "public_access", "public_reasons", "block_public_access", "access_log_target", "cloudtrail_bucket"},
	},
	Reads: map[string][]string{
		"aws_s3_account_public_access_block": s3PABFlags,
		"aws_s3_bucket":                      {"logging", "public_access_block", "ownership_controls", "acl_grants", "policy"},
		"aws_cloudtrail":                     nil, // its relations to the trail bucket, no attribute
	},
	Run: runS3Public,
}

// tri is a three-valued truth: no < unknown < yes, so AND is min, OR is max.
type tri int8

const (
	triNo tri = iota
	triUnknown
	triYes
)

func triOf(b bool) tri {
	if b {
		return triYes
	}
	return triNo
}

func (t tri) not() tri { return triYes - t }

// s3PABFlags are the four Block Public Access settings, in a fixed order.
var s3PABFlags = []string{"block_public_acls", "ignore_public_acls", "block_public_policy", "restrict_public_buckets"}

// s3PAB reads a Block Public Access configuration: attrs[key], or attrs
// itself when key is "". An absent key or flag means unknown, a nil
// configuration all off.
func s3PAB(attrs map[string]any, key string) map[string]tri {
	out := map[string]tri{}
	var m map[string]any
	if key == "" {
		m = attrs
	} else {
		v, ok := attrs[key]
		if !ok {
			for _, f := range s3PABFlags {
				out[f] = triUnknown
			}
			return out
		}
		m, _ = v.(map[string]any)
	}
	for _, f := range s3PABFlags {
		b, ok := m[f].(bool)
		if m == nil {
			b, ok = false, true
		}
		out[f] = triOf(b)
		if !ok {
			out[f] = triUnknown
		}
	}
	return out
}

// s3Grant is a public grant found in a policy or an ACL.
type s3Grant struct {
	reason string
	access []string
}

func runS3Public(ix *Index) {
	account := map[string]map[string]tri{}
	for _, p := range ix.Type("aws_s3_account_public_access_block") {
		account[p.Account] = s3PAB(p.Attributes, "")
	}
	trails := ix.Collected("cloudtrail")
	trailBuckets := map[string]bool{}
	for _, t := range ix.Type("aws_cloudtrail") {
		for _, rel := range t.Relations {
			if rel.Type == "aws_s3_bucket" {
				trailBuckets[rel.ID] = true
			}
		}
	}
	logTargets := map[string]bool{}
	for _, b := range ix.Type("aws_s3_bucket") {
		if l, ok := b.Attributes["logging"].(map[string]any); ok && l["enabled"] == true {
			if t, ok := l["target_bucket"].(string); ok {
				logTargets[b.Account+"|"+t] = true
			}
		}
	}
	for _, b := range ix.Type("aws_s3_bucket") {
		SetFact(b, "access_log_target", logTargets[b.Account+"|"+b.Name])
		if trails {
			SetFact(b, "cloudtrail_bucket", trailBuckets[b.ID])
		}
		acct := account[b.Account]
		if acct == nil { // not collected: every setting unknown
			acct = map[string]tri{}
			for _, f := range s3PABFlags {
				acct[f] = triUnknown
			}
		}
		bucket := s3PAB(b.Attributes, "public_access_block")
		eff := map[string]tri{}
		known := true
		for _, f := range s3PABFlags {
			eff[f] = max(acct[f], bucket[f])
			known = known && eff[f] != triUnknown
		}
		if known {
			m := map[string]any{}
			for _, f := range s3PABFlags {
				m[f] = eff[f] == triYes
			}
			SetFact(b, "block_public_access", m)
		}

		policyGrants, policyRaw := s3PolicyGrants(b)
		aclGrants, aclRaw := s3ACLGrants(b)
		aclsDisabled := triUnknown
		if v, ok := b.Attributes["ownership_controls"].(string); ok {
			aclsDisabled = triOf(v == "BucketOwnerEnforced")
		}
		policyPublic := min(policyRaw, eff["restrict_public_buckets"].not())
		aclPublic := min(aclRaw, eff["ignore_public_acls"].not(), aclsDisabled.not())
		public := max(policyPublic, aclPublic)
		if public == triUnknown {
			continue
		}
		var grants []s3Grant
		if policyPublic == triYes {
			grants = append(grants, policyGrants...)
		}
		if aclPublic == triYes {
			grants = append(grants, aclGrants...)
		}
		levels := map[string]bool{}
		reasons := []any{}
		for _, g := range grants {
			reasons = append(reasons, g.reason)
			for _, l := range g.access {
				levels[l] = true
			}
		}
		access := []any{}
		for _, l := range s3AccessLevels {
			if levels[l] {
				access = append(access, l)
			}
		}
		SetFact(b, "public", public == triYes)
		SetFact(b, "public_access", access)
		SetFact(b, "public_reasons", reasons)
	}
}

// s3AccessLevels are the kinds of public access, in reporting order.
var s3AccessLevels = []string{"list", "read", "write", "permissions"}

// s3ACLGrants returns the ACL's grants to everyone or to every AWS account.
func s3ACLGrants(b *mamori.Resource) ([]s3Grant, tri) {
	v, ok := b.Attributes["acl_grants"]
	if !ok {
		return nil, triUnknown
	}
	list, _ := v.([]any)
	var out []s3Grant
	for _, x := range list {
		g, _ := x.(map[string]any)
		uri, _ := g["grantee_uri"].(string)
		var group string
		switch uri {
		case "http://acs.amazonaws.com/groups/global/AllUsers":
			group = "AllUsers"
		case "http://acs.amazonaws.com/groups/global/AuthenticatedUsers":
			group = "AuthenticatedUsers"
		default:
			continue
		}
		perm, _ := g["permission"].(string)
		var access []string
		switch perm {
		case "READ":
			access = []string{"list"}
		case "WRITE":
			access = []string{"write"}
		case "READ_ACP", "WRITE_ACP":
			access = []string{"permissions"}
		default: // FULL_CONTROL
			access = []string{"list", "write", "permissions"}
		}
		out = append(out, s3Grant{reason: fmt.Sprintf("ACL grants %s %s", group, perm), access: access})
	}
	return out, triOf(len(out) > 0)
}

// s3PolicyGrants returns the bucket policy's public Allow statements.
func s3PolicyGrants(b *mamori.Resource) ([]s3Grant, tri) {
	v, ok := b.Attributes["policy"]
	if !ok {
		return nil, triUnknown
	}
	policy, _ := v.(map[string]any)
	var out []s3Grant
	for i, st := range awspolicy.Statements(policy) {
		if eff, _ := st["Effect"].(string); eff != "Allow" {
			continue
		}
		who, public := s3PublicPrincipal(st)
		if !public || s3Restricted(st["Condition"]) {
			continue
		}
		name := fmt.Sprintf("#%d", i+1)
		if sid, _ := st["Sid"].(string); sid != "" {
			name = fmt.Sprintf("%q", sid)
		}
		var what string
		var access []string
		if na, ok := st["NotAction"]; ok {
			what = "all actions except " + strings.Join(awspolicy.Strings(na), ", ")
			access = s3AccessLevels
		} else {
			acts := awspolicy.Strings(st["Action"])
			what = strings.Join(acts, ", ")
			access = s3ActionLevels(acts)
		}
		out = append(out, s3Grant{reason: fmt.Sprintf("bucket policy statement %s allows %s %s", name, who, what), access: access})
	}
	return out, triOf(len(out) > 0)
}

// s3PublicPrincipal reports whether a statement applies to anyone, and how
// to name its principal in a reason.
func s3PublicPrincipal(st map[string]any) (string, bool) {
	if np, ok := st["NotPrincipal"]; ok {
		return "NotPrincipal " + s3Compact(np), true
	}
	p := st["Principal"]
	switch x := p.(type) {
	case string:
		return `Principal "*"`, x == "*"
	case map[string]any:
		for _, v := range x {
			for _, s := range awspolicy.Strings(v) {
				if strings.ContainsAny(s, "*?") {
					return "Principal " + s3Compact(p), true
				}
			}
		}
	}
	return "", false
}

// s3Compact renders a principal for a reason.
func s3Compact(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case map[string]any:
		var parts []string
		for _, k := range []string{"AWS", "CanonicalUser", "Federated", "Service"} {
			if vals := awspolicy.Strings(x[k]); len(vals) > 0 {
				parts = append(parts, fmt.Sprintf("%s: %s", k, strings.Join(vals, ", ")))
			}
		}
		return "{" + strings.Join(parts, "; ") + "}"
	}
	return fmt.Sprint(v)
}

// s3RestrictingKeys are the condition keys that, with fixed values, make a
// statement for everyone non-public (lower case).
var s3RestrictingKeys = map[string]bool{
	"aws:sourcearn": true, "aws:sourcevpc": true, "aws:sourcevpce": true, "aws:sourceowner": true,
	"aws:sourceaccount": true, "aws:sourceorgid": true, "aws:sourceorgpaths": true, "aws:userid": true,
	"aws:principalorgid": true, "aws:principalorgpaths": true, "aws:principalaccount": true, "aws:principalarn": true,
	"s3:dataaccesspointarn": true, "s3:dataaccesspointaccount": true, "aws:sourceip": true,
}

// s3Restricted reports whether a Condition block restricts a statement to
// fixed values of one of the restricting keys.
func s3Restricted(cond any) bool {
	ops, _ := cond.(map[string]any)
	for op, kv := range ops {
		lop := strings.ToLower(op)
		lop = strings.TrimPrefix(lop, "foranyvalue:")
		if strings.HasSuffix(lop, "ifexists") || strings.HasPrefix(lop, "forallvalues:") {
			continue
		}
		switch lop {
		case "stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike", "ipaddress":
		default:
			continue
		}
		keys, _ := kv.(map[string]any)
		for k, v := range keys {
			lk := strings.ToLower(k)
			if !s3RestrictingKeys[lk] {
				continue
			}
			if (lk == "aws:sourceip") != (lop == "ipaddress") {
				continue
			}
			vals := awspolicy.Strings(v)
			fixed := len(vals) > 0
			for _, s := range vals {
				if strings.ContainsAny(s, "*?") || strings.Contains(s, "${") || (lk == "aws:sourceip" && !s3NarrowCIDR(s)) {
					fixed = false
				}
			}
			if fixed {
				return true
			}
		}
	}
	return false
}

// s3NarrowCIDR reports whether an address or range is no wider than /8
// (IPv4) or /32 (IPv6).
func s3NarrowCIDR(s string) bool {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.IsValid()
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return false
	}
	if p.Addr().Is4() {
		return p.Bits() >= 8
	}
	return p.Bits() >= 32
}

// s3LevelSamples are actions that stand for each access level when an
// action pattern has wildcards.
var s3LevelSamples = map[string][]string{
	"list":        {"s3:ListBucket", "s3:ListBucketVersions", "s3:ListMultipartUploadParts"},
	"read":        {"s3:GetObject", "s3:GetObjectVersion"},
	"write":       {"s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion"},
	"permissions": {"s3:PutBucketPolicy", "s3:PutBucketAcl", "s3:PutObjectAcl", "s3:GetBucketPolicy", "s3:GetBucketAcl"},
}

// s3PermissionActions read or change who can access the bucket (lower case).
var s3PermissionActions = map[string]bool{
	"s3:putbucketpolicy": true, "s3:deletebucketpolicy": true, "s3:getbucketpolicy": true,
	"s3:putbucketacl": true, "s3:getbucketacl": true, "s3:putobjectacl": true, "s3:getobjectacl": true,
	"s3:putobjectversionacl": true, "s3:getobjectversionacl": true,
	"s3:putbucketpublicaccessblock": true, "s3:deletebucketpublicaccessblock": true,
	"s3:putbucketownershipcontrols": true, "s3:deletebucketownershipcontrols": true,
}

// s3ActionLevels classifies a statement's actions into access levels.
func s3ActionLevels(actions []string) []string {
	got := map[string]bool{}
	for _, a := range actions {
		la := strings.ToLower(a)
		if strings.ContainsAny(la, "*?") {
			for level, samples := range s3LevelSamples {
				for _, s := range samples {
					if mamori.GlobMatch(la, strings.ToLower(s)) {
						got[level] = true
					}
				}
			}
			continue
		}
		name, ok := strings.CutPrefix(la, "s3:")
		switch {
		case !ok:
		case s3PermissionActions[la]:
			got["permissions"] = true
		case strings.HasPrefix(name, "list"):
			got["list"] = true
		case strings.HasPrefix(name, "get"):
			got["read"] = true
		default:
			got["write"] = true
		}
	}
	var out []string
	for _, l := range s3AccessLevels {
		if got[l] {
			out = append(out, l)
		}
	}
	return out
}
