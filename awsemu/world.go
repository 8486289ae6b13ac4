package awsemu

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"sort"

	"gopkg.in/yaml.v3"
)

// World describes what the emulator serves: accounts, their enabled regions
// and their resources. It is read from YAML (see testdata/*.yaml and the
// embedded demo world, demo.yaml).
type World struct {
	Accounts []*Account `yaml:"accounts"`
	// Faults, when set, are injected by an emulator serving this world (a
	// world file can describe a broken account as well as a bad one).
	Faults *Faults `yaml:"faults"`
	// Organization, when set, joins some of the accounts in an AWS
	// Organizations organisation (see organizations.go).
	Organization *Organization `yaml:"organization"`

	orgLinked bool
}

// Account is one AWS account.
type Account struct {
	// ID is the 12-digit account id.
	ID string `yaml:"id"`
	// Alias is the IAM account alias.
	Alias string `yaml:"alias"`
	// AccessKeyID is the access key the emulator maps to this account; default
	// "AKIA" + ID + "EMUL".
	AccessKeyID string `yaml:"access_key_id"`
	// Regions are the enabled regions; the first is the home region.
	Regions []string `yaml:"regions"`

	// Global services.
	IAM *IAM `yaml:"iam"`
	S3  *S3  `yaml:"s3"`

	// PerRegion holds the regional services, by region name.
	PerRegion map[string]*Region `yaml:"per_region"`

	// Data holds the global services declared in the generic shape
	// (generic.go), by service name: collections of items in the API's
	// response shape.
	Data Data `yaml:",inline"`
}

// Region holds one region's regional services.
type Region struct {
	EC2         *EC2         `yaml:"ec2"`
	RDS         *RDS         `yaml:"rds"`
	KMS         *KMS         `yaml:"kms"`
	CloudTrail  *CloudTrail  `yaml:"cloudtrail"`
	GuardDuty   *GuardDuty   `yaml:"guardduty"`
	SecurityHub *SecurityHub `yaml:"securityhub"`
	Config      *ConfigSvc   `yaml:"config"`

	// Data holds the regional services declared in the generic shape
	// (generic.go), by service name.
	Data Data `yaml:",inline"`
	// Unavailable lists services not offered in this region (or not
	// activated for the account there): their endpoints answer as AWS does
	// for a region a service does not serve.
	Unavailable []string `yaml:"unavailable"`
}

func (a *Account) accessKey() string {
	if a.AccessKeyID != "" {
		return a.AccessKeyID
	}
	return "AKIA" + a.ID + "EMUL"
}

func (a *Account) regionEnabled(r string) bool { return slices.Contains(a.Regions, r) }

// Region returns the state of region r, creating an empty one if needed.
func (a *Account) Region(r string) *Region {
	if a.PerRegion == nil {
		a.PerRegion = map[string]*Region{}
	}
	if a.PerRegion[r] == nil {
		a.PerRegion[r] = &Region{}
	}
	return a.PerRegion[r]
}

// regionState returns region r's state or an empty one (never nil).
func (a *Account) regionState(r string) *Region {
	if x := a.PerRegion[r]; x != nil {
		return x
	}
	return &Region{}
}

func (w *World) account(akid string) *Account {
	for _, a := range w.Accounts {
		if a.accessKey() == akid {
			return a
		}
	}
	return nil
}

// ParseWorld reads a world from YAML; unknown fields are errors.
func ParseWorld(b []byte) (*World, error) {
	var w World
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&w); err != nil {
		return nil, fmt.Errorf("world: %w", err)
	}
	if err := w.validate(); err != nil {
		return nil, err
	}
	return &w, nil
}

// LoadWorld reads a world file.
func LoadWorld(path string) (*World, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	w, err := ParseWorld(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return w, nil
}

func (w *World) validate() error {
	if len(w.Accounts) == 0 {
		return fmt.Errorf("world: no accounts")
	}
	if w.Organization != nil {
		if err := w.Organization.validate(w); err != nil {
			return err
		}
	}
	for _, a := range w.Accounts {
		if len(a.ID) != 12 {
			return fmt.Errorf("world: account id %q is not 12 digits", a.ID)
		}
		if len(a.Regions) == 0 {
			return fmt.Errorf("world: account %s has no regions", a.ID)
		}
		for r, st := range a.PerRegion {
			if !a.regionEnabled(r) {
				return fmt.Errorf("world: account %s has resources in %s, which is not in its regions", a.ID, r)
			}
			if st != nil {
				if err := st.Data.validate(false); err != nil {
					return fmt.Errorf("world: account %s, %s: %w", a.ID, r, err)
				}
			}
		}
		if err := a.Data.validate(true); err != nil {
			return fmt.Errorf("world: account %s: %w", a.ID, err)
		}
	}
	return nil
}

//go:embed demo/*.yaml
var demoFS embed.FS

// Demo returns the seeded insecure world that `mamori scan --demo` scans. It
// is kept as one file per service under demo/, merged by account id.
func Demo() *World {
	files, err := fs.Glob(demoFS, "demo/*.yaml")
	if err != nil {
		panic(err)
	}
	sort.Strings(files)
	var all World
	for _, f := range files {
		b, err := demoFS.ReadFile(f)
		if err != nil {
			panic(err)
		}
		var w World
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(&w); err != nil {
			panic(fmt.Sprintf("%s: %v", f, err))
		}
		all.merge(&w)
	}
	if err := all.validate(); err != nil {
		panic(err)
	}
	return &all
}

// merge adds o's accounts to w: an account already in w gets o's non-empty
// services (a later file wins for the same service).
func (w *World) merge(o *World) {
	for _, oa := range o.Accounts {
		var a *Account
		for _, x := range w.Accounts {
			if x.ID == oa.ID {
				a = x
			}
		}
		if a == nil {
			w.Accounts = append(w.Accounts, oa)
			continue
		}
		if oa.Alias != "" {
			a.Alias = oa.Alias
		}
		if len(oa.Regions) > 0 {
			a.Regions = oa.Regions
		}
		if oa.IAM != nil {
			a.IAM = oa.IAM
		}
		if oa.S3 != nil {
			a.S3 = oa.S3
		}
		a.Data = a.Data.merge(oa.Data)
		for name, or := range oa.PerRegion {
			r := a.Region(name)
			for _, f := range []struct{ dst, src any }{
				{&r.EC2, or.EC2}, {&r.RDS, or.RDS}, {&r.KMS, or.KMS}, {&r.CloudTrail, or.CloudTrail},
				{&r.GuardDuty, or.GuardDuty}, {&r.SecurityHub, or.SecurityHub}, {&r.Config, or.Config},
			} {
				setIfNotNil(f.dst, f.src)
			}
			r.Data = r.Data.merge(or.Data)
			r.Unavailable = append(r.Unavailable, or.Unavailable...)
		}
	}
}

func setIfNotNil(dst, src any) {
	sv := reflect.ValueOf(src)
	if sv.IsNil() {
		return
	}
	reflect.ValueOf(dst).Elem().Set(sv)
}
