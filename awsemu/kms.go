package awsemu

import (
	"strings"
	"time"
)

// KMS is one region's KMS state.
type KMS struct {
	Keys []*KMSKey `yaml:"keys"`

	index *byName[KMSKey]
}

// KMSKey is one KMS key.
type KMSKey struct {
	ID          string `yaml:"id"`
	Description string `yaml:"description"`
	// Manager is CUSTOMER (default) or AWS.
	Manager string `yaml:"manager"`
	// Spec is SYMMETRIC_DEFAULT (default), RSA_2048, ...
	Spec string `yaml:"spec"`
	// Origin is AWS_KMS (default), EXTERNAL, AWS_CLOUDHSM.
	Origin string `yaml:"origin"`
	// State is Enabled (default), Disabled, PendingDeletion.
	State    string   `yaml:"state"`
	Rotation bool     `yaml:"rotation"`
	Aliases  []string `yaml:"aliases"`
}

func (k *KMSKey) get(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

func kmsRoute(c *Call) Handler {
	switch c.Op {
	case "ListKeys":
		return kmsListKeys
	case "DescribeKey":
		return kmsDescribeKey
	case "GetKeyRotationStatus":
		return kmsRotation
	case "ListAliases":
		return kmsListAliases
	}
	return nil
}

func (c *Call) kms() *KMS {
	if k := c.Account.regionState(c.Region).KMS; k != nil {
		return k
	}
	return &KMS{}
}

func (c *Call) kmsKeyArn(k *KMSKey) string {
	return "arn:aws:kms:" + c.Region + ":" + c.Account.ID + ":key/" + k.ID
}

func kmsListKeys(c *Call) error {
	var in struct {
		Limit  int
		Marker string
	}
	if err := c.DecodeJSON(&in); err != nil {
		return err
	}
	keys := c.kms().Keys
	start, end, next := Page(len(keys), in.Marker, in.Limit, 100)
	type entry struct{ KeyId, KeyArn string }
	out := struct {
		Keys       []entry
		NextMarker string `json:",omitempty"`
		Truncated  bool
	}{Keys: []entry{}, NextMarker: next, Truncated: next != ""}
	for _, k := range keys[start:end] {
		out.Keys = append(out.Keys, entry{k.ID, c.kmsKeyArn(k)})
	}
	return c.JSONResult(out)
}

func (c *Call) findKey() (*KMSKey, error) {
	var in struct{ KeyId string }
	if err := c.DecodeJSON(&in); err != nil {
		return nil, err
	}
	id := in.KeyId
	if rest, ok := strings.CutPrefix(id, "arn:aws:kms:"+c.Region+":"+c.Account.ID+":key/"); ok {
		id = rest
	} else if strings.HasPrefix(id, "arn:") {
		id = "" // another region's or account's key: not here
	}
	if k := c.kms().keyWithID(id); k != nil {
		return k, nil
	}
	return nil, Errf("NotFoundException", "Key '%s' does not exist", in.KeyId)
}

func kmsDescribeKey(c *Call) error {
	k, err := c.findKey()
	if err != nil {
		return err
	}
	st := k.get(k.State, "Enabled")
	return c.JSONResult(map[string]any{"KeyMetadata": map[string]any{
		"AWSAccountId": c.Account.ID, "KeyId": k.ID, "Arn": c.kmsKeyArn(k),
		"CreationDate": float64(time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC).Unix()),
		"Enabled":      st == "Enabled", "Description": k.Description, "KeyUsage": "ENCRYPT_DECRYPT",
		"KeyState": st, "Origin": k.get(k.Origin, "AWS_KMS"), "KeyManager": k.get(k.Manager, "CUSTOMER"),
		"KeySpec": k.get(k.Spec, "SYMMETRIC_DEFAULT"), "CustomerMasterKeySpec": k.get(k.Spec, "SYMMETRIC_DEFAULT"),
		"MultiRegion": false,
	}})
}

func kmsRotation(c *Call) error {
	k, err := c.findKey()
	if err != nil {
		return err
	}
	if k.get(k.Spec, "SYMMETRIC_DEFAULT") != "SYMMETRIC_DEFAULT" || k.get(k.Origin, "AWS_KMS") != "AWS_KMS" {
		return Errf("UnsupportedOperationException", "%s is not a symmetric key with AWS_KMS origin", c.kmsKeyArn(k))
	}
	if k.get(k.State, "Enabled") == "PendingDeletion" {
		return Errf("KMSInvalidStateException", "%s is pending deletion", c.kmsKeyArn(k))
	}
	return c.JSONResult(map[string]any{"KeyRotationEnabled": k.Rotation, "KeyId": k.ID})
}

func kmsListAliases(c *Call) error {
	var in struct {
		Limit  int
		Marker string
	}
	if err := c.DecodeJSON(&in); err != nil {
		return err
	}
	type alias struct{ AliasName, AliasArn, TargetKeyId string }
	var all []alias
	for _, k := range c.kms().Keys {
		for _, a := range k.Aliases {
			all = append(all, alias{a, "arn:aws:kms:" + c.Region + ":" + c.Account.ID + ":" + a, k.ID})
		}
	}
	start, end, next := Page(len(all), in.Marker, in.Limit, 100)
	return c.JSONResult(map[string]any{"Aliases": append([]alias{}, all[start:end]...), "NextMarker": next, "Truncated": next != ""})
}
