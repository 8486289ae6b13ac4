// Package awsemu is an in-process emulator of the AWS wire protocols (query/XML,
// EC2 query, REST-XML, JSON 1.1 and REST-JSON) that answers the real
// aws-sdk-go-v2 clients from a World: a description of accounts, regions and
// resources. The collectors' tests run through it, `mamori scan --demo` scans a
// seeded insecure world with it, and the benchmarks scan a synthetic world
// with injected latency and throttling.
//
// It is read-only: it answers the Describe/Get/List calls mamori makes and
// nothing else (an unknown operation gets an InvalidAction / UnknownOperation
// error, as AWS would answer).
package awsemu

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Protocols spoken by the emulated services.
const (
	protoQuery    = "query"      // IAM, STS, RDS: form body, <OpResponse><OpResult>
	protoEC2      = "ec2"        // EC2: form body, <OpResponse> with fields directly inside
	protoJSON     = "json"       // KMS, CloudTrail, Config: X-Amz-Target, JSON 1.1
	protoRESTJSON = "rest-json"  // GuardDuty, Security Hub
	protoRESTXML  = "rest-xml"   // S3, S3 Control
	protoRPCCBOR  = "rpcv2-cbor" // CloudWatch: Smithy RPC v2, CBOR bodies
)

// Handler answers one operation. It writes its response through c and returns
// an *APIError (or any error, reported as InternalFailure) on failure.
type Handler func(c *Call) error

// service is one emulated AWS service.
type service struct {
	name     string // signing name as in the Authorization header, e.g. "iam"
	protocol string
	// route picks the operation for a request. For query and JSON protocols
	// c.Op is already set from Action / X-Amz-Target; REST services set c.Op
	// (and path parameters in c.Params) themselves.
	route func(c *Call) Handler
}

// Call is one request being answered.
type Call struct {
	Server  *Server
	Account *Account
	Region  string
	Service string
	Op      string
	Req     *http.Request
	Form    url.Values        // query-protocol parameters (body and URL query)
	Body    []byte            // raw body for JSON protocols
	Params  map[string]string // REST path parameters
	w       http.ResponseWriter
	proto   string
	written bool
	// cborError: the client asked for query-compatible error codes.
	cborError bool
	// xmlMaps: members a generic query answer encodes as maps.
	xmlMaps map[string]bool
	// xmlNames: a generic query answer's list element names (default <member>).
	xmlNames map[string]string
	// xmlItems, xmlNS: a generic REST-XML answer's list element names and namespace.
	xmlItems map[string]string
	xmlNS    string
}

// APIError is an AWS error response.
type APIError struct {
	Code    string
	Message string
	Status  int
}

func (e *APIError) Error() string { return e.Code + ": " + e.Message }

// Errf makes an APIError with a 400 status.
func Errf(code, format string, args ...any) *APIError {
	return &APIError{Code: code, Message: fmt.Sprintf(format, args...), Status: 400}
}

// NotFound makes an APIError with a 404 status.
func NotFound(code, format string, args ...any) *APIError {
	return &APIError{Code: code, Message: fmt.Sprintf(format, args...), Status: 404}
}

// Faults are what the emulator injects, for tests and benchmarks.
type Faults struct {
	// Latency is added to every request.
	Latency time.Duration `yaml:"latency"`
	// RateLimit is the number of requests per second each API (service:Op, per
	// account and region) accepts before answering with a throttling error; 0
	// means unlimited. Burst is the bucket size (default 1 when RateLimit > 0).
	RateLimit float64 `yaml:"rate_limit"`
	Burst     int     `yaml:"burst"`
	// Deny answers AccessDenied for these APIs: "s3:GetBucketPolicy",
	// "guardduty:*", or with a region suffix "ec2:*@eu-west-1".
	Deny []string `yaml:"deny"`
	// Throttle always answers a throttling error for these APIs (same syntax).
	Throttle []string `yaml:"throttle"`
	// ExpiredCredentials answers every call with ExpiredToken, as AWS does
	// for a session whose token has run out.
	ExpiredCredentials bool `yaml:"expired_credentials"`
	// Truncate cuts the answers of these APIs (same syntax as Deny) to half
	// their length, as a connection dropped mid-page would.
	Truncate []string `yaml:"truncate"`
	// Gone are resources deleted between a list and a describe, as
	// "service:name": list calls still show them, calls on them answer the
	// API's not-found error (generic services). A Deny entry of the form
	// "service:Op#name" denies one API on one resource only.
	Gone []string `yaml:"gone"`
}

