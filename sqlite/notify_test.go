package sqlite

import (
	"testing"

	"github.com/mamori-sec/mamori"
	"github.com/mamori-sec/mamori/store/storetest"
)

func TestDeliveryStore(t *testing.T) {
	storetest.RunDeliveries(t, func(t *testing.T) mamori.DeliveryStore {
		d, err := Open(":memory:", nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	})
}
