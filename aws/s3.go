package aws

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/s3control"
	"golang.org/x/sync/errgroup"

	"github.com/mamori-sec/mamori"
	awspolicy "github.com/mamori-sec/mamori/policy"
)

var s3Service = &Service{
	Name:   "s3",
	Global: true,
	Types:  []string{"aws_s3_bucket", "aws_s3_account_public_access_block"},
	Actions: []string{
		"s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetAccountPublicAccessBlock",
		"s3:GetBucketPublicAccessBlock", "s3:GetBucketPolicy", "s3:GetBucketAcl", "s3:GetBucketLogging",
		"s3:GetEncryptionConfiguration", "s3:GetBucketVersioning", "s3:GetBucketOwnershipControls",
	},
	Collect: collectS3,
}

// In each region, s3Buckets buckets are read at the same time and at most
// s3CallsInFlight of their calls are inside the SDK at once. A bucket's seven
// reads go out together, so that each waits only for its own API's rate
// limit. Calls beyond what the Limiter lets out wait in the SDK with a built
// request and a deep stack: 64 buckets × 7 calls in each of four regions
// once held 1 800 of them alive (55 MB of stacks), and a 100k-resource
// scan spent a third of its CPU in the garbage collector. Waiting for a
// slot before the SDK costs a few kilobytes.
const (
	s3Buckets       = 16
	s3CallsInFlight = 64
)

// s3ListPageSize is the MaxBuckets of each ListBuckets page (tests lower it).
var s3ListPageSize int32 = 1000

// s3Failure is one per-bucket call that failed.
type s3Failure struct {
	action string
	err    error
}

// s3Result is what was read of one bucket.
type s3Result struct {
	res   *mamori.Resource // nil: bucket skipped (gone, or in a region not scanned)
	fails []s3Failure
}

