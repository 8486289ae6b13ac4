package awsemu

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
)

// orgsService is the signing name of AWS Organizations.
const orgsService = "organizations"

// Organization is an AWS Organizations organisation over some of the world's
// accounts: a management account, organisational units, member accounts
// reached by sts:AssumeRole, service control policies (which the emulator
// enforces on the members' calls) and delegated administrators.
type Organization struct {
	// ID is the organisation id; default "o-" + a hash of the management account.
	ID string `yaml:"id"`
	// Management is the management account's id; it must be in the world.
	Management string `yaml:"management"`
	// Root is the root's id; default "r-" + four characters.
	Root string `yaml:"root"`
	// Units are the organisational units.
	Units []*OrgUnit `yaml:"units"`
	// Members are the accounts of the organisation other than the
	// management account. A member that is not in the world's accounts is
	// listed but cannot be reached (AssumeRole fails), as a member whose
	// role was never deployed.
	Members []*OrgMember `yaml:"members"`
	// Role is the role deployed in every member (and the management account)
	// that a scanner may assume, unless a member says otherwise.
	Role *OrgRole `yaml:"role"`
	// Policies are the service control policies.
	Policies []*OrgPolicy `yaml:"policies"`
	// Delegated are the delegated administrators.
	Delegated []*OrgDelegated `yaml:"delegated_administrators"`
	// SessionSeconds is how long an assumed-role session lasts when the
	// caller asks for no duration (default 3600).
	SessionSeconds int `yaml:"session_seconds"`
}

// OrgUnit is an organisational unit.
type OrgUnit struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Parent is the root's or another unit's id; default the root.
	Parent string `yaml:"parent"`
}

// OrgMember is one member account's place in the organisation.
type OrgMember struct {
	ID    string `yaml:"id"`
	Name  string `yaml:"name"`
	Email string `yaml:"email"`
	// Parent is the unit (or the root, the default) the account is in.
	Parent string `yaml:"parent"`
	// Status is ACTIVE (default), SUSPENDED or PENDING_CLOSURE.
	Status string `yaml:"status"`
	// NoRole: the scanner's role is not deployed in this account.
	NoRole bool `yaml:"no_role"`
	// RoleDeny lists the APIs the role in this account may not call (same
	// syntax as Faults.Deny): a role that exists but lacks permissions.
	RoleDeny []string `yaml:"role_deny"`
	// CloseAfter closes the account after it has answered this many calls
	// (0: never): from then on ListAccounts says SUSPENDED and every call
	// with its credentials fails, as for an account closed mid-scan.
	CloseAfter int64 `yaml:"close_after"`
}

// OrgRole is the scanner's role as deployed in the members.
type OrgRole struct {
	Name string `yaml:"name"`
	// ExternalID, when set, must be given by the caller.
	ExternalID string `yaml:"external_id"`
}

// OrgPolicy is a service control policy.
type OrgPolicy struct {
	ID          string `yaml:"id"`
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	// Content is the policy document (JSON). The emulator enforces its Deny
	// statements on the members' calls: Action and NotAction with wildcards,
	// and the condition aws:RequestedRegion under StringEquals,
	// StringNotEquals (and their IfExists forms); a Deny with any other
	// condition is not enforced.
	Content string `yaml:"content"`
	// Targets are the root, unit or account ids the policy is attached to.
	Targets []string `yaml:"targets"`
	// AWSManaged marks FullAWSAccess-style policies.
	AWSManaged bool `yaml:"aws_managed"`
}

// OrgDelegated is an account that administers services for the organisation.
type OrgDelegated struct {
	Account string `yaml:"account"`
	// Services are service principals, e.g. guardduty.amazonaws.com.
	Services []string `yaml:"services"`
}

// session is one set of temporary credentials handed out by AssumeRole.
type session struct {
	account *Account
	member  *OrgMember // nil for the management account
	role    string
	expires time.Time
	// by is the account whose sts:AssumeRole handed the session out.
	by string
}

// orgState is what the server tracks of the organisation while it runs.
type orgState struct {
	mu       sync.Mutex
	sessions map[string]*session
	calls    map[string]int64 // per account id
	closed   map[string]bool
	seq      int
}

func (o *Organization) rootID() string {
	if o.Root != "" {
		return o.Root
	}
	return "r-" + rdsHash(o.Management, 4)
}

