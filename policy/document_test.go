package policy

import (
	"strings"
	"testing"
)

func mustParse(t testing.TB, s string) *Document {
	t.Helper()
	d, err := Parse([]byte(s))
	if err != nil {
		t.Fatalf("Parse(%s): %v", s, err)
	}
	return d
}

func TestParseRejects(t *testing.T) {
	for _, c := range []struct{ doc, want string }{
		{`[]`, "not a JSON object"},
		{`{"Statement":"x"}`, "neither an object nor a list"},
		{`{}`, "no Statement"},
		{`{"Statement":[1]}`, "statement 1 is not an object"},
		{`{"Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}`, `Effect is "allow"`},
		{`{"Statement":[{"Effect":"Allow","Resource":"*"}]}`, "neither Action nor NotAction"},
		{`{"Statement":[{"Effect":"Allow","Action":"*","NotAction":"s3:*","Resource":"*"}]}`, "both Action and NotAction"},
		{`{"Statement":[{"Effect":"Allow","Action":[1],"Resource":"*"}]}`, "1 is not a string"},
		{`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":"x"}]}`, "Condition is not an object"},
		{`{"Statement":[{"Effect":"Allow","Action":"*","Principal":5}]}`, "Principal"},
		{`%zz`, "not JSON"},
	} {
		_, err := Parse([]byte(c.doc))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%s) = %v, want an error with %q", c.doc, err, c.want)
		}
	}
}

func TestParseForms(t *testing.T) {
	d := mustParse(t, "%7B%22Statement%22%3A%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%7D")
	if len(d.Statements) != 1 || d.Statements[0].Action[0] != "s3:*" {
		t.Fatalf("URL-encoded: %+v", d)
	}
	d = mustParse(t, `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":["o-1"],"n":5}}}]}`)
	st := d.Statements[0]
	if st.Principal["*"][0] != "*" || st.HasResource || st.ConditionText() != "StringEquals aws:PrincipalOrgID = o-1; StringEquals n = 5" {
		t.Fatalf("trust statement: %+v %q", st, st.ConditionText())
	}
}

func TestEvaluate(t *testing.T) {
	admin := mustParse(t, `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`)
	notIAM := mustParse(t, `{"Statement":{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}}`)
	mfa := mustParse(t, `{"Statement":{"Effect":"Allow","Action":"iam:*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}}`)
	denyIAM := mustParse(t, `{"Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}`)
	denyIAMCond := mustParse(t, `{"Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{"StringNotEquals":{"aws:RequestedRegion":"ap-northeast-1"}}}}`)
	s3only := mustParse(t, `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`)
	notRes := mustParse(t, `{"Statement":{"Effect":"Allow","Action":"iam:PutUserPolicy","NotResource":"arn:aws:iam::1:user/admin"}}`)
	self := mustParse(t, `{"Statement":{"Effect":"Allow","Action":"iam:PutUserPolicy","Resource":"arn:aws:iam::1:user/${aws:username}"}}`)
	n := func(d *Document) Named { return Named{Name: "p", Doc: d} }
	for _, c := range []struct {
		name             string
		set              Set
		action, resource string
		want             Decision
	}{
		{"admin", Set{Identity: []Named{n(admin)}}, "iam:CreateUser", "*", Allowed},
		{"admin any action", Set{Identity: []Named{n(admin)}}, "*", "*", Allowed},
		{"NotAction excludes iam", Set{Identity: []Named{n(notIAM)}}, "IAM:CreateUser", "*", Denied},
		{"NotAction allows the rest", Set{Identity: []Named{n(notIAM)}}, "ec2:RunInstances", "*", Allowed},
		{"condition may allow", Set{Identity: []Named{n(mfa)}}, "iam:CreateUser", "*", MayAllow},
		{"explicit deny wins", Set{Identity: []Named{n(admin), n(denyIAM)}}, "iam:CreateUser", "*", Denied},
		{"conditional deny does not count", Set{Identity: []Named{n(admin), n(denyIAMCond)}}, "iam:CreateUser", "*", Allowed},
		{"boundary limits", Set{Identity: []Named{n(admin)}, Boundary: &Named{"b", s3only}}, "iam:CreateUser", "*", Denied},
		{"boundary allows", Set{Identity: []Named{n(admin)}, Boundary: &Named{"b", s3only}}, "s3:GetObject", "*", Allowed},
		{"scp level without allow", Set{Identity: []Named{n(admin)}, SCPs: [][]Named{{n(admin)}, {n(s3only)}}}, "ec2:RunInstances", "*", Denied},
		{"scp deny", Set{Identity: []Named{n(admin)}, SCPs: [][]Named{{n(admin), n(denyIAM)}}}, "iam:PassRole", "*", Denied},
		{"scp allows", Set{Identity: []Named{n(admin)}, SCPs: [][]Named{{n(admin)}}}, "iam:PassRole", "*", Allowed},
		{"NotResource other", Set{Identity: []Named{n(notRes)}}, "iam:PutUserPolicy", "arn:aws:iam::1:user/dave", Allowed},
		{"NotResource excluded", Set{Identity: []Named{n(notRes)}}, "iam:PutUserPolicy", "arn:aws:iam::1:user/admin", Denied},
		{"variable may allow", Set{Identity: []Named{n(self)}}, "iam:PutUserPolicy", "arn:aws:iam::1:user/dave", MayAllow},
		{"nothing", Set{}, "s3:GetObject", "*", Denied},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.set.Evaluate(c.action, c.resource); got.Decision != c.want {
				t.Errorf("Evaluate(%s, %s) = %+v, want %s", c.action, c.resource, got, c.want)
			}
		})
	}
	if o := (&Set{Identity: []Named{n(mfa)}}).Evaluate("iam:CreateUser", "*"); len(o.Conditions) != 1 || !strings.Contains(o.Conditions[0], "aws:MultiFactorAuthPresent") {
		t.Errorf("conditions not shown: %+v", o)
	}
}

// FuzzParse: any bytes give a document or an error, never a panic, and a
// document evaluates.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`,
		`{"Statement":[{"Effect":"Allow","NotAction":["s3:*"],"NotResource":"arn:aws:s3:::x"}]}`,
		`{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":[true,"false"]}}}]}`,
		`{"Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::1:root","*"],"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
		`{"Statement":[{"Effect":"Allow","NotPrincipal":"*","Action":"s3:*","Resource":"arn:aws:s3:::${aws:username}/*"}]}`,
		`%7B%22Statement%22%3A%5B%5D%7D`, `null`, `[]`, `{"Statement":"x"}`, `%zz`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		d, err := Parse(b)
		if err != nil {
			if d != nil {
				t.Fatal("a document with an error")
			}
			return
		}
		s := Set{Identity: []Named{{"p", d}}, Boundary: &Named{"b", d}, SCPs: [][]Named{{{"s", d}}}}
		for _, a := range []string{"*", "iam:PassRole"} {
			_ = s.Evaluate(a, "*")
			_ = s.Evaluate(a, "arn:aws:iam::1:role/x")
		}
		for _, st := range d.Statements {
			_ = st.ConditionText()
		}
	})
}
