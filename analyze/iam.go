package analyze

import (
	"fmt"
	"sort"
	"strings"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/policy"
)

// iamEffective works out what every IAM user and role may do, as AWS
// evaluates it: identity policies (attached managed, inline, and those of
// the user's groups), the permission boundary and the SCPs of the
// organisation, with Allow / Deny, NotAction, NotResource and wildcards
// (policy.Set). Conditions are not evaluated: a statement with one "may
// allow", which counts as allowed for risk and is said so in the facts.
//
// From that it derives, per principal:
//   - admin_equivalent: it may perform every action in adminProbes on every
//     resource — the IAM writes that let it grant itself anything, and a
//     sample of other services' most sensitive actions; a probe the
//     account's SCPs deny to everyone is left out. admin_conditional
//     says the answer hangs on conditions (admin_conditions lists them).
//   - escalation_paths: for a principal that is not admin, the shortest
//     chains of documented privilege-escalation methods (escalationMethods)
//     that end as an admin-equivalent principal, each step naming the
//     action and the resource; escalation_summary is the first, on one line.
//   - for roles, from the trust policy: trust_public (anyone may assume it,
//     without condition), trust_external_accounts (accounts outside the
//     organisation, or outside the scanned accounts when no organisation
//     was read), trust_unconditioned_services (service principals trusted
//     without aws:SourceAccount / SourceArn / SourceOrgID).
//
// A policy document that cannot be read (not JSON, a statement of an
// unknown shape) or that was not collected (an attached policy missing from
// the scan) is never taken as empty: the principal gets unreadable_policies
// naming it, and no admin_equivalent / escalation_paths facts, so the checks
// on them are ERROR with the names, not PASS.
var iamEffective = Analyzer{
	Name: "iam-effective-permissions",
	Facts: map[string][]string{
		"aws_iam_user": {"admin_equivalent", "admin_conditional", "admin_conditions", "escalation_paths", "escalation_summary", "unreadable_policies", "scp_incomplete"},
		"aws_iam_role": {"admin_equivalent", "admin_conditional", "admin_conditions", "escalation_paths", "escalation_summary", "unreadable_policies", "scp_incomplete",
			"trust_public", "trust_external_accounts", "trust_unconditioned_services", "trust_readable"},
	},
	Reads: map[string][]string{
		"aws_iam_user":             {"arn", "attached_policy_arns", "inline_policies", "groups", "permissions_boundary"},
		"aws_iam_group":            {"arn", "group_name", "attached_policy_arns", "inline_policies"},
		"aws_iam_role":             {"arn", "attached_policy_arns", "inline_policies", "permissions_boundary", "assume_role_policy", "service_linked", "instance_profile_arns"},
		"aws_iam_policy":           {"arn", "document", "default_version_id", "aws_managed"},
		"aws.organizations.policy": {"Content", "Targets", "Type"},
		// The organisation's accounts, with their parents where known.
		"aws.organizations.account": {mamori.AllAttributes},
	},
	Run: runIAMEffective,
}

// adminProbes are the actions a principal must be allowed on "*" to count as
// admin-equivalent. Writing IAM policies onto users and roles is enough to
// grant oneself anything; the others rule out grants that stop at IAM.
var adminProbes = []string{
	"iam:AttachUserPolicy", "iam:PutUserPolicy", "iam:AttachRolePolicy", "iam:PutRolePolicy",
	"iam:CreateRole", "iam:PassRole", "sts:AssumeRole",
	"ec2:RunInstances", "s3:GetObject", "kms:Decrypt", "secretsmanager:GetSecretValue",
	"lambda:UpdateFunctionCode", "organizations:LeaveOrganization",
}

// passRoleServices are services that run code as a role someone passes them
// (iam:PassRole): they need the actions listed, and the role must trust the
// service's principal.
var passRoleServices = []struct {
	id, principal string
	actions       []string
}{
	{"passrole-ec2", "ec2.amazonaws.com", []string{"ec2:RunInstances"}},
	{"passrole-lambda", "lambda.amazonaws.com", []string{"lambda:CreateFunction", "lambda:InvokeFunction"}},
	{"passrole-cloudformation", "cloudformation.amazonaws.com", []string{"cloudformation:CreateStack"}},
	{"passrole-glue", "glue.amazonaws.com", []string{"glue:CreateDevEndpoint"}},
	{"passrole-ecs", "ecs-tasks.amazonaws.com", []string{"ecs:RegisterTaskDefinition", "ecs:RunTask"}},
	{"passrole-sagemaker", "sagemaker.amazonaws.com", []string{"sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"}},
	{"passrole-codebuild", "codebuild.amazonaws.com", []string{"codebuild:CreateProject", "codebuild:StartBuild"}},
}

