package aws

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/organizations"
	"github.com/aws/aws-sdk-go-v2/service/organizations/types"

	"github.com/mamori-sec/mamori"
)

// Resource types of AWS Organizations. The SCP type is read by the IAM
// analysis (effective permissions): keep its name and its Content and
// Targets attributes stable.
const (
	TypeOrgPolicy  = "aws.organizations.policy"
	TypeOrgAccount = "aws.organizations.account"
)

// orgReadActions are the Organizations calls that read the organisation,
// made from the management account or a delegated administrator.
var orgReadActions = []string{
	"organizations:DescribeOrganization",
	"organizations:ListRoots",
	"organizations:ListOrganizationalUnitsForParent",
	"organizations:ListAccountsForParent",
	"organizations:DescribeAccount",
	"organizations:ListPolicies",
	"organizations:DescribePolicy",
	"organizations:ListTargetsForPolicy",
	"organizations:ListDelegatedAdministrators",
	"organizations:ListDelegatedServicesForAccount",
}

var organizationsService = &Service{
	Name:    "organizations",
	Global:  true,
	Types:   []string{TypeOrgPolicy, TypeOrgAccount},
	Actions: orgReadActions,
	Collect: collectOrganizations,
}

// collectOrganizations emits the organisation's service control policies as
// aws.organizations.policy (see docs/resources/organizations.md). An account
// outside any organisation, or a member that may not read it, has nothing to
// emit: that is not a failure.
func collectOrganizations(ctx context.Context, r *Run) error {
	cl := organizations.NewFromConfig(r.Config)
	org, err := cl.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		if notInOrg(err) {
			return nil
		}
		r.Fail("organizations:DescribeOrganization", err)
		return nil
	}
	if _, err := cl.ListRoots(ctx, &organizations.ListRootsInput{}); err != nil {
		if ErrorCode(err) == "AccessDeniedException" && sdkaws.ToString(org.Organization.MasterAccountId) != r.Account {
			return nil // a member: the organisation is read from its management account
		}
		r.Fail("organizations:ListRoots", err)
		return nil
	}
	return collectSCPs(ctx, cl, r)
}

func notInOrg(err error) bool {
	var e *types.AWSOrganizationsNotInUseException
	return errors.As(err, &e)
}

func collectSCPs(ctx context.Context, cl *organizations.Client, r *Run) error {
	p := organizations.NewListPoliciesPaginator(cl, &organizations.ListPoliciesInput{Filter: types.PolicyTypeServiceControlPolicy})
	var sums []types.PolicySummary
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			// Without the whole list, "no SCP denies this" cannot be said.
			r.Fail("organizations:ListPolicies", err, TypeOrgPolicy)
			return nil
		}
		sums = append(sums, page.Policies...)
	}
	for _, s := range sums {
		id := sdkaws.ToString(s.Id)
		attrs := map[string]any{
			"Id": id, "Arn": sdkaws.ToString(s.Arn), "Name": sdkaws.ToString(s.Name),
			"Description": sdkaws.ToString(s.Description), "Type": string(s.Type), "AwsManaged": s.AwsManaged,
		}
		d, err := cl.DescribePolicy(ctx, &organizations.DescribePolicyInput{PolicyId: s.Id})
		if err != nil {
			r.Fail("organizations:DescribePolicy", err, TypeOrgPolicy)
			continue
		}
		doc, err := scpDocument(sdkaws.ToString(d.Policy.Content))
		if err != nil {
			// A document that cannot be read is named, never taken as "denies nothing".
			r.Fail("organizations:DescribePolicy", fmt.Errorf("policy %s: %w", id, err), TypeOrgPolicy)
			continue
		}
		attrs["Content"] = doc
		targets, err := scpTargets(ctx, cl, s.Id)
		if err != nil {
			r.Fail("organizations:ListTargetsForPolicy", err, TypeOrgPolicy)
			continue
		}
		attrs["Targets"] = targets
		r.Emit(mamori.Resource{Type: TypeOrgPolicy, ID: sdkaws.ToString(s.Arn), Name: sdkaws.ToString(s.Name), Attributes: attrs})
	}
	return nil
}

