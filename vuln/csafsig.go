package vuln

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/armor"
	pgperrors "github.com/ProtonMail/go-crypto/openpgp/errors"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
	"github.com/mamori-sec/mamori/vuln/csaf"
)

// loadCSAFKeys downloads the public OpenPGP keys a provider lists in its
// provider-metadata.json and keeps those whose fingerprint is the listed
// one (all of a file's keys when the listing gives no fingerprint). A key
// that cannot be downloaded or read, or whose fingerprint differs, is
// reported, one line each, and left out.
func loadCSAFKeys(ctx context.Context, client *http.Client, base *url.URL, listed []csaf.PGPKey) (openpgp.EntityList, []error) {
	var keys openpgp.EntityList
	var errs []error
	for i, k := range listed {
		if k.URL == nil || strings.TrimSpace(*k.URL) == "" {
			errs = append(errs, fmt.Errorf("%s: public_openpgp_keys[%d] has no url", base, i))
			continue
		}
		u := resolve(base, *k.URL)
		b, err := get(ctx, client, u)
		if err != nil {
			errs = append(errs, fmt.Errorf("OpenPGP key: %v", err))
			continue
		}
		es, err := openpgp.ReadArmoredKeyRing(bytes.NewReader(b))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: not an armored OpenPGP public key: %s", u, oneLine(err.Error())))
			continue
		}
		want := strings.ToUpper(strings.Join(strings.Fields(string(k.Fingerprint)), ""))
		if want == "" {
			keys = append(keys, es...)
			continue
		}
		found := false
		var have []string
		for _, e := range es {
			fp := fmt.Sprintf("%X", e.PrimaryKey.Fingerprint)
			if fp == want {
				keys, found = append(keys, e), true
			}
			have = append(have, fp)
		}
		if !found {
			errs = append(errs, fmt.Errorf("%s: the key's fingerprint %s is not %s, the one provider-metadata.json lists: key left out", u, strings.Join(have, ", "), want))
		}
	}
	return keys, errs
}

// csafSigner checks documents' OpenPGP signatures against a provider's
// keys.
type csafSigner struct {
	keys openpgp.EntityList
	// listed: the provider lists keys (even if none could be read).
	listed bool
}

// check verifies the detached signature the provider publishes beside the
// document. No signature published: nothing to check. A signature, but no
// key the provider lists could be read: refused, as a signature that does
// not verify.
func (s *csafSigner) check(ctx context.Context, client *http.Client, d csafDoc, data []byte, now time.Time) error {
	if d.sigURL == "" || (!s.listed && len(s.keys) == 0) {
		return nil
	}
	sig, err := get(ctx, client, d.sigURL)
	if err != nil {
		if notFound(err) {
			return nil
		}
		return err
	}
	if len(s.keys) == 0 {
		return fmt.Errorf("%s: OpenPGP signature %s cannot be checked: none of the provider's public keys could be read", d.url, d.sigURL)
	}
	if err := verifyDetached(s.keys, data, sig, now); err != nil {
		return fmt.Errorf("%s: OpenPGP signature %s does not verify with the provider's keys: %s", d.url, d.sigURL, oneLine(err.Error()))
	}
	return nil
}

// verifyDetached checks an armored detached signature of data, as of now.
// A signature made while its key was valid stays good once the key has
// expired (as gpg judges an old signature): CSAF providers do not re-sign
// their old advisories when they renew a key. A revoked key, or a
// signature made after the key expired, is refused.
func verifyDetached(keys openpgp.EntityList, data, sig []byte, now time.Time) error {
	at := now
	cfg := &packet.Config{Time: func() time.Time { return at }}
	_, err := openpgp.CheckArmoredDetachedSignature(keys, bytes.NewReader(data), bytes.NewReader(sig), cfg)
	if !errors.Is(err, pgperrors.ErrKeyExpired) {
		return err
	}
	made, perr := signatureTime(sig)
	if perr != nil || made.After(now) {
		return err
	}
	at = made
	if _, err := openpgp.CheckArmoredDetachedSignature(keys, bytes.NewReader(data), bytes.NewReader(sig), cfg); err != nil {
		return err
	}
	return nil
}

// signatureTime is when an armored signature says it was made.
func signatureTime(sig []byte) (time.Time, error) {
	block, err := armor.Decode(bytes.NewReader(sig))
	if err != nil {
		return time.Time{}, err
	}
	p, err := packet.Read(block.Body)
	if err != nil {
		return time.Time{}, err
	}
	s, ok := p.(*packet.Signature)
	if !ok {
		return time.Time{}, errors.New("not a signature")
	}
	return s.CreationTime, nil
}