// Server is a running emulator.
type Server struct {
	world *World
	// unavail holds "endpoint-prefix.region" of the services the world
	// marks unavailable, gathered once (unavailOnce).
	unavail     map[string]bool
	unavailOnce sync.Once
	faults      Faults
	ln          net.Listener
	srv         *http.Server
	url         string

	mu      sync.Mutex
	buckets map[string]*bucket
	calls   map[string]*atomic.Int64
	perKey  map[string]int64
	// direct are the accounts called with their own keys; assumedBy maps
	// each account called through an assumed-role session to the account
	// that assumed it.
	direct    map[string]bool
	assumedBy map[string]string
	total     atomic.Int64
	thr       atomic.Int64
	org       orgState
	// index finds items of the generic services' collections.
	index itemIndex
}

type bucket struct {
	tokens float64
	last   time.Time
}

// New returns an emulator for w that is not yet listening.
func New(w *World, f Faults) *Server {
	if f.RateLimit > 0 && f.Burst <= 0 {
		f.Burst = 1
	}
	w.linkOrganization()
	return &Server{world: w, faults: f, buckets: map[string]*bucket{}, calls: map[string]*atomic.Int64{}, perKey: map[string]int64{},
		direct: map[string]bool{}, assumedBy: map[string]string{},
		org: orgState{sessions: map[string]*session{}, calls: map[string]int64{}, closed: map[string]bool{}}}
}

// Start listens on a loopback port. Close stops it.
func (s *Server) Start() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("emulator: %w", err)
	}
	s.ln = ln
	s.url = "http://" + ln.Addr().String()
	s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln) //nolint:errcheck // returns on Close
	return nil
}

// Close stops the server.
func (s *Server) Close() error {
	if s.srv == nil {
		return nil
	}
	return s.srv.Close()
}

// URL is the emulator's base URL.
func (s *Server) URL() string { return s.url }

// World returns the world the emulator serves.
func (s *Server) World() *World { return s.world }

// HTTPClient returns a client that sends every request, whatever its host, to
// the emulator over plain HTTP, keeping the original Host header. The SDK thus
// resolves real endpoints (iam.amazonaws.com, bucket.s3.region.amazonaws.com,
// 123456789012.s3-control...) and the emulator routes on them.
func (s *Server) HTTPClient() *http.Client {
	c := httpClient(s.url)
	c.Transport = rewrite{c.Transport.(rewrite).rt, s.unavailable}
	return c
}

func httpClient(url string) *http.Client {
	addr := strings.TrimPrefix(url, "http://")
	tr := &http.Transport{
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
		MaxIdleConns:        256,
		MaxIdleConnsPerHost: 64,
		IdleConnTimeout:     30 * time.Second,
	}
	return &http.Client{Transport: rewrite{rt: tr}}
}

type rewrite struct {
	rt http.RoundTripper
	// unreachable, when set, reports hosts that do not resolve (a service
	// not offered in a region): the request fails as a DNS lookup would.
	unreachable func(host string) bool
}

