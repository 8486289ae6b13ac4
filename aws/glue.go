package aws

import (
	"context"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/glue"
	"github.com/aws/aws-sdk-go-v2/service/glue/types"

	"github.com/mamori-sec/mamori"
)

var glueService = &Service{
	Name:  "glue",
	Types: []string{"aws_glue_job", "aws_glue_ml_transform", "aws_glue_data_catalog"},
	// Connections are not read: glue:GetConnections would let the scanner's
	// principal read the connections' passwords (HidePassword is the
	// caller's choice, not the policy's) wherever the catalog does not
	// encrypt them.
	Actions: []string{"glue:GetJobs", "glue:GetSecurityConfigurations", "glue:GetMLTransforms",
		"glue:GetDatabases", "glue:GetDataCatalogEncryptionSettings", "glue:GetResourcePolicy"},
	Collect: collectGlue,
}

// glueSparkCommands are the job types that run Apache Spark (FSBP Glue.4
// judges their Glue version); Python shell and Ray jobs have none to judge.
var glueSparkCommands = map[string]bool{"glueetl": true, "gluestreaming": true}

// collectGlue emits the region's Glue jobs (with the encryption their
// security configuration sets, and the names of default arguments that look
// like secrets — never a value), ML transforms and one aws_glue_data_catalog
// with the catalog's size, encryption and resource policy
// (docs/resources/glue.md).
func collectGlue(ctx context.Context, r *Run) error {
	cl := glue.NewFromConfig(r.Config)
	secConfs := map[string]*types.EncryptionConfiguration{}
	secOK := true
	sp := glue.NewGetSecurityConfigurationsPaginator(cl, &glue.GetSecurityConfigurationsInput{})
	for sp.HasMorePages() {
		page, err := sp.NextPage(ctx)
		if err != nil {
			if NotOffered(err) {
				return err
			}
			r.Fail("glue:GetSecurityConfigurations", err, "aws_glue_job")
			secOK = false
			break
		}
		for _, c := range page.SecurityConfigurations {
			secConfs[sdkaws.ToString(c.Name)] = c.EncryptionConfiguration
		}
	}
	jp := glue.NewGetJobsPaginator(cl, &glue.GetJobsInput{})
	for jp.HasMorePages() {
		page, err := jp.NextPage(ctx)
		if err != nil {
			r.Fail("glue:GetJobs", err, "aws_glue_job")
			break
		}
		for _, j := range page.Jobs {
			r.Emit(glueJob(r, j, secConfs, secOK))
		}
	}
	mp := glue.NewGetMLTransformsPaginator(cl, &glue.GetMLTransformsInput{})
	for mp.HasMorePages() {
		page, err := mp.NextPage(ctx)
		if err != nil {
			r.Fail("glue:GetMLTransforms", err, "aws_glue_ml_transform")
			break
		}
		for _, t := range page.Transforms {
			mode := "DISABLED"
			if e := t.TransformEncryption; e != nil && e.MlUserDataEncryption != nil {
				mode = string(e.MlUserDataEncryption.MlUserDataEncryptionMode)
			}
			id := sdkaws.ToString(t.TransformId)
			r.Emit(mamori.Resource{Type: "aws_glue_ml_transform", ID: r.ARN("glue", r.Region, "mlTransform/"+id), Name: sdkaws.ToString(t.Name),
				Attributes: map[string]any{"transform_id": id, "user_data_encryption": mode, "encrypted": mode != "DISABLED" && mode != ""}})
		}
	}
	r.Emit(glueCatalog(ctx, r, cl))
	return nil
}

