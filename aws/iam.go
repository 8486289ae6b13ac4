package aws

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
	"golang.org/x/sync/errgroup"

	"github.com/mamori-sec/mamori"
)

var iamService = &Service{
	Name:   "iam",
	Global: true,
	Types: []string{"aws_account", "aws_iam_account_password_policy", "aws_iam_user", "aws_iam_policy", "aws_iam_group", "aws_iam_role",
		"aws_iam_server_certificate"},
	Actions: []string{
		"iam:ListAccountAliases", "iam:GetAccountSummary", "iam:GetAccountPasswordPolicy",
		"iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:ListVirtualMFADevices",
		"iam:GetAccountAuthorizationDetails", "iam:ListMFADevices", "iam:ListAccessKeys",
		"iam:GetAccessKeyLastUsed", "iam:ListUsers", "iam:GetLoginProfile",
		"iam:ListServerCertificates",
	},
	Collect: collectIAM,
}

// iamReportPoll is the first wait between GenerateCredentialReport calls
// while IAM builds the report (it doubles up to 5 s); iamReportTimeout bounds
// the whole wait.
var (
	iamReportPoll    = 500 * time.Millisecond
	iamReportTimeout = 2 * time.Minute
)

// collectIAM reads the account-wide IAM state. The credential report carries
// most per-user facts (console password, MFA, access key use) in one
// download, and GetAccountAuthorizationDetails lists users, groups and
// customer policies with their documents in a few pages, so per-user calls
// are few: ListMFADevices for users with MFA (for the count), ListAccessKeys
// for users with keys (for the key ids). Users missing from the report
// (created since it was generated, or no report at all) are read with
// per-user calls instead.
func collectIAM(ctx context.Context, r *Run) error {
	cl := iam.NewFromConfig(r.Config)
	c := &iamCollector{r: r, cl: cl}

	acct := map[string]any{"account_id": r.Account}
	name := r.Account
	if out, err := cl.ListAccountAliases(ctx, &iam.ListAccountAliasesInput{}); err != nil {
		r.Fail("iam:ListAccountAliases", err, "aws_account")
	} else {
		acct["alias"] = ""
		if len(out.AccountAliases) > 0 {
			acct["alias"] = out.AccountAliases[0]
			name = out.AccountAliases[0]
		}
	}
	// The summary and the credential report both say whether root has MFA
	// and access keys: a failed summary is only reported when the report
	// cannot stand in for it.
	summary, summaryErr := cl.GetAccountSummary(ctx, &iam.GetAccountSummaryInput{})
	if summaryErr == nil {
		acct["root_mfa_enabled"] = summary.SummaryMap["AccountMFAEnabled"] == 1
		acct["root_access_keys_present"] = summary.SummaryMap["AccountAccessKeysPresent"] == 1
	}

	c.passwordPolicy(ctx)

	if rep, action, err := iamCredentialReport(ctx, cl); err != nil {
		r.Fail(action, err, "aws_account")
	} else if rows, err := iamParseReport(rep); err != nil {
		r.Fail("iam:GetCredentialReport", err, "aws_account")
	} else {
		c.report = rows
		if root, ok := rows["<root_account>"]; ok {
			root.rootAttributes(acct)
		}
	}

	if _, ok := acct["root_mfa_enabled"]; ok {
		c.rootHardwareMFA(ctx, acct)
	} else if summaryErr != nil {
		r.Fail("iam:GetAccountSummary", summaryErr, "aws_account")
	}

	c.serverCertificates(ctx)
	err := c.principals(ctx)
	// The roles with AWSSupportAccess, for CIS 1.16; left out when the
	// roles could not be read, so that the check is ERROR.
	if c.supportRoles != nil {
		acct["support_roles"] = c.supportRoles
	}
	r.Emit(mamori.Resource{Type: "aws_account", ID: r.ARN("iam", "", "root"), Name: name, Attributes: acct})
	return err
}