// EscalationMethods lists the privilege-escalation methods the analyzer
// knows, by id, for documentation and `mamori iam paths`.
func EscalationMethods() []string {
	out := []string{"attach-policy-self", "put-policy-self", "attach-group-policy", "put-group-policy", "add-user-to-group",
		"create-policy-version", "set-default-policy-version", "update-assume-role-policy", "assume-role",
		"create-access-key", "create-login-profile", "update-login-profile"}
	for _, s := range passRoleServices {
		out = append(out, s.id)
	}
	return out
}

// computeServices run code as a role only when someone in the account
// passes it (iam:PassRole): trusting them without a source condition is
// normal. Other services act for many accounts and need aws:SourceAccount
// or aws:SourceArn against the confused deputy.
var computeServices = map[string]bool{
	"ec2.amazonaws.com": true, "lambda.amazonaws.com": true, "edgelambda.amazonaws.com": true, "ecs-tasks.amazonaws.com": true,
	"ecs.amazonaws.com": true, "eks.amazonaws.com": true, "eks-nodegroup.amazonaws.com": true, "eks-fargate-pods.amazonaws.com": true,
	"batch.amazonaws.com": true, "glue.amazonaws.com": true, "sagemaker.amazonaws.com": true, "codebuild.amazonaws.com": true,
	"cloudformation.amazonaws.com": true, "states.amazonaws.com": true, "elasticmapreduce.amazonaws.com": true,
	"build.apprunner.amazonaws.com": true, "tasks.apprunner.amazonaws.com": true, "pods.eks.amazonaws.com": true,
	"spotfleet.amazonaws.com": true, "autoscaling.amazonaws.com": true, "ssm.amazonaws.com": true,
}

// iamPrincipal is a user or role with the policies that decide its rights.
type iamPrincipal struct {
	r          *mamori.Resource
	arn, kind  string // kind: user or role
	set        policy.Set
	unreadable []string
	// customer are the customer-managed policies attached to it (directly
	// or through a group), with their default version.
	customer map[string]string
	groups   []*iamGroup
	trust    *policy.Document
	hasIP    bool // a role in an instance profile
	admin    policy.Outcome
	adminOK  bool
	// path is the shortest escalation found so far (nil: none).
	paths [][]iamStep
	// can caches MayAllowSomewhere for the actions edges need: an action
	// allowed nowhere is not evaluated against every target.
	can map[string]bool
}

// edgeActions are the actions iamEdges asks about.
var edgeActions = []string{"iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
	"sts:AssumeRole", "iam:UpdateAssumeRolePolicy", "iam:PassRole"}

// somewhere reports whether p may do action on some resource (cached).
func (p *iamPrincipal) somewhere(action string) bool {
	v, ok := p.can[action]
	if !ok {
		v = p.set.MayAllowSomewhere(action)
		p.can[action] = v
	}
	return v
}

// anyEdge reports whether p may take any step towards another principal.
func (p *iamPrincipal) anyEdge() bool {
	for _, a := range edgeActions {
		if p.somewhere(a) {
			return true
		}
	}
	return false
}

type iamGroup struct {
	arn        string
	docs       []policy.Named
	customer   map[string]string
	unreadable []string
	admin      bool
}

// iamStep is one step of an escalation: a method, the action(s) taken and
// the resource, and whether it hangs on a condition.
type iamStep struct {
	Method      string
	Text        string
	Conditional bool
}

