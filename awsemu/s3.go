package awsemu

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// S3 is an account's S3 state: its buckets, each living in one region though
// listed globally, and the account-level Block Public Access configuration
// that S3 Control serves.
type S3 struct {
	// AccountPublicAccessBlock is the account-level Block Public Access
	// configuration; nil means none was ever set (S3 Control answers
	// NoSuchPublicAccessBlockConfiguration).
	AccountPublicAccessBlock *S3PublicAccessBlock `yaml:"account_public_access_block"`
	// Buckets are the account's general purpose buckets.
	Buckets []*S3Bucket `yaml:"buckets"`
	// NoBucketRegion makes ListBuckets leave BucketRegion out of its answer,
	// as S3 did before August 2024, so that a client must ask GetBucketLocation.
	NoBucketRegion bool `yaml:"no_bucket_region"`

	index *byName[S3Bucket] // bucketNamed
}

// S3PublicAccessBlock is one Block Public Access configuration (bucket or
// account level).
type S3PublicAccessBlock struct {
	BlockPublicAcls       bool `yaml:"block_public_acls"`
	IgnorePublicAcls      bool `yaml:"ignore_public_acls"`
	BlockPublicPolicy     bool `yaml:"block_public_policy"`
	RestrictPublicBuckets bool `yaml:"restrict_public_buckets"`
}

// S3Bucket is one general purpose bucket.
type S3Bucket struct {
	Name string `yaml:"name"`
	// Region is where the bucket lives; default the account's first region.
	Region string `yaml:"region"`
	// Created is the creation time (RFC3339); default 2024-04-01T00:00:00Z.
	Created string `yaml:"created"`
	// Policy is the bucket policy as raw JSON; empty means none.
	Policy string `yaml:"policy"`
	// ACL lists the grants besides the owner's FULL_CONTROL, which every
	// bucket ACL has. Ignored (not served) when Ownership is BucketOwnerEnforced,
	// since S3 then disables ACLs.
	ACL []S3Grant `yaml:"acl"`
	// PublicAccessBlock is the bucket-level Block Public Access
	// configuration; nil means none.
	PublicAccessBlock *S3PublicAccessBlock `yaml:"public_access_block"`
	// Logging is the server access logging target; nil means logging is off.
	Logging *S3Logging `yaml:"logging"`
	// Encryption is the default encryption configuration; nil means the
	// default every bucket has had since January 2023 (SSE-S3).
	Encryption *S3Encryption `yaml:"encryption"`
	// Versioning is "" (never enabled), Enabled or Suspended.
	Versioning string `yaml:"versioning"`
	// MFADelete is whether versioning requires MFA to delete versions.
	MFADelete bool `yaml:"mfa_delete"`
	// Ownership is the Object Ownership setting: BucketOwnerEnforced,
	// BucketOwnerPreferred, ObjectWriter, or "" for no ownership controls.
	Ownership string `yaml:"ownership"`
	// Objects are the bucket's objects (CloudTrail log files for
	// `mamori audit ingest --s3`), listed in key order.
	Objects []S3Object `yaml:"objects"`
}

// S3Object is one object: its key, content and modification time.
type S3Object struct {
	Key  string `yaml:"key"`
	Body string `yaml:"body"`
	// Modified defaults to 2024-04-01T00:00:00Z.
	Modified When `yaml:"modified"`
}

// S3Grant is one bucket ACL grant. Exactly one of Group, ID and Email names
// the grantee.
type S3Grant struct {
	// Group is AllUsers, AuthenticatedUsers, LogDelivery or a full group URI.
	Group string `yaml:"group"`
	// ID is another account's canonical user id.
	ID string `yaml:"id"`
	// Email is an account's e-mail address (AmazonCustomerByEmail).
	Email string `yaml:"email"`
	// Permission is READ, WRITE, READ_ACP, WRITE_ACP or FULL_CONTROL.
	Permission string `yaml:"permission"`
}

// S3Logging is a bucket's server access logging target.
type S3Logging struct {
	TargetBucket string `yaml:"target_bucket"`
	TargetPrefix string `yaml:"target_prefix"`
}

