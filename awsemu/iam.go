package awsemu

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"hash/fnv"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

// IAM is an account's IAM state: the root user, the IAM users, groups and
// customer-managed policies, and the account password policy.
type IAM struct {
	// Root is the account's root user; nil means created 2019-04-01, no MFA,
	// no access keys, never signed in.
	Root *IAMRoot `yaml:"root"`
	// PasswordPolicy is the account password policy; nil means none is set
	// (GetAccountPasswordPolicy answers NoSuchEntity).
	PasswordPolicy *IAMPasswordPolicy `yaml:"password_policy"`
	Users          []*IAMUser         `yaml:"users"`
	Groups         []*IAMGroup        `yaml:"groups"`
	Roles          []*IAMRole         `yaml:"roles"`
	// Policies are the customer-managed policies. AWS-managed policies are
	// referenced by ARN from users and groups and need no declaration.
	Policies []*IAMPolicy `yaml:"policies"`

	index *userIndex // userNamed, userKeyID
	// CredentialReportDelay is how many GenerateCredentialReport calls are
	// answered STARTED / INPROGRESS before the report is COMPLETE (0: a recent
	// report already exists, as when another tool generated one).
	CredentialReportDelay int `yaml:"credential_report_delay"`

	mu          sync.Mutex
	generations int
}

// IAMRoot is the root user of an account.
type IAMRoot struct {
	// Created is when the account was created.
	Created When `yaml:"created"`
	// MFA is "" (none), "virtual" or "hardware".
	MFA string `yaml:"mfa"`
	// PasswordLastUsed is the root user's last console sign-in (unset: never,
	// or not since October 2014).
	PasswordLastUsed When            `yaml:"password_last_used"`
	AccessKeys       []*IAMAccessKey `yaml:"access_keys"`
}

// IAMPasswordPolicy is the account password policy; unset numbers are not
// part of the policy.
type IAMPasswordPolicy struct {
	MinimumPasswordLength      int  `yaml:"minimum_password_length"`
	RequireSymbols             bool `yaml:"require_symbols"`
	RequireNumbers             bool `yaml:"require_numbers"`
	RequireUppercaseCharacters bool `yaml:"require_uppercase_characters"`
	RequireLowercaseCharacters bool `yaml:"require_lowercase_characters"`
	AllowUsersToChangePassword bool `yaml:"allow_users_to_change_password"`
	// MaxPasswordAge in days; 0 means passwords never expire.
	MaxPasswordAge          int  `yaml:"max_password_age"`
	PasswordReusePrevention int  `yaml:"password_reuse_prevention"`
	HardExpiry              bool `yaml:"hard_expiry"`
}

// IAMUser is one IAM user.
type IAMUser struct {
	Name string `yaml:"name"`
	// Path defaults to "/".
	Path    string `yaml:"path"`
	Created When   `yaml:"created"`
	// Password is the console password (login profile); nil means none.
	Password   *IAMPassword    `yaml:"password"`
	MFADevices []*IAMMFADevice `yaml:"mfa_devices"`
	AccessKeys []*IAMAccessKey `yaml:"access_keys"`
	Groups     []string        `yaml:"groups"`
	// AttachedPolicies are managed policy ARNs; a bare name is a customer
	// policy of the account ("deploy-policy") or, prefixed "aws:", an
	// AWS-managed one ("aws:AdministratorAccess").
	AttachedPolicies []string          `yaml:"attached_policies"`
	InlinePolicies   map[string]string `yaml:"inline_policies"`
	// PermissionsBoundary is a policy reference (as AttachedPolicies), or "".
	PermissionsBoundary string            `yaml:"permissions_boundary"`
	Tags                map[string]string `yaml:"tags"`
}

// IAMRole is an IAM role.
type IAMRole struct {
	Name    string `yaml:"name"`
	Path    string `yaml:"path"`
	Created When   `yaml:"created"`
	// AssumeRolePolicy is the trust policy JSON.
	AssumeRolePolicy    string            `yaml:"assume_role_policy"`
	AttachedPolicies    []string          `yaml:"attached_policies"`
	InlinePolicies      map[string]string `yaml:"inline_policies"`
	PermissionsBoundary string            `yaml:"permissions_boundary"`
	// LastUsed is when the role was last assumed (unset: not in 400 days),
	// in LastUsedRegion (default ap-northeast-1).
	LastUsed       When   `yaml:"last_used"`
	LastUsedRegion string `yaml:"last_used_region"`
	// InstanceProfile, when true, puts the role in an instance profile of
	// the same name.
	InstanceProfile bool              `yaml:"instance_profile"`
	Tags            map[string]string `yaml:"tags"`
}

// IAMPassword is a user's console password.
type IAMPassword struct {
	// Created is when the password was set (default: the user's creation).
	Created  When `yaml:"created"`
	LastUsed When `yaml:"last_used"`
	// ResetRequired: the user must choose a new password at next sign-in.
	ResetRequired bool `yaml:"reset_required"`
}

// IAMMFADevice is an MFA device assigned to a user.
type IAMMFADevice struct {
	// Type is "virtual" (default), "hardware" or "fido".
	Type    string `yaml:"type"`
	Serial  string `yaml:"serial"`
	Enabled When   `yaml:"enabled"`
}

// IAMAccessKey is an access key. The emulator knows no secrets.
type IAMAccessKey struct {
	// ID defaults to one derived from the owner and position.
	ID string `yaml:"id"`
	// Status is Active (default) or Inactive.
	Status   string `yaml:"status"`
	Created  When   `yaml:"created"`
	LastUsed When   `yaml:"last_used"`
	// Service and Region of the last use (default s3 / ap-northeast-1).
	Service string `yaml:"service"`
	Region  string `yaml:"region"`
}

// IAMGroup is an IAM group.
type IAMGroup struct {
	Name             string            `yaml:"name"`
	Path             string            `yaml:"path"`
	Created          When              `yaml:"created"`
	AttachedPolicies []string          `yaml:"attached_policies"`
	InlinePolicies   map[string]string `yaml:"inline_policies"`
}

// IAMPolicy is a customer-managed policy.
type IAMPolicy struct {
	Name        string `yaml:"name"`
	Path        string `yaml:"path"`
	Description string `yaml:"description"`
	// Document is the policy JSON of the default version.
	Document string `yaml:"document"`
	// Version is the default version's number (default 1); earlier versions
	// exist with the same document.
	Version int  `yaml:"version"`
	Created When `yaml:"created"`
	Updated When `yaml:"updated"`
}

// epoch is the "now" that relative times in world files count back from:
// fixed once per process, so that every call sees the same times.
var epoch = time.Now().UTC().Truncate(time.Second)

// When is a point in time in a world file: an RFC 3339 timestamp
// ("2024-04-01T09:00:00Z"), a date ("2024-04-01"), or a time relative to when
// the process started ("200d ago", "36h ago") so that a seeded world keeps
// its meaning as the calendar moves.
type When struct{ t time.Time }

// Ago returns the time d before the process started.
func Ago(d time.Duration) When { return When{epoch.Add(-d)} }

