package i18n

// Messages of reachability through load balancers and AWS-managed endpoints
// (mamori exposure).
func init() {
	register(map[string][2]string{
		"reach.via":     {"(also through load balancer %s)", "（ロードバランサー %s 経由でも到達）"},
		"reach.origins": {"(origins reachable without CloudFront: %s)", "（CloudFront を経由せずに到達できるオリジン: %s）"},
	})
}
