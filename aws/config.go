package aws

var configService = &Service{Name: "config"}