func (o *Organization) id() string {
	if o.ID != "" {
		return o.ID
	}
	return "o-" + rdsHash(o.Management, 10)
}

func (o *Organization) member(id string) *OrgMember {
	for _, m := range o.Members {
		if m.ID == id {
			return m
		}
	}
	return nil
}

func (o *Organization) parentOf(id string) string {
	if m := o.member(id); m != nil && m.Parent != "" {
		return m.Parent
	}
	for _, u := range o.Units {
		if u.ID == id && u.Parent != "" {
			return u.Parent
		}
	}
	return o.rootID()
}

// path returns the ids from target up to the root, target first.
func (o *Organization) path(target string) []string {
	out := []string{target}
	for cur := target; cur != o.rootID() && len(out) < 10; {
		cur = o.parentOf(cur)
		out = append(out, cur)
	}
	return out
}

func (o *Organization) validate(w *World) error {
	if w.accountByID(o.Management) == nil {
		return fmt.Errorf("world: organization management account %s is not among the accounts", o.Management)
	}
	for _, m := range o.Members {
		if len(m.ID) != 12 {
			return fmt.Errorf("world: organization member %q is not 12 digits", m.ID)
		}
	}
	for _, p := range o.Policies {
		var doc map[string]any
		if p.Content != "" && json.Unmarshal([]byte(p.Content), &doc) != nil && !strings.HasPrefix(p.ID, "p-broken") {
			return fmt.Errorf("world: policy %s: content is not a JSON object", p.ID)
		}
	}
	return nil
}

func (w *World) accountByID(id string) *Account {
	for _, a := range w.Accounts {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// linkOrganization shows the management account's organisation trails in
// every member's CloudTrail, owned by the management account, as AWS does.
func (w *World) linkOrganization() {
	o := w.Organization
	if o == nil || w.orgLinked {
		return
	}
	w.orgLinked = true
	mgmt := w.accountByID(o.Management)
	for _, r := range mgmt.Regions {
		for _, t := range mgmt.regionState(r).trails() {
			if !t.Organization {
				continue
			}
			t.Owner = mgmt.ID
			for _, m := range o.Members {
				a := w.accountByID(m.ID)
				if a == nil || !a.regionEnabled(r) {
					continue
				}
				reg := a.Region(r)
				if reg.CloudTrail == nil {
					reg.CloudTrail = &CloudTrail{}
				}
				if !slices.Contains(reg.CloudTrail.Trails, t) {
					reg.CloudTrail.Trails = append(reg.CloudTrail.Trails, t)
				}
			}
		}
	}
}

// ExpireSessions makes every assumed-role session handed out so far expired,
// as if the scan had outlived them.
func (s *Server) ExpireSessions() {
	s.org.mu.Lock()
	defer s.org.mu.Unlock()
	for _, x := range s.org.sessions {
		x.expires = time.Time{}
	}
}

// resolve maps an access key to its account and, for temporary
// credentials, its session; an expired session is an error.
func (s *Server) resolve(akid string) (*Account, *session, *APIError) {
	if !strings.HasPrefix(akid, "ASIA") {
		return s.world.account(akid), nil, nil
	}
	s.org.mu.Lock()
	defer s.org.mu.Unlock()
	x := s.org.sessions[akid]
	if x == nil {
		return nil, nil, nil
	}
	if !time.Now().Before(x.expires) {
		return nil, nil, &APIError{Code: "ExpiredToken", Message: "The security token included in the request is expired", Status: 403}
	}
	return x.account, x, nil
}

// orgCheck applies what the organisation says about a call: a closed
// account, a role's missing permissions, and the SCPs. It also counts the
// call towards an account's CloseAfter.
func (s *Server) orgCheck(c *Call, x *session, api string) *APIError {
	o := s.world.Organization
	if o == nil {
		return nil
	}
	id := c.Account.ID
	m := o.member(id)
	s.org.mu.Lock()
	s.org.calls[id]++
	if m != nil && m.CloseAfter > 0 && s.org.calls[id] > m.CloseAfter {
		s.org.closed[id] = true
	}
	closed := s.org.closed[id]
	s.org.mu.Unlock()
	if closed {
		return &APIError{Code: "InvalidClientTokenId", Message: "The security token included in the request is invalid.", Status: 403}
	}
	if x != nil && x.member != nil && matchAny(x.member.RoleDeny, api, c.Region) {
		return &APIError{Code: "AccessDenied", Message: fmt.Sprintf("User: arn:aws:sts::%s:assumed-role/%s/mamori is not authorized to perform: %s because no identity-based policy allows the %s action", id, x.role, api, api), Status: 403}
	}
	if m == nil || c.Service == "sts" {
		return nil // SCPs do not apply to the management account
	}
	for _, p := range o.Policies {
		if !p.appliesTo(o, id) || !p.denies(api, c.Region) {
			continue
		}
		return &APIError{Code: "AccessDenied", Message: fmt.Sprintf("User: arn:aws:sts::%s:assumed-role/scanner/mamori is not authorized to perform: %s with an explicit deny in a service control policy", id, api), Status: 403}
	}
	return nil
}

func (p *OrgPolicy) appliesTo(o *Organization, account string) bool {
	for _, t := range o.path(account) {
		if slices.Contains(p.Targets, t) {
			return true
		}
	}
	return false
}

// denies reports whether one of the policy's Deny statements covers api in region.
func (p *OrgPolicy) denies(api, region string) bool {
	var doc struct {
		Statement json.RawMessage
	}
	if json.Unmarshal([]byte(p.Content), &doc) != nil {
		return false
	}
	var stmts []map[string]any
	if json.Unmarshal(doc.Statement, &stmts) != nil {
		var one map[string]any
		if json.Unmarshal(doc.Statement, &one) != nil {
			return false
		}
		stmts = []map[string]any{one}
	}
	for _, st := range stmts {
		if st["Effect"] != "Deny" {
			continue
		}
		var hit bool
		if a, ok := st["Action"]; ok {
			hit = anyGlob(a, api)
		} else if na, ok := st["NotAction"]; ok {
			hit = !anyGlob(na, api)
		}
		if hit && conditionHolds(st["Condition"], region) {
			return true
		}
	}
	return false
}

func anyGlob(v any, api string) bool {
	var pats []string
	switch x := v.(type) {
	case string:
		pats = []string{x}
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				pats = append(pats, s)
			}
		}
	}
	for _, p := range pats {
		if ok, _ := path.Match(strings.ToLower(p), strings.ToLower(api)); ok {
			return true
		}
	}
	return false
}