// S3Encryption is a bucket's default encryption configuration.
type S3Encryption struct {
	// Algorithm is AES256 (default), aws:kms, aws:kms:dsse, or "none" for a
	// bucket with no default encryption configuration at all (S3 answers
	// ServerSideEncryptionConfigurationNotFoundError).
	Algorithm string `yaml:"algorithm"`
	// KMSKeyID is the KMS key (id, ARN or alias ARN) for aws:kms algorithms.
	KMSKeyID string `yaml:"kms_key_id"`
	// BucketKey is whether S3 Bucket Keys are enabled.
	BucketKey bool `yaml:"bucket_key"`
	// BlockSSEC blocks uploads with customer-provided keys (SSE-C) through
	// the rule's BlockedEncryptionTypes.
	BlockSSEC bool `yaml:"block_sse_c"`
}

const (
	s3NS        = "http://s3.amazonaws.com/doc/2006-03-01/"
	s3GroupBase = "http://acs.amazonaws.com/groups/"
)

// s3HostRE splits an S3 host name into the bucket (virtual-hosted style,
// possibly empty) and the endpoint: s3.amazonaws.com, s3.<region>...,
// s3.dualstack.<region>..., s3-<region>... The bucket part is greedy so that
// a bucket name containing an "s3" label still parses.
var s3HostRE = regexp.MustCompile(`^(?:(.+)\.)?s3(?:[.-](?:dualstack\.)?[a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$`)

// s3Target returns the bucket a request is for (from the host in
// virtual-hosted style, else the first path segment) and the object key.
func s3Target(c *Call) (bucket, key string) {
	host := c.Req.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	path := c.Req.URL.EscapedPath()
	if p, err := url.PathUnescape(path); err == nil {
		path = p
	}
	path = strings.TrimPrefix(path, "/")
	if m := s3HostRE.FindStringSubmatch(strings.ToLower(host)); m != nil && m[1] != "" {
		return m[1], path
	}
	bucket, key, _ = strings.Cut(path, "/")
	return bucket, key
}

// s3Subresources maps a bucket sub-resource query parameter to the GET
// operation it selects.
var s3Subresources = []struct{ param, op string }{
	{"location", "GetBucketLocation"},
	{"publicAccessBlock", "GetPublicAccessBlock"},
	{"policyStatus", "GetBucketPolicyStatus"},
	{"policy", "GetBucketPolicy"},
	{"acl", "GetBucketAcl"},
	{"logging", "GetBucketLogging"},
	{"encryption", "GetBucketEncryption"},
	{"versioning", "GetBucketVersioning"},
	{"ownershipControls", "GetBucketOwnershipControls"},
	{"tagging", "GetBucketTagging"},
}

func s3Route(c *Call) Handler {
	bucket, key := s3Target(c)
	q := c.Req.URL.Query()
	c.Op = q.Get("x-id")
	if bucket == "" {
		if c.Req.Method == "GET" && (c.Op == "" || c.Op == "ListBuckets") {
			c.Op = "ListBuckets"
			return s3ListBuckets
		}
		return nil
	}
	c.Params["Bucket"] = bucket
	if key != "" || c.Req.Method != "GET" {
		if c.Op == "" {
			c.Op = c.Req.Method + "Object"
		}
		if c.Op == "GetObject" {
			c.Params["Key"] = key
			return s3GetObject
		}
		return nil
	}
	for _, s := range s3Subresources {
		if q.Has(s.param) {
			c.Op = s.op
			switch s.op {
			case "GetBucketLocation":
				return s3GetBucketLocation
			case "GetPublicAccessBlock":
				return s3GetPublicAccessBlock
			case "GetBucketPolicyStatus":
				return nil
			case "GetBucketPolicy":
				return s3GetBucketPolicy
			case "GetBucketAcl":
				return s3GetBucketAcl
			case "GetBucketLogging":
				return s3GetBucketLogging
			case "GetBucketEncryption":
				return s3GetBucketEncryption
			case "GetBucketVersioning":
				return s3GetBucketVersioning
			case "GetBucketOwnershipControls":
				return s3GetBucketOwnershipControls
			}
			return nil
		}
	}
	if q.Get("list-type") == "2" {
		c.Op = "ListObjectsV2"
		return s3ListObjectsV2
	}
	if c.Op == "" {
		c.Op = "ListObjects"
	}
	return nil
}

var s3DefaultModified = time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)

