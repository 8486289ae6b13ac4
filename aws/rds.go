package aws

var rdsService = &Service{Name: "rds"}