// conditionHolds evaluates the aws:RequestedRegion conditions the emulator
// knows; any other condition makes the statement not apply.
func conditionHolds(v any, region string) bool {
	if v == nil {
		return true
	}
	cond, ok := v.(map[string]any)
	if !ok {
		return false
	}
	for op, kv := range cond {
		m, ok := kv.(map[string]any)
		if !ok {
			return false
		}
		for k, vals := range m {
			if !strings.EqualFold(k, "aws:RequestedRegion") {
				return false
			}
			in := anyGlob(vals, region)
			switch strings.TrimSuffix(op, "IfExists") {
			case "StringEquals", "StringLike":
				if !in {
					return false
				}
			case "StringNotEquals", "StringNotLike":
				if in {
					return false
				}
			default:
				return false
			}
		}
	}
	return true
}

// assumeRole answers sts:AssumeRole for the organisation's role.
func assumeRole(c *Call) error {
	s := c.Server
	o := s.world.Organization
	arn := c.Form.Get("RoleArn")
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 6 || parts[2] != "iam" || !strings.HasPrefix(parts[5], "role/") {
		return Errf("ValidationError", "%s is not a valid role ARN", arn)
	}
	acctID, role := parts[4], strings.TrimPrefix(parts[5], "role/")
	role = role[strings.LastIndex(role, "/")+1:]
	denied := &APIError{Code: "AccessDenied", Status: 403, Message: fmt.Sprintf("User: arn:aws:iam::%s:user/mamori-scanner is not authorized to perform: sts:AssumeRole on resource: %s", c.Account.ID, arn)}
	if o == nil || o.Role == nil || o.Role.Name != role {
		return denied
	}
	target := s.world.accountByID(acctID)
	m := o.member(acctID)
	if target == nil || (m == nil && acctID != o.Management) || (m != nil && m.NoRole) {
		return denied
	}
	if o.Role.ExternalID != "" && c.Form.Get("ExternalId") != o.Role.ExternalID {
		return denied
	}
	s.org.mu.Lock()
	defer s.org.mu.Unlock()
	if s.org.closed[acctID] || (m != nil && m.Status != "" && m.Status != "ACTIVE") {
		return denied
	}
	secs := o.SessionSeconds
	if d := c.Form.Get("DurationSeconds"); d != "" {
		fmt.Sscanf(d, "%d", &secs)
	}
	if secs <= 0 {
		secs = 3600
	}
	s.org.seq++
	akid := fmt.Sprintf("ASIA%s%06d", acctID[:6], s.org.seq)
	exp := time.Now().Add(time.Duration(secs) * time.Second)
	s.org.sessions[akid] = &session{account: target, member: m, role: role, expires: exp, by: c.Account.ID}
	name := c.Form.Get("RoleSessionName")
	return c.QueryResult(struct {
		Credentials struct {
			AccessKeyID     string `xml:"AccessKeyId"`
			SecretAccessKey string `xml:"SecretAccessKey"`
			SessionToken    string `xml:"SessionToken"`
			Expiration      string `xml:"Expiration"`
		} `xml:"Credentials"`
		AssumedRoleUser struct {
			Arn           string `xml:"Arn"`
			AssumedRoleID string `xml:"AssumedRoleId"`
		} `xml:"AssumedRoleUser"`
	}{
		Credentials: struct {
			AccessKeyID     string `xml:"AccessKeyId"`
			SecretAccessKey string `xml:"SecretAccessKey"`
			SessionToken    string `xml:"SessionToken"`
			Expiration      string `xml:"Expiration"`
		}{akid, "emulator-session-secret", "emulator-session-token-" + akid, exp.UTC().Format(time.RFC3339)},
		AssumedRoleUser: struct {
			Arn           string `xml:"Arn"`
			AssumedRoleID string `xml:"AssumedRoleId"`
		}{fmt.Sprintf("arn:aws:sts::%s:assumed-role/%s/%s", acctID, role, name), "AROAEMULATOR:" + name},
	})
}

