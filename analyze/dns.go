package analyze

// danglingDNS finds DNS records that send a name to an S3 bucket no scanned
// account holds. S3 bucket names are global: when such a bucket was deleted,
// anyone can create one with the same name and serve their content under
// the record's name (subdomain takeover). A bucket can also legitimately
// belong to an account outside the scan (a vendor's), which the finding's
// text says; what is knowable from the data is only "not one of ours".
//
// Facts on aws_route53_hosted_zone:
//   - dangling_s3_records (list of "record -> bucket"): records whose bucket
//     is in none of the scanned accounts. Not set when S3 was not read or
//     the zone's records could not be, so the check is then ERROR.
var danglingDNS = Analyzer{
	Name:  "dangling-dns",
	Facts: map[string][]string{"aws_route53_hosted_zone": {"dangling_s3_records"}},
	Reads: map[string][]string{
		"aws_route53_hosted_zone": {"s3_targets"},
		"aws_s3_bucket":           {"arn"},
	},
	Run: runDanglingDNS,
}

func runDanglingDNS(ix *Index) {
	if !ix.Collected("s3") {
		return
	}
	ours := map[string]bool{}
	for _, b := range ix.Type("aws_s3_bucket") {
		ours[b.Name] = true
	}
	for _, z := range ix.Type("aws_route53_hosted_zone") {
		targets, ok := z.Attributes["s3_targets"].([]any)
		if !ok {
			continue
		}
		dangling := []any{}
		for _, t := range targets {
			m, _ := t.(map[string]any)
			bucket, _ := m["bucket"].(string)
			if bucket != "" && !ours[bucket] {
				record, _ := m["record"].(string)
				dangling = append(dangling, record+" -> "+bucket)
			}
		}
		SetFact(z, "dangling_s3_records", dangling)
	}
}