// At returns a fixed time.
func At(t time.Time) When { return When{t.UTC()} }

// IsZero reports whether the time is unset.
func (w When) IsZero() bool { return w.t.IsZero() }

// Time returns the time, or def when unset.
func (w When) Time(def time.Time) time.Time {
	if w.t.IsZero() {
		return def
	}
	return w.t
}

// UnmarshalYAML reads the forms When accepts.
func (w *When) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("line %d: want a time, e.g. 2024-04-01T09:00:00Z or \"30d ago\"", n.Line)
	}
	s := strings.TrimSpace(n.Value)
	if s == "" {
		*w = When{}
		return nil
	}
	if rest, ok := strings.CutSuffix(s, " ago"); ok && len(rest) > 1 {
		num, unit := rest[:len(rest)-1], rest[len(rest)-1]
		v, err := strconv.Atoi(strings.TrimSpace(num))
		if err == nil && v >= 0 && v < 100000 && (unit == 'd' || unit == 'h') {
			d := time.Duration(v) * time.Hour
			if unit == 'd' {
				d *= 24
			}
			*w = Ago(d)
			return nil
		}
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			*w = At(t)
			return nil
		}
	}
	return fmt.Errorf("line %d: bad time %q (want RFC 3339, YYYY-MM-DD or \"<N>d ago\")", n.Line, s)
}

// MarshalYAML writes the time in RFC 3339.
func (w When) MarshalYAML() (any, error) {
	if w.t.IsZero() {
		return "", nil
	}
	return w.t.Format(time.RFC3339), nil
}

var iamDefaultCreated = time.Date(2019, 4, 1, 0, 0, 0, 0, time.UTC)

func iamTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// iamReportTime is the credential report's date format.
func iamReportTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05+00:00") }

// iamID derives a stable IAM unique id ("AIDA...", "AKIA...") from a seed.
func iamID(prefix, seed string, n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	h := fnv.New64a()
	h.Write([]byte(seed))
	x := h.Sum64()
	b := make([]byte, n)
	for i := range b {
		if i%12 == 11 { // 12 characters per 64-bit hash
			h.Write([]byte{byte(i)})
			x = h.Sum64()
		}
		b[i] = alphabet[x%32]
		x /= 32
	}
	return prefix + string(b)
}

func iamOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func iamPath(p string) string { return iamOr(p, "/") }

// iamInit guards the creation of an account's IAM state on first use.
var iamInit sync.Mutex

// iam returns the account's IAM state, creating an empty one if the world
// has none (the credential report's generation state lives in it).
func (c *Call) iam() *IAM {
	iamInit.Lock()
	defer iamInit.Unlock()
	if c.Account.IAM == nil {
		c.Account.IAM = &IAM{}
	}
	return c.Account.IAM
}

func (c *Call) root() *IAMRoot {
	if r := c.iam().Root; r != nil {
		return r
	}
	return &IAMRoot{}
}

func (c *Call) userArn(u *IAMUser) string {
	return "arn:aws:iam::" + c.Account.ID + ":user" + iamPath(u.Path) + u.Name
}

func (c *Call) userID(u *IAMUser) string { return iamID("AIDA", c.Account.ID+"/user/"+u.Name, 17) }

func (c *Call) groupArn(g *IAMGroup) string {
	return "arn:aws:iam::" + c.Account.ID + ":group" + iamPath(g.Path) + g.Name
}

func (c *Call) policyArn(p *IAMPolicy) string {
	return "arn:aws:iam::" + c.Account.ID + ":policy" + iamPath(p.Path) + p.Name
}

// resolvePolicy turns a world file's policy reference into an ARN.
func (c *Call) resolvePolicy(ref string) string {
	if strings.HasPrefix(ref, "arn:") {
		return ref
	}
	if name, ok := strings.CutPrefix(ref, "aws:"); ok {
		return "arn:aws:iam::aws:policy/" + name
	}
	for _, p := range c.iam().Policies {
		if p.Name == ref {
			return c.policyArn(p)
		}
	}
	return "arn:aws:iam::" + c.Account.ID + ":policy/" + ref
}

func iamPolicyName(arn string) string { return arn[strings.LastIndex(arn, "/")+1:] }

func (k *IAMAccessKey) id(owner string, i int) string {
	if k.ID != "" {
		return k.ID
	}
	return iamID("AKIA", owner+"/key/"+strconv.Itoa(i), 16)
}

func (k *IAMAccessKey) status() string { return iamOr(k.Status, "Active") }

func (u *IAMUser) created() time.Time { return u.Created.Time(iamDefaultCreated) }

// keys returns the user's access keys oldest first, as IAM lists them.
func iamSortedKeys(ks []*IAMAccessKey, created time.Time) []*IAMAccessKey {
	out := append([]*IAMAccessKey(nil), ks...)
	sort.SliceStable(out, func(i, j int) bool {
		return out[i].Created.Time(created).Before(out[j].Created.Time(created))
	})
	return out
}

func (c *Call) findUser(name string) (*IAMUser, error) {
	if name == "" {
		return nil, Errf("ValidationError", "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null")
	}
	if u := c.iam().userNamed(c.Account.ID, name); u != nil {
		return u, nil
	}
	return nil, NotFound("NoSuchEntity", "The user with name %s cannot be found.", name)
}

func iamRoute(c *Call) Handler {
	switch c.Op {
	case "ListUsers":
		return iamListUsers
	case "GetUser":
		return iamGetUser
	case "ListMFADevices":
		return iamListMFADevices
	case "ListVirtualMFADevices":
		return iamListVirtualMFADevices
	case "ListAccessKeys":
		return iamListAccessKeys
	case "GetAccessKeyLastUsed":
		return iamGetAccessKeyLastUsed
	case "GetLoginProfile":
		return iamGetLoginProfile
	case "ListAttachedUserPolicies":
		return iamListAttachedUserPolicies
	case "ListUserPolicies":
		return iamListUserPolicies
	case "ListGroupsForUser":
		return iamListGroupsForUser
	case "GetAccountSummary":
		return iamGetAccountSummary
	case "GetAccountPasswordPolicy":
		return iamGetAccountPasswordPolicy
	case "GenerateCredentialReport":
		return iamGenerateCredentialReport
	case "GetCredentialReport":
		return iamGetCredentialReport
	case "ListAccountAliases":
		return iamListAccountAliases
	case "ListPolicies":
		return iamListPolicies
	case "GetPolicyVersion":
		return iamGetPolicyVersion
	case "ListEntitiesForPolicy":
		return iamListEntitiesForPolicy
	case "GetAccountAuthorizationDetails":
		return iamGetAccountAuthorizationDetails
	}
	return genericPart("iam_certificates", c)
}

// page applies Marker / MaxItems to n items (IAM's default page is 100).
func (c *Call) page(n int) (start, end int, next string) {
	size, _ := strconv.Atoi(c.Form.Get("MaxItems"))
	if size > 1000 {
		size = 1000
	}
	return Page(n, c.Form.Get("Marker"), size, 100)
}

