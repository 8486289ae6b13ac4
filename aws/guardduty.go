package aws

var guarddutyService = &Service{Name: "guardduty"}