// serverCertificates emits one aws_iam_server_certificate per SSL/TLS
// certificate uploaded to IAM (ListServerCertificates: metadata only, never
// the certificate body or key).
func (c *iamCollector) serverCertificates(ctx context.Context) {
	p := iam.NewListServerCertificatesPaginator(c.cl, &iam.ListServerCertificatesInput{},
		func(o *iam.ListServerCertificatesPaginatorOptions) { o.Limit = iamPageSize })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			c.r.Fail("iam:ListServerCertificates", err, "aws_iam_server_certificate")
			return
		}
		for _, m := range page.ServerCertificateMetadataList {
			arn := sdkaws.ToString(m.Arn)
			name := sdkaws.ToString(m.ServerCertificateName)
			c.r.Emit(mamori.Resource{Type: "aws_iam_server_certificate", ID: arn, Name: name, Attributes: map[string]any{
				"arn":                   arn,
				"name":                  name,
				"server_certificate_id": sdkaws.ToString(m.ServerCertificateId),
				"path":                  sdkaws.ToString(m.Path),
				"upload_date":           iamTime(m.UploadDate),
				"expiration":            iamTime(m.Expiration),
			}})
		}
	}
}

// iamSupportPolicy is the AWS-managed policy that lets a principal open and
// manage AWS Support cases.
const iamSupportPolicy = ":iam::aws:policy/AWSSupportAccess"

type iamCollector struct {
	r      *Run
	cl     *iam.Client
	report map[string]iamReportRow
	// supportRoles are the names of the roles AWSSupportAccess is attached
	// to; nil until the roles are read.
	supportRoles []any
	// lastUsed holds ListUsers' PasswordLastUsed, read only when a user is
	// missing from the credential report; mu guards it, since users are
	// read concurrently.
	mu       sync.Mutex
	lastUsed map[string]any
}

// iamUserConcurrency bounds the users whose credentials are read at once.
const iamUserConcurrency = 64

// passwordPolicy emits the one aws_iam_account_password_policy.
func (c *iamCollector) passwordPolicy(ctx context.Context) {
	out, err := c.cl.GetAccountPasswordPolicy(ctx, &iam.GetAccountPasswordPolicyInput{})
	var p types.PasswordPolicy
	exists := true
	switch {
	case ErrorCode(err) == "NoSuchEntity":
		exists = false
		// The policy IAM applies when none is set: 8 characters, any characters.
		p.MinimumPasswordLength = sdkaws.Int32(8)
	case err != nil:
		c.r.Fail("iam:GetAccountPasswordPolicy", err, "aws_iam_account_password_policy")
		return
	default:
		p = *out.PasswordPolicy
	}
	c.r.Emit(mamori.Resource{Type: "aws_iam_account_password_policy", ID: c.r.ARN("iam", "", "account-password-policy"), Name: "account-password-policy",
		Attributes: map[string]any{
			"exists":                         exists,
			"minimum_password_length":        int64(sdkaws.ToInt32(p.MinimumPasswordLength)),
			"require_symbols":                p.RequireSymbols,
			"require_numbers":                p.RequireNumbers,
			"require_uppercase_characters":   p.RequireUppercaseCharacters,
			"require_lowercase_characters":   p.RequireLowercaseCharacters,
			"allow_users_to_change_password": p.AllowUsersToChangePassword,
			"expire_passwords":               p.ExpirePasswords,
			"max_password_age":               int64(sdkaws.ToInt32(p.MaxPasswordAge)),
			"password_reuse_prevention":      int64(sdkaws.ToInt32(p.PasswordReusePrevention)),
			"hard_expiry":                    sdkaws.ToBool(p.HardExpiry),
		}})
}

// rootHardwareMFA sets root_hardware_mfa: root MFA is on and it is not a
// virtual device (virtual devices are the only ones ListVirtualMFADevices shows).
func (c *iamCollector) rootHardwareMFA(ctx context.Context, acct map[string]any) {
	if acct["root_mfa_enabled"] != true {
		acct["root_hardware_mfa"] = false
		return
	}
	virtual := false
	p := iam.NewListVirtualMFADevicesPaginator(c.cl, &iam.ListVirtualMFADevicesInput{AssignmentStatus: types.AssignmentStatusTypeAssigned},
		func(o *iam.ListVirtualMFADevicesPaginatorOptions) { o.Limit = iamPageSize })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			c.r.Fail("iam:ListVirtualMFADevices", err, "aws_account")
			return
		}
		for _, d := range page.VirtualMFADevices {
			if (d.User != nil && strings.HasSuffix(sdkaws.ToString(d.User.Arn), ":root")) ||
				strings.HasSuffix(sdkaws.ToString(d.SerialNumber), ":mfa/root-account-mfa-device") {
				virtual = true
			}
		}
	}
	acct["root_hardware_mfa"] = !virtual
}