func runIAMEffective(ix *Index) {
	policies := map[string]*mamori.Resource{}
	for _, p := range ix.Type("aws_iam_policy") {
		policies[p.Account+"|"+ec2Str(p.Attributes, "arn")] = p
	}
	docCache := map[string]*policy.Document{}
	docErr := map[string]string{}
	managed := func(account, arn string) (*policy.Document, string) {
		k := account + "|" + arn
		if d, ok := docCache[k]; ok {
			return d, docErr[k]
		}
		p := policies[k]
		var d *policy.Document
		var msg string
		if p == nil {
			msg = arn + " (not collected)"
		} else if doc, err := policy.FromValue(p.Attributes["document"]); err != nil {
			msg = arn + ": " + err.Error()
		} else {
			d = doc
		}
		docCache[k], docErr[k] = d, msg
		return d, msg
	}
	// inline reads inline policies ([{name, document}]) into named docs.
	inline := func(owner string, v any) (docs []policy.Named, bad []string) {
		for _, x := range ec2ListAny(v) {
			m, _ := x.(map[string]any)
			name := fmt.Sprintf("inline policy %s of %s", ec2Str(m, "name"), owner)
			d, err := policy.FromValue(m["document"])
			if err != nil {
				bad = append(bad, name+": "+err.Error())
				continue
			}
			docs = append(docs, policy.Named{Name: name, Doc: d})
		}
		return docs, bad
	}
	attachedDocs := func(account string, arns []any, customer map[string]string) (docs []policy.Named, bad []string) {
		for _, x := range arns {
			arn, _ := x.(string)
			d, msg := managed(account, arn)
			if msg != "" {
				bad = append(bad, msg)
				continue
			}
			docs = append(docs, policy.Named{Name: arn, Doc: d})
			if p := policies[account+"|"+arn]; p != nil && p.Attributes["aws_managed"] != true && !strings.Contains(arn, ":iam::aws:") {
				customer[arn] = ec2Str(p.Attributes, "default_version_id")
			}
		}
		return docs, bad
	}

	groups := map[string]*iamGroup{}
	for _, g := range ix.Type("aws_iam_group") {
		ig := &iamGroup{arn: g.ID, customer: map[string]string{}}
		ig.docs, ig.unreadable = inline("group "+g.Name, g.Attributes["inline_policies"])
		d, bad := attachedDocs(g.Account, ec2List(g.Attributes, "attached_policy_arns"), ig.customer)
		ig.docs, ig.unreadable = append(ig.docs, d...), append(ig.unreadable, bad...)
		groups[g.Account+"|"+ec2Str(g.Attributes, "group_name")] = ig
	}

	scps := iamSCPs(ix)
	orgAccounts, orgKnown := iamOrgAccounts(ix)

	var all []*iamPrincipal
	byARN := map[string]*iamPrincipal{}
	for _, kind := range []string{"user", "role"} {
		for _, r := range ix.Type("aws_iam_" + kind) {
			p := &iamPrincipal{r: r, arn: r.ID, kind: kind, customer: map[string]string{}, can: map[string]bool{}}
			p.set.Identity, p.unreadable = inline(kind+" "+r.Name, r.Attributes["inline_policies"])
			d, bad := attachedDocs(r.Account, ec2List(r.Attributes, "attached_policy_arns"), p.customer)
			p.set.Identity, p.unreadable = append(p.set.Identity, d...), append(p.unreadable, bad...)
			if kind == "user" {
				for _, x := range ec2List(r.Attributes, "groups") {
					gn, _ := x.(string)
					g := groups[r.Account+"|"+gn]
					if g == nil {
						p.unreadable = append(p.unreadable, "group "+gn+" (not collected)")
						continue
					}
					p.groups = append(p.groups, g)
					p.set.Identity = append(p.set.Identity, g.docs...)
					p.unreadable = append(p.unreadable, g.unreadable...)
					for k, v := range g.customer {
						p.customer[k] = v
					}
				}
			}
			if b, _ := r.Attributes["permissions_boundary"].(string); b != "" {
				if d, msg := managed(r.Account, b); msg != "" {
					p.unreadable = append(p.unreadable, "permissions boundary "+msg)
				} else {
					p.set.Boundary = &policy.Named{Name: "permissions boundary " + b, Doc: d}
				}
			}
			var incomplete bool
			p.set.SCPs, incomplete = scps.levels(r.Account)
			if incomplete {
				SetFact(r, "scp_incomplete", true)
			}
			if kind == "role" {
				p.hasIP = len(ec2List(r.Attributes, "instance_profile_arns")) > 0
				if d, err := policy.FromValue(r.Attributes["assume_role_policy"]); err == nil {
					p.trust = d
					iamTrustFacts(r, d, orgAccounts, orgKnown)
				} else {
					SetFact(r, "trust_readable", false)
					p.unreadable = append(p.unreadable, "trust policy: "+err.Error())
				}
			}
			all = append(all, p)
			byARN[p.arn] = p
		}
	}
	for _, g := range groups {
		set := policy.Set{Identity: g.docs}
		g.admin = len(g.unreadable) == 0 && iamIsAdmin(&set).Decision != policy.Denied
	}

	admins := map[*iamPrincipal]bool{}
	for _, p := range all {
		p.admin = iamIsAdmin(&p.set)
		p.adminOK = p.admin.Decision != policy.Denied
		if p.adminOK {
			admins[p] = true
		}
	}

	// Escalation: breadth first from the admins. In each round, a principal
	// that is not yet known to reach admin gets a path when one step takes
	// it to admin (a method on itself) or to a principal that reaches admin.
	reach := map[*iamPrincipal][]iamStep{}
	for p := range admins {
		reach[p] = nil
	}
	for _, p := range all {
		if !p.adminOK {
			if steps := iamSelfEscalation(p, groups); len(steps) > 0 {
				p.paths = append(p.paths, steps...)
			}
		}
	}
	for _, p := range all {
		if len(p.paths) > 0 {
			reach[p] = p.paths[0]
		}
	}
	// Only principals that may take some step towards another can be the
	// start of a hop; a trust policy that names the principal directly (or
	// "*") lets it assume a role without a permission of its own.
	var movers []*iamPrincipal
	for _, p := range all {
		if !p.adminOK && (p.anyEdge() || iamNamedInSomeTrust(p, all)) {
			movers = append(movers, p)
		}
	}
	for round := 0; round < 6; round++ {
		type hop struct {
			p    *iamPrincipal
			path []iamStep
		}
		var found []hop
		for _, p := range movers {
			if _, ok := reach[p]; ok && round > 0 {
				continue
			}
			for _, t := range all {
				tail, ok := reach[t]
				if !ok || t == p {
					continue
				}
				for _, st := range iamEdges(p, t, byARN) {
					path := append([]iamStep{st}, tail...)
					if t.adminOK {
						path = append(path, iamStep{Method: "admin", Text: t.arn + " is admin-equivalent"})
					}
					found = append(found, hop{p, path})
				}
			}
		}
		grew := false
		for _, h := range found {
			if len(h.p.paths) < 5 && !iamHasPath(h.p.paths, h.path) {
				h.p.paths = append(h.p.paths, h.path)
			}
			if _, ok := reach[h.p]; !ok {
				reach[h.p] = h.path
				grew = true
			}
		}
		if !grew && round > 0 {
			break
		}
	}

	for _, p := range all {
		r := p.r
		if len(p.unreadable) > 0 {
			sort.Strings(p.unreadable)
			SetFact(r, "unreadable_policies", iamAnyList(p.unreadable))
			if !p.adminOK {
				continue // not admin as far as we can read: unknown
			}
		}
		SetFact(r, "admin_equivalent", p.adminOK)
		SetFact(r, "admin_conditional", p.admin.Decision == policy.MayAllow)
		SetFact(r, "admin_conditions", iamAnyList(iamUniq(p.admin.Conditions)))
		paths := []any{}
		summary := ""
		if !p.adminOK {
			sort.SliceStable(p.paths, func(i, j int) bool { return len(p.paths[i]) < len(p.paths[j]) })
			for i, path := range p.paths {
				steps, cond := []any{}, false
				var texts []string
				for _, s := range path {
					steps = append(steps, map[string]any{"method": s.Method, "step": s.Text, "conditional": s.Conditional})
					texts = append(texts, s.Text)
					cond = cond || s.Conditional
				}
				paths = append(paths, map[string]any{"steps": steps, "conditional": cond})
				if i == 0 {
					summary = strings.Join(texts, " → ")
					if cond {
						summary += " (may allow: depends on conditions)"
					}
				}
			}
		}
		SetFact(r, "escalation_paths", paths)
		SetFact(r, "escalation_summary", summary)
	}
}