func organizationsRoute(c *Call) Handler {
	if c.Server.world.Organization == nil || !c.Server.inOrganization(c.Account.ID) {
		return func(c *Call) error {
			return Errf("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")
		}
	}
	switch c.Op {
	case "DescribeOrganization":
		return orgDescribeOrganization
	case "ListRoots":
		return orgListRoots
	case "ListOrganizationalUnitsForParent":
		return orgListUnits
	case "ListAccountsForParent":
		return orgListAccountsForParent
	case "ListAccounts":
		return orgListAccounts
	case "DescribeAccount":
		return orgDescribeAccount
	case "ListPolicies":
		return orgListPolicies
	case "DescribePolicy":
		return orgDescribePolicy
	case "ListTargetsForPolicy":
		return orgListTargets
	case "ListDelegatedAdministrators":
		return orgListDelegated
	case "ListDelegatedServicesForAccount":
		return orgListDelegatedServices
	}
	return nil
}

func (s *Server) inOrganization(id string) bool {
	o := s.world.Organization
	return o.Management == id || o.member(id) != nil
}

// orgReader reports whether the caller may read the organisation: the
// management account or a delegated administrator.
func (c *Call) orgReader() *APIError {
	o := c.Server.world.Organization
	if c.Account.ID == o.Management {
		return nil
	}
	for _, d := range o.Delegated {
		if d.Account == c.Account.ID {
			return nil
		}
	}
	return &APIError{Code: "AccessDeniedException", Message: "You don't have permissions to access this resource.", Status: 400}
}

func orgDescribeOrganization(c *Call) error {
	o := c.Server.world.Organization
	return c.JSONResult(map[string]any{"Organization": map[string]any{
		"Id": o.id(), "Arn": fmt.Sprintf("arn:aws:organizations::%s:organization/%s", o.Management, o.id()),
		"FeatureSet": "ALL", "MasterAccountId": o.Management,
		"MasterAccountArn": fmt.Sprintf("arn:aws:organizations::%s:account/%s/%s", o.Management, o.id(), o.Management),
	}})
}

// pageIn reads the JSON NextToken / MaxResults of a list call.
func (c *Call) pageIn() (token string, max int, err error) {
	var in struct {
		NextToken  string
		MaxResults int
		ParentId   string
		Filter     string
		PolicyId   string
		AccountId  string
	}
	if err := c.DecodeJSON(&in); err != nil {
		return "", 0, err
	}
	c.Params["ParentId"], c.Params["Filter"], c.Params["PolicyId"], c.Params["AccountId"] = in.ParentId, in.Filter, in.PolicyId, in.AccountId
	return in.NextToken, in.MaxResults, nil
}