// iamCredentialReport generates (or reuses) the credential report and
// downloads it. It returns the action that failed with the error.
func iamCredentialReport(ctx context.Context, cl *iam.Client) ([]byte, string, error) {
	wait := iamReportPoll
	deadline := time.Now().Add(iamReportTimeout)
	for {
		g, err := cl.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
		if err != nil {
			return nil, "iam:GenerateCredentialReport", err
		}
		if g.State == types.ReportStateTypeComplete {
			out, err := cl.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
			switch code := ErrorCode(err); {
			case err == nil:
				return out.Content, "", nil
			case code != "ReportInProgress" && code != "ReportNotPresent" && code != "ReportExpired":
				return nil, "iam:GetCredentialReport", err
			}
		}
		if time.Now().After(deadline) {
			return nil, "iam:GenerateCredentialReport", fmt.Errorf("credential report not ready after %s", iamReportTimeout)
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return nil, "iam:GenerateCredentialReport", ctx.Err()
		}
		wait = min(2*wait, 5*time.Second)
	}
}

// iamReportRow is one line of the credential report. Its columns are read
// by name through the report's shared column index: a map per line would
// hold ten times the memory for a large account's report.
type iamReportRow struct {
	cols map[string]int
	rec  []string
}

// get returns the column's value, or "" when the report has no such column.
func (row iamReportRow) get(col string) string {
	if i, ok := row.cols[col]; ok && i < len(row.rec) {
		return row.rec[i]
	}
	return ""
}

// iamParseReport reads the CSV credential report into rows by user name.
func iamParseReport(b []byte) (map[string]iamReportRow, error) {
	rd := csv.NewReader(bytes.NewReader(b))
	rd.FieldsPerRecord = -1
	header, err := rd.Read()
	if err != nil {
		return nil, fmt.Errorf("credential report: %w", err)
	}
	for _, col := range []string{"user", "arn", "password_enabled", "mfa_active", "access_key_1_active", "access_key_2_active"} {
		if !contains(header, col) {
			return nil, fmt.Errorf("credential report: no %q column", col)
		}
	}
	cols := make(map[string]int, len(header))
	for i, h := range header {
		if _, dup := cols[h]; !dup {
			cols[h] = i
		}
	}
	rows := map[string]iamReportRow{}
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return nil, fmt.Errorf("credential report: %w", err)
		}
		row := iamReportRow{cols: cols, rec: rec}
		rows[row.get("user")] = row
	}
}