func (r rewrite) RoundTrip(req *http.Request) (*http.Response, error) {
	if r.unreachable != nil && r.unreachable(req.URL.Host) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: req.URL.Host, IsNotFound: true}}
	}
	req = req.Clone(req.Context())
	// The SDK closes the request body as soon as the response headers arrive;
	// against an in-process server that answers at once, that close can land
	// while the transport still holds the body and kill the connection mid
	// response (then the SDK retries). Sending a private copy of the body
	// keeps the SDK's close away from the connection.
	if req.Body != nil && req.Body != http.NoBody {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(b))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(b)), nil }
	}
	if req.Host == "" {
		req.Host = req.URL.Host
	}
	// Every host is the emulator: one pool of connections serves them all.
	// (Pooled by host name, each S3 bucket's own endpoint opened
	// connections of its own; at --demo-scale 100000 their buffers were
	// 17 % of all the bytes the scan allocated.)
	req.URL.Scheme, req.URL.Host = "http", "emulator"
	return r.rt.RoundTrip(req)
}

// Config returns an aws.Config whose clients talk to the emulator with the
// first account's credentials, with the SDK's adaptive retry on throttling.
func (s *Server) Config(region string) sdkaws.Config {
	akid := "AKIAEMULATOR00000000"
	if len(s.world.Accounts) > 0 {
		akid = s.world.Accounts[0].accessKey()
	}
	cfg := ClientConfig(s.url, akid, region)
	cfg.HTTPClient = s.HTTPClient()
	return cfg
}

// unavailable reports whether host ("lambda.eu-west-1.amazonaws.com") is a
// service endpoint some account's world marks unavailable in that region.
// The world's lists are gathered once, on the first request: the transport
// asks for every call, and walking every account then cost an organisation
// benchmark over a second of CPU.
func (s *Server) unavailable(host string) bool {
	parts := strings.Split(host, ".")
	if len(parts) > 3 && parts[0] == "api" {
		parts = parts[1:] // api.sagemaker.<region>.amazonaws.com
	}
	if len(parts) < 3 {
		return false
	}
	s.unavailOnce.Do(func() {
		s.unavail = map[string]bool{}
		for _, a := range s.world.Accounts {
			for region, st := range a.PerRegion {
				if st == nil {
					continue
				}
				for _, svc := range st.Unavailable {
					s.unavail[endpointPrefix(svc)+"."+region] = true
				}
			}
		}
	})
	return s.unavail[parts[0]+"."+parts[1]]
}

// AccessKeyID is the access key an emulator maps to the world's first account.
func (s *Server) AccessKeyID() string {
	if len(s.world.Accounts) == 0 {
		return ""
	}
	return s.world.Accounts[0].accessKey()
}

// ClientConfig returns an aws.Config for an emulator running at url (in this
// process or another), signing with accessKeyID, with the SDK's adaptive retry.
func ClientConfig(url, accessKeyID, region string) sdkaws.Config {
	return sdkaws.Config{
		Region:      region,
		Credentials: credentials.NewStaticCredentialsProvider(accessKeyID, "emulator-secret", ""),
		HTTPClient:  httpClient(url),
		Retryer: func() sdkaws.Retryer {
			return retry.NewAdaptiveMode(func(o *retry.AdaptiveModeOptions) {
				o.StandardOptions = append(o.StandardOptions, func(so *retry.StandardOptions) { so.MaxAttempts = 10 })
			})
		},
	}
}

// Stats are what the emulator counted.
type Stats struct {
	// Calls counts requests per "service:Op".
	Calls map[string]int64
	// PerKey counts requests per rate-limit key: "account/region/service:Op".
	PerKey map[string]int64
	// Total counts all requests, Throttled those answered with a throttling error.
	Total, Throttled int64
	// AssumedBy maps each account that was only ever called through an
	// assumed-role session to the account whose sts:AssumeRole handed the
	// session out.
	AssumedBy map[string]string
}