func iamHasPath(have [][]iamStep, p []iamStep) bool {
	for _, h := range have {
		if len(h) == len(p) && h[0].Text == p[0].Text {
			return true
		}
	}
	return false
}

// iamIsAdmin decides admin-equivalence: every probe allowed on "*"; the
// weakest probe's decision, with its conditions. A probe that the account's
// SCPs deny to everyone does not count: nobody in the account can do it,
// so it tells no principal from another (an SCP that forbids leaving the
// organisation, as most do, must not make the account's administrators
// look harmless). When the SCPs deny every probe, nobody is admin.
func iamIsAdmin(s *policy.Set) policy.Outcome {
	out := policy.Outcome{Decision: policy.Allowed}
	ceiling := policy.Set{Identity: []policy.Named{iamAllowAll}, SCPs: s.SCPs}
	counted := 0
	for _, a := range adminProbes {
		if len(s.SCPs) > 0 && ceiling.Evaluate(a, "*").Decision == policy.Denied {
			continue
		}
		counted++
		o := s.Evaluate(a, "*")
		if o.Decision == policy.Denied {
			return o
		}
		if o.Decision == policy.MayAllow {
			out.Decision = policy.MayAllow
			out.Conditions = append(out.Conditions, o.Conditions...)
		}
	}
	if counted == 0 {
		return policy.Outcome{Decision: policy.Denied}
	}
	return out
}