// time returns a report column's date as RFC 3339, or nil for "N/A",
// "no_information", "not_supported" and anything else that is not a date.
func (row iamReportRow) time(col string) any {
	t, err := time.Parse(time.RFC3339, row.get(col))
	if err != nil {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

// iamReportKey is one access key slot of a report row.
type iamReportKey struct {
	active            bool
	rotated, lastUsed any
	service           any
}

// keys returns the access keys the row reports (slots with a key).
func (row iamReportRow) keys() []iamReportKey {
	var out []iamReportKey
	for _, n := range []string{"1", "2"} {
		p := "access_key_" + n + "_"
		rot := row.time(p + "last_rotated")
		if rot == nil {
			continue
		}
		k := iamReportKey{active: row.get(p+"active") == "true", rotated: rot, lastUsed: row.time(p + "last_used_date")}
		if s := row.get(p + "last_used_service"); s != "" && s != "N/A" {
			k.service = s
		}
		out = append(out, k)
	}
	return out
}

// rootAttributes adds the root user's report facts to the account.
func (row iamReportRow) rootAttributes(acct map[string]any) {
	if _, ok := acct["root_mfa_enabled"]; !ok {
		acct["root_mfa_enabled"] = row.get("mfa_active") == "true"
	}
	keys := row.keys()
	if _, ok := acct["root_access_keys_present"]; !ok {
		acct["root_access_keys_present"] = len(keys) > 0
	}
	acct["root_password_last_used"] = row.time("password_last_used")
	acct["root_access_key_1_active"] = row.get("access_key_1_active") == "true"
	acct["root_access_key_2_active"] = row.get("access_key_2_active") == "true"
	var keyUsed any
	for _, k := range keys {
		keyUsed = iamLater(keyUsed, k.lastUsed)
	}
	acct["root_access_key_last_used"] = keyUsed
	acct["root_last_used"] = iamLater(acct["root_password_last_used"], keyUsed)
}

// iamLater returns the later of two RFC 3339 strings (nil is earliest).
func iamLater(a, b any) any {
	as, _ := a.(string)
	bs, _ := b.(string)
	if bs > as { // RFC 3339 in UTC sorts as text
		return b
	}
	return a
}

func iamTime(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

// principals emits users, groups, roles and the managed policies
// (customer-managed, and the AWS-managed ones in use) from
// GetAccountAuthorizationDetails, each with its policy documents, so that
// the IAM analyzer can work out what every principal may do.
func (c *iamCollector) principals(ctx context.Context) error {
	var (
		users    []types.UserDetail
		groups   []types.GroupDetail
		roles    []types.RoleDetail
		policies []types.ManagedPolicyDetail
	)
	p := iam.NewGetAccountAuthorizationDetailsPaginator(c.cl, &iam.GetAccountAuthorizationDetailsInput{
		Filter: []types.EntityType{types.EntityTypeUser, types.EntityTypeGroup, types.EntityTypeRole,
			types.EntityTypeLocalManagedPolicy, types.EntityTypeAWSManagedPolicy},
	}, func(o *iam.GetAccountAuthorizationDetailsPaginatorOptions) { o.Limit = iamPageSize })
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			c.r.Fail("iam:GetAccountAuthorizationDetails", err, "aws_iam_user", "aws_iam_policy", "aws_iam_group", "aws_iam_role")
			return nil
		}
		users = append(users, page.UserDetailList...)
		groups = append(groups, page.GroupDetailList...)
		roles = append(roles, page.RoleDetailList...)
		policies = append(policies, page.Policies...)
	}

	// Which managed policies grant full administrative access.
	admin, unknown := map[string]bool{}, map[string]bool{}
	for _, pol := range policies {
		arn := sdkaws.ToString(pol.Arn)
		attrs := map[string]any{
			"arn":                arn,
			"name":               sdkaws.ToString(pol.PolicyName),
			"policy_id":          sdkaws.ToString(pol.PolicyId),
			"path":               sdkaws.ToString(pol.Path),
			"description":        sdkaws.ToString(pol.Description),
			"default_version_id": sdkaws.ToString(pol.DefaultVersionId),
			"attachment_count":   int64(sdkaws.ToInt32(pol.AttachmentCount)),
			"create_date":        iamTime(pol.CreateDate),
			"update_date":        iamTime(pol.UpdateDate),
		}
		if strings.Contains(arn, ":iam::aws:policy/") {
			attrs["aws_managed"] = true
		}
		for _, v := range pol.PolicyVersionList {
			if !v.IsDefaultVersion {
				continue
			}
			doc, err := iamPolicyDocument(sdkaws.ToString(v.Document))
			if err != nil {
				c.r.Fail("iam:GetAccountAuthorizationDetails", fmt.Errorf("policy %s: %w", arn, err), "aws_iam_policy", "aws_iam_user")
				unknown[arn] = true
				break
			}
			attrs["document"] = doc
			attrs["admin_equivalent"] = iamAdminEquivalent(doc)
			admin[arn] = attrs["admin_equivalent"] == true
		}
		if _, ok := attrs["document"]; !ok {
			continue // no readable default version: the failure is recorded
		}
		c.r.Emit(mamori.Resource{Type: "aws_iam_policy", ID: arn, Name: sdkaws.ToString(pol.PolicyName), Attributes: attrs})
	}
	// A policy whose document could not be read makes "not admin" unknown:
	// the attribute is then left out, so the check is ERROR rather than PASS.
	managedAdmin := func(arn string) (isAdmin, unsure bool) {
		return admin[arn] || strings.HasSuffix(arn, ":iam::aws:policy/AdministratorAccess"), unknown[arn]
	}
	inlineAdmin := func(owner string, ps []types.PolicyDetail) (isAdmin, unsure bool) {
		for _, pd := range ps {
			doc, err := iamPolicyDocument(sdkaws.ToString(pd.PolicyDocument))
			if err != nil {
				c.r.Fail("iam:GetAccountAuthorizationDetails", fmt.Errorf("inline policy %s of %s: %w", sdkaws.ToString(pd.PolicyName), owner, err), "aws_iam_user")
				unsure = true
				continue
			}
			isAdmin = isAdmin || iamAdminEquivalent(doc)
		}
		return isAdmin, unsure
	}
	groupAdmin, groupUnsure := map[string]bool{}, map[string]bool{}
	for _, g := range groups {
		gn := sdkaws.ToString(g.GroupName)
		a, u := inlineAdmin("group "+gn, g.GroupPolicyList)
		for _, ap := range g.AttachedManagedPolicies {
			ma, mu := managedAdmin(sdkaws.ToString(ap.PolicyArn))
			a, u = a || ma, u || mu
		}
		groupAdmin[gn], groupUnsure[gn] = a, u
	}

	// The per-user calls (MFA devices, access keys) of different users do
	// not depend on one another: iamUserConcurrency users are read at once,
	// so that each API's rate limit, not one user after another, sets the
	// pace. The users are emitted in their order once all are read.
	var creds errgroup.Group
	creds.SetLimit(iamUserConcurrency)
	userRes := make([]mamori.Resource, 0, len(users))
	for _, u := range users {
		name := sdkaws.ToString(u.UserName)
		arn := sdkaws.ToString(u.Arn)
		attrs := map[string]any{
			"arn":         arn,
			"user_name":   name,
			"user_id":     sdkaws.ToString(u.UserId),
			"path":        sdkaws.ToString(u.Path),
			"create_date": iamTime(u.CreateDate),
		}
		direct, directUnsure := inlineAdmin("user "+name, u.UserPolicyList)
		attached := []any{}
		var rels []mamori.Relation
		for _, ap := range u.AttachedManagedPolicies {
			pa := sdkaws.ToString(ap.PolicyArn)
			attached = append(attached, pa)
			ma, mu := managedAdmin(pa)
			direct, directUnsure = direct || ma, directUnsure || mu
			if !strings.Contains(pa, ":iam::aws:policy/") {
				rels = append(rels, mamori.Relation{Kind: "attached", Type: "aws_iam_policy", ID: pa})
			}
		}
		inline := []any{}
		for _, pd := range u.UserPolicyList {
			inline = append(inline, sdkaws.ToString(pd.PolicyName))
		}
		attrs["inline_policies"] = iamInlineDocs(u.UserPolicyList)
		attrs["permissions_boundary"] = iamBoundary(u.PermissionsBoundary)
		grps := []any{}
		viaGroup, groupUnknown := false, false
		for _, g := range u.GroupList {
			grps = append(grps, g)
			viaGroup = viaGroup || groupAdmin[g]
			groupUnknown = groupUnknown || groupUnsure[g]
		}
		attrs["attached_policy_arns"] = attached
		attrs["inline_policy_names"] = inline
		attrs["groups"] = grps
		if direct || !directUnsure {
			attrs["has_admin_policy"] = direct
		}
		if viaGroup || !groupUnknown {
			attrs["admin_via_group"] = viaGroup
		}

		tags := map[string]string{}
		for _, t := range u.Tags {
			tags[sdkaws.ToString(t.Key)] = sdkaws.ToString(t.Value)
		}
		if len(tags) == 0 {
			tags = nil
		}
		userRes = append(userRes, mamori.Resource{Type: "aws_iam_user", ID: arn, Name: name, Tags: tags, Attributes: attrs, Relations: rels})
		row, inReport := c.report[name]
		inReport = inReport && row.get("arn") == arn && row.time("user_creation_time") == attrs["create_date"]
		creds.Go(func() error {
			if inReport {
				c.fromReport(ctx, name, row, attrs)
			} else {
				c.perUser(ctx, name, attrs)
			}
			return nil
		})
	}
	_ = creds.Wait()
	for _, res := range userRes {
		c.r.Emit(res)
	}
	for _, g := range groups {
		c.r.Emit(mamori.Resource{Type: "aws_iam_group", ID: sdkaws.ToString(g.Arn), Name: sdkaws.ToString(g.GroupName), Attributes: map[string]any{
			"arn":                  sdkaws.ToString(g.Arn),
			"group_name":           sdkaws.ToString(g.GroupName),
			"path":                 sdkaws.ToString(g.Path),
			"create_date":          iamTime(g.CreateDate),
			"attached_policy_arns": iamAttachedArns(g.AttachedManagedPolicies),
			"inline_policies":      iamInlineDocs(g.GroupPolicyList),
		}})
	}
	c.supportRoles = []any{}
	for _, rd := range roles {
		c.emitRole(rd)
		for _, ap := range rd.AttachedManagedPolicies {
			if strings.HasSuffix(sdkaws.ToString(ap.PolicyArn), iamSupportPolicy) {
				c.supportRoles = append(c.supportRoles, sdkaws.ToString(rd.RoleName))
				break
			}
		}
	}
	return nil
}

// emitRole emits one aws_iam_role with its trust policy, its policies and
// when it was last used (IAM tracks the last 400 days).
func (c *iamCollector) emitRole(rd types.RoleDetail) {
	arn := sdkaws.ToString(rd.Arn)
	attrs := map[string]any{
		"arn":                  arn,
		"role_name":            sdkaws.ToString(rd.RoleName),
		"role_id":              sdkaws.ToString(rd.RoleId),
		"path":                 sdkaws.ToString(rd.Path),
		"create_date":          iamTime(rd.CreateDate),
		"attached_policy_arns": iamAttachedArns(rd.AttachedManagedPolicies),
		"inline_policies":      iamInlineDocs(rd.RolePolicyList),
		"permissions_boundary": iamBoundary(rd.PermissionsBoundary),
		"assume_role_policy":   iamDocOrText(sdkaws.ToString(rd.AssumeRolePolicyDocument)),
		"last_used_date":       nil,
		"last_used_region":     nil,
		"service_linked":       strings.HasPrefix(sdkaws.ToString(rd.Path), "/aws-service-role/"),
	}
	if lu := rd.RoleLastUsed; lu != nil {
		attrs["last_used_date"] = iamTime(lu.LastUsedDate)
		if r := sdkaws.ToString(lu.Region); r != "" {
			attrs["last_used_region"] = r
		}
	}
	profiles := []any{}
	for _, ip := range rd.InstanceProfileList {
		profiles = append(profiles, sdkaws.ToString(ip.Arn))
	}
	attrs["instance_profile_arns"] = profiles
	tags := map[string]string{}
	for _, t := range rd.Tags {
		tags[sdkaws.ToString(t.Key)] = sdkaws.ToString(t.Value)
	}
	if len(tags) == 0 {
		tags = nil
	}
	c.r.Emit(mamori.Resource{Type: "aws_iam_role", ID: arn, Name: sdkaws.ToString(rd.RoleName), Tags: tags, Attributes: attrs})
}

func iamAttachedArns(aps []types.AttachedPolicy) []any {
	out := []any{}
	for _, ap := range aps {
		out = append(out, sdkaws.ToString(ap.PolicyArn))
	}
	return out
}

func iamBoundary(b *types.AttachedPermissionsBoundary) any {
	if b == nil || b.PermissionsBoundaryArn == nil {
		return nil
	}
	return *b.PermissionsBoundaryArn
}

// iamInlineDocs lists inline policies as {name, document}. A document that
// is not JSON is kept as its text, so that the analyzer names it as
// unreadable instead of taking it for an empty policy.
func iamInlineDocs(ps []types.PolicyDetail) []any {
	out := []any{}
	for _, pd := range ps {
		out = append(out, map[string]any{"name": sdkaws.ToString(pd.PolicyName), "document": iamDocOrText(sdkaws.ToString(pd.PolicyDocument))})
	}
	return out
}

// iamDocOrText decodes a URL-encoded policy document, or returns its text
// when it is not a JSON object.
func iamDocOrText(encoded string) any {
	if doc, err := iamPolicyDocument(encoded); err == nil {
		return doc
	}
	if s, err := url.PathUnescape(encoded); err == nil {
		return s
	}
	return encoded
}

// iamPageSize is the page size asked of GetAccountAuthorizationDetails (its
// maximum; the default is 100).
const iamPageSize int32 = 1000

// fromReport fills a user's credentials from the credential report, asking
// for MFA devices only when MFA is active and for key ids only when keys exist.
func (c *iamCollector) fromReport(ctx context.Context, name string, row iamReportRow, attrs map[string]any) {
	attrs["password_enabled"] = row.get("password_enabled") == "true"
	attrs["password_last_used"] = row.time("password_last_used")
	attrs["password_last_changed"] = row.time("password_last_changed")
	attrs["mfa_active"] = row.get("mfa_active") == "true"
	attrs["mfa_devices"] = int64(0)
	if attrs["mfa_active"] == true {
		if n, err := c.mfaDevices(ctx, name); err == nil {
			attrs["mfa_devices"] = n
		} else {
			delete(attrs, "mfa_devices")
		}
	}
	slots := row.keys()
	if len(slots) == 0 {
		attrs["access_keys"] = []any{}
		return
	}
	metas, err := c.accessKeys(ctx, name)
	if err != nil {
		// The report still says what the checks need; only the ids are unknown.
		keys := []any{}
		for _, s := range slots {
			status := "Inactive"
			if s.active {
				status = "Active"
			}
			keys = append(keys, map[string]any{"id": nil, "status": status, "create_date": s.rotated, "last_used_date": s.lastUsed, "last_used_service": s.service})
		}
		attrs["access_keys"] = keys
		return
	}
	keys := []any{}
	for _, m := range metas {
		k := map[string]any{"id": sdkaws.ToString(m.AccessKeyId), "status": string(m.Status), "create_date": iamTime(m.CreateDate)}
		matched := false
		for _, s := range slots {
			if s.rotated == k["create_date"] {
				k["last_used_date"], k["last_used_service"] = s.lastUsed, s.service
				matched = true
				break
			}
		}
		if !matched { // a key newer than the report
			c.lastUsedOf(ctx, m.AccessKeyId, k)
		}
		keys = append(keys, k)
	}
	attrs["access_keys"] = keys
}

// perUser fills a user's credentials with per-user calls, for users the
// credential report does not cover.
func (c *iamCollector) perUser(ctx context.Context, name string, attrs map[string]any) {
	lp, err := c.cl.GetLoginProfile(ctx, &iam.GetLoginProfileInput{UserName: sdkaws.String(name)})
	switch {
	case ErrorCode(err) == "NoSuchEntity":
		attrs["password_enabled"] = false
		attrs["password_last_changed"] = nil
		attrs["password_last_used"] = nil
	case err != nil:
		c.r.Fail("iam:GetLoginProfile", err, "aws_iam_user")
	default:
		attrs["password_enabled"] = true
		// The closest the API comes to the report's password_last_changed.
		attrs["password_last_changed"] = iamTime(lp.LoginProfile.CreateDate)
		if used, ok := c.passwordLastUsed(ctx, name); ok {
			attrs["password_last_used"] = used
		}
	}
	if n, err := c.mfaDevices(ctx, name); err == nil {
		attrs["mfa_devices"] = n
		attrs["mfa_active"] = n > 0
	}
	metas, err := c.accessKeys(ctx, name)
	if err != nil {
		return
	}
	keys := []any{}
	for _, m := range metas {
		k := map[string]any{"id": sdkaws.ToString(m.AccessKeyId), "status": string(m.Status), "create_date": iamTime(m.CreateDate)}
		c.lastUsedOf(ctx, m.AccessKeyId, k)
		keys = append(keys, k)
	}
	attrs["access_keys"] = keys
}

// passwordLastUsed reads PasswordLastUsed of every user once (ListUsers).
func (c *iamCollector) passwordLastUsed(ctx context.Context, name string) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lastUsed == nil {
		m := map[string]any{}
		p := iam.NewListUsersPaginator(c.cl, &iam.ListUsersInput{}, func(o *iam.ListUsersPaginatorOptions) { o.Limit = iamPageSize })
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				c.r.Fail("iam:ListUsers", err, "aws_iam_user")
				return nil, false
			}
			for _, u := range page.Users {
				m[sdkaws.ToString(u.UserName)] = iamTime(u.PasswordLastUsed)
			}
		}
		c.lastUsed = m
	}
	v, ok := c.lastUsed[name]
	return v, ok
}

