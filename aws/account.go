package aws

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/account"
	"github.com/aws/aws-sdk-go-v2/service/account/types"

	"github.com/mamori-sec/mamori"
)

var accountService = &Service{
	Name:    "account",
	Global:  true,
	Types:   []string{"aws_account_contacts"},
	Actions: []string{"account:GetAlternateContact"},
	Collect: collectAccount,
}

// collectAccount emits one aws_account_contacts per account: whether the
// security, billing and operations alternate contacts are registered. Who
// they are (names, addresses, phone numbers) is personal data and is not
// kept.
func collectAccount(ctx context.Context, r *Run) error {
	cl := account.NewFromConfig(r.Config)
	attrs := map[string]any{}
	for _, t := range []types.AlternateContactType{types.AlternateContactTypeSecurity, types.AlternateContactTypeBilling, types.AlternateContactTypeOperations} {
		key := map[types.AlternateContactType]string{
			types.AlternateContactTypeSecurity: "security_contact", types.AlternateContactTypeBilling: "billing_contact",
			types.AlternateContactTypeOperations: "operations_contact",
		}[t]
		out, err := cl.GetAlternateContact(ctx, &account.GetAlternateContactInput{AlternateContactType: t})
		switch {
		case err == nil:
			attrs[key] = out.AlternateContact != nil && out.AlternateContact.EmailAddress != nil && *out.AlternateContact.EmailAddress != ""
		case isCode(err, "ResourceNotFoundException"):
			attrs[key] = false
		default:
			r.Fail("account:GetAlternateContact", err) // the attribute stays absent: its check is ERROR
		}
	}
	r.Emit(mamori.Resource{Type: "aws_account_contacts", ID: "arn:" + r.Partition + ":account::" + r.Account + ":account", Name: r.Account, Attributes: attrs})
	return nil
}
