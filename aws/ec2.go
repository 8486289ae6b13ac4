package aws

var ec2Service = &Service{Name: "ec2"}
