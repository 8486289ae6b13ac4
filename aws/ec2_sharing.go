package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/ec2/types"

	"github.com/mamori-sec/mamori"
)

// ec2Sharing emits what the account can hand to others or launches from:
// aws_ebs_snapshot (who may create volumes from it), aws_ami (public or
// not) and aws_launch_template (its default version's IMDS and public-IP
// settings) (docs/resources/ec2.md). Each call's failure is reported against
// its own type only.
func ec2Sharing(ctx context.Context, r *Run, cl *ec2.Client) {
	self := []string{"self"}
	sp := ec2.NewDescribeSnapshotsPaginator(cl, &ec2.DescribeSnapshotsInput{OwnerIds: self})
	err := ec2EachPage(ctx, sp, func(o *ec2.DescribeSnapshotsOutput) {
		for _, s := range o.Snapshots {
			id := sdkaws.ToString(s.SnapshotId)
			attrs := map[string]any{
				"snapshot_id": id, "volume_id": sdkaws.ToString(s.VolumeId), "encrypted": sdkaws.ToBool(s.Encrypted),
				"kms_key_id": sdkaws.ToString(s.KmsKeyId), "volume_size": int(sdkaws.ToInt32(s.VolumeSize)), "start_time": timeOrNil(s.StartTime),
			}
			a, err := cl.DescribeSnapshotAttribute(ctx, &ec2.DescribeSnapshotAttributeInput{SnapshotId: s.SnapshotId, Attribute: types.SnapshotAttributeNameCreateVolumePermission})
			switch {
			case err == nil:
				public, shared := false, []any{}
				for _, p := range a.CreateVolumePermissions {
					if p.Group == types.PermissionGroupAll {
						public = true
					} else if p.UserId != nil {
						shared = append(shared, *p.UserId)
					}
				}
				attrs["public"], attrs["shared_with_accounts"] = public, shared
			case isCode(err, "InvalidSnapshot.NotFound"):
				continue
			default:
				r.Fail("ec2:DescribeSnapshotAttribute", err, "aws_ebs_snapshot")
			}
			r.Emit(mamori.Resource{Type: "aws_ebs_snapshot", ID: r.ARN("ec2", r.Region, "snapshot/"+id), Name: ec2NameTag(s.Tags, id), Tags: ec2TagMap(s.Tags), Attributes: attrs})
		}
	})
	if err != nil {
		r.Fail("ec2:DescribeSnapshots", err, "aws_ebs_snapshot")
	}

	im, err := cl.DescribeImages(ctx, &ec2.DescribeImagesInput{Owners: self})
	if err != nil {
		r.Fail("ec2:DescribeImages", err, "aws_ami")
	} else {
		for _, i := range im.Images {
			id := sdkaws.ToString(i.ImageId)
			encrypted := len(i.BlockDeviceMappings) > 0
			for _, b := range i.BlockDeviceMappings {
				if b.Ebs != nil && !sdkaws.ToBool(b.Ebs.Encrypted) {
					encrypted = false
				}
			}
			r.Emit(mamori.Resource{Type: "aws_ami", ID: r.ARN("ec2", r.Region, "image/"+id), Name: ec2StrName(i.Name, id), Tags: ec2TagMap(i.Tags),
				Attributes: map[string]any{"image_id": id, "name": sdkaws.ToString(i.Name), "public": sdkaws.ToBool(i.Public),
					"state": string(i.State), "creation_date": sdkaws.ToString(i.CreationDate), "encrypted": encrypted}})
		}
	}

	lp := ec2.NewDescribeLaunchTemplatesPaginator(cl, &ec2.DescribeLaunchTemplatesInput{})
	err = ec2EachPage(ctx, lp, func(o *ec2.DescribeLaunchTemplatesOutput) {
		for _, t := range o.LaunchTemplates {
			id := sdkaws.ToString(t.LaunchTemplateId)
			attrs := map[string]any{"launch_template_id": id, "name": sdkaws.ToString(t.LaunchTemplateName),
				"default_version": sdkaws.ToInt64(t.DefaultVersionNumber), "latest_version": sdkaws.ToInt64(t.LatestVersionNumber)}
			v, err := cl.DescribeLaunchTemplateVersions(ctx, &ec2.DescribeLaunchTemplateVersionsInput{LaunchTemplateId: t.LaunchTemplateId, Versions: []string{"$Default"}})
			switch {
			case err == nil && len(v.LaunchTemplateVersions) > 0:
				d := v.LaunchTemplateVersions[0].LaunchTemplateData
				tokens, public := "", false
				if d != nil && d.MetadataOptions != nil {
					tokens = string(d.MetadataOptions.HttpTokens)
				}
				if d != nil {
					for _, n := range d.NetworkInterfaces {
						if sdkaws.ToBool(n.AssociatePublicIpAddress) {
							public = true
						}
					}
				}
				attrs["http_tokens"], attrs["associate_public_ip"] = tokens, public
			case err == nil:
			case isCode(err, "InvalidLaunchTemplateId.NotFound", "InvalidLaunchTemplateName.NotFoundException"):
				continue
			default:
				r.Fail("ec2:DescribeLaunchTemplateVersions", err, "aws_launch_template")
			}
			r.Emit(mamori.Resource{Type: "aws_launch_template", ID: r.ARN("ec2", r.Region, "launch-template/"+id), Name: sdkaws.ToString(t.LaunchTemplateName),
				Tags: ec2TagMap(t.Tags), Attributes: attrs})
		}
	})
	if err != nil {
		r.Fail("ec2:DescribeLaunchTemplates", err, "aws_launch_template")
	}
}

func ec2StrName(s *string, fallback string) string {
	if v := sdkaws.ToString(s); v != "" {
		return v
	}
	return fallback
}