func (c *iamCollector) mfaDevices(ctx context.Context, name string) (int64, error) {
	var n int64
	p := iam.NewListMFADevicesPaginator(c.cl, &iam.ListMFADevicesInput{UserName: sdkaws.String(name)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			c.r.Fail("iam:ListMFADevices", err, "aws_iam_user")
			return 0, err
		}
		n += int64(len(page.MFADevices))
	}
	return n, nil
}

func (c *iamCollector) accessKeys(ctx context.Context, name string) ([]types.AccessKeyMetadata, error) {
	var out []types.AccessKeyMetadata
	p := iam.NewListAccessKeysPaginator(c.cl, &iam.ListAccessKeysInput{UserName: sdkaws.String(name)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			c.r.Fail("iam:ListAccessKeys", err, "aws_iam_user")
			return nil, err
		}
		out = append(out, page.AccessKeyMetadata...)
	}
	sort.SliceStable(out, func(i, j int) bool {
		return sdkaws.ToTime(out[i].CreateDate).Before(sdkaws.ToTime(out[j].CreateDate))
	})
	return out, nil
}

// lastUsedOf sets a key's last_used_date and last_used_service; on failure
// it leaves them out, so checks that need them give ERROR.
func (c *iamCollector) lastUsedOf(ctx context.Context, id *string, k map[string]any) {
	out, err := c.cl.GetAccessKeyLastUsed(ctx, &iam.GetAccessKeyLastUsedInput{AccessKeyId: id})
	if err != nil {
		c.r.Fail("iam:GetAccessKeyLastUsed", err, "aws_iam_user")
		return
	}
	k["last_used_date"], k["last_used_service"] = nil, nil
	if lu := out.AccessKeyLastUsed; lu != nil {
		k["last_used_date"] = iamTime(lu.LastUsedDate)
		if s := sdkaws.ToString(lu.ServiceName); s != "" && s != "N/A" && lu.LastUsedDate != nil {
			k["last_used_service"] = s
		}
	}
}