// iamAllowAll is an identity policy allowing everything: with a principal's
// SCPs it gives the most anyone in its account may do.
var iamAllowAll = func() policy.Named {
	d, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`))
	if err != nil {
		panic(err)
	}
	return policy.Named{Name: "any identity policy", Doc: d}
}()

// iamCan evaluates all actions on resource: ok when none is denied, and
// whether any hangs on a condition.
func iamCan(s *policy.Set, resource string, actions ...string) (ok, conditional bool) {
	for _, a := range actions {
		switch s.Evaluate(a, resource).Decision {
		case policy.Denied:
			return false, false
		case policy.MayAllow:
			conditional = true
		}
	}
	return true, conditional
}

// iamSelfEscalation lists the one-step ways p makes itself admin.
func iamSelfEscalation(p *iamPrincipal, groups map[string]*iamGroup) [][]iamStep {
	var out [][]iamStep
	add := func(method, text string, cond bool) {
		out = append(out, []iamStep{{Method: method, Text: text, Conditional: cond}})
	}
	kind := "User"
	if p.kind == "role" {
		kind = "Role"
	}
	if ok, c := iamCan(&p.set, p.arn, "iam:Attach"+kind+"Policy"); ok {
		add("attach-policy-self", fmt.Sprintf("iam:Attach%sPolicy AdministratorAccess to %s (itself)", kind, p.arn), c)
	}
	if ok, c := iamCan(&p.set, p.arn, "iam:Put"+kind+"Policy"); ok {
		add("put-policy-self", fmt.Sprintf("iam:Put%sPolicy an inline policy allowing * to %s (itself)", kind, p.arn), c)
	}
	for _, g := range p.groups {
		if ok, c := iamCan(&p.set, g.arn, "iam:AttachGroupPolicy"); ok {
			add("attach-group-policy", "iam:AttachGroupPolicy AdministratorAccess to its group "+g.arn, c)
		}
		if ok, c := iamCan(&p.set, g.arn, "iam:PutGroupPolicy"); ok {
			add("put-group-policy", "iam:PutGroupPolicy an inline policy allowing * to its group "+g.arn, c)
		}
	}
	if p.kind == "user" {
		var names []string
		for k, g := range groups {
			if g.admin && strings.HasPrefix(k, p.r.Account+"|") {
				names = append(names, k)
			}
		}
		sort.Strings(names)
		for _, k := range names {
			g := groups[k]
			if ok, c := iamCan(&p.set, g.arn, "iam:AddUserToGroup"); ok {
				add("add-user-to-group", "iam:AddUserToGroup itself to the admin group "+g.arn, c)
			}
		}
	}
	arns := make([]string, 0, len(p.customer))
	for a := range p.customer {
		arns = append(arns, a)
	}
	sort.Strings(arns)
	for _, a := range arns {
		if ok, c := iamCan(&p.set, a, "iam:CreatePolicyVersion"); ok {
			add("create-policy-version", "iam:CreatePolicyVersion --set-as-default on its policy "+a+" with a document allowing *", c)
		}
		if v := p.customer[a]; v != "" && v != "v1" {
			if ok, _ := iamCan(&p.set, a, "iam:SetDefaultPolicyVersion"); ok {
				// The other versions' documents are not read: they may grant more.
				add("set-default-policy-version", "iam:SetDefaultPolicyVersion on its policy "+a+" to an earlier version (not read: may grant more)", true)
			}
		}
	}
	return out
}

// iamNamedInSomeTrust: some role's trust policy names p's ARN or "*".
func iamNamedInSomeTrust(p *iamPrincipal, all []*iamPrincipal) bool {
	for _, t := range all {
		if t.trust == nil {
			continue
		}
		for _, st := range t.trust.Statements {
			for _, v := range st.Principal["AWS"] {
				if v == p.arn || v == "*" {
					return true
				}
			}
			if len(st.Principal["*"]) > 0 {
				return true
			}
		}
	}
	return false
}

// iamEdges lists the single steps by which p can act as t.
func iamEdges(p, t *iamPrincipal, byARN map[string]*iamPrincipal) []iamStep {
	var out []iamStep
	if t.kind == "user" {
		if p.r.Account != t.r.Account {
			return nil
		}
		for _, m := range []struct{ method, action, what string }{
			{"create-access-key", "iam:CreateAccessKey", "create an access key for"},
			{"create-login-profile", "iam:CreateLoginProfile", "set a console password for"},
			{"update-login-profile", "iam:UpdateLoginProfile", "reset the console password of"},
		} {
			if !p.somewhere(m.action) {
				continue
			}
			if ok, c := iamCan(&p.set, t.arn, m.action); ok {
				out = append(out, iamStep{Method: m.method, Text: fmt.Sprintf("%s on %s (%s it, then act as it)", m.action, t.arn, m.what), Conditional: c})
			}
		}
		return out
	}
	// t is a role.
	if t.trust != nil {
		if ok, c := iamTrusts(t.trust, p); ok {
			if ok2, c2 := iamCan(&p.set, t.arn, "sts:AssumeRole"); ok2 || p.r.Account == t.r.Account && iamTrustsExactly(t.trust, p.arn) {
				out = append(out, iamStep{Method: "assume-role", Text: "sts:AssumeRole " + t.arn, Conditional: c || c2})
			}
		}
	}
	if p.r.Account == t.r.Account && p.somewhere("iam:UpdateAssumeRolePolicy") {
		if ok, c := iamCan(&p.set, t.arn, "iam:UpdateAssumeRolePolicy", "sts:AssumeRole"); ok {
			out = append(out, iamStep{Method: "update-assume-role-policy", Text: "iam:UpdateAssumeRolePolicy on " + t.arn + " to trust itself, then sts:AssumeRole", Conditional: c})
		}
	}
	if p.r.Account == t.r.Account && p.somewhere("iam:PassRole") {
		if ok, c := iamCan(&p.set, t.arn, "iam:PassRole"); ok && t.trust != nil {
			for _, s := range passRoleServices {
				if !iamTrustsService(t.trust, s.principal) {
					continue
				}
				if s.id == "passrole-ec2" && !t.hasIP {
					continue // no instance profile to launch with
				}
				if ok2, c2 := iamCan(&p.set, "*", s.actions...); ok2 {
					out = append(out, iamStep{Method: s.id,
						Text:        fmt.Sprintf("iam:PassRole %s with %s (run code as the role)", t.arn, strings.Join(s.actions, " + ")),
						Conditional: c || c2})
				}
			}
		}
	}
	return out
}

// iamTrusts reports whether a trust policy lets p assume the role: by its
// ARN, by its account ("arn:aws:iam::ACCT:root" or "ACCT", which then needs
// p's own sts:AssumeRole permission), or by "*".
func iamTrusts(d *policy.Document, p *iamPrincipal) (ok, conditional bool) {
	for _, st := range d.Statements {
		if st.Effect != "Allow" || st.NotPrincipal || !iamActionIn(st, "sts:AssumeRole") {
			continue
		}
		for kind, vals := range st.Principal {
			if kind != "AWS" && kind != "*" {
				continue
			}
			for _, v := range vals {
				if v == "*" || v == p.arn || v == p.r.Account || v == "arn:aws:iam::"+p.r.Account+":root" {
					return true, st.Conditional()
				}
			}
		}
	}
	return false, false
}

func iamTrustsExactly(d *policy.Document, arn string) bool {
	for _, st := range d.Statements {
		for _, v := range st.Principal["AWS"] {
			if st.Effect == "Allow" && v == arn {
				return true
			}
		}
	}
	return false
}

func iamTrustsService(d *policy.Document, service string) bool {
	for _, st := range d.Statements {
		if st.Effect != "Allow" || st.NotPrincipal || !iamActionIn(st, "sts:AssumeRole") {
			continue
		}
		for _, v := range st.Principal["Service"] {
			if v == service {
				return true
			}
		}
	}
	return false
}

func iamActionIn(st policy.Statement, action string) bool {
	hit := false
	for _, a := range st.Action {
		hit = hit || policy.ActionMatch(a, action)
	}
	return hit != st.NotAction
}

// iamTrustFacts sets the trust-policy facts of a role.
func iamTrustFacts(r *mamori.Resource, d *policy.Document, org map[string]bool, orgKnown bool) {
	public := false
	external := map[string]bool{}
	services := map[string]bool{}
	for _, st := range d.Statements {
		if st.Effect != "Allow" || !iamActionIn(st, "sts:AssumeRole") && !iamActionIn(st, "sts:AssumeRoleWithWebIdentity") && !iamActionIn(st, "sts:AssumeRoleWithSAML") {
			continue
		}
		if st.NotPrincipal {
			public = public || !st.Conditional()
			continue
		}
		for kind, vals := range st.Principal {
			for _, v := range vals {
				switch {
				case kind == "*" || kind == "AWS" && v == "*":
					public = public || !st.Conditional()
				case kind == "AWS":
					acct := iamAccountOf(v)
					if acct != "" && acct != r.Account && !org[acct] {
						external[acct] = true
					}
				case kind == "Service":
					// Service-linked roles are AWS's own: their trust is fixed.
					if !computeServices[v] && !iamSourceCondition(st) && r.Attributes["service_linked"] != true {
						services[v] = true
					}
				}
			}
		}
	}
	SetFact(r, "trust_readable", true)
	SetFact(r, "trust_public", public)
	SetFact(r, "trust_external_accounts", iamAnyList(iamKeys(external)))
	SetFact(r, "trust_unconditioned_services", iamAnyList(iamKeys(services)))
	SetFact(r, "trust_org_known", orgKnown)
}

// iamSourceCondition: the statement pins the calling resource or account.
func iamSourceCondition(st policy.Statement) bool {
	for _, kv := range st.Condition {
		for k := range kv {
			switch strings.ToLower(k) {
			case "aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths":
				return true
			}
		}
	}
	return false
}

// iamAccountOf returns the account of an AWS principal ("123456789012",
// "arn:aws:iam::123456789012:root", a role or user ARN), or "".
func iamAccountOf(v string) string {
	if len(v) == 12 && strings.Trim(v, "0123456789") == "" {
		return v
	}
	parts := strings.Split(v, ":")
	if len(parts) >= 6 && parts[0] == "arn" {
		return parts[4]
	}
	return ""
}

// iamOrgAccounts is the set of accounts in the organisation (from
// aws.organizations.account resources), plus every account scanned. known is
// false when no organisation data was read.
func iamOrgAccounts(ix *Index) (map[string]bool, bool) {
	out := map[string]bool{}
	known := false
	for _, a := range ix.Type("aws.organizations.account") {
		known = true
		if id := ec2Str(a.Attributes, "Id"); id != "" {
			out[id] = true
		} else if id := iamAccountOf(a.ID); id != "" {
			out[id] = true
		} else {
			out[a.ID] = true
		}
	}
	for _, rs := range ix.byType {
		for _, r := range rs {
			out[r.Account] = true
		}
	}
	return out, known
}

// iamSCP is one service control policy and where it is attached.
type iamSCP struct {
	named   policy.Named
	targets []string
}

type iamSCPSet struct {
	scps []iamSCP
	// parents of each account (root and OU ids), when the organisation data
	// says them.
	parents map[string][]string
	// management accounts: SCPs never restrict them.
	management map[string]bool
	bad        []string
}

// iamSCPs reads aws.organizations.policy resources of type
// SERVICE_CONTROL_POLICY: Content is the document (JSON text or decoded),
// Targets the ids it is attached to (strings, or objects with TargetId).
func iamSCPs(ix *Index) *iamSCPSet {
	s := &iamSCPSet{parents: map[string][]string{}, management: map[string]bool{}}
	for _, r := range ix.Type("aws.organizations.policy") {
		if t := ec2Str(r.Attributes, "Type"); t != "" && t != "SERVICE_CONTROL_POLICY" {
			continue
		}
		d, err := policy.FromValue(r.Attributes["Content"])
		name := "SCP " + r.Name
		if r.Name == "" {
			name = "SCP " + r.ID
		}
		var targets []string
		for _, x := range ec2ListAny(r.Attributes["Targets"]) {
			switch t := x.(type) {
			case string:
				targets = append(targets, t)
			case map[string]any:
				targets = append(targets, ec2Str(t, "TargetId"))
			}
		}
		if err != nil {
			// Unreadable: it might deny anything; it cannot be taken as
			// allowing. Recorded so that principals say it.
			s.bad = append(s.bad, name+": "+err.Error())
			continue
		}
		s.scps = append(s.scps, iamSCP{named: policy.Named{Name: name, Doc: d}, targets: targets})
	}
	for _, a := range ix.Type("aws.organizations.account") {
		id := ec2Str(a.Attributes, "Id")
		if id == "" {
			id = iamAccountOf(a.ID)
		}
		if a.Attributes["IsManagementAccount"] == true {
			s.management[id] = true
		}
		if m := ec2Str(a.Attributes, "ManagementAccountId"); m != "" {
			s.management[m] = true
		}
		for _, p := range ec2List(a.Attributes, "Parents") {
			switch x := p.(type) {
			case string:
				s.parents[id] = append(s.parents[id], x)
			case map[string]any:
				s.parents[id] = append(s.parents[id], ec2Str(x, "Id"))
			}
		}
		if p := ec2Str(a.Attributes, "ParentId"); p != "" {
			s.parents[id] = append(s.parents[id], p)
		}
	}
	return s
}

// levels returns the SCPs that apply to an account, one list per level
// (the root, each OU above the account that has SCPs, the account).
// incomplete is true when some SCP is attached to an OU and the account's
// parents are not known, or when an SCP could not be read: the answer then
// ignores them, erring towards "allowed". SCPs do not apply to the
// organisation's management account.
func (s *iamSCPSet) levels(account string) (levels [][]policy.Named, incomplete bool) {
	if s == nil || s.management[account] {
		return nil, false
	}
	if len(s.scps) == 0 {
		return nil, len(s.bad) > 0
	}
	byLevel := map[string][]policy.Named{}
	var order []string
	parents := map[string]bool{}
	for _, p := range s.parents[account] {
		parents[p] = true
	}
	for _, sc := range s.scps {
		for _, t := range sc.targets {
			applies := t == account || strings.HasPrefix(t, "r-") || parents[t]
			if !applies {
				if strings.HasPrefix(t, "ou-") && len(s.parents[account]) == 0 {
					incomplete = true
				}
				continue
			}
			if _, ok := byLevel[t]; !ok {
				order = append(order, t)
			}
			byLevel[t] = append(byLevel[t], sc.named)
		}
	}
	sort.Strings(order)
	for _, t := range order {
		levels = append(levels, byLevel[t])
	}
	return levels, incomplete || len(s.bad) > 0
}

func ec2ListAny(v any) []any {
	l, _ := v.([]any)
	return l
}

func iamAnyList(l []string) []any {
	out := make([]any, 0, len(l))
	for _, s := range l {
		out = append(out, s)
	}
	return out
}

func iamKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func iamUniq(l []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range l {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}