type iamXMLUser struct {
	Path             string `xml:"Path"`
	UserName         string `xml:"UserName"`
	UserID           string `xml:"UserId"`
	Arn              string `xml:"Arn"`
	CreateDate       string `xml:"CreateDate"`
	PasswordLastUsed string `xml:"PasswordLastUsed,omitempty"`
}

func (c *Call) iamXMLUser(u *IAMUser) iamXMLUser {
	x := iamXMLUser{Path: iamPath(u.Path), UserName: u.Name, UserID: c.userID(u), Arn: c.userArn(u), CreateDate: iamTime(u.created())}
	if u.Password != nil && !u.Password.LastUsed.IsZero() {
		x.PasswordLastUsed = iamTime(u.Password.LastUsed.t)
	}
	return x
}

func iamListUsers(c *Call) error {
	var users []*IAMUser
	prefix := iamOr(c.Form.Get("PathPrefix"), "/")
	for _, u := range c.iam().Users {
		if strings.HasPrefix(iamPath(u.Path), prefix) {
			users = append(users, u)
		}
	}
	start, end, next := c.page(len(users))
	out := struct {
		Users       []iamXMLUser `xml:"Users>member"`
		IsTruncated bool         `xml:"IsTruncated"`
		Marker      string       `xml:"Marker,omitempty"`
	}{IsTruncated: next != "", Marker: next}
	for _, u := range users[start:end] {
		out.Users = append(out.Users, c.iamXMLUser(u))
	}
	return c.QueryResult(out)
}

func iamGetUser(c *Call) error {
	u, err := c.findUser(c.Form.Get("UserName"))
	if err != nil {
		return err
	}
	return c.QueryResult(struct {
		User iamXMLUser `xml:"User"`
	}{c.iamXMLUser(u)})
}

func (c *Call) mfaSerial(u *IAMUser, i int, d *IAMMFADevice) string {
	if d.Serial != "" {
		return d.Serial
	}
	switch d.Type {
	case "hardware":
		return fmt.Sprintf("GAHT%08d", 10000000+int(iamFnv32(u.Name)%80000000)+i)
	case "fido":
		return "arn:aws:iam::" + c.Account.ID + ":u2f/user/" + u.Name + "/" + strings.ToLower(iamID("", u.Name+strconv.Itoa(i), 10))
	}
	if i == 0 {
		return "arn:aws:iam::" + c.Account.ID + ":mfa/" + u.Name
	}
	return fmt.Sprintf("arn:aws:iam::%s:mfa/%s-%d", c.Account.ID, u.Name, i+1)
}

