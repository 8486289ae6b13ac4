package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/efs"

	"github.com/mamori-sec/mamori"
)

var efsService = &Service{
	Name:    "efs",
	Types:   []string{"aws_efs_file_system"},
	Actions: []string{"elasticfilesystem:DescribeFileSystems", "elasticfilesystem:DescribeBackupPolicy"},
	Collect: collectEFS,
}

// collectEFS emits one aws_efs_file_system per file system with its
// encryption and automatic backup policy (docs/resources/efs.md).
func collectEFS(ctx context.Context, r *Run) error {
	cl := efs.NewFromConfig(r.Config)
	p := efs.NewDescribeFileSystemsPaginator(cl, &efs.DescribeFileSystemsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, f := range page.FileSystems {
			arn := sdkaws.ToString(f.FileSystemArn)
			attrs := map[string]any{
				"arn": arn, "file_system_id": sdkaws.ToString(f.FileSystemId), "encrypted": sdkaws.ToBool(f.Encrypted),
				"kms_key_id": sdkaws.ToString(f.KmsKeyId), "performance_mode": string(f.PerformanceMode),
			}
			b, err := cl.DescribeBackupPolicy(ctx, &efs.DescribeBackupPolicyInput{FileSystemId: f.FileSystemId})
			switch {
			case err == nil:
				attrs["backup_enabled"] = b.BackupPolicy != nil && (b.BackupPolicy.Status == "ENABLED" || b.BackupPolicy.Status == "ENABLING")
			case isCode(err, "PolicyNotFound"):
				attrs["backup_enabled"] = false
			case isCode(err, "FileSystemNotFound"):
				continue // deleted since it was listed
			default:
				r.Fail("elasticfilesystem:DescribeBackupPolicy", err)
			}
			name := sdkaws.ToString(f.Name)
			if name == "" {
				name = sdkaws.ToString(f.FileSystemId)
			}
			r.Emit(mamori.Resource{Type: "aws_efs_file_system", ID: arn, Name: name, Attributes: attrs})
		}
	}
	return nil
}