// s3ListObjectsV2 lists objects by key order with prefix, start-after,
// max-keys (default and cap 1000) and continuation tokens (the last key
// listed).
func s3ListObjectsV2(c *Call) error {
	b, err := c.s3Bucket(false)
	if err != nil {
		return err
	}
	q := c.Req.URL.Query()
	prefix, after := q.Get("prefix"), q.Get("start-after")
	if tok := q.Get("continuation-token"); tok != "" {
		after = tok
	}
	max := 1000
	if m, err := strconv.Atoi(q.Get("max-keys")); err == nil && m >= 0 && m < max {
		max = m
	}
	objs := append([]S3Object(nil), b.Objects...)
	sort.Slice(objs, func(i, j int) bool { return objs[i].Key < objs[j].Key })
	type content struct {
		Key          string
		LastModified string
		ETag         string
		Size         int
		StorageClass string
	}
	out := struct {
		XMLName               xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListBucketResult"`
		Name                  string
		Prefix                string
		KeyCount              int
		MaxKeys               int
		IsTruncated           bool
		Contents              []content
		NextContinuationToken string `xml:",omitempty"`
		StartAfter            string `xml:",omitempty"`
	}{Name: b.Name, Prefix: prefix, MaxKeys: max, StartAfter: q.Get("start-after")}
	for _, o := range objs {
		if !strings.HasPrefix(o.Key, prefix) || o.Key <= after {
			continue
		}
		if len(out.Contents) == max {
			out.IsTruncated = true
			out.NextContinuationToken = out.Contents[len(out.Contents)-1].Key
			break
		}
		sum := sha256.Sum256([]byte(o.Body))
		out.Contents = append(out.Contents, content{Key: o.Key, LastModified: o.Modified.Time(s3DefaultModified).Format("2006-01-02T15:04:05.000Z"),
			ETag: `"` + hex.EncodeToString(sum[:16]) + `"`, Size: len(o.Body), StorageClass: "STANDARD"})
	}
	out.KeyCount = len(out.Contents)
	return c.XMLResult(out)
}

// s3GetObject answers an object's body.
func s3GetObject(c *Call) error {
	b, err := c.s3Bucket(false)
	if err != nil {
		return err
	}
	for _, o := range b.Objects {
		if o.Key == c.Params["Key"] {
			c.w.Header().Set("Last-Modified", o.Modified.Time(s3DefaultModified).Format(http.TimeFormat))
			return c.RawResult("application/octet-stream", []byte(o.Body))
		}
	}
	return NotFound("NoSuchKey", "The specified key does not exist.")
}

func (c *Call) s3() *S3 {
	if c.Account.S3 != nil {
		return c.Account.S3
	}
	return &S3{}
}

// s3Owner returns the account's canonical user id (64 hex characters,
// derived from the account id so that it is stable).
func s3Owner(a *Account) string {
	sum := sha256.Sum256([]byte("canonical:" + a.ID))
	return hex.EncodeToString(sum[:])
}

func (a *Account) bucketRegion(b *S3Bucket) string {
	if b.Region != "" {
		return b.Region
	}
	return a.Regions[0]
}

func (b *S3Bucket) created() string {
	if b.Created != "" {
		return b.Created
	}
	return "2024-04-01T00:00:00Z"
}

// s3Bucket finds the request's bucket. A bucket in another region than the
// one the request was signed for gets the PermanentRedirect S3 answers, with
// the bucket's region in x-amz-bucket-region, unless anyRegion is set
// (GetBucketLocation answers from every region).
func (c *Call) s3Bucket(anyRegion bool) (*S3Bucket, error) {
	name := c.Params["Bucket"]
	if b := c.s3().bucketNamed(name); b != nil {
		if r := c.Account.bucketRegion(b); !anyRegion && r != c.Region {
			c.w.Header().Set("x-amz-bucket-region", r)
			return nil, &APIError{Code: "PermanentRedirect", Status: 301,
				Message: fmt.Sprintf("The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint: %s.s3.%s.amazonaws.com", name, r)}
		}
		return b, nil
	}
	return nil, NotFound("NoSuchBucket", "The specified bucket does not exist")
}