func iamFnv32(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

func iamListMFADevices(c *Call) error {
	type device struct {
		UserName     string `xml:"UserName"`
		SerialNumber string `xml:"SerialNumber"`
		EnableDate   string `xml:"EnableDate"`
	}
	var all []device
	if name := c.Form.Get("UserName"); name != "" {
		u, err := c.findUser(name)
		if err != nil {
			return err
		}
		for i, d := range u.MFADevices {
			all = append(all, device{u.Name, c.mfaSerial(u, i, d), iamTime(d.Enabled.Time(u.created()))})
		}
	} // without a user name: the caller (the scanner's own user), which has none
	start, end, next := c.page(len(all))
	return c.QueryResult(struct {
		MFADevices  []device `xml:"MFADevices>member"`
		IsTruncated bool     `xml:"IsTruncated"`
		Marker      string   `xml:"Marker,omitempty"`
	}{all[start:end], next != "", next})
}

func iamListVirtualMFADevices(c *Call) error {
	type device struct {
		SerialNumber string      `xml:"SerialNumber"`
		User         *iamXMLUser `xml:"User,omitempty"`
		EnableDate   string      `xml:"EnableDate,omitempty"`
	}
	status := iamOr(c.Form.Get("AssignmentStatus"), "Any")
	var all []device
	if status != "Unassigned" {
		root := c.root()
		if root.MFA == "virtual" {
			created := root.Created.Time(iamDefaultCreated)
			all = append(all, device{
				SerialNumber: "arn:aws:iam::" + c.Account.ID + ":mfa/root-account-mfa-device",
				User:         &iamXMLUser{Path: "/", UserName: "", UserID: c.Account.ID, Arn: "arn:aws:iam::" + c.Account.ID + ":root", CreateDate: iamTime(created)},
				EnableDate:   iamTime(created),
			})
		}
		for _, u := range c.iam().Users {
			for i, d := range u.MFADevices {
				if iamOr(d.Type, "virtual") == "virtual" {
					xu := c.iamXMLUser(u)
					all = append(all, device{SerialNumber: c.mfaSerial(u, i, d), User: &xu, EnableDate: iamTime(d.Enabled.Time(u.created()))})
				}
			}
		}
	}
	start, end, next := c.page(len(all))
	return c.QueryResult(struct {
		VirtualMFADevices []device `xml:"VirtualMFADevices>member"`
		IsTruncated       bool     `xml:"IsTruncated"`
		Marker            string   `xml:"Marker,omitempty"`
	}{all[start:end], next != "", next})
}

func iamListAccessKeys(c *Call) error {
	type meta struct {
		UserName    string `xml:"UserName"`
		AccessKeyID string `xml:"AccessKeyId"`
		Status      string `xml:"Status"`
		CreateDate  string `xml:"CreateDate"`
	}
	var all []meta
	if name := c.Form.Get("UserName"); name != "" {
		u, err := c.findUser(name)
		if err != nil {
			return err
		}
		for i, k := range u.AccessKeys {
			all = append(all, meta{u.Name, k.id(c.Account.ID+"/"+u.Name, i), k.status(), iamTime(k.Created.Time(u.created()))})
		}
		sort.SliceStable(all, func(i, j int) bool { return all[i].CreateDate < all[j].CreateDate })
	}
	start, end, next := c.page(len(all))
	return c.QueryResult(struct {
		AccessKeyMetadata []meta `xml:"AccessKeyMetadata>member"`
		IsTruncated       bool   `xml:"IsTruncated"`
		Marker            string `xml:"Marker,omitempty"`
	}{all[start:end], next != "", next})
}

func iamGetAccessKeyLastUsed(c *Call) error {
	id := c.Form.Get("AccessKeyId")
	type lastUsed struct {
		LastUsedDate string `xml:"LastUsedDate,omitempty"`
		ServiceName  string `xml:"ServiceName"`
		Region       string `xml:"Region"`
	}
	answer := func(user string, k *IAMAccessKey) error {
		lu := lastUsed{ServiceName: "N/A", Region: "N/A"}
		if !k.LastUsed.IsZero() {
			lu = lastUsed{iamTime(k.LastUsed.t), iamOr(k.Service, "s3"), iamOr(k.Region, "ap-northeast-1")}
		}
		return c.QueryResult(struct {
			UserName          string   `xml:"UserName"`
			AccessKeyLastUsed lastUsed `xml:"AccessKeyLastUsed"`
		}{user, lu})
	}
	if u, k := c.iam().userKeyID(c.Account.ID, id); u != nil {
		return answer(u.Name, k)
	}
	for i, k := range c.root().AccessKeys {
		if k.id(c.Account.ID+"/<root_account>", i) == id {
			return answer("", k)
		}
	}
	return &APIError{Code: "AccessDenied", Message: "The access key " + id + " does not exist or does not belong to this account.", Status: 403}
}

func iamGetLoginProfile(c *Call) error {
	u, err := c.findUser(c.Form.Get("UserName"))
	if err != nil {
		return err
	}
	if u.Password == nil {
		return NotFound("NoSuchEntity", "Login Profile for User %s cannot be found.", u.Name)
	}
	return c.QueryResult(struct {
		UserName              string `xml:"LoginProfile>UserName"`
		CreateDate            string `xml:"LoginProfile>CreateDate"`
		PasswordResetRequired bool   `xml:"LoginProfile>PasswordResetRequired"`
	}{u.Name, iamTime(u.Password.Created.Time(u.created())), u.Password.ResetRequired})
}

type iamXMLAttached struct {
	PolicyName string `xml:"PolicyName"`
	PolicyArn  string `xml:"PolicyArn"`
}

func (c *Call) attached(refs []string) []iamXMLAttached {
	var out []iamXMLAttached
	for _, ref := range refs {
		arn := c.resolvePolicy(ref)
		out = append(out, iamXMLAttached{iamPolicyName(arn), arn})
	}
	return out
}

func iamListAttachedUserPolicies(c *Call) error {
	u, err := c.findUser(c.Form.Get("UserName"))
	if err != nil {
		return err
	}
	all := c.attached(u.AttachedPolicies)
	start, end, next := c.page(len(all))
	return c.QueryResult(struct {
		AttachedPolicies []iamXMLAttached `xml:"AttachedPolicies>member"`
		IsTruncated      bool             `xml:"IsTruncated"`
		Marker           string           `xml:"Marker,omitempty"`
	}{all[start:end], next != "", next})
}

func iamSortedNames(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func iamListUserPolicies(c *Call) error {
	u, err := c.findUser(c.Form.Get("UserName"))
	if err != nil {
		return err
	}
	all := iamSortedNames(u.InlinePolicies)
	start, end, next := c.page(len(all))
	return c.QueryResult(struct {
		PolicyNames []string `xml:"PolicyNames>member"`
		IsTruncated bool     `xml:"IsTruncated"`
		Marker      string   `xml:"Marker,omitempty"`
	}{all[start:end], next != "", next})
}

type iamXMLGroup struct {
	Path       string `xml:"Path"`
	GroupName  string `xml:"GroupName"`
	GroupID    string `xml:"GroupId"`
	Arn        string `xml:"Arn"`
	CreateDate string `xml:"CreateDate"`
}

func (c *Call) group(name string) *IAMGroup {
	for _, g := range c.iam().Groups {
		if g.Name == name {
			return g
		}
	}
	return &IAMGroup{Name: name}
}

func (c *Call) iamXMLGroup(g *IAMGroup) iamXMLGroup {
	return iamXMLGroup{iamPath(g.Path), g.Name, iamID("AGPA", c.Account.ID+"/group/"+g.Name, 17), c.groupArn(g), iamTime(g.Created.Time(iamDefaultCreated))}
}

func iamListGroupsForUser(c *Call) error {
	u, err := c.findUser(c.Form.Get("UserName"))
	if err != nil {
		return err
	}
	var all []iamXMLGroup
	for _, name := range u.Groups {
		all = append(all, c.iamXMLGroup(c.group(name)))
	}
	start, end, next := c.page(len(all))
	return c.QueryResult(struct {
		Groups      []iamXMLGroup `xml:"Groups>member"`
		IsTruncated bool          `xml:"IsTruncated"`
		Marker      string        `xml:"Marker,omitempty"`
	}{all[start:end], next != "", next})
}

func iamGetAccountSummary(c *Call) error {
	st := c.iam()
	root := c.root()
	b2i := func(b bool) int {
		if b {
			return 1
		}
		return 0
	}
	var mfa, keysPerUser int
	for _, u := range st.Users {
		mfa += len(u.MFADevices)
		keysPerUser = max(keysPerUser, len(u.AccessKeys))
	}
	if root.MFA != "" {
		mfa++
	}
	versions := 0
	for _, p := range st.Policies {
		versions += max(1, p.Version)
	}
	summary := []struct {
		k string
		v int
	}{
		{"Users", len(st.Users)}, {"UsersQuota", 5000}, {"Groups", len(st.Groups)}, {"GroupsQuota", 300},
		{"GroupsPerUserQuota", 10}, {"ServerCertificates", 0}, {"ServerCertificatesQuota", 20},
		{"UserPolicySizeQuota", 2048}, {"GroupPolicySizeQuota", 5120}, {"SigningCertificatesPerUserQuota", 2},
		{"AccessKeysPerUserQuota", 2}, {"MFADevices", mfa}, {"MFADevicesInUse", mfa},
		{"AccountMFAEnabled", b2i(root.MFA != "")}, {"AccountAccessKeysPresent", b2i(len(root.AccessKeys) > 0)},
		{"AccountSigningCertificatesPresent", 0}, {"AttachedPoliciesPerGroupQuota", 10},
		{"AttachedPoliciesPerRoleQuota", 10}, {"AttachedPoliciesPerUserQuota", 10},
		{"Policies", len(st.Policies)}, {"PoliciesQuota", 1500}, {"PolicySizeQuota", 6144},
		{"PolicyVersionsInUse", versions}, {"PolicyVersionsInUseQuota", 10000}, {"VersionsPerPolicyQuota", 5},
		{"GlobalEndpointTokenVersion", 1}, {"Roles", 0}, {"RolesQuota", 1000}, {"RolePolicySizeQuota", 10240},
		{"InstanceProfiles", 0}, {"InstanceProfilesQuota", 1000}, {"Providers", 0}, {"AssumeRolePolicySizeQuota", 2048},
	}
	type entry struct {
		Key   string `xml:"key"`
		Value int    `xml:"value"`
	}
	out := struct {
		Entries []entry `xml:"SummaryMap>entry"`
	}{}
	for _, e := range summary {
		out.Entries = append(out.Entries, entry{e.k, e.v})
	}
	return c.QueryResult(out)
}

func iamGetAccountPasswordPolicy(c *Call) error {
	p := c.iam().PasswordPolicy
	if p == nil {
		return NotFound("NoSuchEntity", "The Password Policy with domain name %s cannot be found.", c.Account.ID)
	}
	type policy struct {
		MinimumPasswordLength      int  `xml:"MinimumPasswordLength"`
		RequireSymbols             bool `xml:"RequireSymbols"`
		RequireNumbers             bool `xml:"RequireNumbers"`
		RequireUppercaseCharacters bool `xml:"RequireUppercaseCharacters"`
		RequireLowercaseCharacters bool `xml:"RequireLowercaseCharacters"`
		AllowUsersToChangePassword bool `xml:"AllowUsersToChangePassword"`
		ExpirePasswords            bool `xml:"ExpirePasswords"`
		MaxPasswordAge             int  `xml:"MaxPasswordAge,omitempty"`
		PasswordReusePrevention    int  `xml:"PasswordReusePrevention,omitempty"`
		HardExpiry                 bool `xml:"HardExpiry"`
	}
	return c.QueryResult(struct {
		PasswordPolicy policy `xml:"PasswordPolicy"`
	}{policy{
		MinimumPasswordLength: max(6, p.MinimumPasswordLength), RequireSymbols: p.RequireSymbols, RequireNumbers: p.RequireNumbers,
		RequireUppercaseCharacters: p.RequireUppercaseCharacters, RequireLowercaseCharacters: p.RequireLowercaseCharacters,
		AllowUsersToChangePassword: p.AllowUsersToChangePassword, ExpirePasswords: p.MaxPasswordAge > 0,
		MaxPasswordAge: p.MaxPasswordAge, PasswordReusePrevention: p.PasswordReusePrevention, HardExpiry: p.HardExpiry,
	}})
}

func iamGenerateCredentialReport(c *Call) error {
	st := c.iam()
	st.mu.Lock()
	n := st.generations
	st.generations++
	st.mu.Unlock()
	state, desc := "COMPLETE", ""
	switch {
	case n == 0 && st.CredentialReportDelay > 0:
		state, desc = "STARTED", "No report exists. Starting a new report generation task"
	case n < st.CredentialReportDelay:
		state = "INPROGRESS"
	}
	return c.QueryResult(struct {
		State       string `xml:"State"`
		Description string `xml:"Description,omitempty"`
	}{state, desc})
}

// credentialReportColumns are the columns of IAM's credential report.
var credentialReportColumns = []string{
	"user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
	"password_next_rotation", "mfa_active",
	"access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region", "access_key_1_last_used_service",
	"access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date", "access_key_2_last_used_region", "access_key_2_last_used_service",
	"cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
}

func iamKeyColumns(ks []*IAMAccessKey, created time.Time) []string {
	var out []string
	for i := 0; i < 2; i++ {
		if i >= len(ks) {
			out = append(out, "false", "N/A", "N/A", "N/A", "N/A")
			continue
		}
		k := ks[i]
		row := []string{strconv.FormatBool(k.status() == "Active"), iamReportTime(k.Created.Time(created)), "N/A", "N/A", "N/A"}
		if !k.LastUsed.IsZero() {
			row[2], row[3], row[4] = iamReportTime(k.LastUsed.t), iamOr(k.Region, "ap-northeast-1"), iamOr(k.Service, "s3")
		}
		out = append(out, row...)
	}
	return out
}

// credentialReport renders the CSV report as IAM does.
func (c *Call) credentialReport() []byte {
	st := c.iam()
	root := c.root()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(credentialReportColumns)
	rc := root.Created.Time(iamDefaultCreated)
	lastUsed := "no_information"
	if !root.PasswordLastUsed.IsZero() {
		lastUsed = iamReportTime(root.PasswordLastUsed.t)
	}
	row := []string{"<root_account>", "arn:aws:iam::" + c.Account.ID + ":root", iamReportTime(rc), "not_supported", lastUsed,
		"not_supported", "not_supported", strconv.FormatBool(root.MFA != "")}
	row = append(row, iamKeyColumns(iamSortedKeys(root.AccessKeys, rc), rc)...)
	_ = w.Write(append(row, "false", "N/A", "false", "N/A"))
	pp := st.PasswordPolicy
	for _, u := range st.Users {
		uc := u.created()
		row := []string{u.Name, c.userArn(u), iamReportTime(uc), "false", "N/A", "N/A", "N/A", strconv.FormatBool(len(u.MFADevices) > 0)}
		if p := u.Password; p != nil {
			changed := p.Created.Time(uc)
			row[3], row[4], row[5] = "true", "no_information", iamReportTime(changed)
			if !p.LastUsed.IsZero() {
				row[4] = iamReportTime(p.LastUsed.t)
			}
			if pp != nil && pp.MaxPasswordAge > 0 {
				row[6] = iamReportTime(changed.AddDate(0, 0, pp.MaxPasswordAge))
			}
		}
		row = append(row, iamKeyColumns(iamSortedKeys(u.AccessKeys, uc), uc)...)
		_ = w.Write(append(row, "false", "N/A", "false", "N/A"))
	}
	w.Flush()
	return b.Bytes()
}

func iamGetCredentialReport(c *Call) error {
	st := c.iam()
	st.mu.Lock()
	n := st.generations
	st.mu.Unlock()
	switch {
	case n == 0:
		return &APIError{Code: "ReportNotPresent", Message: "Credential report not present. Use GenerateCredentialReport to generate a report.", Status: 410}
	case n <= st.CredentialReportDelay:
		return NotFound("ReportInProgress", "Credential report is being generated.")
	}
	return c.QueryResult(struct {
		Content       string `xml:"Content"`
		ReportFormat  string `xml:"ReportFormat"`
		GeneratedTime string `xml:"GeneratedTime"`
	}{base64.StdEncoding.EncodeToString(c.credentialReport()), "text/csv", iamTime(epoch)})
}

func iamListAccountAliases(c *Call) error {
	var aliases []string
	if c.Account.Alias != "" {
		aliases = []string{c.Account.Alias}
	}
	return c.QueryResult(struct {
		AccountAliases []string `xml:"AccountAliases>member"`
		IsTruncated    bool     `xml:"IsTruncated"`
	}{AccountAliases: aliases})
}

// iamManagedPolicy is a managed policy as ListPolicies and
// GetAccountAuthorizationDetails describe it.
type iamManagedPolicy struct {
	name, arn, path, description, document string
	version                                int
	created, updated                       time.Time
	aws                                    bool
}

// iamAWSPolicyDocs are the documents of the AWS-managed policies the emulator
// knows; others referenced in a world are listed but have no document.
var iamAWSPolicyDocs = map[string]string{
	"AdministratorAccess":      `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`,
	"ReadOnlyAccess":           `{"Version":"2012-10-17","Statement":[{"Sid":"ReadOnlyActions","Effect":"Allow","Action":["*:Describe*","*:Get*","*:List*"],"Resource":"*"}]}`,
	"PowerUserAccess":          `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization","account:ListRegions","account:GetAccountInformation"],"Resource":"*"}]}`,
	"AWSBillingReadOnlyAccess": `{"Version":"2012-10-17","Statement":[{"Sid":"VisualEditor0","Effect":"Allow","Action":["aws-portal:ViewBilling","billing:Get*","billing:List*","ce:Get*","ce:Describe*","ce:List*","cur:Describe*","cur:Get*","pricing:Describe*","pricing:Get*","budgets:ViewBudget","budgets:Describe*","consolidatedbilling:Get*","consolidatedbilling:List*","invoicing:Get*","invoicing:List*","payments:Get*","payments:List*","tax:Get*","tax:List*"],"Resource":"*"}]}`,
	"IAMUserChangePassword": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ChangePassword"],"Resource":["arn:aws:iam::*:user/${aws:username}"]},` +
		`{"Effect":"Allow","Action":["iam:GetAccountPasswordPolicy"],"Resource":"*"}]}`,
}

// managedPolicies lists the account's customer policies, then the
// AWS-managed policies its users and groups use, with attachment counts.
func (c *Call) managedPolicies() ([]iamManagedPolicy, map[string]int) {
	st := c.iam()
	count := map[string]int{}
	var awsArns []string
	note := func(refs []string) {
		for _, ref := range refs {
			arn := c.resolvePolicy(ref)
			if count[arn] == 0 && strings.HasPrefix(arn, "arn:aws:iam::aws:") {
				awsArns = append(awsArns, arn)
			}
			count[arn]++
		}
	}
	for _, u := range st.Users {
		note(u.AttachedPolicies)
	}
	for _, g := range st.Groups {
		note(g.AttachedPolicies)
	}
	for _, r := range st.Roles {
		note(r.AttachedPolicies)
	}
	var out []iamManagedPolicy
	for _, p := range st.Policies {
		created := p.Created.Time(iamDefaultCreated)
		out = append(out, iamManagedPolicy{name: p.Name, arn: c.policyArn(p), path: iamPath(p.Path), description: p.Description,
			document: p.Document, version: max(1, p.Version), created: created, updated: p.Updated.Time(created)})
	}
	sort.Strings(awsArns)
	awsDate := time.Date(2015, 2, 6, 18, 39, 46, 0, time.UTC)
	for _, arn := range awsArns {
		name := iamPolicyName(arn)
		out = append(out, iamManagedPolicy{name: name, arn: arn, path: "/", document: iamAWSPolicyDocs[name], version: 1, created: awsDate, updated: awsDate, aws: true})
	}
	return out, count
}

// iamPolicyID derives a policy's unique id.
func iamPolicyID(arn string) string { return iamID("ANPA", arn, 17) }

// iamEncodeDocument URL-encodes a policy document (RFC 3986), as IAM returns it.
func iamEncodeDocument(doc string) string {
	return strings.ReplaceAll(url.QueryEscape(doc), "+", "%20")
}

func iamListPolicies(c *Call) error {
	scope := iamOr(c.Form.Get("Scope"), "All")
	onlyAttached := c.Form.Get("OnlyAttached") == "true"
	prefix := iamOr(c.Form.Get("PathPrefix"), "/")
	pols, count := c.managedPolicies()
	type policy struct {
		PolicyName                    string `xml:"PolicyName"`
		PolicyID                      string `xml:"PolicyId"`
		Arn                           string `xml:"Arn"`
		Path                          string `xml:"Path"`
		DefaultVersionID              string `xml:"DefaultVersionId"`
		AttachmentCount               int    `xml:"AttachmentCount"`
		PermissionsBoundaryUsageCount int    `xml:"PermissionsBoundaryUsageCount"`
		IsAttachable                  bool   `xml:"IsAttachable"`
		CreateDate                    string `xml:"CreateDate"`
		UpdateDate                    string `xml:"UpdateDate"`
	}
	var all []policy
	for _, p := range pols {
		if (scope == "Local" && p.aws) || (scope == "AWS" && !p.aws) || (onlyAttached && count[p.arn] == 0) || !strings.HasPrefix(p.path, prefix) {
			continue
		}
		all = append(all, policy{p.name, iamPolicyID(p.arn), p.arn, p.path, fmt.Sprintf("v%d", p.version), count[p.arn], 0, true, iamTime(p.created), iamTime(p.updated)})
	}
	start, end, next := c.page(len(all))
	return c.QueryResult(struct {
		Policies    []policy `xml:"Policies>member"`
		IsTruncated bool     `xml:"IsTruncated"`
		Marker      string   `xml:"Marker,omitempty"`
	}{all[start:end], next != "", next})
}

func (c *Call) findPolicy(arn string) (iamManagedPolicy, error) {
	pols, _ := c.managedPolicies()
	for _, p := range pols {
		if p.arn == arn && (p.document != "" || !p.aws) {
			return p, nil
		}
	}
	return iamManagedPolicy{}, NotFound("NoSuchEntity", "Policy %s does not exist or is not attachable.", arn)
}

func iamGetPolicyVersion(c *Call) error {
	p, err := c.findPolicy(c.Form.Get("PolicyArn"))
	if err != nil {
		return err
	}
	v := c.Form.Get("VersionId")
	n, err := strconv.Atoi(strings.TrimPrefix(v, "v"))
	if err != nil || !strings.HasPrefix(v, "v") || n < 1 || n > p.version {
		return NotFound("NoSuchEntity", "Policy %s version %s does not exist or is not attachable.", p.arn, v)
	}
	return c.QueryResult(struct {
		Document         string `xml:"PolicyVersion>Document"`
		VersionID        string `xml:"PolicyVersion>VersionId"`
		IsDefaultVersion bool   `xml:"PolicyVersion>IsDefaultVersion"`
		CreateDate       string `xml:"PolicyVersion>CreateDate"`
	}{iamEncodeDocument(p.document), v, n == p.version, iamTime(p.updated)})
}

func iamListEntitiesForPolicy(c *Call) error {
	arn := c.Form.Get("PolicyArn")
	if _, err := c.findPolicy(arn); err != nil {
		return err
	}
	filter := c.Form.Get("EntityFilter")
	type entity struct {
		kind, name, id string
	}
	var all []entity
	has := func(refs []string) bool {
		for _, r := range refs {
			if c.resolvePolicy(r) == arn {
				return true
			}
		}
		return false
	}
	if filter == "" || filter == "User" {
		for _, u := range c.iam().Users {
			if has(u.AttachedPolicies) {
				all = append(all, entity{"user", u.Name, c.userID(u)})
			}
		}
	}
	if filter == "" || filter == "Group" {
		for _, g := range c.iam().Groups {
			if has(g.AttachedPolicies) {
				all = append(all, entity{"group", g.Name, c.iamXMLGroup(g).GroupID})
			}
		}
	}
	start, end, next := c.page(len(all))
	type user struct {
		UserName string `xml:"UserName"`
		UserID   string `xml:"UserId"`
	}
	type group struct {
		GroupName string `xml:"GroupName"`
		GroupID   string `xml:"GroupId"`
	}
	out := struct {
		PolicyGroups []group  `xml:"PolicyGroups>member"`
		PolicyUsers  []user   `xml:"PolicyUsers>member"`
		PolicyRoles  []string `xml:"PolicyRoles>member"`
		IsTruncated  bool     `xml:"IsTruncated"`
		Marker       string   `xml:"Marker,omitempty"`
	}{IsTruncated: next != "", Marker: next}
	for _, e := range all[start:end] {
		if e.kind == "user" {
			out.PolicyUsers = append(out.PolicyUsers, user{e.name, e.id})
		} else {
			out.PolicyGroups = append(out.PolicyGroups, group{e.name, e.id})
		}
	}
	return c.QueryResult(out)
}

type iamXMLPolicyDetail struct {
	PolicyName     string `xml:"PolicyName"`
	PolicyDocument string `xml:"PolicyDocument"`
}

type iamXMLBoundary struct {
	PermissionsBoundaryType string `xml:"PermissionsBoundaryType"`
	PermissionsBoundaryArn  string `xml:"PermissionsBoundaryArn"`
}

// boundary is a permission boundary reference as IAM returns it, nil for "".
func (c *Call) boundary(ref string) *iamXMLBoundary {
	if ref == "" {
		return nil
	}
	return &iamXMLBoundary{"PermissionsBoundaryPolicy", c.resolvePolicy(ref)}
}

func iamInlineDetails(m map[string]string) []iamXMLPolicyDetail {
	var out []iamXMLPolicyDetail
	for _, name := range iamSortedNames(m) {
		out = append(out, iamXMLPolicyDetail{name, iamEncodeDocument(m[name])})
	}
	return out
}

// iamGetAccountAuthorizationDetails answers for users, groups and managed
// policies (customer-managed, and the AWS-managed ones in use whose document
// the emulator knows) and roles.
func iamGetAccountAuthorizationDetails(c *Call) error {
	filter := map[string]bool{}
	for _, f := range c.ListParam("Filter") {
		filter[f] = true
	}
	want := func(f string) bool { return len(filter) == 0 || filter[f] }
	st := c.iam()
	type tag struct {
		Key   string `xml:"Key"`
		Value string `xml:"Value"`
	}
	type userDetail struct {
		Path                    string               `xml:"Path"`
		UserName                string               `xml:"UserName"`
		UserID                  string               `xml:"UserId"`
		Arn                     string               `xml:"Arn"`
		CreateDate              string               `xml:"CreateDate"`
		UserPolicyList          []iamXMLPolicyDetail `xml:"UserPolicyList>member"`
		GroupList               []string             `xml:"GroupList>member"`
		AttachedManagedPolicies []iamXMLAttached     `xml:"AttachedManagedPolicies>member"`
		PermissionsBoundary     *iamXMLBoundary      `xml:"PermissionsBoundary"`
		Tags                    []tag                `xml:"Tags>member"`
	}
	type profile struct {
		InstanceProfileName string `xml:"InstanceProfileName"`
		InstanceProfileID   string `xml:"InstanceProfileId"`
		Arn                 string `xml:"Arn"`
		Path                string `xml:"Path"`
		CreateDate          string `xml:"CreateDate"`
	}
	type lastUsed struct {
		LastUsedDate string `xml:"LastUsedDate"`
		Region       string `xml:"Region"`
	}
	type roleDetail struct {
		Path                     string               `xml:"Path"`
		RoleName                 string               `xml:"RoleName"`
		RoleID                   string               `xml:"RoleId"`
		Arn                      string               `xml:"Arn"`
		CreateDate               string               `xml:"CreateDate"`
		AssumeRolePolicyDocument string               `xml:"AssumeRolePolicyDocument"`
		InstanceProfileList      []profile            `xml:"InstanceProfileList>member"`
		RolePolicyList           []iamXMLPolicyDetail `xml:"RolePolicyList>member"`
		AttachedManagedPolicies  []iamXMLAttached     `xml:"AttachedManagedPolicies>member"`
		PermissionsBoundary      *iamXMLBoundary      `xml:"PermissionsBoundary"`
		Tags                     []tag                `xml:"Tags>member"`
		RoleLastUsed             *lastUsed            `xml:"RoleLastUsed"`
	}
	type groupDetail struct {
		Path                    string               `xml:"Path"`
		GroupName               string               `xml:"GroupName"`
		GroupID                 string               `xml:"GroupId"`
		Arn                     string               `xml:"Arn"`
		CreateDate              string               `xml:"CreateDate"`
		GroupPolicyList         []iamXMLPolicyDetail `xml:"GroupPolicyList>member"`
		AttachedManagedPolicies []iamXMLAttached     `xml:"AttachedManagedPolicies>member"`
	}
	type version struct {
		Document         string `xml:"Document"`
		VersionID        string `xml:"VersionId"`
		IsDefaultVersion bool   `xml:"IsDefaultVersion"`
		CreateDate       string `xml:"CreateDate"`
	}
	type policyDetail struct {
		PolicyName                    string    `xml:"PolicyName"`
		PolicyID                      string    `xml:"PolicyId"`
		Arn                           string    `xml:"Arn"`
		Path                          string    `xml:"Path"`
		DefaultVersionID              string    `xml:"DefaultVersionId"`
		AttachmentCount               int       `xml:"AttachmentCount"`
		PermissionsBoundaryUsageCount int       `xml:"PermissionsBoundaryUsageCount"`
		IsAttachable                  bool      `xml:"IsAttachable"`
		Description                   string    `xml:"Description,omitempty"`
		CreateDate                    string    `xml:"CreateDate"`
		UpdateDate                    string    `xml:"UpdateDate"`
		PolicyVersionList             []version `xml:"PolicyVersionList>member"`
	}
	// One sequence of items, paginated as a whole.
	var items []any
	if want("User") {
		for _, u := range st.Users {
			items = append(items, u)
		}
	}
	if want("Group") {
		for _, g := range st.Groups {
			items = append(items, g)
		}
	}
	if want("Role") {
		for _, r := range st.Roles {
			items = append(items, r)
		}
	}
	pols, count := c.managedPolicies()
	for i := range pols {
		p := &pols[i]
		if (want("LocalManagedPolicy") && !p.aws) || (want("AWSManagedPolicy") && p.aws && p.document != "") {
			items = append(items, p)
		}
	}
	start, end, next := c.page(len(items))
	out := struct {
		UserDetailList  []userDetail   `xml:"UserDetailList>member"`
		GroupDetailList []groupDetail  `xml:"GroupDetailList>member"`
		RoleDetailList  []roleDetail   `xml:"RoleDetailList>member"`
		Policies        []policyDetail `xml:"Policies>member"`
		IsTruncated     bool           `xml:"IsTruncated"`
		Marker          string         `xml:"Marker,omitempty"`
	}{IsTruncated: next != "", Marker: next}
	for _, it := range items[start:end] {
		switch x := it.(type) {
		case *IAMUser:
			d := userDetail{Path: iamPath(x.Path), UserName: x.Name, UserID: c.userID(x), Arn: c.userArn(x), CreateDate: iamTime(x.created()),
				UserPolicyList: iamInlineDetails(x.InlinePolicies), GroupList: x.Groups, AttachedManagedPolicies: c.attached(x.AttachedPolicies),
				PermissionsBoundary: c.boundary(x.PermissionsBoundary)}
			for _, k := range iamSortedNames(x.Tags) {
				d.Tags = append(d.Tags, tag{k, x.Tags[k]})
			}
			out.UserDetailList = append(out.UserDetailList, d)
		case *IAMRole:
			arn := "arn:aws:iam::" + c.Account.ID + ":role" + iamPath(x.Path) + x.Name
			created := x.Created.Time(iamDefaultCreated)
			d := roleDetail{Path: iamPath(x.Path), RoleName: x.Name, RoleID: iamID("AROA", arn, 17), Arn: arn, CreateDate: iamTime(created),
				AssumeRolePolicyDocument: iamEncodeDocument(x.AssumeRolePolicy), RolePolicyList: iamInlineDetails(x.InlinePolicies),
				AttachedManagedPolicies: c.attached(x.AttachedPolicies), PermissionsBoundary: c.boundary(x.PermissionsBoundary)}
			if x.InstanceProfile {
				ipArn := "arn:aws:iam::" + c.Account.ID + ":instance-profile" + iamPath(x.Path) + x.Name
				d.InstanceProfileList = []profile{{x.Name, iamID("AIPA", ipArn, 17), ipArn, iamPath(x.Path), iamTime(created)}}
			}
			if !x.LastUsed.IsZero() {
				d.RoleLastUsed = &lastUsed{iamTime(x.LastUsed.Time(created)), iamOr(x.LastUsedRegion, "ap-northeast-1")}
			}
			for _, k := range iamSortedNames(x.Tags) {
				d.Tags = append(d.Tags, tag{k, x.Tags[k]})
			}
			out.RoleDetailList = append(out.RoleDetailList, d)
		case *IAMGroup:
			xg := c.iamXMLGroup(x)
			out.GroupDetailList = append(out.GroupDetailList, groupDetail{xg.Path, xg.GroupName, xg.GroupID, xg.Arn, xg.CreateDate,
				iamInlineDetails(x.InlinePolicies), c.attached(x.AttachedPolicies)})
		case *iamManagedPolicy:
			d := policyDetail{PolicyName: x.name, PolicyID: iamPolicyID(x.arn), Arn: x.arn, Path: x.path, DefaultVersionID: fmt.Sprintf("v%d", x.version),
				AttachmentCount: count[x.arn], IsAttachable: true, Description: x.description, CreateDate: iamTime(x.created), UpdateDate: iamTime(x.updated)}
			for v := x.version; v >= 1; v-- {
				d.PolicyVersionList = append(d.PolicyVersionList, version{iamEncodeDocument(x.document), fmt.Sprintf("v%d", v), v == x.version, iamTime(x.updated)})
			}
			out.Policies = append(out.Policies, d)
		}
	}
	return c.QueryResult(out)
}

// synthIAM adds about n IAM resources: mostly users, about a tenth
// customer-managed policies, a few groups. Most users are well kept (MFA,
// fresh keys, permissions through groups); the rest are stale, unprotected
// or over-privileged in varied ways.
func synthIAM(g *Gen, a *Account, region string, n int) {
	day := 24 * time.Hour
	st := &IAM{}
	nPol := max(1, n/10)
	nUsers := max(0, n-nPol)
	teams := []string{"developers", "operations", "analysts", "finance", "support"}
	for i := 0; i < nPol; i++ {
		p := &IAMPolicy{
			Name:    fmt.Sprintf("%s-%s-%03d", g.Pick("app", "data", "ops", "ci", "backup", "billing"), g.Pick("read", "write", "deploy", "access"), i),
			Created: Ago(time.Duration(200+g.R.IntN(1500)) * day),
			Version: 1 + g.R.IntN(3),
		}
		p.Updated = Ago(time.Duration(g.R.IntN(200)) * day)
		bucket := "synthetic-" + g.ID(8)
		switch {
		case g.Chance(0.08):
			p.Document = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
		case g.Chance(0.04):
			p.Document = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"s3:DeleteBucket","Resource":"*"}}`
		default:
			p.Document = fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::%s/*"}]}`, bucket)
		}
		st.Policies = append(st.Policies, p)
	}
	for _, t := range teams {
		grp := &IAMGroup{Name: t, Created: Ago(1500 * day), AttachedPolicies: []string{"aws:ReadOnlyAccess"}}
		if t == "operations" {
			grp.AttachedPolicies = []string{"aws:AdministratorAccess"}
		}
		if len(st.Policies) > 0 && g.Chance(0.5) {
			grp.AttachedPolicies = append(grp.AttachedPolicies, st.Policies[g.R.IntN(len(st.Policies))].Name)
		}
		st.Groups = append(st.Groups, grp)
	}
	for i := 0; i < nUsers; i++ {
		created := time.Duration(30+g.R.IntN(2000)) * day
		u := &IAMUser{Created: Ago(created), Groups: []string{g.Pick(teams...)}}
		service := g.Chance(0.25)
		if service {
			u.Name = fmt.Sprintf("svc-%s-%04d", g.Pick("ci", "backup", "etl", "batch", "monitoring"), i)
			u.Groups = nil
			age := time.Duration(1+g.R.IntN(int(min(created/day, 800)))) * day
			k := &IAMAccessKey{Created: Ago(age)}
			if !g.Chance(0.2) { // most keys are in use
				k.LastUsed = Ago(time.Duration(g.R.IntN(int(min(age/day, 120))+1)) * day)
				k.Service = g.Pick("s3", "ecr", "sts", "dynamodb", "logs")
			}
			if g.Chance(0.1) {
				k.Status = "Inactive"
			}
			u.AccessKeys = append(u.AccessKeys, k)
			if g.Chance(0.1) { // a second, older key left active
				u.AccessKeys = append(u.AccessKeys, &IAMAccessKey{Created: Ago(age + 400*day), LastUsed: Ago(age + 100*day)})
			}
			if len(st.Policies) > 0 {
				u.AttachedPolicies = []string{st.Policies[g.R.IntN(len(st.Policies))].Name}
			}
		} else {
			u.Name = fmt.Sprintf("%s.%s%d", g.Pick("sato", "suzuki", "takahashi", "tanaka", "ito", "watanabe", "yamamoto", "nakamura", "kobayashi", "kato"),
				g.Pick("h", "y", "k", "m", "a", "t"), i)
			pw := &IAMPassword{Created: Ago(created - time.Duration(g.R.IntN(int(created/day)))*day)}
			if !g.Chance(0.05) {
				last := time.Duration(g.R.IntN(30)) * day
				if g.Chance(0.12) { // left the company or moved on
					last = time.Duration(60+g.R.IntN(300)) * day
				}
				pw.LastUsed = Ago(min(last, created))
			}
			u.Password = pw
			if !g.Chance(0.15) {
				d := &IAMMFADevice{Enabled: Ago(created - day)}
				if g.Chance(0.1) {
					d.Type = "fido"
				}
				u.MFADevices = []*IAMMFADevice{d}
			}
			if g.Chance(0.15) {
				u.AccessKeys = []*IAMAccessKey{{Created: Ago(time.Duration(1+g.R.IntN(400)) * day), LastUsed: Ago(time.Duration(g.R.IntN(60)) * day), Service: "s3"}}
			}
			if g.Chance(0.04) {
				u.AttachedPolicies = []string{"aws:AdministratorAccess"}
			}
			if g.Chance(0.05) {
				u.InlinePolicies = map[string]string{"temp-access": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:*","Resource":"*"}]}`}
			}
		}
		u.Tags = map[string]string{"department": g.Pick("開発部", "情報システム部", "経理部", "営業部")}
		st.Users = append(st.Users, u)
	}
	st.Root = &IAMRoot{Created: Ago(2500 * day), MFA: "hardware"}
	st.PasswordPolicy = &IAMPasswordPolicy{MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true,
		RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, PasswordReusePrevention: 24, MaxPasswordAge: 90}
	a.IAM = st
}
