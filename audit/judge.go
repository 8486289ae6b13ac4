package audit

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"sort"
	"strconv"
	"strings"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/sigma"
)

// Judge reads the request of an event a rule's condition matched and
// decides whether it does what the rule describes, with a line saying what
// it read. Rules name their judge with the custom field "judge:"; judges
// are for what a Sigma condition cannot say (that the fields of one element
// of a list belong together, that a list as a whole leaves something out).
type Judge func(ev *mamori.Event) (bool, mamori.Text)

// judges are the judges rules may name.
var judges = map[string]Judge{
	"s3-lifecycle-expiry": judgeLifecycle,
	"cloudtrail-logging":  judgeTrailLogging,
	"internet-range":      judgeInternetRange,
}

// Judges returns the names of the judges rules may name, sorted.
func Judges() []string {
	out := make([]string, 0, len(judges))
	for n := range judges {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// CheckJudge returns an error when r names a judge mamori does not have.
func CheckJudge(r *sigma.Rule) error {
	if r.Judge != "" && judges[r.Judge] == nil {
		return fmt.Errorf("judge: unknown judge %q (known: %s)", r.Judge, strings.Join(Judges(), ", "))
	}
	return nil
}

// objects decodes the JSON objects at path (a list contributes each of its
// elements) into fresh values made by mk.
func objects[T any](ev *mamori.Event, path string) ([]T, bool) {
	if ev.Fields == nil {
		return nil, false
	}
	vals, found := ev.Fields.Values(path, nil)
	var out []T
	for _, v := range vals {
		s, ok := v.(string)
		if !ok {
			continue
		}
		var t T
		if json.Unmarshal([]byte(s), &t) == nil {
			out = append(out, t)
		}
	}
	return out, found
}

// number reads a JSON number or a numeric string ("7").
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	}
	return 0, false
}

// judgeLifecycle: a lifecycle configuration expires objects within a week
// when one of its rules is enabled and has Expiration.Days or
// NoncurrentVersionExpiration.NoncurrentDays of 7 or less. A rule whose
// Status is Disabled expires nothing.
func judgeLifecycle(ev *mamori.Event) (bool, mamori.Text) {
	type rule struct {
		ID         string `json:"ID"`
		Status     string `json:"Status"`
		Expiration struct {
			Days any `json:"Days"`
		} `json:"Expiration"`
		Noncurrent struct {
			Days any `json:"NoncurrentDays"`
		} `json:"NoncurrentVersionExpiration"`
	}
	rules, _ := objects[rule](ev, "requestParameters.LifecycleConfiguration.Rule")
	for _, r := range rules {
		if strings.EqualFold(r.Status, "Disabled") {
			continue
		}
		for _, d := range []any{r.Expiration.Days, r.Noncurrent.Days} {
			if n, ok := number(d); ok && n <= 7 {
				return true, mamori.Text{
					En: fmt.Sprintf("lifecycle rule %q is enabled and expires objects after %g days", r.ID, n),
					Ja: fmt.Sprintf("ライフサイクルルール %q は有効で、%g 日後にオブジェクトを失効させます", r.ID, n),
				}
			}
		}
	}
	return false, mamori.Text{}
}

// judgeTrailLogging: a change to a trail is tampering when the trail logs
// less after it. PutEventSelectors: not every management event, read and
// write, from every source (basic or advanced selectors); selectors that
// keep all management events and add data events turn more logging on.
// PutInsightSelectors: no Insights selector left. UpdateTrail: a setting
// turned off (multi-region, global service events, log file validation,
// organization trail), the logs sent elsewhere (bucket, prefix) or their
// CloudWatch delivery or KMS encryption removed; turning settings on,
// adding encryption or a topic is not. StopLogging and DeleteTrail are
// tampering as they are.
func judgeTrailLogging(ev *mamori.Event) (bool, mamori.Text) {
	switch ev.Name {
	case "PutEventSelectors":
		if gap := selectorGap(ev); gap.En != "" {
			return true, gap
		}
		return false, mamori.Text{}
	case "PutInsightSelectors":
		vals, found := ev.Fields.Values("requestParameters.insightSelectors", nil)
		if found && len(vals) > 0 && !(len(vals) == 1 && vals[0] == nil) {
			return false, mamori.Text{}
		}
		return true, mamori.Text{En: "the request leaves no Insights selector: Insights is turned off", Ja: "Insights セレクターが空になり、Insights が無効になります"}
	case "UpdateTrail":
		return trailWeakened(ev)
	}
	return true, mamori.Text{}
}

// trailWeakened reads an UpdateTrail request.
func trailWeakened(ev *mamori.Event) (bool, mamori.Text) {
	one := func(field string) (any, bool) {
		vals, found := ev.Fields.Values("requestParameters."+field, nil)
		if !found || len(vals) != 1 {
			return nil, found
		}
		return vals[0], true
	}
	var off []string
	for _, f := range []string{"isMultiRegionTrail", "includeGlobalServiceEvents", "enableLogFileValidation", "isOrganizationTrail"} {
		if v, found := one(f); found && (v == false || v == "false") {
			off = append(off, f+" false")
		}
	}
	for _, f := range []string{"s3BucketName", "s3KeyPrefix"} {
		if v, found := one(f); found && v != nil {
			off = append(off, f+" changed")
		}
	}
	for _, f := range []string{"cloudWatchLogsLogGroupArn", "kmsKeyId"} {
		if v, found := one(f); found && (v == nil || v == "") {
			off = append(off, f+" removed")
		}
	}
	if len(off) == 0 {
		return false, mamori.Text{}
	}
	list := strings.Join(off, ", ")
	return true, mamori.Text{En: "the update weakens the trail: " + list, Ja: "証跡の設定が弱められます: " + list}
}

