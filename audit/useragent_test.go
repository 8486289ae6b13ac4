package audit

import "testing"

func TestUserAgentFamily(t *testing.T) {
	for ua, want := range map[string]string{
		"aws-cli/2.13.0 Python/3.11.4 Linux/5.15.0-1034-aws exe/x86_64.ubuntu.22 prompt/off command/s3.ls":                      "aws-cli/Linux",
		"aws-cli/1.18.69 Python/3.8.10 Windows/10 botocore/1.17.12":                                                             "aws-cli/Windows",
		"Boto3/1.26.137 md/Botocore#1.29.137 ua/2.0 os/linux#5.10.0 md/arch#x86_64 lang/python#3.9.16":                          "boto3/Linux",
		"aws-sdk-go-v2/1.21.0 os/macos lang/go#1.21.1 md/GOOS#darwin api/sts#1.22.0":                                            "aws-sdk-go-v2/macOS",
		"APN/1.0 HashiCorp/1.0 Terraform/1.5.2 (+https://www.terraform.io) terraform-provider-aws/5.7.0":                        "terraform",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/115.0.0.0 Safari/537.36":       "Chrome/Windows",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.5 Safari/605.1.15": "Safari/macOS",
		"[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.488 Linux/5.10.184-194.730.amzn2int.x86_64]":                          "s3console/Linux",
		"AWS Internal":          "aws",
		"console.amazonaws.com": "console.amazonaws.com",
		"":                      "",
	} {
		if got := UserAgentFamily(ua); got != want {
			t.Errorf("UserAgentFamily(%q) = %q, want %q", ua, got, want)
		}
	}
}
