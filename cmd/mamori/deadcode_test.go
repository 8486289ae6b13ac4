package main

import (
	"debug/elf"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// The linker drops the AWS SDK operations mamori never calls only while
// nothing reachable calls reflect.Value.MethodByName (or Method) with a name
// known at run time: text/template and html/template do (executing any
// template), and so did gocsaf through gval. One such call keeps every
// exported method of every type stored in an interface — ~800 operations per
// SDK client, a binary 2.6x the size and ~85 MiB more RSS at the peak of a
// large scan (BENCHMARKS.md, "Third pass"). This builds mamori and checks an
// operation mamori never calls, EC2's CreateVpc, is not in it; when it is,
// `go build -ldflags=-dumpdep ./cmd/mamori 2>&1 | grep ReflectMethod` names
// the culprit.
func TestUnusedSDKOperationsAreNotLinked(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the whole binary; skipped with -short")
	}
	if runtime.GOOS != "linux" {
		t.Skip("reads the ELF symbol table")
	}
	bin := filepath.Join(t.TempDir(), "mamori")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	var used, unused bool
	for _, s := range syms {
		switch s.Name {
		case "github.com/aws/aws-sdk-go-v2/service/ec2.(*Client).DescribeInstances":
			used = true
		case "github.com/aws/aws-sdk-go-v2/service/ec2.(*Client).CreateVpc":
			unused = true
		}
	}
	if !used {
		t.Fatal("DescribeInstances is not in the binary: the test no longer sees the SDK")
	}
	if unused {
		t.Error("EC2's CreateVpc is linked: something reachable calls reflect.Value.MethodByName with a run-time name (text/template?)")
	}
}
