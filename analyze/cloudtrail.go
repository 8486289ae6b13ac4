package analyze

// cloudtrailAccount summarises the account's trails on aws_account (owner: CloudTrail).
var cloudtrailAccount = Analyzer{Name: "cloudtrail-account", Run: func(ix *Index) {}}
