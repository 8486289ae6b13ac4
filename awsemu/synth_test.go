package awsemu

import (
	"reflect"
	"testing"
)

func TestSyntheticDeterministic(t *testing.T) {
	a, b := Synthetic(2000, 7), Synthetic(2000, 7)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed gave different worlds")
	}
	if err := a.validate(); err != nil {
		t.Fatal(err)
	}
}

func TestDemoLoads(t *testing.T) {
	w := Demo()
	if len(w.Accounts) != 1 || w.Accounts[0].ID != "111122223333" || len(w.Accounts[0].Regions) < 2 {
		t.Fatalf("demo world: %+v", w.Accounts)
	}
	if w.Accounts[0].regionState("ap-northeast-1").KMS == nil {
		t.Error("demo kms state not merged")
	}
}
