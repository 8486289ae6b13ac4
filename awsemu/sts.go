package awsemu

func stsRoute(c *Call) Handler {
	switch c.Op {
	case "AssumeRole":
		return assumeRole
	case "GetCallerIdentity":
		return func(c *Call) error {
			return c.QueryResult(struct {
				Account string `xml:"Account"`
				Arn     string `xml:"Arn"`
				UserID  string `xml:"UserId"`
			}{c.Account.ID, "arn:aws:iam::" + c.Account.ID + ":user/mamori-scanner", "AIDAEMULATOR" + c.Account.ID})
		}
	}
	return nil
}
