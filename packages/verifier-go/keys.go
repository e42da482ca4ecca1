package verifier

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/lestrrat-go/jwx/v3/jwk"
)

// KeySource finds the public key a token names. kid is the header's `kid`; hasKid is false when there is none.
// It returns a *BearerError when no single key matches, an *UnavailableError when the keys cannot be had now.
type KeySource interface {
	Key(ctx context.Context, kid string, hasKid bool) (*rsa.PublicKey, error)
}

// rsaKey is a JWKS member usable for RS256 verification.
type rsaKey struct {
	kid    string
	hasKid bool
	public *rsa.PublicKey
}

// KeySet is a parsed JWKS: only the members an RS256 verifier may use (RFC 7517; the same filter as jose's:
// kty RSA, alg absent or RS256, use absent or sig, key_ops absent or with verify, public keys only).
type KeySet struct {
	keys []rsaKey
	kids []string
}

var errNoKey = errors.New("no matching key")

// ParseJWKS parses `{"keys":[...]}`; members that are not usable RS256 public keys are left out.
// It fails when the document is not a JWKS at all.
func ParseJWKS(document []byte) (*KeySet, error) {
	var set struct {
		Keys []json.RawMessage `json:"keys"`
	}
	if err := json.Unmarshal(document, &set); err != nil || set.Keys == nil {
		return nil, fmt.Errorf("not a JSON Web Key Set: %w", errors.Join(err, errNoKey))
	}
	keySet := &KeySet{}
	for _, raw := range set.Keys {
		if key, ok := usableKey(raw); ok {
			keySet.keys = append(keySet.keys, key)
			keySet.kids = append(keySet.kids, key.kid)
		}
	}
	return keySet, nil
}

func usableKey(raw json.RawMessage) (rsaKey, bool) {
	var members struct {
		Kty    string   `json:"kty"`
		Kid    *string  `json:"kid"`
		Alg    *string  `json:"alg"`
		Use    *string  `json:"use"`
		KeyOps []string `json:"key_ops"`
		D      *string  `json:"d"`
	}
	if json.Unmarshal(raw, &members) != nil || members.Kty != "RSA" || members.D != nil {
		return rsaKey{}, false
	}
	if (members.Alg != nil && *members.Alg != "RS256") || (members.Use != nil && *members.Use != "sig") {
		return rsaKey{}, false
	}
	if members.KeyOps != nil && !slices.Contains(members.KeyOps, "verify") {
		return rsaKey{}, false
	}
	parsed, err := jwk.ParseKey(raw)
	if err != nil {
		return rsaKey{}, false
	}
	var public rsa.PublicKey
	if jwk.Export(parsed, &public) != nil {
		return rsaKey{}, false
	}
	key := rsaKey{public: &public, hasKid: members.Kid != nil}
	if members.Kid != nil {
		key.kid = *members.Kid
	}
	return key, true
}

// Kids lists the key ids of the usable keys.
func (s *KeySet) Kids() []string { return slices.Clone(s.kids) }

// find returns the one key the header names: by kid, or the only key when there is no kid. errNoKey when none
// matches (a refetch may find it); a *BearerError when several do.
func (s *KeySet) find(kid string, hasKid bool) (*rsa.PublicKey, error) {
	var found *rsa.PublicKey
	count := 0
	for _, key := range s.keys {
		if !hasKid || (key.hasKid && key.kid == kid) {
			found = key.public
			count++
		}
	}
	switch count {
	case 0:
		return nil, errNoKey
	case 1:
		return found, nil
	}
	return nil, invalidToken("The access token is not valid.", errors.New("several keys match"))
}

// Key implements KeySource for a fixed set (tests, or a service that ships the issuer's keys).
func (s *KeySet) Key(_ context.Context, kid string, hasKid bool) (*rsa.PublicKey, error) {
	key, err := s.find(kid, hasKid)
	if errors.Is(err, errNoKey) {
		return nil, invalidToken("The access token is signed with an unknown key.", err)
	}
	return key, err
}
