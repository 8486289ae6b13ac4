package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/efs"

	"github.com/mamori-sec/mamori"
)

var efsService = &Service{
	Name:    "efs",
	Types:   []string{"aws_efs_file_system", "aws_efs_access_point"},
	Actions: []string{"elasticfilesystem:DescribeFileSystems", "elasticfilesystem:DescribeBackupPolicy", "elasticfilesystem:DescribeAccessPoints"},
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
	collectEFSAccessPoints(ctx, r, cl)
	return nil
}

// collectEFSAccessPoints emits one aws_efs_access_point per access point:
// the directory it exposes as the root and the POSIX user it enforces. A
// failure is an ERROR for the access point type only.
func collectEFSAccessPoints(ctx context.Context, r *Run, cl *efs.Client) {
	p := efs.NewDescribeAccessPointsPaginator(cl, &efs.DescribeAccessPointsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			r.Fail("elasticfilesystem:DescribeAccessPoints", err, "aws_efs_access_point")
			return
		}
		for _, a := range page.AccessPoints {
			root := "/"
			if a.RootDirectory != nil && sdkaws.ToString(a.RootDirectory.Path) != "" {
				root = sdkaws.ToString(a.RootDirectory.Path)
			}
			var uid, gid any
			if a.PosixUser != nil {
				uid, gid = sdkaws.ToInt64(a.PosixUser.Uid), sdkaws.ToInt64(a.PosixUser.Gid)
			}
			arn := sdkaws.ToString(a.AccessPointArn)
			name := sdkaws.ToString(a.Name)
			if name == "" {
				name = sdkaws.ToString(a.AccessPointId)
			}
			r.Emit(mamori.Resource{Type: "aws_efs_access_point", ID: arn, Name: name, Attributes: map[string]any{
				"arn": arn, "access_point_id": sdkaws.ToString(a.AccessPointId), "file_system_id": sdkaws.ToString(a.FileSystemId),
				"root_directory": root, "posix_user_uid": uid, "posix_user_gid": gid,
			}})
		}
	}
}
