package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"

	"github.com/mamori-sec/mamori"
)

var kmsService = &Service{
	Name:    "kms",
	Types:   []string{"aws_kms_key"},
	Actions: []string{"kms:ListKeys", "kms:ListAliases", "kms:DescribeKey", "kms:GetKeyRotationStatus"},
	Collect: collectKMS,
}

// collectKMS emits one aws_kms_key per key (see docs/resources.md).
func collectKMS(ctx context.Context, r *Run) error {
	cl := kms.NewFromConfig(r.Config)
	aliases := map[string][]any{}
	ap := kms.NewListAliasesPaginator(cl, &kms.ListAliasesInput{})
	for ap.HasMorePages() {
		page, err := ap.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, a := range page.Aliases {
			if a.TargetKeyId != nil {
				aliases[*a.TargetKeyId] = append(aliases[*a.TargetKeyId], sdkaws.ToString(a.AliasName))
			}
		}
	}
	p := kms.NewListKeysPaginator(cl, &kms.ListKeysInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, k := range page.Keys {
			d, err := cl.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: k.KeyId})
			if err != nil {
				r.Fail("kms:DescribeKey", err)
				continue
			}
			m := d.KeyMetadata
			attrs := map[string]any{
				"arn":          sdkaws.ToString(m.Arn),
				"key_id":       sdkaws.ToString(m.KeyId),
				"description":  sdkaws.ToString(m.Description),
				"key_manager":  string(m.KeyManager),
				"key_spec":     string(m.KeySpec),
				"key_usage":    string(m.KeyUsage),
				"origin":       string(m.Origin),
				"key_state":    string(m.KeyState),
				"is_enabled":   m.Enabled,
				"multi_region": sdkaws.ToBool(m.MultiRegion),
				"aliases":      append([]any{}, aliases[sdkaws.ToString(k.KeyId)]...),
			}
			attrs["enable_key_rotation"] = false
			if m.KeyManager == types.KeyManagerTypeCustomer && m.KeySpec == types.KeySpecSymmetricDefault &&
				m.Origin == types.OriginTypeAwsKms && m.KeyState == types.KeyStateEnabled {
				rot, err := cl.GetKeyRotationStatus(ctx, &kms.GetKeyRotationStatusInput{KeyId: k.KeyId})
				if err != nil {
					r.Fail("kms:GetKeyRotationStatus", err)
					continue
				}
				attrs["enable_key_rotation"] = rot.KeyRotationEnabled
			}
			name := sdkaws.ToString(m.KeyId)
			if a := aliases[name]; len(a) > 0 {
				name = a[0].(string)
			}
			r.Emit(mamori.Resource{Type: "aws_kms_key", ID: sdkaws.ToString(m.Arn), Name: name, Attributes: attrs})
		}
	}
	return nil
}