// iamPolicyDocument decodes a policy document as IAM returns it (URL-encoded
// JSON) into the attribute form: a map whose Statement is always a list and
// whose Action, NotAction, Resource and NotResource are always lists.
func iamPolicyDocument(encoded string) (map[string]any, error) {
	s, err := url.PathUnescape(encoded)
	if err != nil {
		return nil, fmt.Errorf("policy document is not URL-encoded: %w", err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(s), &doc); err != nil {
		return nil, fmt.Errorf("policy document is not JSON: %w", err)
	}
	if doc == nil {
		return nil, fmt.Errorf("policy document is not a JSON object")
	}
	switch st := doc["Statement"].(type) {
	case nil:
		doc["Statement"] = []any{}
	case map[string]any:
		doc["Statement"] = []any{st}
	}
	if sts, ok := doc["Statement"].([]any); ok {
		for _, x := range sts {
			m, ok := x.(map[string]any)
			if !ok {
				continue
			}
			for _, f := range []string{"Action", "NotAction", "Resource", "NotResource"} {
				if v, ok := m[f].(string); ok {
					m[f] = []any{v}
				}
			}
		}
	}
	return doc, nil
}

// iamAdminEquivalent reports whether a normalised policy document grants
// full administrative access: an Allow statement without Condition, on every
// resource ("*", or a NotResource), for every action ("*" or "*:*"), or for
// every action but a NotAction list that leaves IAM itself allowed (whoever
// can use IAM freely can grant themselves the rest).
func iamAdminEquivalent(doc map[string]any) bool {
	sts, _ := doc["Statement"].([]any)
	for _, x := range sts {
		m, ok := x.(map[string]any)
		if !ok || m["Effect"] != "Allow" {
			continue
		}
		if _, ok := m["Condition"]; ok {
			continue
		}
		allResources := iamHasAny(m["Resource"], "*")
		if _, ok := m["NotResource"]; ok && !iamHasAny(m["NotResource"], "*") {
			allResources = true
		}
		if !allResources {
			continue
		}
		if iamHasAny(m["Action"], "*", "*:*") {
			return true
		}
		if _, ok := m["NotAction"]; ok && !iamHasAny(m["NotAction"], "*", "*:*", "iam:*") {
			return true
		}
	}
	return false
}

// iamHasAny reports whether a string list contains one of the values
// (case-insensitively, as IAM compares actions).
func iamHasAny(list any, vals ...string) bool {
	l, _ := list.([]any)
	for _, e := range l {
		s, _ := e.(string)
		for _, v := range vals {
			if strings.EqualFold(s, v) {
				return true
			}
		}
	}
	return false
}