func glueJob(r *Run, j types.Job, secConfs map[string]*types.EncryptionConfiguration, secOK bool) mamori.Resource {
	name := sdkaws.ToString(j.Name)
	command := ""
	if j.Command != nil {
		command = sdkaws.ToString(j.Command.Name)
	}
	attrs := map[string]any{
		"arn": r.ARN("glue", r.Region, "job/"+name), "command": command, "spark": glueSparkCommands[command],
		"glue_version": sdkaws.ToString(j.GlueVersion), "role": sdkaws.ToString(j.Role),
		"security_configuration": sdkaws.ToString(j.SecurityConfiguration),
		"continuous_logging":     j.DefaultArguments["--enable-continuous-cloudwatch-log"] == "true",
	}
	secrets := secretLikeEnv(j.DefaultArguments)
	if secrets == nil {
		secrets = []any{}
	}
	attrs["secret_arguments"] = secrets
	// A job without a security configuration (or naming one that no longer
	// exists) writes unencrypted: every mode is DISABLED.
	if secOK {
		s3, cw, bm := "DISABLED", "DISABLED", "DISABLED"
		if ec := secConfs[sdkaws.ToString(j.SecurityConfiguration)]; ec != nil {
			for _, e := range ec.S3Encryption {
				if e.S3EncryptionMode != "" {
					s3 = string(e.S3EncryptionMode)
				}
			}
			if ec.CloudWatchEncryption != nil && ec.CloudWatchEncryption.CloudWatchEncryptionMode != "" {
				cw = string(ec.CloudWatchEncryption.CloudWatchEncryptionMode)
			}
			if ec.JobBookmarksEncryption != nil && ec.JobBookmarksEncryption.JobBookmarksEncryptionMode != "" {
				bm = string(ec.JobBookmarksEncryption.JobBookmarksEncryptionMode)
			}
		}
		attrs["s3_encryption"], attrs["cloudwatch_encryption"], attrs["bookmarks_encryption"] = s3, cw, bm
	}
	return mamori.Resource{Type: "aws_glue_job", ID: attrs["arn"].(string), Name: name, Attributes: attrs}
}

// glueCatalog reads the region's Data Catalog: how many databases it holds
// (a region where Glue is not used has an empty catalog with the default,
// unencrypted settings, which is not a finding), metadata encryption,
// connection password encryption and the catalog's resource policy.
func glueCatalog(ctx context.Context, r *Run, cl *glue.Client) mamori.Resource {
	attrs := map[string]any{}
	res := mamori.Resource{Type: "aws_glue_data_catalog", ID: r.ARN("glue", r.Region, "catalog"), Name: r.Region, Attributes: attrs}
	databases := 0
	dp := glue.NewGetDatabasesPaginator(cl, &glue.GetDatabasesInput{})
	for dp.HasMorePages() {
		page, err := dp.NextPage(ctx)
		if err != nil {
			r.Fail("glue:GetDatabases", err, "aws_glue_data_catalog")
			databases = -1
			break
		}
		databases += len(page.DatabaseList)
	}
	if databases >= 0 {
		attrs["databases"] = databases
	}
	enc, err := cl.GetDataCatalogEncryptionSettings(ctx, &glue.GetDataCatalogEncryptionSettingsInput{})
	if err != nil {
		r.Fail("glue:GetDataCatalogEncryptionSettings", err, "aws_glue_data_catalog")
	} else {
		mode, pw, key := "DISABLED", false, ""
		if s := enc.DataCatalogEncryptionSettings; s != nil {
			if s.EncryptionAtRest != nil && s.EncryptionAtRest.CatalogEncryptionMode != "" {
				mode = string(s.EncryptionAtRest.CatalogEncryptionMode)
				key = sdkaws.ToString(s.EncryptionAtRest.SseAwsKmsKeyId)
			}
			if s.ConnectionPasswordEncryption != nil {
				pw = s.ConnectionPasswordEncryption.ReturnConnectionPasswordEncrypted
			}
		}
		attrs["metadata_encryption"], attrs["metadata_encrypted"], attrs["metadata_kms_key"] = mode, mode != "DISABLED", key
		attrs["connection_password_encrypted"] = pw
	}
	pol, err := cl.GetResourcePolicy(ctx, &glue.GetResourcePolicyInput{})
	switch {
	case err == nil:
		attrs["has_policy"] = sdkaws.ToString(pol.PolicyInJson) != ""
		publicPolicy(attrs, sdkaws.ToString(pol.PolicyInJson))
	case isCode(err, "EntityNotFoundException"):
		attrs["has_policy"], attrs["policy_public"], attrs["policy_public_reasons"] = false, false, []any{}
	default:
		r.Fail("glue:GetResourcePolicy", err, "aws_glue_data_catalog")
	}
	return res
}