func orgListRoots(c *Call) error {
	if e := c.orgReader(); e != nil {
		return e
	}
	o := c.Server.world.Organization
	return c.JSONResult(map[string]any{"Roots": []map[string]any{{
		"Id": o.rootID(), "Name": "Root", "Arn": fmt.Sprintf("arn:aws:organizations::%s:root/%s/%s", o.Management, o.id(), o.rootID()),
		"PolicyTypes": []map[string]any{{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}},
	}}})
}

func orgListUnits(c *Call) error {
	if e := c.orgReader(); e != nil {
		return e
	}
	tok, size, err := c.pageIn()
	if err != nil {
		return err
	}
	o := c.Server.world.Organization
	var units []map[string]any
	for _, u := range o.Units {
		if o.parentOf(u.ID) == c.Params["ParentId"] {
			units = append(units, map[string]any{"Id": u.ID, "Name": u.Name, "Arn": fmt.Sprintf("arn:aws:organizations::%s:ou/%s/%s", o.Management, o.id(), u.ID)})
		}
	}
	start, end, next := Page(len(units), tok, size, 20)
	return c.JSONResult(pageOut("OrganizationalUnits", units[start:end], next))
}

func pageOut(key string, items []map[string]any, next string) map[string]any {
	if items == nil {
		items = []map[string]any{}
	}
	out := map[string]any{key: items}
	if next != "" {
		out["NextToken"] = next
	}
	return out
}

// accounts lists the organisation's accounts, management first.
func (c *Call) orgAccounts() []map[string]any {
	s := c.Server
	o := s.world.Organization
	all := append([]*OrgMember{{ID: o.Management, Name: "management"}}, o.Members...)
	var out []map[string]any
	for _, m := range all {
		status := m.Status
		if status == "" {
			status = "ACTIVE"
		}
		s.org.mu.Lock()
		if s.org.closed[m.ID] {
			status = "SUSPENDED"
		}
		s.org.mu.Unlock()
		name := m.Name
		if name == "" {
			name = "account-" + m.ID
		}
		email := m.Email
		if email == "" {
			email = "aws+" + m.ID + "@example.com"
		}
		out = append(out, map[string]any{
			"Id": m.ID, "Name": name, "Email": email, "Status": status, "State": status,
			"Arn":          fmt.Sprintf("arn:aws:organizations::%s:account/%s/%s", o.Management, o.id(), m.ID),
			"JoinedMethod": "CREATED", "JoinedTimestamp": 1.6e9,
		})
	}
	return out
}

func orgListAccounts(c *Call) error {
	if e := c.orgReader(); e != nil {
		return e
	}
	tok, size, err := c.pageIn()
	if err != nil {
		return err
	}
	all := c.orgAccounts()
	start, end, next := Page(len(all), tok, size, 20)
	return c.JSONResult(pageOut("Accounts", all[start:end], next))
}

func orgListAccountsForParent(c *Call) error {
	if e := c.orgReader(); e != nil {
		return e
	}
	tok, size, err := c.pageIn()
	if err != nil {
		return err
	}
	o := c.Server.world.Organization
	var in []map[string]any
	for _, a := range c.orgAccounts() {
		if o.parentOf(a["Id"].(string)) == c.Params["ParentId"] {
			in = append(in, a)
		}
	}
	start, end, next := Page(len(in), tok, size, 20)
	return c.JSONResult(pageOut("Accounts", in[start:end], next))
}

func orgDescribeAccount(c *Call) error {
	if e := c.orgReader(); e != nil {
		return e
	}
	if _, _, err := c.pageIn(); err != nil {
		return err
	}
	for _, a := range c.orgAccounts() {
		if a["Id"] == c.Params["AccountId"] {
			return c.JSONResult(map[string]any{"Account": a})
		}
	}
	return Errf("AccountNotFoundException", "You specified an account that doesn't exist.")
}

func (o *Organization) policyJSON(p *OrgPolicy) map[string]any {
	return map[string]any{
		"Id": p.ID, "Name": p.Name, "Description": p.Description, "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": p.AWSManaged,
		"Arn": fmt.Sprintf("arn:aws:organizations::%s:policy/%s/service_control_policy/%s", o.Management, o.id(), p.ID),
	}
}