// MinDuration is the shortest time in which the calls counted could have
// been answered under the rate limit, from the moment the first call was
// sent; zero when there is no rate limit. With latency L, rate r and bucket
// size b, and span(n) = max(0, n-b)/r:
//
//   - Every call is judged against its bucket L after it is sent, and a
//     bucket starts full when its first call is judged: the n calls of one
//     account × region × API cannot all be answered before
//     L + span(n).
//   - An account reached only through sts:AssumeRole cannot make a call
//     before its session is answered. The j-th AssumeRole of one
//     account × region bucket is answered no sooner than L + span(j); the
//     earliest AssumeRole answers go, in the best order, to the accounts with
//     the most to do (W: their busiest bucket's span). Such an account ends
//     no sooner than its AssumeRole + L + W.
//
// MinDuration is the largest of these. Dependencies inside an account (a
// list before the describes of what it lists) each add one more L; they are
// left out, so the bound is a few latencies low, never high. Throttled
// attempts are retries, not calls the scan needed, and are not counted.
func (s *Server) MinDuration(st Stats) time.Duration {
	r, b := s.faults.RateLimit, float64(s.faults.Burst)
	if r <= 0 {
		return 0
	}
	lat := s.faults.Latency.Seconds()
	span := func(n float64) float64 { return max(0, n-b) / r }
	busiest := map[string]float64{} // account -> W
	assumes := map[string][]int64{} // account -> calls of each of its AssumeRole buckets
	for k, n := range st.PerKey {
		acct, rest, _ := strings.Cut(k, "/")
		busiest[acct] = max(busiest[acct], span(float64(n)))
		if strings.HasSuffix(rest, "/sts:AssumeRole") {
			assumes[acct] = append(assumes[acct], n)
		}
	}
	var worst float64
	members := map[string][]float64{} // assuming account -> its members' W
	for acct, w := range busiest {
		if by, ok := st.AssumedBy[acct]; ok {
			members[by] = append(members[by], w)
			continue
		}
		worst = max(worst, lat+w)
	}
	for by, ws := range members {
		var slots []float64
		for _, n := range assumes[by] {
			for j := int64(1); j <= n; j++ {
				slots = append(slots, lat+span(float64(j)))
			}
		}
		sort.Float64s(slots)
		sort.Sort(sort.Reverse(sort.Float64Slice(ws)))
		for i, w := range ws {
			at := lat // cannot happen: fewer AssumeRole answers than accounts
			if i < len(slots) {
				at = slots[i]
			}
			worst = max(worst, at+lat+w)
		}
	}
	return time.Duration(worst * float64(time.Second))
}

// Stats returns the request counts so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := Stats{Calls: map[string]int64{}, PerKey: map[string]int64{}, Total: s.total.Load(), Throttled: s.thr.Load(),
		AssumedBy: map[string]string{}}
	for k, v := range s.calls {
		st.Calls[k] = v.Load()
	}
	for k, v := range s.perKey {
		st.PerKey[k] = v
	}
	for a, by := range s.assumedBy {
		if !s.direct[a] {
			st.AssumedBy[a] = by
		}
	}
	return st
}

