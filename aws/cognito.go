package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentity"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider"
	"github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"

	"github.com/mamori-sec/mamori"
)

var cognitoService = &Service{
	Name:  "cognito",
	Types: []string{"aws_cognito_user_pool", "aws_cognito_identity_pool"},
	Actions: []string{"cognito-idp:ListUserPools", "cognito-idp:DescribeUserPool",
		"cognito-identity:ListIdentityPools", "cognito-identity:DescribeIdentityPool"},
	Collect: collectCognito,
}

// collectCognito emits the region's user pools (password policy, MFA,
// threat protection, deletion protection, self sign-up) and identity pools
// (guest access, the basic flow) (docs/resources/cognito.md). Users and app
// client secrets are never read. A pool deleted between the list and the
// describe is left out; a denied describe is an ERROR for its type.
func collectCognito(ctx context.Context, r *Run) error {
	idp := cognitoidentityprovider.NewFromConfig(r.Config)
	p := cognitoidentityprovider.NewListUserPoolsPaginator(idp, &cognitoidentityprovider.ListUserPoolsInput{MaxResults: sdkaws.Int32(60)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err // the first call: a region without Cognito ends here
		}
		for _, s := range page.UserPools {
			d, err := idp.DescribeUserPool(ctx, &cognitoidentityprovider.DescribeUserPoolInput{UserPoolId: s.Id})
			switch {
			case isCode(err, "ResourceNotFoundException"):
				continue
			case err != nil:
				r.Fail("cognito-idp:DescribeUserPool", err, "aws_cognito_user_pool")
				continue
			}
			if d.UserPool != nil {
				r.Emit(cognitoUserPool(r, d.UserPool))
			}
		}
	}
	ident := cognitoidentity.NewFromConfig(r.Config)
	ip := cognitoidentity.NewListIdentityPoolsPaginator(ident, &cognitoidentity.ListIdentityPoolsInput{MaxResults: sdkaws.Int32(60)})
	for ip.HasMorePages() {
		page, err := ip.NextPage(ctx)
		if err != nil {
			r.Fail("cognito-identity:ListIdentityPools", err, "aws_cognito_identity_pool")
			break
		}
		for _, s := range page.IdentityPools {
			d, err := ident.DescribeIdentityPool(ctx, &cognitoidentity.DescribeIdentityPoolInput{IdentityPoolId: s.IdentityPoolId})
			switch {
			case isCode(err, "ResourceNotFoundException"):
				continue
			case err != nil:
				r.Fail("cognito-identity:DescribeIdentityPool", err, "aws_cognito_identity_pool")
				continue
			}
			id := sdkaws.ToString(d.IdentityPoolId)
			providers := len(d.CognitoIdentityProviders) + len(d.SupportedLoginProviders) + len(d.OpenIdConnectProviderARNs) + len(d.SamlProviderARNs)
			r.Emit(mamori.Resource{Type: "aws_cognito_identity_pool", ID: r.ARN("cognito-identity", r.Region, "identitypool/"+id),
				Name: sdkaws.ToString(d.IdentityPoolName), Attributes: map[string]any{
					"identity_pool_id": id, "allow_unauthenticated": d.AllowUnauthenticatedIdentities,
					"allow_classic_flow": sdkaws.ToBool(d.AllowClassicFlow), "identity_providers": providers,
				}})
		}
	}
	return nil
}

func cognitoUserPool(r *Run, u *types.UserPoolType) mamori.Resource {
	id := sdkaws.ToString(u.Id)
	arn := sdkaws.ToString(u.Arn)
	if arn == "" {
		arn = r.ARN("cognito-idp", r.Region, "userpool/"+id)
	}
	attrs := map[string]any{
		"arn": arn, "user_pool_id": id, "mfa_configuration": string(u.MfaConfiguration),
		"deletion_protection": string(u.DeletionProtection) == "ACTIVE", "tier": string(u.UserPoolTier),
		"threat_protection": "OFF", "custom_auth_threat_protection": "", "custom_auth": false,
		"self_sign_up": true, "password_min_length": 8, "password_require_uppercase": false, "password_require_lowercase": false,
		"password_require_numbers": false, "password_require_symbols": false, "temporary_password_days": 7,
	}
	if u.MfaConfiguration == "" {
		attrs["mfa_configuration"] = "OFF"
	}
	if pp := u.Policies; pp != nil && pp.PasswordPolicy != nil {
		p := pp.PasswordPolicy
		if p.MinimumLength != nil {
			attrs["password_min_length"] = int(*p.MinimumLength)
		}
		attrs["password_require_uppercase"], attrs["password_require_lowercase"] = p.RequireUppercase, p.RequireLowercase
		attrs["password_require_numbers"], attrs["password_require_symbols"] = p.RequireNumbers, p.RequireSymbols
		if p.TemporaryPasswordValidityDays > 0 {
			attrs["temporary_password_days"] = int(p.TemporaryPasswordValidityDays)
		}
	}
	if a := u.UserPoolAddOns; a != nil {
		if a.AdvancedSecurityMode != "" {
			attrs["threat_protection"] = string(a.AdvancedSecurityMode)
		}
		if f := a.AdvancedSecurityAdditionalFlows; f != nil {
			attrs["custom_auth_threat_protection"] = string(f.CustomAuthMode)
		}
	}
	// Custom authentication runs through the define/create/verify auth
	// challenge triggers.
	if l := u.LambdaConfig; l != nil {
		attrs["custom_auth"] = sdkaws.ToString(l.DefineAuthChallenge) != ""
	}
	if c := u.AdminCreateUserConfig; c != nil {
		attrs["self_sign_up"] = !c.AllowAdminCreateUserOnly
	}
	return mamori.Resource{Type: "aws_cognito_user_pool", ID: arn, Name: sdkaws.ToString(u.Name), Attributes: attrs}
}
