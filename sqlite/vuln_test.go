package sqlite

import (
	"testing"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/store/storetest"
)

func TestVulnStore(t *testing.T) {
	storetest.RunVuln(t, func(t *testing.T) mamori.VulnStore {
		d, err := Open(":memory:", nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	})
}