// collectS3 emits the account-level Block Public Access configuration (S3
// Control) and one aws_s3_bucket per general purpose bucket in a scanned
// region (see docs/resources/s3.md). Buckets are listed once; each bucket is
// then read with a client for its own region. A call that fails for one
// bucket leaves that attribute out of the bucket (so checks reading it are
// ERROR) and is recorded with r.Fail.
func collectS3(ctx context.Context, r *Run) error {
	collectS3AccountPAB(ctx, r)

	home := s3.NewFromConfig(r.Config)
	type listed struct {
		name, region string
		created      *time.Time
	}
	var buckets []listed
	// Sending MaxBuckets makes S3 paginate and name each bucket's region.
	p := s3.NewListBucketsPaginator(home, &s3.ListBucketsInput{MaxBuckets: sdkaws.Int32(s3ListPageSize)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, b := range page.Buckets {
			buckets = append(buckets, listed{sdkaws.ToString(b.Name), sdkaws.ToString(b.BucketRegion), b.CreationDate})
		}
	}

	var (
		mu      sync.Mutex
		clients = map[string]*s3.Client{}
	)
	clientFor := func(region string) *s3.Client {
		mu.Lock()
		defer mu.Unlock()
		if c := clients[region]; c != nil {
			return c
		}
		c := s3.NewFromConfig(r.Config, func(o *s3.Options) { o.Region = region })
		clients[region] = c
		return c
	}
	// Each bucket is emitted as soon as it is read, so that a scan can store
	// it and keep only what its checks read, instead of every bucket being
	// held whole until the last one is done. emitMu keeps Emit and Fail
	// calls of this run one at a time.
	var emitMu sync.Mutex
	slots := map[string]chan struct{}{} // by listed region, filled below
	readOne := func(ctx context.Context, b listed) {
		var res s3Result
		region := b.region
		if region == "" {
			loc, err := home.GetBucketLocation(ctx, &s3.GetBucketLocationInput{Bucket: sdkaws.String(b.name)})
			switch {
			case err != nil && ErrorCode(err) == "NoSuchBucket":
				return
			case err != nil:
				res.fails = append(res.fails, s3Failure{"s3:GetBucketLocation", err})
			default:
				region = s3LocationRegion(string(loc.LocationConstraint))
			}
		}
		if len(res.fails) == 0 {
			if len(r.Regions) > 0 && !contains(r.Regions, region) {
				return
			}
			res = readS3Bucket(ctx, clientFor(region), slots[b.region], r.Partition, b.name, region, b.created)
		}
		if ctx.Err() != nil {
			return
		}
		emitMu.Lock()
		defer emitMu.Unlock()
		for _, f := range res.fails {
			r.Fail(f.action, f.err, "aws_s3_bucket")
		}
		if res.res != nil {
			r.Emit(*res.res)
		}
	}
	// Buckets are read s3Buckets at a time in each region, with calls
	// s3CallsInFlight at a time: every region has its own rate limits, and
	// one region's many buckets must not hold every slot while the others'
	// limits go unused. (Buckets listed without a region share the slots of
	// the "" group, whatever region they turn out to be in.)
	byRegion := map[string][]listed{}
	var order []string
	for _, b := range buckets {
		if byRegion[b.region] == nil {
			order = append(order, b.region)
			slots[b.region] = make(chan struct{}, s3CallsInFlight)
		}
		byRegion[b.region] = append(byRegion[b.region], b)
	}
	g, gctx := errgroup.WithContext(ctx)
	for _, region := range order {
		g.Go(func() error {
			rg, rctx := errgroup.WithContext(gctx)
			rg.SetLimit(s3Buckets)
			for _, b := range byRegion[region] {
				rg.Go(func() error { readOne(rctx, b); return nil })
			}
			return rg.Wait()
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	return ctx.Err()
}

// s3LocationRegion turns a GetBucketLocation answer into a region name.
func s3LocationRegion(loc string) string {
	switch loc {
	case "":
		return "us-east-1"
	case "EU":
		return "eu-west-1"
	}
	return loc
}

// collectS3AccountPAB emits the account's aws_s3_account_public_access_block.
func collectS3AccountPAB(ctx context.Context, r *Run) {
	attrs := map[string]any{"exists": false, "block_public_acls": false, "ignore_public_acls": false,
		"block_public_policy": false, "restrict_public_buckets": false}
	out, err := s3control.NewFromConfig(r.Config).GetPublicAccessBlock(ctx, &s3control.GetPublicAccessBlockInput{AccountId: sdkaws.String(r.Account)})
	switch {
	case err == nil:
		c := out.PublicAccessBlockConfiguration
		attrs["exists"] = true
		if c != nil {
			attrs["block_public_acls"] = sdkaws.ToBool(c.BlockPublicAcls)
			attrs["ignore_public_acls"] = sdkaws.ToBool(c.IgnorePublicAcls)
			attrs["block_public_policy"] = sdkaws.ToBool(c.BlockPublicPolicy)
			attrs["restrict_public_buckets"] = sdkaws.ToBool(c.RestrictPublicBuckets)
		}
	case ErrorCode(err) == "NoSuchPublicAccessBlockConfiguration":
	default:
		r.Fail("s3:GetAccountPublicAccessBlock", err, "aws_s3_account_public_access_block")
		return
	}
	r.Emit(mamori.Resource{Type: "aws_s3_account_public_access_block", ID: r.ARN("s3", "", "account-public-access-block"),
		Name: "account-public-access-block", Attributes: attrs})
}

// readS3Bucket reads one bucket's configuration with a client of its region;
// each call holds one of slots while it is sent.
func readS3Bucket(ctx context.Context, cl *s3.Client, slots chan struct{}, partition, name, region string, created *time.Time) s3Result {
	var res s3Result
	bucket := sdkaws.String(name)
	attrs := map[string]any{"arn": "arn:" + partition + ":s3:::" + name, "bucket": name, "region": region, "creation_date": ""}
	if created != nil {
		attrs["creation_date"] = created.UTC().Format(time.RFC3339)
	}
	// The seven reads do not depend on one another: sent together, each
	// waits only for its own API's rate limit, and a bucket takes one round
	// trip instead of seven in a row.
	var (
		pab  *s3.GetPublicAccessBlockOutput
		pol  *s3.GetBucketPolicyOutput
		acl  *s3.GetBucketAclOutput
		logs *s3.GetBucketLoggingOutput
		enc  *s3.GetBucketEncryptionOutput
		ver  *s3.GetBucketVersioningOutput
		own  *s3.GetBucketOwnershipControlsOutput
		errs [7]error
		wg   sync.WaitGroup
	)
	for i, read := range []func() error{
		func() (err error) {
			pab, err = cl.GetPublicAccessBlock(ctx, &s3.GetPublicAccessBlockInput{Bucket: bucket})
			return err
		},
		func() (err error) {
			pol, err = cl.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: bucket})
			return err
		},
		func() (err error) {
			acl, err = cl.GetBucketAcl(ctx, &s3.GetBucketAclInput{Bucket: bucket})
			return err
		},
		func() (err error) {
			logs, err = cl.GetBucketLogging(ctx, &s3.GetBucketLoggingInput{Bucket: bucket})
			return err
		},
		func() (err error) {
			enc, err = cl.GetBucketEncryption(ctx, &s3.GetBucketEncryptionInput{Bucket: bucket})
			return err
		},
		func() (err error) {
			ver, err = cl.GetBucketVersioning(ctx, &s3.GetBucketVersioningInput{Bucket: bucket})
			return err
		},
		func() (err error) {
			own, err = cl.GetBucketOwnershipControls(ctx, &s3.GetBucketOwnershipControlsInput{Bucket: bucket})
			return err
		},
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				errs[i] = ctx.Err()
				return
			}
			defer func() { <-slots }()
			errs[i] = read()
		}()
	}
	wg.Wait()

	gone := false
	// failed handles a call's error: it reports whether the error means
	// "none configured" (the notFound code); otherwise it notes a bucket
	// deleted meanwhile, or records the failure.
	failed := func(action string, err error, notFound string) (none bool) {
		switch code := ErrorCode(err); {
		case notFound != "" && code == notFound:
			return true
		case code == "NoSuchBucket":
			gone = true
		default:
			res.fails = append(res.fails, s3Failure{action, err})
		}
		return false
	}

	if out, err := pab, errs[0]; err == nil {
		c := out.PublicAccessBlockConfiguration
		if c == nil {
			c = &types.PublicAccessBlockConfiguration{}
		}
		attrs["public_access_block"] = map[string]any{
			"block_public_acls":       sdkaws.ToBool(c.BlockPublicAcls),
			"ignore_public_acls":      sdkaws.ToBool(c.IgnorePublicAcls),
			"block_public_policy":     sdkaws.ToBool(c.BlockPublicPolicy),
			"restrict_public_buckets": sdkaws.ToBool(c.RestrictPublicBuckets),
		}
	} else if none := failed("s3:GetBucketPublicAccessBlock", err, "NoSuchPublicAccessBlockConfiguration"); none {
		attrs["public_access_block"] = nil
	}

	var policy map[string]any
	if out, err := pol, errs[1]; err == nil {
		if jerr := json.Unmarshal([]byte(sdkaws.ToString(out.Policy)), &policy); jerr != nil || policy == nil {
			res.fails = append(res.fails, s3Failure{"s3:GetBucketPolicy", fmt.Errorf("bucket policy of %s is not a JSON object: %v", name, jerr)})
		} else {
			attrs["policy"] = policy
		}
	} else if none := failed("s3:GetBucketPolicy", err, "NoSuchBucketPolicy"); none {
		attrs["policy"] = nil
	}

	if out, err := acl, errs[2]; err == nil {
		grants := []any{}
		for _, g := range out.Grants {
			grants = append(grants, s3Grant(g))
		}
		attrs["acl_grants"] = grants
		attrs["owner_id"] = ""
		if out.Owner != nil {
			attrs["owner_id"] = sdkaws.ToString(out.Owner.ID)
		}
	} else {
		failed("s3:GetBucketAcl", err, "")
	}

	if out, err := logs, errs[3]; err == nil {
		l := map[string]any{"enabled": false, "target_bucket": "", "target_prefix": ""}
		if e := out.LoggingEnabled; e != nil {
			l = map[string]any{"enabled": true, "target_bucket": sdkaws.ToString(e.TargetBucket), "target_prefix": sdkaws.ToString(e.TargetPrefix)}
		}
		attrs["logging"] = l
	} else {
		failed("s3:GetBucketLogging", err, "")
	}

	var blockedEnc []any
	encKnown := false
	if out, err := enc, errs[4]; err == nil {
		encKnown = true
		attrs["encryption"], blockedEnc = s3Encryption(out.ServerSideEncryptionConfiguration)
	} else if none := failed("s3:GetEncryptionConfiguration", err, "ServerSideEncryptionConfigurationNotFoundError"); none {
		encKnown = true
		attrs["encryption"], blockedEnc = s3Encryption(nil)
	}

	if out, err := ver, errs[5]; err == nil {
		attrs["versioning"] = map[string]any{"status": string(out.Status), "mfa_delete": out.MFADelete == types.MFADeleteStatusEnabled}
	} else {
		failed("s3:GetBucketVersioning", err, "")
	}

	if out, err := own, errs[6]; err == nil {
		own := ""
		if oc := out.OwnershipControls; oc != nil && len(oc.Rules) > 0 {
			own = string(oc.Rules[0].ObjectOwnership)
		}
		attrs["ownership_controls"] = own
	} else if none := failed("s3:GetBucketOwnershipControls", err, "OwnershipControlsNotFoundError"); none {
		attrs["ownership_controls"] = ""
	}

	if gone {
		// Deleted while being read: it no longer exists, and neither do
		// the failures about it.
		return s3Result{}
	}

	_, policyKnown := attrs["policy"]
	if policyKnown {
		attrs["tls_only"] = s3DeniesInsecureTransport(policy, name)
	}
	// SSE-C is blocked by the encryption configuration or by a bucket
	// policy; either known "yes" is enough, a "no" needs both known.
	sseC := s3DeniesSSEC(policy, name) || s3ContainsAny(blockedEnc, string(types.EncryptionTypeSseC))
	if sseC || (policyKnown && encKnown) {
		attrs["sse_c_blocked"] = sseC
	}
	res.res = &mamori.Resource{Type: "aws_s3_bucket", ID: attrs["arn"].(string), Name: name, Region: region, Attributes: attrs}
	return res
}

