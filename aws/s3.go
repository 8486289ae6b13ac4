package aws

var s3Service = &Service{Name: "s3"}
