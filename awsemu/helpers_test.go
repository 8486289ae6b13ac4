package awsemu

import (
	"testing"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
)

// testConfig starts an emulator serving the world in y for the test's
// duration and returns an SDK configuration for region that talks to it.
func testConfig(t *testing.T, y, region string) sdkaws.Config {
	t.Helper()
	w, err := ParseWorld([]byte(y))
	if err != nil {
		t.Fatal(err)
	}
	s := New(w, Faults{})
	if err := s.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s.Config(region)
}
