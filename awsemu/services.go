package awsemu

// services lists every emulated service by its signing name. One visible list:
// what is here is what the emulator answers.
func services() map[string]*service {
	return map[string]*service{
		"sts":         {name: "sts", protocol: protoQuery, route: stsRoute},
		"iam":         {name: "iam", protocol: protoQuery, route: iamRoute},
		"ec2":         {name: "ec2", protocol: protoEC2, route: ec2Route},
		"rds":         {name: "rds", protocol: protoQuery, route: rdsRoute},
		"kms":         {name: "kms", protocol: protoJSON, route: kmsRoute},
		"cloudtrail":  {name: "cloudtrail", protocol: protoJSON, route: cloudtrailRoute},
		"config":      {name: "config", protocol: protoJSON, route: configRoute},
		"guardduty":   {name: "guardduty", protocol: protoRESTJSON, route: guarddutyRoute},
		"securityhub": {name: "securityhub", protocol: protoRESTJSON, route: securityhubRoute},
		"s3":          {name: "s3", protocol: protoRESTXML, route: s3Route},
		"s3control":   {name: "s3control", protocol: protoRESTXML, route: s3controlRoute},
		orgsService:   {name: orgsService, protocol: protoJSON, route: organizationsRoute},
	}
}
