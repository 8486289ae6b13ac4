package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"

	"github.com/mamori-sec/mamori"
)

// Backup plans are not read: backup:ListBackupPlans is not in SecurityAudit.
var backupService = &Service{
	Name:    "backup",
	Types:   []string{"aws_backup_vault"},
	Actions: []string{"backup:ListBackupVaults", "backup:GetBackupVaultAccessPolicy"},
	Collect: collectBackup,
}

// collectBackup emits one aws_backup_vault per vault: its lock (which keeps
// recovery points from being deleted early, even by an administrator) and
// whether its access policy lets anyone outside in (docs/resources/backup.md).
func collectBackup(ctx context.Context, r *Run) error {
	cl := backup.NewFromConfig(r.Config)
	p := backup.NewListBackupVaultsPaginator(cl, &backup.ListBackupVaultsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, v := range page.BackupVaultList {
			arn := sdkaws.ToString(v.BackupVaultArn)
			attrs := map[string]any{
				"arn": arn, "name": sdkaws.ToString(v.BackupVaultName), "vault_type": string(v.VaultType),
				"locked": sdkaws.ToBool(v.Locked), "min_retention_days": int(sdkaws.ToInt64(v.MinRetentionDays)),
				"recovery_points": int(v.NumberOfRecoveryPoints), "encryption_key_arn": sdkaws.ToString(v.EncryptionKeyArn),
			}
			pol, err := cl.GetBackupVaultAccessPolicy(ctx, &backup.GetBackupVaultAccessPolicyInput{BackupVaultName: v.BackupVaultName})
			switch {
			case err == nil:
				attrs["has_access_policy"] = sdkaws.ToString(pol.Policy) != ""
				publicPolicy(attrs, sdkaws.ToString(pol.Policy))
			case isCode(err, "ResourceNotFoundException"):
				// No policy (or the vault was deleted since it was listed: both read as "no policy").
				attrs["has_access_policy"] = false
				attrs["policy_public"] = false
				attrs["policy_public_reasons"] = []any{}
			default:
				r.Fail("backup:GetBackupVaultAccessPolicy", err)
			}
			r.Emit(mamori.Resource{Type: "aws_backup_vault", ID: arn, Name: sdkaws.ToString(v.BackupVaultName), Attributes: attrs})
		}
	}
	return nil
}