var credRE = regexp.MustCompile(`Credential=([^/]+)/[0-9]{8}/([^/]+)/([^/]+)/aws4_request`)

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m := credRE.FindStringSubmatch(r.Header.Get("Authorization"))
	if m == nil {
		writeRaw(w, 403, "text/plain", []byte("MissingAuthenticationToken: request is not signed"))
		return
	}
	akid, region, svcName := m[1], m[2], m[3]
	// S3 Control is signed as s3; its host says so, or, behind a custom
	// endpoint (AWS_ENDPOINT_URL), its versioned path.
	if svcName == "s3" && (strings.Contains(r.Host, "s3-control") || strings.HasPrefix(r.URL.Path, "/v20180820/")) {
		svcName = "s3control"
	}
	svc := services()[svcName]
	if svc == nil {
		svc = genericRoutes()[svcName]
	}
	if svc == nil {
		writeRaw(w, 400, "text/plain", []byte("UnknownService: "+svcName))
		return
	}
	acct, sess, expired := s.resolve(akid)
	c := &Call{Server: s, Account: acct, Region: region, Service: svcName, Req: r, w: w, proto: svc.protocol, Params: map[string]string{}}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 10<<20))
	c.Body = body
	switch svc.protocol {
	case protoQuery, protoEC2:
		c.Form, _ = url.ParseQuery(string(body))
		for k, v := range r.URL.Query() {
			c.Form[k] = v
		}
		c.Op = c.Form.Get("Action")
	case protoRPCCBOR:
		c.Op = r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		c.cborError = r.Header.Get("X-Amzn-Query-Mode") == "true"
	case protoJSON:
		t := r.Header.Get("X-Amz-Target")
		c.Op = t[strings.LastIndex(t, ".")+1:]
	}
	if s.faults.ExpiredCredentials {
		c.fail(&APIError{Code: "ExpiredToken", Message: "The security token included in the request is expired", Status: 403})
		return
	}
	if expired != nil {
		c.fail(expired)
		return
	}
	if acct == nil {
		c.fail(&APIError{Code: "InvalidClientTokenId", Message: "The security token included in the request is invalid.", Status: 403})
		return
	}
	if svcName != "sts" && !acct.regionEnabled(region) && !globalService(svcName) && !genericGlobal(svcName) {
		c.fail(&APIError{Code: "UnrecognizedClientException", Message: "The security token included in the request is invalid (region " + region + " is not enabled).", Status: 401})
		return
	}
	h := svc.route(c)
	if c.Op == "" {
		c.Op = "Unknown"
	}
	api := svcName + ":" + c.Op
	s.count(api)
	if s.faults.Latency > 0 {
		select {
		case <-time.After(s.faults.Latency):
		case <-r.Context().Done():
			return
		}
	}
	if matchAny(s.faults.Deny, api, region) {
		c.fail(&APIError{Code: "AccessDenied", Message: fmt.Sprintf("User: arn:aws:iam::%s:user/scanner is not authorized to perform: %s", acct.ID, api), Status: 403})
		return
	}
	if e := s.orgCheck(c, sess, api); e != nil {
		c.fail(e)
		return
	}
	key := acct.ID + "/" + region + "/" + api
	if matchAny(s.faults.Throttle, api, region) || !s.allow(key) {
		s.thr.Add(1)
		c.fail(throttleError(svc.protocol))
		return
	}
	s.mu.Lock()
	s.perKey[key]++
	if sess != nil {
		s.assumedBy[acct.ID] = sess.by
	} else {
		s.direct[acct.ID] = true
	}
	s.mu.Unlock()
	if matchAny(s.faults.Truncate, api, region) {
		c.w = &halfWriter{ResponseWriter: c.w}
	}
	if h == nil {
		code := "InvalidAction"
		if svc.protocol == protoJSON || svc.protocol == protoRESTJSON {
			code = "UnknownOperationException"
		}
		c.fail(&APIError{Code: code, Message: "The emulator does not implement " + api, Status: 400})
		return
	}
	if err := h(c); err != nil {
		ae, ok := err.(*APIError)
		if !ok {
			ae = &APIError{Code: "InternalFailure", Message: err.Error(), Status: 500}
		}
		c.fail(ae)
		return
	}
	if !c.written {
		c.fail(&APIError{Code: "InternalFailure", Message: "handler wrote no response", Status: 500})
	}
}

func globalService(name string) bool {
	switch name {
	case "iam", "s3", "s3control", "sts", "organizations":
		return true
	}
	return false
}

// deniedFor reports whether a "service:Op#name" Deny entry denies api on the
// resource name.
func (s *Server) deniedFor(api, name string) bool {
	for _, p := range s.faults.Deny {
		if p == api+"#"+name {
			return true
		}
	}
	return false
}

// gone reports whether a Gone entry names the resource.
func (s *Server) gone(svc, name string) bool {
	for _, p := range s.faults.Gone {
		if p == svc+":"+name {
			return true
		}
	}
	return false
}

