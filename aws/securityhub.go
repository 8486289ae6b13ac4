package aws

var securityhubService = &Service{Name: "securityhub"}
