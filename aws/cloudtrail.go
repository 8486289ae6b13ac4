package aws

var cloudtrailService = &Service{Name: "cloudtrail"}