// scpDocument decodes a service control policy's content.
func scpDocument(s string) (map[string]any, error) {
	var doc any
	if err := json.Unmarshal([]byte(s), &doc); err != nil {
		return nil, fmt.Errorf("policy document is not JSON: %w", err)
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, errors.New("policy document is not a JSON object")
	}
	return normaliseJSON(m).(map[string]any), nil
}

// normaliseJSON turns encoding/json's float64 into int64 where exact, as
// resource attributes hold.
func normaliseJSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = normaliseJSON(e)
		}
	case []any:
		for i, e := range x {
			x[i] = normaliseJSON(e)
		}
	case float64:
		if x == float64(int64(x)) {
			return int64(x)
		}
	}
	return v
}

func scpTargets(ctx context.Context, cl *organizations.Client, id *string) ([]any, error) {
	out := []any{}
	p := organizations.NewListTargetsForPolicyPaginator(cl, &organizations.ListTargetsForPolicyInput{PolicyId: id})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range page.Targets {
			out = append(out, map[string]any{"TargetId": sdkaws.ToString(t.TargetId), "Type": string(t.Type), "Name": sdkaws.ToString(t.Name)})
		}
	}
	return out, nil
}

// AssumeActions are what `scan --org` calls, from the scanning account
// only, to reach each member: not reads, so not in Actions().
func AssumeActions() []string { return []string{"sts:AssumeRole"} }

// OrgAccount is one account of an organisation as the management account
// (or a delegated administrator) sees it.
type OrgAccount struct {
	ID, Name, Email, Arn string
	// Status is ACTIVE, SUSPENDED, PENDING_CLOSURE, ...
	Status string
	// Parents are the ids from the account's unit up to the root.
	Parents []string
	// Delegated are the service principals the account administers for the
	// organisation (guardduty.amazonaws.com, ...).
	Delegated []string
}

// Organization is what Discover learnt of an organisation.
type Organization struct {
	ID, Management string
	Accounts       []OrgAccount
}

// Account returns the account with an id, or nil.
func (o *Organization) Account(id string) *OrgAccount {
	for i := range o.Accounts {
		if o.Accounts[i].ID == id {
			return &o.Accounts[i]
		}
	}
	return nil
}

// OrgError means the organisation could not be read at all.
type OrgError struct{ Err error }

func (e *OrgError) Error() string { return "reading the organisation: " + ErrorMessage(e.Err) }
func (e *OrgError) Unwrap() error { return e.Err }

// NotInOrganization reports whether the account belongs to no organisation.
func (e *OrgError) NotInOrganization() bool { return notInOrg(e.Err) }