func throttleError(proto string) *APIError {
	switch proto {
	case protoEC2:
		return &APIError{Code: "RequestLimitExceeded", Message: "Request limit exceeded.", Status: 503}
	case protoRESTXML:
		return &APIError{Code: "SlowDown", Message: "Please reduce your request rate.", Status: 503}
	case protoQuery:
		return &APIError{Code: "Throttling", Message: "Rate exceeded", Status: 400}
	}
	return &APIError{Code: "ThrottlingException", Message: "Rate exceeded", Status: 400}
}

func matchAny(patterns []string, api, region string) bool {
	svc, _, _ := strings.Cut(api, ":")
	for _, p := range patterns {
		p, reg, hasReg := strings.Cut(p, "@")
		if hasReg && reg != region {
			continue
		}
		if p == api || p == svc+":*" || p == "*" {
			return true
		}
	}
	return false
}

func (s *Server) count(api string) {
	s.total.Add(1)
	s.mu.Lock()
	c := s.calls[api]
	if c == nil {
		c = new(atomic.Int64)
		s.calls[api] = c
	}
	s.mu.Unlock()
	c.Add(1)
}

// allow is a token bucket per key.
func (s *Server) allow(key string) bool {
	if s.faults.RateLimit <= 0 {
		return true
	}
	now := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.buckets[key]
	if b == nil {
		b = &bucket{tokens: float64(s.faults.Burst), last: now}
		s.buckets[key] = b
	}
	b.tokens = min(float64(s.faults.Burst), b.tokens+now.Sub(b.last).Seconds()*s.faults.RateLimit)
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

func requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func writeRaw(w http.ResponseWriter, status int, ctype string, body []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// fail writes an error in the service's protocol.
func (c *Call) fail(e *APIError) {
	c.written = true
	rid := requestID()
	c.w.Header().Set("X-Amzn-RequestId", rid)
	switch c.proto {
	case protoQuery:
		typ := "Sender"
		if e.Status >= 500 {
			typ = "Receiver"
		}
		body := fmt.Sprintf(`<ErrorResponse><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>`, typ, esc(e.Code), esc(e.Message), rid)
		writeRaw(c.w, e.Status, "text/xml", []byte(body))
	case protoEC2:
		body := fmt.Sprintf(`<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>%s</RequestID></Response>`, esc(e.Code), esc(e.Message), rid)
		writeRaw(c.w, e.Status, "text/xml", []byte(body))
	case protoRESTXML:
		c.w.Header().Set("x-amz-request-id", rid)
		body := fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message><RequestId>%s</RequestId></Error>`, esc(e.Code), esc(e.Message), rid)
		if c.Service == "s3control" { // S3 Control wraps its errors, unlike S3
			body = fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?><ErrorResponse><Error><Code>%s</Code><Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>`, esc(e.Code), esc(e.Message), rid)
		}
		writeRaw(c.w, e.Status, "application/xml", []byte(body))
	case protoRPCCBOR:
		c.w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
		if c.cborError {
			c.w.Header().Set("X-Amzn-Query-Error", e.Code+";Sender")
		}
		writeRaw(c.w, e.Status, "application/cbor", cborEncode(map[string]any{"__type": e.Code, "message": e.Message}))
	default: // JSON and REST-JSON
		c.w.Header().Set("X-Amzn-ErrorType", e.Code)
		b, _ := json.Marshal(map[string]string{"__type": e.Code, "message": e.Message})
		writeRaw(c.w, e.Status, "application/x-amz-json-1.1", b)
	}
}

func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// QueryResult writes a query-protocol (IAM, STS, RDS) response: v is encoded
// inside <OpResponse><OpResult>. v's XML field tags name the members.
func (c *Call) QueryResult(v any) error {
	inner, err := marshalInner(v)
	if err != nil {
		return err
	}
	body := fmt.Sprintf(`<%sResponse><%sResult>%s</%sResult><ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata></%sResponse>`,
		c.Op, c.Op, inner, c.Op, requestID(), c.Op)
	c.written = true
	writeRaw(c.w, 200, "text/xml", []byte(body))
	return nil
}