func orgListPolicies(c *Call) error {
	if e := c.orgReader(); e != nil {
		return e
	}
	tok, size, err := c.pageIn()
	if err != nil {
		return err
	}
	if c.Params["Filter"] != "SERVICE_CONTROL_POLICY" {
		return c.JSONResult(pageOut("Policies", nil, ""))
	}
	o := c.Server.world.Organization
	var out []map[string]any
	for _, p := range o.Policies {
		out = append(out, o.policyJSON(p))
	}
	start, end, next := Page(len(out), tok, size, 20)
	return c.JSONResult(pageOut("Policies", out[start:end], next))
}

func (o *Organization) policy(id string) *OrgPolicy {
	for _, p := range o.Policies {
		if p.ID == id {
			return p
		}
	}
	return nil
}

func orgDescribePolicy(c *Call) error {
	if e := c.orgReader(); e != nil {
		return e
	}
	if _, _, err := c.pageIn(); err != nil {
		return err
	}
	o := c.Server.world.Organization
	p := o.policy(c.Params["PolicyId"])
	if p == nil {
		return Errf("PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.")
	}
	return c.JSONResult(map[string]any{"Policy": map[string]any{"PolicySummary": o.policyJSON(p), "Content": p.Content}})
}

func orgListTargets(c *Call) error {
	if e := c.orgReader(); e != nil {
		return e
	}
	tok, size, err := c.pageIn()
	if err != nil {
		return err
	}
	o := c.Server.world.Organization
	p := o.policy(c.Params["PolicyId"])
	if p == nil {
		return Errf("PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.")
	}
	var out []map[string]any
	for _, t := range p.Targets {
		typ, name := "ORGANIZATIONAL_UNIT", t
		switch {
		case t == o.rootID():
			typ, name = "ROOT", "Root"
		case len(t) == 12 && !strings.HasPrefix(t, "ou-"):
			typ = "ACCOUNT"
		default:
			for _, u := range o.Units {
				if u.ID == t {
					name = u.Name
				}
			}
		}
		out = append(out, map[string]any{"TargetId": t, "Name": name, "Type": typ,
			"Arn": fmt.Sprintf("arn:aws:organizations::%s:%s/%s/%s", o.Management, strings.ToLower(typ), o.id(), t)})
	}
	start, end, next := Page(len(out), tok, size, 20)
	return c.JSONResult(pageOut("Targets", out[start:end], next))
}

func orgListDelegated(c *Call) error {
	if e := c.orgReader(); e != nil {
		return e
	}
	tok, size, err := c.pageIn()
	if err != nil {
		return err
	}
	o := c.Server.world.Organization
	var out []map[string]any
	for _, d := range o.Delegated {
		out = append(out, map[string]any{"Id": d.Account, "Name": "account-" + d.Account, "Status": "ACTIVE",
			"Arn": fmt.Sprintf("arn:aws:organizations::%s:account/%s/%s", o.Management, o.id(), d.Account)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i]["Id"].(string) < out[j]["Id"].(string) })
	start, end, next := Page(len(out), tok, size, 20)
	return c.JSONResult(pageOut("DelegatedAdministrators", out[start:end], next))
}

func orgListDelegatedServices(c *Call) error {
	if e := c.orgReader(); e != nil {
		return e
	}
	tok, size, err := c.pageIn()
	if err != nil {
		return err
	}
	o := c.Server.world.Organization
	var out []map[string]any
	for _, d := range o.Delegated {
		if d.Account != c.Params["AccountId"] {
			continue
		}
		for _, s := range d.Services {
			out = append(out, map[string]any{"ServicePrincipal": s})
		}
	}
	if out == nil {
		return Errf("AccountNotRegisteredException", "The provided account is not a registered delegated administrator for your organization.")
	}
	start, end, next := Page(len(out), tok, size, 20)
	return c.JSONResult(pageOut("DelegatedServices", out[start:end], next))
}

// halfWriter sends the first half of a response body (Faults.Truncate).
type halfWriter struct {
	http.ResponseWriter
	left int
}

func (h *halfWriter) WriteHeader(status int) {
	var n int
	fmt.Sscanf(h.Header().Get("Content-Length"), "%d", &n)
	h.left = n / 2
	h.Header().Set("Content-Length", fmt.Sprint(h.left))
	h.ResponseWriter.WriteHeader(status)
}

func (h *halfWriter) Write(b []byte) (int, error) {
	n := min(len(b), h.left)
	h.left -= n
	if _, err := h.ResponseWriter.Write(b[:n]); err != nil {
		return 0, err
	}
	return len(b), nil
}