func s3ContainsAny(l []any, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// s3Grant flattens one ACL grant. The SDK does not always fill in the
// grantee type (S3 sends it as a namespaced xsi:type attribute), so it is
// inferred from the grantee's fields when missing.
func s3Grant(g types.Grant) map[string]any {
	out := map[string]any{"grantee_type": "", "grantee_uri": "", "grantee_id": "", "permission": string(g.Permission)}
	if gr := g.Grantee; gr != nil {
		typ := string(gr.Type)
		switch {
		case typ != "":
		case gr.URI != nil:
			typ = string(types.TypeGroup)
		case gr.EmailAddress != nil:
			typ = string(types.TypeAmazonCustomerByEmail)
		case gr.ID != nil:
			typ = string(types.TypeCanonicalUser)
		}
		out["grantee_type"] = typ
		out["grantee_uri"] = sdkaws.ToString(gr.URI)
		out["grantee_id"] = sdkaws.ToString(gr.ID)
		if gr.EmailAddress != nil {
			out["grantee_id"] = sdkaws.ToString(gr.EmailAddress)
		}
	}
	return out
}

// s3Encryption flattens a default encryption configuration (nil: none) and
// returns the blocked encryption types as well.
func s3Encryption(c *types.ServerSideEncryptionConfiguration) (map[string]any, []any) {
	blocked := []any{}
	e := map[string]any{"enabled": false, "sse_algorithm": "", "kms_master_key_id": "", "bucket_key_enabled": false}
	if c != nil && len(c.Rules) > 0 {
		rule := c.Rules[0]
		if d := rule.ApplyServerSideEncryptionByDefault; d != nil {
			e["enabled"] = true
			e["sse_algorithm"] = string(d.SSEAlgorithm)
			e["kms_master_key_id"] = sdkaws.ToString(d.KMSMasterKeyID)
		}
		e["bucket_key_enabled"] = sdkaws.ToBool(rule.BucketKeyEnabled)
		if b := rule.BlockedEncryptionTypes; b != nil {
			for _, t := range b.EncryptionType {
				blocked = append(blocked, string(t))
			}
		}
	}
	e["blocked_encryption_types"] = blocked
	return e, blocked
}

// s3DeniesInsecureTransport reports whether a bucket policy (parsed
// JSON; nil for none) has a statement that denies every principal object
// reads and writes (s3:GetObject and s3:PutObject, e.g. through "s3:*") on
// the bucket's objects when the request is not over TLS: Condition
// {"Bool": {"aws:SecureTransport": "false"}} and no other condition that would
// narrow the denial.
func s3DeniesInsecureTransport(policy map[string]any, bucket string) bool {
	for _, st := range awspolicy.Statements(policy) {
		if !s3DenyEveryoneOnObjects(st, bucket, "s3:GetObject", "s3:PutObject") {
			continue
		}
		op, key, vals, ok := s3SingleCondition(st)
		if !ok || !strings.EqualFold(key, "aws:SecureTransport") {
			continue
		}
		if (strings.EqualFold(op, "Bool") || strings.EqualFold(op, "BoolIfExists")) && s3ContainsFold(vals, "false") {
			return true
		}
	}
	return false
}

// s3DeniesSSEC reports whether a bucket policy denies every principal
// s3:PutObject on the bucket's objects whenever the request carries a
// customer-provided key: Condition {"Null":
// {"s3:x-amz-server-side-encryption-customer-algorithm": "false"}} (AWS's
// recommended statement), or the same key with StringEquals/StringLike
// "AES256" (the only SSE-C algorithm) or StringLike "*".
func s3DeniesSSEC(policy map[string]any, bucket string) bool {
	for _, st := range awspolicy.Statements(policy) {
		if !s3DenyEveryoneOnObjects(st, bucket, "s3:PutObject") {
			continue
		}
		op, key, vals, ok := s3SingleCondition(st)
		if !ok || !strings.EqualFold(key, "s3:x-amz-server-side-encryption-customer-algorithm") {
			continue
		}
		switch strings.ToLower(op) {
		case "null":
			if s3ContainsFold(vals, "false") {
				return true
			}
		case "stringequals", "stringequalsignorecase":
			if s3ContainsFold(vals, "AES256") {
				return true
			}
		case "stringlike":
			if s3ContainsFold(vals, "AES256") || s3ContainsFold(vals, "*") {
				return true
			}
		}
	}
	return false
}

// s3DenyEveryoneOnObjects reports whether st is a Deny for every principal
// covering all of actions on the bucket's objects.
func s3DenyEveryoneOnObjects(st map[string]any, bucket string, actions ...string) bool {
	if eff, _ := st["Effect"].(string); eff != "Deny" {
		return false
	}
	if _, ok := st["NotPrincipal"]; ok || !s3PrincipalIsEveryone(st["Principal"]) {
		return false
	}
	if _, ok := st["NotAction"]; ok {
		return false
	}
	if _, ok := st["NotResource"]; ok {
		return false
	}
	for _, a := range actions {
		if !s3AnyGlob(awspolicy.Strings(st["Action"]), a, true) {
			return false
		}
	}
	obj := "arn:*:s3:::" + bucket + "/*"
	for _, res := range awspolicy.Strings(st["Resource"]) {
		if res == "*" || s3Glob(res, obj, false) || s3ResourceCoversObjects(res, bucket) {
			return true
		}
	}
	return false
}

// s3ResourceCoversObjects reports whether a resource pattern matches every
// object of the bucket, in any partition.
func s3ResourceCoversObjects(pattern, bucket string) bool {
	parts := strings.SplitN(pattern, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "s3" {
		return false
	}
	return s3Glob(parts[5], bucket+"/*", false) && s3Glob(parts[5], bucket+"/any/object", false)
}

// s3SingleCondition returns the statement's only condition (operator, key,
// values); ok is false when there is none or more than one.
func s3SingleCondition(st map[string]any) (op, key string, vals []string, ok bool) {
	cond, _ := st["Condition"].(map[string]any)
	if len(cond) != 1 {
		return "", "", nil, false
	}
	for o, kv := range cond {
		m, _ := kv.(map[string]any)
		if len(m) != 1 {
			return "", "", nil, false
		}
		for k, v := range m {
			return o, k, awspolicy.Strings(v), true
		}
	}
	return "", "", nil, false
}

// s3PrincipalIsEveryone reports whether a Principal element means anyone:
// "*", {"AWS": "*"} or a list containing "*".
func s3PrincipalIsEveryone(p any) bool {
	switch x := p.(type) {
	case string:
		return x == "*"
	case map[string]any:
		for k, v := range x {
			if k == "AWS" && slices.Contains(awspolicy.Strings(v), "*") {
				return true
			}
		}
	}
	return false
}

func s3ContainsFold(l []string, s string) bool {
	for _, x := range l {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// s3AnyGlob reports whether one of the patterns matches s.
func s3AnyGlob(patterns []string, s string, fold bool) bool {
	for _, p := range patterns {
		if s3Glob(p, s, fold) {
			return true
		}
	}
	return false
}

// s3Glob matches s against an IAM pattern where * is any run of
// characters and ? any one character; fold makes it case-insensitive (as
// IAM matches actions).
func s3Glob(pattern, s string, fold bool) bool {
	if fold {
		pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	}
	return mamori.GlobMatch(pattern, s)
}
