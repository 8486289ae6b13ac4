package aws

var iamService = &Service{Name: "iam"}