// selectorGap says which management events a PutEventSelectors request
// stops logging; empty when it logs every one.
func selectorGap(ev *mamori.Event) mamori.Text {
	type basic struct {
		ReadWriteType   string   `json:"readWriteType"`
		IncludeMgmt     *bool    `json:"includeManagementEvents"`
		ExcludedSources []string `json:"excludeManagementEventSources"`
	}
	type field struct {
		Field     string   `json:"field"`
		Equals    []string `json:"equals"`
		NotEquals []string `json:"notEquals"`
		Starts    []string `json:"startsWith"`
		NotStarts []string `json:"notStartsWith"`
		Ends      []string `json:"endsWith"`
		NotEnds   []string `json:"notEndsWith"`
	}
	type advanced struct {
		FieldSelectors []field `json:"fieldSelectors"`
	}
	reads, writes := false, false
	bs, bFound := objects[basic](ev, "requestParameters.eventSelectors")
	for _, b := range bs {
		if b.IncludeMgmt != nil && !*b.IncludeMgmt || len(b.ExcludedSources) > 0 {
			continue // management events off, or some sources left out (KMS, RDS Data API)
		}
		switch strings.ToLower(b.ReadWriteType) {
		case "", "all":
			reads, writes = true, true
		case "readonly":
			reads = true
		case "writeonly":
			writes = true
		}
	}
	as, aFound := objects[advanced](ev, "requestParameters.advancedEventSelectors")
	for _, a := range as {
		mgmt, r, w, other := false, true, true, false
		for _, f := range a.FieldSelectors {
			switch f.Field {
			case "eventCategory":
				mgmt = len(f.Equals) == 1 && f.Equals[0] == "Management"
			case "readOnly":
				switch {
				case len(f.Equals) == 1 && f.Equals[0] == "true":
					w = false
				case len(f.Equals) == 1 && f.Equals[0] == "false":
					r = false
				default:
					other = true
				}
			default:
				other = true // eventSource and the like: some management events left out
			}
		}
		if mgmt && !other {
			reads, writes = reads || r, writes || w
		}
	}
	switch {
	case !bFound && !aFound:
		return mamori.Text{En: "the request names no event selectors", Ja: "リクエストにイベントセレクターがありません"}
	case reads && writes:
		return mamori.Text{}
	case reads:
		return mamori.Text{En: "the selectors stop logging write management events", Ja: "セレクターにより書き込み系の管理イベントが記録されなくなります"}
	case writes:
		return mamori.Text{En: "the selectors stop logging read management events", Ja: "セレクターにより読み取り系の管理イベントが記録されなくなります"}
	}
	return mamori.Text{En: "the selectors stop logging management events (all, or from some sources)", Ja: "セレクターにより管理イベント（すべて、または一部のサービス）が記録されなくなります"}
}

// sgRangeFields are where security group requests name the ranges they let in.
var sgRangeFields = []string{
	"requestParameters.ipPermissions.items.ipRanges.items.cidrIp",
	"requestParameters.ipPermissions.items.ipv6Ranges.items.cidrIpv6",
	"requestParameters.cidrIp",
	"requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule.SecurityGroupRule.CidrIpv4",
	"requestParameters.ModifySecurityGroupRulesRequest.SecurityGroupRule.SecurityGroupRule.CidrIpv6",
}

// Ranges that are not the internet even at /8: this network, private, loopback.
var notInternet8 = []netip.Prefix{netip.MustParsePrefix("0.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.0/8")}

// globalUnicast6 is where the internet's IPv6 addresses are.
var globalUnicast6 = netip.MustParsePrefix("2000::/3")

// judgeInternetRange: a security group request lets the internet in when
// one of its ranges is any address (/0) or covers a /8 or more of public
// IPv4 space (a /16 or more of global IPv6 space): 0.0.0.0/1 and
// 128.0.0.0/1 together open as much as 0.0.0.0/0. A range inside the VPC
// or a private network is no opening.
func judgeInternetRange(ev *mamori.Event) (bool, mamori.Text) {
	for _, f := range sgRangeFields {
		vals, _ := ev.Fields.Values(f, nil)
		for _, v := range vals {
			s, _ := v.(string)
			p, err := netip.ParsePrefix(strings.TrimSpace(s))
			if err != nil {
				continue
			}
			if internetWide(p.Masked()) {
				return true, mamori.Text{
					En: fmt.Sprintf("%s lets in %s of the internet", s, map[bool]string{true: "all", false: "a large part"}[p.Bits() == 0]),
					Ja: fmt.Sprintf("%s はインターネットの%sからの通信を許可します", s, map[bool]string{true: "すべて", false: "大きな部分"}[p.Bits() == 0]),
				}
			}
		}
	}
	return false, mamori.Text{}
}

func internetWide(p netip.Prefix) bool {
	if p.Bits() == 0 {
		return true
	}
	if p.Addr().Is4() {
		if p.Bits() > 8 {
			return false
		}
		for _, n := range notInternet8 {
			if n.Bits() <= p.Bits() && n.Contains(p.Addr()) {
				return false
			}
		}
		return true
	}
	return p.Bits() <= 16 && (p.Overlaps(globalUnicast6))
}