// EC2Result writes an EC2-protocol response: v's members directly inside
// <OpResponse>.
func (c *Call) EC2Result(v any) error {
	inner, err := marshalInner(v)
	if err != nil {
		return err
	}
	body := fmt.Sprintf(`<%sResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>%s</requestId>%s</%sResponse>`, c.Op, requestID(), inner, c.Op)
	c.written = true
	writeRaw(c.w, 200, "text/xml", []byte(body))
	return nil
}

// XMLResult writes a REST-XML response whose root element is v's.
func (c *Call) XMLResult(v any) error {
	b, err := xml.Marshal(v)
	if err != nil {
		return err
	}
	c.written = true
	writeRaw(c.w, 200, "application/xml", append([]byte(xml.Header), b...))
	return nil
}

// RawResult writes a body as is (S3 GetBucketPolicy answers raw JSON).
func (c *Call) RawResult(ctype string, b []byte) error {
	c.written = true
	writeRaw(c.w, 200, ctype, b)
	return nil
}

// JSONResult writes a JSON 1.1 or REST-JSON response.
func (c *Call) JSONResult(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	c.written = true
	ctype := "application/x-amz-json-1.1"
	if c.proto == protoRESTJSON {
		ctype = "application/json"
	}
	writeRaw(c.w, 200, ctype, b)
	return nil
}

// DecodeJSON reads the JSON request body into v.
func (c *Call) DecodeJSON(v any) error {
	if len(bytes.TrimSpace(c.Body)) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.Body, v); err != nil {
		return Errf("SerializationException", "bad JSON body: %v", err)
	}
	return nil
}

// marshalInner encodes v's members without an element of its own.
func marshalInner(v any) ([]byte, error) {
	var b bytes.Buffer
	if err := xml.NewEncoder(&b).EncodeElement(v, xml.StartElement{Name: xml.Name{Local: "x"}}); err != nil {
		return nil, err
	}
	return stripOuter(b.Bytes()), nil
}

// stripOuter removes the outermost element of a marshalled struct so that its
// children can be placed inside the protocol's wrapper.
func stripOuter(b []byte) []byte {
	start := bytes.IndexByte(b, '>')
	end := bytes.LastIndexByte(b, '<')
	if start < 0 || end <= start {
		return b
	}
	if b[start-1] == '/' { // <X/>
		return nil
	}
	return b[start+1 : end]
}

// ListParam reads a query-protocol list parameter ("Name.member.N" or, for
// EC2, "Name.N") into a slice.
func (c *Call) ListParam(prefix string) []string {
	type kv struct {
		n int
		v string
	}
	var out []kv
	for k, vs := range c.Form {
		rest, ok := strings.CutPrefix(k, prefix+".")
		if !ok {
			continue
		}
		rest = strings.TrimPrefix(rest, "member.")
		var n int
		if _, err := fmt.Sscanf(rest, "%d", &n); err == nil && fmt.Sprint(n) == rest {
			out = append(out, kv{n, vs[0]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].n < out[j].n })
	vals := make([]string, len(out))
	for i, e := range out {
		vals[i] = e.v
	}
	return vals
}

// Page returns the slice of n items that a paginated call asks for, given the
// marker it sent (an index encoded as a decimal string) and its page size, and
// the marker of the next page ("" at the end).
func Page(n int, marker string, size, defaultSize int) (start, end int, next string) {
	if size <= 0 {
		size = defaultSize
	}
	if marker != "" {
		fmt.Sscanf(marker, "%d", &start)
	}
	start = max(0, min(start, n))
	end = min(n, start+size)
	if end < n {
		next = fmt.Sprint(end)
	}
	return start, end, next
}
