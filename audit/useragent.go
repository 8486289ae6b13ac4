package audit

import (
	"strings"

	"github.com/mileusna/useragent"
)

// UserAgentFamily reduces a CloudTrail userAgent to the client family and
// operating system, without versions: "Chrome/Windows", "aws-cli/Linux",
// "boto3", "terraform". Browsers are recognised with
// github.com/mileusna/useragent; AWS SDKs and tools write
// "name/version ... os/version" and are read here. AWS's own callers
// ("AWS Internal", "console.amazonaws.com", "[S3Console/0.4]") are kept as
// written, bracketed names without the version.
func UserAgentFamily(ua string) string {
	ua = strings.TrimSpace(ua)
	if ua == "" {
		return ""
	}
	if strings.Contains(ua, "Mozilla/") {
		p := useragent.Parse(ua)
		name, os := p.Name, p.OS
		if name == "" {
			name = "browser"
		}
		if os == "" {
			return name
		}
		return name + "/" + os
	}
	// Tools that put a partner prefix first ("APN/1.0 HashiCorp/1.0 Terraform/1.5").
	for _, tool := range []string{"Terraform", "Pulumi", "aws-cdk"} {
		if strings.Contains(ua, tool+"/") {
			return strings.ToLower(tool)
		}
	}
	s := strings.Trim(ua, "[]")
	first, _, _ := strings.Cut(s, " ")
	name, _, _ := strings.Cut(first, "/")
	name = strings.ToLower(name)
	if name == "" {
		return ""
	}
	if strings.Contains(ua, ".amazonaws.com") && !strings.Contains(first, "/") {
		return ua // a service principal's own calls
	}
	if os := uaOS(s); os != "" {
		return name + "/" + os
	}
	return name
}

// uaOS finds the operating system token SDKs write ("os/linux",
// "Linux/5.10", "Windows_NT/10", "Darwin/23.1", "md/os#linux").
func uaOS(s string) string {
	low := strings.ToLower(s)
	for _, tok := range strings.Fields(low) {
		tok = strings.TrimPrefix(tok, "md/")
		switch {
		case strings.HasPrefix(tok, "os/"):
			v := strings.TrimPrefix(tok, "os/")
			v, _, _ = strings.Cut(v, "#")
			v, _, _ = strings.Cut(v, "/")
			return osName(v)
		case strings.HasPrefix(tok, "os#"):
			return osName(strings.TrimPrefix(tok, "os#"))
		}
	}
	for _, tok := range strings.Fields(low) {
		name, _, _ := strings.Cut(tok, "/")
		if n := osName(name); n != "" {
			return n
		}
	}
	return ""
}

func osName(s string) string {
	switch {
	case strings.HasPrefix(s, "linux"):
		return "Linux"
	case strings.HasPrefix(s, "windows"):
		return "Windows"
	case strings.HasPrefix(s, "darwin"), strings.HasPrefix(s, "macos"):
		return "macOS"
	case strings.HasPrefix(s, "android"):
		return "Android"
	case strings.HasPrefix(s, "ios"):
		return "iOS"
	}
	return ""
}