// ReadOrganization lists an organisation's accounts with their place in the
// tree (root, units) and the services each administers, walking the tree
// from the root so that every page of every list is read.
func ReadOrganization(ctx context.Context, cfg sdkaws.Config) (*Organization, error) {
	cl := organizations.NewFromConfig(cfg)
	d, err := cl.DescribeOrganization(ctx, &organizations.DescribeOrganizationInput{})
	if err != nil {
		return nil, &OrgError{err}
	}
	o := &Organization{ID: sdkaws.ToString(d.Organization.Id), Management: sdkaws.ToString(d.Organization.MasterAccountId)}
	roots, err := cl.ListRoots(ctx, &organizations.ListRootsInput{})
	if err != nil {
		return nil, &OrgError{err}
	}
	type node struct {
		id   string
		path []string // from this node up to the root
	}
	var queue []node
	for _, r := range roots.Roots {
		queue = append(queue, node{sdkaws.ToString(r.Id), []string{sdkaws.ToString(r.Id)}})
	}
	seen := map[string]bool{}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		if seen[n.id] {
			continue // a malformed answer must not loop
		}
		seen[n.id] = true
		ap := organizations.NewListAccountsForParentPaginator(cl, &organizations.ListAccountsForParentInput{ParentId: sdkaws.String(n.id)})
		for ap.HasMorePages() {
			page, err := ap.NextPage(ctx)
			if err != nil {
				return nil, &OrgError{err}
			}
			for _, a := range page.Accounts {
				st := string(a.State)
				if st == "" {
					st = string(a.Status)
				}
				o.Accounts = append(o.Accounts, OrgAccount{ID: sdkaws.ToString(a.Id), Name: sdkaws.ToString(a.Name), Email: sdkaws.ToString(a.Email),
					Arn: sdkaws.ToString(a.Arn), Status: st, Parents: n.path})
			}
		}
		up := organizations.NewListOrganizationalUnitsForParentPaginator(cl, &organizations.ListOrganizationalUnitsForParentInput{ParentId: sdkaws.String(n.id)})
		for up.HasMorePages() {
			page, err := up.NextPage(ctx)
			if err != nil {
				return nil, &OrgError{err}
			}
			for _, u := range page.OrganizationalUnits {
				id := sdkaws.ToString(u.Id)
				queue = append(queue, node{id, append([]string{id}, n.path...)})
			}
		}
	}
	dp := organizations.NewListDelegatedAdministratorsPaginator(cl, &organizations.ListDelegatedAdministratorsInput{})
	for dp.HasMorePages() {
		page, err := dp.NextPage(ctx)
		if err != nil {
			return nil, &OrgError{err}
		}
		for _, da := range page.DelegatedAdministrators {
			a := o.Account(sdkaws.ToString(da.Id))
			if a == nil {
				continue
			}
			sp := organizations.NewListDelegatedServicesForAccountPaginator(cl, &organizations.ListDelegatedServicesForAccountInput{AccountId: da.Id})
			for sp.HasMorePages() {
				page, err := sp.NextPage(ctx)
				if err != nil {
					return nil, &OrgError{err}
				}
				for _, s := range page.DelegatedServices {
					a.Delegated = append(a.Delegated, sdkaws.ToString(s.ServicePrincipal))
				}
			}
			sort.Strings(a.Delegated)
		}
	}
	sort.Slice(o.Accounts, func(i, j int) bool { return o.Accounts[i].ID < o.Accounts[j].ID })
	return o, nil
}

// AccountStatus asks the organisation for one account's status now (to tell
// an account closed during the scan from one that failed otherwise).
func AccountStatus(ctx context.Context, cfg sdkaws.Config, id string) (string, error) {
	out, err := organizations.NewFromConfig(cfg).DescribeAccount(ctx, &organizations.DescribeAccountInput{AccountId: sdkaws.String(id)})
	if err != nil {
		return "", err
	}
	if out.Account.State != "" {
		return string(out.Account.State), nil
	}
	return string(out.Account.Status), nil
}

// resource is the account as an aws.organizations.account resource.
func (a *OrgAccount) resource(o *Organization, part string, scanned bool) mamori.Resource {
	parents := make([]any, len(a.Parents))
	for i, p := range a.Parents {
		parents[i] = p
	}
	delegated := make([]any, len(a.Delegated))
	for i, s := range a.Delegated {
		delegated[i] = s
	}
	arn := a.Arn
	if arn == "" {
		arn = fmt.Sprintf("arn:%s:organizations::%s:account/%s/%s", part, o.Management, o.ID, a.ID)
	}
	return mamori.Resource{Provider: "aws", Account: a.ID, Region: "global", Type: TypeOrgAccount, ID: arn, Name: a.Name,
		Attributes: map[string]any{
			"Id": a.ID, "Arn": arn, "Name": a.Name, "Email": a.Email, "Status": a.Status, "Parents": parents,
			"DelegatedServices": delegated, "OrganizationId": o.ID, "ManagementAccountId": o.Management,
			"IsManagementAccount": a.ID == o.Management, "scanned": scanned,
		}}
}