func s3ListBuckets(c *Call) error {
	q := c.Req.URL.Query()
	s := c.s3()
	// Since August 2024 S3 paginates ListBuckets and names each bucket's
	// region, but only when the request has one of the new parameters.
	paged := q.Has("max-buckets") || q.Has("continuation-token") || q.Has("prefix") || q.Has("bucket-region")
	var all []*S3Bucket
	for _, b := range s.Buckets {
		if p := q.Get("prefix"); p != "" && !strings.HasPrefix(b.Name, p) {
			continue
		}
		if r := q.Get("bucket-region"); r != "" && c.Account.bucketRegion(b) != r {
			continue
		}
		all = append(all, b)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	start, end, next := 0, len(all), ""
	if paged {
		size := 10000
		if v := q.Get("max-buckets"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 10000 {
				return Errf("InvalidArgument", "max-buckets must be between 1 and 10000")
			}
			size = n
		}
		start, end, next = Page(len(all), q.Get("continuation-token"), size, size)
	}
	type bucket struct {
		Name         string
		CreationDate string
		BucketRegion string `xml:",omitempty"`
	}
	out := struct {
		XMLName           xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListAllMyBucketsResult"`
		Buckets           []bucket `xml:"Buckets>Bucket"`
		OwnerID           string   `xml:"Owner>ID"`
		ContinuationToken string   `xml:",omitempty"`
		Prefix            string   `xml:",omitempty"`
	}{OwnerID: s3Owner(c.Account), ContinuationToken: next, Prefix: q.Get("prefix")}
	for _, b := range all[start:end] {
		e := bucket{Name: b.Name, CreationDate: b.created()}
		if paged && !s.NoBucketRegion {
			e.BucketRegion = c.Account.bucketRegion(b)
		}
		out.Buckets = append(out.Buckets, e)
	}
	return c.XMLResult(out)
}

func s3GetBucketLocation(c *Call) error {
	b, err := c.s3Bucket(true)
	if err != nil {
		return err
	}
	loc := c.Account.bucketRegion(b)
	if loc == "us-east-1" {
		// Buckets in us-east-1 have a null location constraint.
		return c.RawResult("application/xml", []byte(xml.Header+`<LocationConstraint xmlns="`+s3NS+`"/>`))
	}
	return c.RawResult("application/xml", []byte(xml.Header+`<LocationConstraint xmlns="`+s3NS+`">`+esc(loc)+`</LocationConstraint>`))
}

// s3PABXML is a PublicAccessBlockConfiguration document (S3 and S3 Control).
type s3PABXML struct {
	XMLName               xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ PublicAccessBlockConfiguration"`
	BlockPublicAcls       bool
	IgnorePublicAcls      bool
	BlockPublicPolicy     bool
	RestrictPublicBuckets bool
}

func pabXML(p *S3PublicAccessBlock) s3PABXML {
	return s3PABXML{BlockPublicAcls: p.BlockPublicAcls, IgnorePublicAcls: p.IgnorePublicAcls,
		BlockPublicPolicy: p.BlockPublicPolicy, RestrictPublicBuckets: p.RestrictPublicBuckets}
}

func s3GetPublicAccessBlock(c *Call) error {
	b, err := c.s3Bucket(false)
	if err != nil {
		return err
	}
	if b.PublicAccessBlock == nil {
		return NotFound("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found")
	}
	return c.XMLResult(pabXML(b.PublicAccessBlock))
}

func s3GetBucketPolicy(c *Call) error {
	b, err := c.s3Bucket(false)
	if err != nil {
		return err
	}
	if b.Policy == "" {
		return NotFound("NoSuchBucketPolicy", "The bucket policy does not exist")
	}
	return c.RawResult("application/json", []byte(b.Policy))
}

func s3GetBucketAcl(c *Call) error {
	b, err := c.s3Bucket(false)
	if err != nil {
		return err
	}
	owner := s3Owner(c.Account)
	var sb strings.Builder
	grant := func(typ, inner, perm string) {
		fmt.Fprintf(&sb, `<Grant><Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="%s">%s</Grantee><Permission>%s</Permission></Grant>`, typ, inner, esc(perm))
	}
	grant("CanonicalUser", "<ID>"+owner+"</ID>", "FULL_CONTROL")
	if b.Ownership != "BucketOwnerEnforced" {
		for _, g := range b.ACL {
			switch {
			case g.Group != "":
				uri := g.Group
				if !strings.Contains(uri, "://") {
					uri = s3GroupURI(uri)
				}
				grant("Group", "<URI>"+esc(uri)+"</URI>", g.Permission)
			case g.Email != "":
				grant("AmazonCustomerByEmail", "<EmailAddress>"+esc(g.Email)+"</EmailAddress>", g.Permission)
			default:
				grant("CanonicalUser", "<ID>"+esc(g.ID)+"</ID>", g.Permission)
			}
		}
	}
	body := fmt.Sprintf(`%s<AccessControlPolicy xmlns="%s"><Owner><ID>%s</ID></Owner><AccessControlList>%s</AccessControlList></AccessControlPolicy>`,
		xml.Header, s3NS, owner, sb.String())
	return c.RawResult("application/xml", []byte(body))
}

// s3GroupURI expands a predefined group's short name.
func s3GroupURI(name string) string {
	if name == "LogDelivery" {
		return s3GroupBase + "s3/LogDelivery"
	}
	return s3GroupBase + "global/" + name
}

func s3GetBucketLogging(c *Call) error {
	b, err := c.s3Bucket(false)
	if err != nil {
		return err
	}
	type enabled struct {
		TargetBucket string
		TargetPrefix string
	}
	out := struct {
		XMLName        xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ BucketLoggingStatus"`
		LoggingEnabled *enabled
	}{}
	if b.Logging != nil {
		out.LoggingEnabled = &enabled{b.Logging.TargetBucket, b.Logging.TargetPrefix}
	}
	return c.XMLResult(out)
}

func s3GetBucketEncryption(c *Call) error {
	b, err := c.s3Bucket(false)
	if err != nil {
		return err
	}
	e := b.Encryption
	if e == nil {
		e = &S3Encryption{}
	}
	alg := e.Algorithm
	switch alg {
	case "none":
		return NotFound("ServerSideEncryptionConfigurationNotFoundError", "The server side encryption configuration was not found")
	case "":
		alg = "AES256"
	}
	type blocked struct {
		EncryptionType []string
	}
	type rule struct {
		SSEAlgorithm           string   `xml:"ApplyServerSideEncryptionByDefault>SSEAlgorithm"`
		KMSMasterKeyID         string   `xml:"ApplyServerSideEncryptionByDefault>KMSMasterKeyID,omitempty"`
		BucketKeyEnabled       bool     `xml:"BucketKeyEnabled"`
		BlockedEncryptionTypes *blocked `xml:"BlockedEncryptionTypes,omitempty"`
	}
	r := rule{SSEAlgorithm: alg, KMSMasterKeyID: e.KMSKeyID, BucketKeyEnabled: e.BucketKey}
	if e.BlockSSEC {
		r.BlockedEncryptionTypes = &blocked{[]string{"SSE-C"}}
	}
	return c.XMLResult(struct {
		XMLName xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ServerSideEncryptionConfiguration"`
		Rule    rule
	}{Rule: r})
}

func s3GetBucketVersioning(c *Call) error {
	b, err := c.s3Bucket(false)
	if err != nil {
		return err
	}
	out := struct {
		XMLName   xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ VersioningConfiguration"`
		Status    string   `xml:",omitempty"`
		MfaDelete string   `xml:",omitempty"`
	}{Status: b.Versioning}
	if b.Versioning != "" {
		out.MfaDelete = "Disabled"
		if b.MFADelete {
			out.MfaDelete = "Enabled"
		}
	}
	return c.XMLResult(out)
}

func s3GetBucketOwnershipControls(c *Call) error {
	b, err := c.s3Bucket(false)
	if err != nil {
		return err
	}
	if b.Ownership == "" {
		return NotFound("OwnershipControlsNotFoundError", "The bucket ownership controls were not found")
	}
	return c.XMLResult(struct {
		XMLName   xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ OwnershipControls"`
		Ownership string   `xml:"Rule>ObjectOwnership"`
	}{Ownership: b.Ownership})
}

// S3 Control answers with the account id in the host name:
// <account>.s3-control.<region>.amazonaws.com.
func s3controlRoute(c *Call) Handler {
	if c.Req.Method == "GET" && strings.TrimSuffix(c.Req.URL.Path, "/") == "/v20180820/configuration/publicAccessBlock" {
		c.Op = "GetPublicAccessBlock"
		return s3controlGetPublicAccessBlock
	}
	return nil
}

// s3controlFail writes an S3 Control error, which, unlike S3's, wraps the
// <Error> element in <ErrorResponse>.
func (c *Call) s3controlFail(e *APIError) error {
	c.written = true
	rid := requestID()
	c.w.Header().Set("x-amz-request-id", rid)
	body := fmt.Sprintf(`%s<ErrorResponse><Error><Code>%s</Code><Message>%s</Message></Error><RequestId>%s</RequestId><HostId>%s</HostId></ErrorResponse>`,
		xml.Header, esc(e.Code), esc(e.Message), rid, rid)
	writeRaw(c.w, e.Status, "application/xml", []byte(body))
	return nil
}

func s3controlGetPublicAccessBlock(c *Call) error {
	acct := c.Req.Header.Get("x-amz-account-id")
	if acct == "" {
		acct, _, _ = strings.Cut(c.Req.Host, ".")
	}
	if acct != c.Account.ID {
		return c.s3controlFail(&APIError{Code: "AccessDenied", Status: 403,
			Message: fmt.Sprintf("Access Denied: account %s cannot read the configuration of account %s", c.Account.ID, acct)})
	}
	p := c.s3().AccountPublicAccessBlock
	if p == nil {
		return c.s3controlFail(NotFound("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found"))
	}
	return c.XMLResult(pabXML(p))
}

// synthS3 adds n buckets, spread over the account's regions, most of them
// configured the way AWS now creates buckets (Block Public Access on, ACLs
// disabled, SSE-S3) and the rest with the usual mistakes: public website
// policies, public ACLs, no versioning, no logging, SSE-C allowed.
func synthS3(g *Gen, a *Account, region string, n int) {
	s := &S3{}
	if g.Chance(0.6) {
		s.AccountPublicAccessBlock = &S3PublicAccessBlock{true, true, true, true}
	} else if g.Chance(0.5) {
		s.AccountPublicAccessBlock = &S3PublicAccessBlock{BlockPublicAcls: true, BlockPublicPolicy: true}
	}
	base := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	kinds := []string{"assets", "logs", "backup", "data", "exports", "uploads", "static", "artifacts", "archive", "reports"}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("synth-%s-%s-%04d", g.Pick(kinds...), g.ID(6), i)
		reg := a.Regions[g.R.IntN(len(a.Regions))]
		if g.Chance(0.4) {
			reg = region
		}
		b := &S3Bucket{Name: name, Region: reg,
			Created: base.Add(time.Duration(g.R.IntN(6*365*24)) * time.Hour).Format(time.RFC3339)}
		// Most buckets: Block Public Access on, ACLs disabled.
		if g.Chance(0.8) {
			b.PublicAccessBlock = &S3PublicAccessBlock{true, true, true, true}
			b.Ownership = "BucketOwnerEnforced"
		} else {
			b.Ownership = g.Pick("", "ObjectWriter", "BucketOwnerPreferred")
			if g.Chance(0.3) {
				b.PublicAccessBlock = &S3PublicAccessBlock{BlockPublicAcls: true, IgnorePublicAcls: true}
			}
			switch {
			case g.Chance(0.3):
				b.Policy = fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::%s/*"}]}`, name)
			case g.Chance(0.3):
				b.ACL = append(b.ACL, S3Grant{Group: g.Pick("AllUsers", "AuthenticatedUsers"), Permission: g.Pick("READ", "READ", "WRITE", "FULL_CONTROL")})
			case g.Chance(0.3):
				b.Policy = fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::%s/*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-%s"}}}]}`, name, g.ID(17))
			}
		}
		if b.Policy == "" && g.Chance(0.35) {
			b.Policy = fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::%s","arn:aws:s3:::%s/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`, name, name)
		}
		if g.Chance(0.45) {
			b.Logging = &S3Logging{TargetBucket: "synth-access-logs-" + reg, TargetPrefix: name + "/"}
		}
		switch {
		case g.Chance(0.3):
			b.Encryption = &S3Encryption{Algorithm: "aws:kms", KMSKeyID: fmt.Sprintf("arn:aws:kms:%s:%s:key/%s-%s-%s-%s-%s", reg, a.ID, g.ID(8), g.ID(4), g.ID(4), g.ID(4), g.ID(12)), BucketKey: g.Chance(0.7)}
		case g.Chance(0.03):
			b.Encryption = &S3Encryption{Algorithm: "none"}
		}
		if g.Chance(0.2) {
			if b.Encryption == nil {
				b.Encryption = &S3Encryption{}
			}
			b.Encryption.BlockSSEC = b.Encryption.Algorithm != "none"
		}
		switch {
		case g.Chance(0.5):
			b.Versioning = "Enabled"
			b.MFADelete = g.Chance(0.05)
		case g.Chance(0.1):
			b.Versioning = "Suspended"
		}
		s.Buckets = append(s.Buckets, b)
	}
	a.S3 = s
}
