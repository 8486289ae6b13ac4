package vuln

import (
	"bytes"
	"context"
	"crypto"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	"github.com/ProtonMail/go-crypto/openpgp/packet"

	"github.com/mamori-sec/mamori"
)

// pgpKey makes an Ed25519 OpenPGP key made at made, valid for life (0:
// forever).
func pgpKey(t *testing.T, name string, made time.Time, life time.Duration) *openpgp.Entity {
	t.Helper()
	e, err := openpgp.NewEntity(name, "", name+"@example.com", &packet.Config{
		Algorithm: packet.PubKeyAlgoEdDSA, Time: func() time.Time { return made }, KeyLifetimeSecs: uint32(life / time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func armoredPublic(t *testing.T, e *openpgp.Entity) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := armor.Encode(&b, openpgp.PublicKeyType, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Serialize(w); err != nil {
		t.Fatal(err)
	}
	w.Close()
	return b.Bytes()
}

func sign(t *testing.T, e *openpgp.Entity, data []byte, at time.Time) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := openpgp.ArmoredDetachSign(&b, e, bytes.NewReader(data), &packet.Config{Time: func() time.Time { return at }}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// signLate signs data with e's primary key as of at, even past the key's
// expiry (which openpgp.DetachSign refuses): what a forger holding an old
// key would do.
func signLate(t *testing.T, e *openpgp.Entity, data []byte, at time.Time) []byte {
	t.Helper()
	pk := e.PrimaryKey
	sig := &packet.Signature{Version: pk.Version, SigType: packet.SigTypeBinary, PubKeyAlgo: pk.PubKeyAlgo, Hash: crypto.SHA256,
		CreationTime: at, IssuerKeyId: &pk.KeyId, IssuerKeyVersion: uint8(pk.Version), IssuerFingerprint: pk.Fingerprint}
	cfg := &packet.Config{Time: func() time.Time { return at }}
	h, err := sig.PrepareSign(cfg)
	if err != nil {
		t.Fatal(err)
	}
	h.Write(data)
	if err := sig.Sign(h, e.PrivateKey, cfg); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	w, err := armor.Encode(&b, openpgp.SignatureType, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := sig.Serialize(w); err != nil {
		t.Fatal(err)
	}
	w.Close()
	return b.Bytes()
}

func fingerprint(e *openpgp.Entity) string { return fmt.Sprintf("%X", e.PrimaryKey.Fingerprint) }

// csafProvider serves a provider whose documents are signed with key:
// RHSA-2024:0001 and gocsaf's test document in a ROLIE feed (signature
// links), the vendor advisory in a directory (.asc, .sha256 and .sha512
// beside it).
func csafProvider(t *testing.T, key *openpgp.Entity, listedFP string, signedAt time.Time) (*feedServer, map[string][]byte) {
	t.Helper()
	docs := map[string][]byte{}
	for p, f := range map[string]string{
		"/.well-known/csaf/white/2024/rhsa-2024_0001.json":        "rhsa-2024_0001.json",
		"/.well-known/csaf/white/2024/avendor-advisory-0004.json": "gocsaf-avendor-advisory-0004.json",
		"/.well-known/csaf/dir/2024/vendor-2024-001.json":         "vendor-2024-001.json",
	} {
		b, err := os.ReadFile("testdata/csaf/" + f)
		if err != nil {
			t.Fatal(err)
		}
		docs[p] = b
	}
	files := map[string][]byte{
		"/.well-known/csaf/provider-metadata.json": []byte(`{
  "canonical_url": "https://example.com/.well-known/csaf/provider-metadata.json",
  "distributions": [
    {"rolie": {"feeds": [{"summary": "TLP:WHITE advisories", "tlp_label": "WHITE", "url": "https://example.com/.well-known/csaf/white/feed-tlp-white.json"}]}},
    {"directory_url": "https://example.com/.well-known/csaf/dir/"}
  ],
  "last_updated": "2024-03-01T00:00:00Z", "list_on_CSAF_aggregators": true, "metadata_version": "2.0",
  "mirror_on_CSAF_aggregators": true,
  "public_openpgp_keys": [{"fingerprint": "` + listedFP + `", "url": "https://example.com/.well-known/csaf/openpgp/key.asc"}],
  "publisher": {"category": "vendor", "name": "Example", "namespace": "https://example.com"},
  "role": "csaf_trusted_provider"}`),
		"/.well-known/csaf/openpgp/key.asc": armoredPublic(t, key),
		"/.well-known/csaf/white/feed-tlp-white.json": []byte(`{"feed": {"id": "white", "title": "white", "updated": "2024-03-01T00:00:00Z", "entry": [
  {"id": "RHSA-2024:0001", "title": "t", "published": "2024-01-09T12:00:00Z", "updated": "2024-01-10T12:00:00Z",
    "link": [{"rel": "self", "href": "2024/rhsa-2024_0001.json"}, {"rel": "hash", "href": "2024/rhsa-2024_0001.json.sha512"},
      {"rel": "signature", "href": "2024/rhsa-2024_0001.json.asc"}],
    "content": {"type": "application/json", "src": "2024/rhsa-2024_0001.json"},
    "format": {"schema": "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json", "version": "2.0"}},
  {"id": "Avendor-advisory-0004", "title": "t", "published": "2024-01-09T12:00:00Z", "updated": "2024-01-10T12:00:00Z",
    "link": [{"rel": "self", "href": "2024/avendor-advisory-0004.json"}, {"rel": "signature", "href": "2024/avendor-advisory-0004.json.asc"}],
    "content": {"type": "application/json", "src": "2024/avendor-advisory-0004.json"},
    "format": {"schema": "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json", "version": "2.0"}}]}}`),
		"/.well-known/csaf/dir/changes.csv": []byte(`"2024/vendor-2024-001.json","2024-03-01T00:00:00+09:00"` + "\n"),
	}
	for p, b := range docs {
		files[p] = b
		files[p+".asc"] = sign(t, key, b, signedAt)
		h := sha512.Sum512(b)
		files[p+".sha512"] = []byte(hex.EncodeToString(h[:]) + "  " + p[strings.LastIndex(p, "/")+1:] + "\n")
	}
	v := docs["/.well-known/csaf/dir/2024/vendor-2024-001.json"]
	h := sha256.Sum256(v)
	files["/.well-known/csaf/dir/2024/vendor-2024-001.json.sha256"] = []byte(hex.EncodeToString(h[:]) + "  vendor-2024-001.json\n")
	return &feedServer{files: files, downloads: map[string]int{}}, docs
}

func syncProvider(t *testing.T, db mamori.VulnStore, fs *feedServer, at time.Time) SyncResult {
	t.Helper()
	srv := httptest.NewServer(fs)
	t.Cleanup(srv.Close)
	client := srv.Client()
	client.Transport = rewriteHost{srv.URL, client.Transport}
	rs, err := SyncCSAF(context.Background(), client, db, "https://example.com/.well-known/csaf/provider-metadata.json", func() time.Time { return at })
	if err != nil {
		t.Fatal(err)
	}
	// The provider's own errors (its keys) come first, then its documents.
	var all SyncResult
	for _, r := range rs {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Source.Name, r.Err)
		}
		all.Import.Errors = append(all.Import.Errors, r.Import.Errors...)
		all.Import.Advisories.Add(r.Import.Advisories)
	}
	return all
}

func errorLines(errs []error) string {
	var b strings.Builder
	for _, e := range errs {
		b.WriteString(e.Error() + "\n")
	}
	return b.String()
}

// Every document's OpenPGP signature is checked with the key the provider
// lists; one that does not verify is refused with a line naming it, the
// others are imported, and the refused one is tried again next time.
func TestSyncCSAFSignatures(t *testing.T) {
	key := pgpKey(t, "Example PSIRT", now.AddDate(-1, 0, 0), 0)
	other := pgpKey(t, "Mallory", now.AddDate(-1, 0, 0), 0)
	signed := now.AddDate(0, -1, 0)

	t.Run("good", func(t *testing.T) {
		db := openDB(t)
		fs, _ := csafProvider(t, key, fingerprint(key), signed)
		r := syncProvider(t, db, fs, now)
		if len(r.Import.Errors) != 0 || r.Import.Advisories.Added != 3 {
			t.Fatalf("%+v\n%s", r.Import.Advisories, errorLines(r.Import.Errors))
		}
		for _, p := range []string{"/.well-known/csaf/white/2024/rhsa-2024_0001.json.asc", "/.well-known/csaf/dir/2024/vendor-2024-001.json.asc",
			"/.well-known/csaf/dir/2024/vendor-2024-001.json.sha256", "/.well-known/csaf/dir/2024/vendor-2024-001.json.sha512"} {
			if fs.downloads[p] != 1 {
				t.Errorf("%s not checked", p)
			}
		}
	})

	t.Run("bad signature", func(t *testing.T) {
		db := openDB(t)
		fs, docs := csafProvider(t, key, fingerprint(key), signed)
		// Signed by a key the provider does not list.
		fs.files["/.well-known/csaf/white/2024/avendor-advisory-0004.json.asc"] = sign(t, other, docs["/.well-known/csaf/white/2024/avendor-advisory-0004.json"], signed)
		// Changed on the server with its hash files, not its signature.
		v := append(bytes.Clone(docs["/.well-known/csaf/dir/2024/vendor-2024-001.json"]), '\n')
		h5, h2 := sha512.Sum512(v), sha256.Sum256(v)
		fs.files["/.well-known/csaf/dir/2024/vendor-2024-001.json"] = v
		fs.files["/.well-known/csaf/dir/2024/vendor-2024-001.json.sha512"] = []byte(hex.EncodeToString(h5[:]))
		fs.files["/.well-known/csaf/dir/2024/vendor-2024-001.json.sha256"] = []byte(hex.EncodeToString(h2[:]))
		r := syncProvider(t, db, fs, now)
		if r.Import.Advisories.Added != 1 || len(r.Import.Errors) != 2 {
			t.Fatalf("%+v\n%s", r.Import.Advisories, errorLines(r.Import.Errors))
		}
		got := errorLines(r.Import.Errors)
		for _, want := range []string{
			"https://example.com/.well-known/csaf/white/2024/avendor-advisory-0004.json: OpenPGP signature https://example.com/.well-known/csaf/white/2024/avendor-advisory-0004.json.asc does not verify with the provider's keys: ",
			"https://example.com/.well-known/csaf/dir/2024/vendor-2024-001.json: OpenPGP signature https://example.com/.well-known/csaf/dir/2024/vendor-2024-001.json.asc does not verify with the provider's keys: ",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("no %q in\n%s", want, got)
			}
		}
		if strings.Count(got, "\n") != 2 {
			t.Errorf("not one line each:\n%s", got)
		}
		if _, err := db.Advisory(context.Background(), "", "EXAMPLE-SA-2024-001"); err == nil {
			t.Error("a document whose signature does not verify was imported")
		}
		// Put right on the server: the next sync imports it.
		fs.files["/.well-known/csaf/dir/2024/vendor-2024-001.json.asc"] = sign(t, key, v, signed)
		r = syncProvider(t, db, fs, now)
		if r.Import.Advisories.Added != 1 || len(r.Import.Errors) != 1 {
			t.Errorf("after the fix: %+v\n%s", r.Import.Advisories, errorLines(r.Import.Errors))
		}
	})

	t.Run("hash", func(t *testing.T) {
		db := openDB(t)
		fs, _ := csafProvider(t, key, fingerprint(key), signed)
		fs.files["/.well-known/csaf/dir/2024/vendor-2024-001.json.sha256"] = []byte(strings.Repeat("0", 64) + "  vendor-2024-001.json\n")
		r := syncProvider(t, db, fs, now)
		if r.Import.Advisories.Added != 2 || len(r.Import.Errors) != 1 ||
			r.Import.Errors[0].Error() != "https://example.com/.well-known/csaf/dir/2024/vendor-2024-001.json: does not match https://example.com/.well-known/csaf/dir/2024/vendor-2024-001.json.sha256 ("+strings.Repeat("0", 64)+"): download it again" {
			t.Errorf("%+v\n%s", r.Import.Advisories, errorLines(r.Import.Errors))
		}
	})

	t.Run("no signatures published", func(t *testing.T) {
		db := openDB(t)
		fs, _ := csafProvider(t, key, fingerprint(key), signed)
		for p := range fs.files {
			if strings.HasSuffix(p, ".asc") && !strings.HasSuffix(p, "/key.asc") {
				delete(fs.files, p)
			}
		}
		r := syncProvider(t, db, fs, now)
		if r.Import.Advisories.Added != 3 || len(r.Import.Errors) != 0 {
			t.Errorf("%+v\n%s", r.Import.Advisories, errorLines(r.Import.Errors))
		}
	})

	t.Run("listed fingerprint differs", func(t *testing.T) {
		db := openDB(t)
		fs, _ := csafProvider(t, key, fingerprint(other), signed)
		r := syncProvider(t, db, fs, now)
		got := errorLines(r.Import.Errors)
		if r.Import.Advisories.Added != 0 || len(r.Import.Errors) != 4 ||
			!strings.HasPrefix(got, "https://example.com/.well-known/csaf/openpgp/key.asc: the key's fingerprint "+fingerprint(key)+" is not "+fingerprint(other)) ||
			!strings.Contains(got, "rhsa-2024_0001.json.asc cannot be checked: none of the provider's public keys could be read") {
			t.Errorf("%+v\n%s", r.Import.Advisories, got)
		}
	})

	// A key that expired after it signed: the old signatures stay good; a
	// signature made after it expired is refused.
	t.Run("expired key", func(t *testing.T) {
		db := openDB(t)
		made := now.AddDate(-2, 0, 0)
		short := pgpKey(t, "Example PSIRT 2024", made, 365*24*time.Hour)
		fs, docs := csafProvider(t, short, fingerprint(short), made.AddDate(0, 1, 0))
		late := "/.well-known/csaf/white/2024/avendor-advisory-0004.json"
		fs.files[late+".asc"] = signLate(t, short, docs[late], made.AddDate(1, 1, 0))
		r := syncProvider(t, db, fs, now)
		if r.Import.Advisories.Added != 2 || len(r.Import.Errors) != 1 || !strings.Contains(r.Import.Errors[0].Error(), "avendor-advisory-0004.json.asc does not verify") {
			t.Errorf("%+v\n%s", r.Import.Advisories, errorLines(r.Import.Errors))
		}
	})
}
