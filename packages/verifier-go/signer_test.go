package verifier_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"testing"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jwk"
	"github.com/lestrrat-go/jwx/v3/jws"
)

const testIssuer = "https://issuer.go-tests.authpair.test"

// testKey is a signing key of the tests' own issuer.
type testKey struct {
	kid     string
	private *rsa.PrivateKey
}

func newTestKey(t testing.TB, kid string) testKey {
	t.Helper()
	private, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	return testKey{kid: kid, private: private}
}

// jwks is the public JWKS of the keys, as the issuer serves it.
func jwks(t testing.TB, keys ...testKey) []byte {
	t.Helper()
	set := jwk.NewSet()
	for _, key := range keys {
		public, err := jwk.Import(&key.private.PublicKey)
		if err != nil {
			t.Fatal(err)
		}
		_ = public.Set(jwk.KeyIDKey, key.kid)
		_ = public.Set(jwk.AlgorithmKey, jwa.RS256())
		_ = public.Set(jwk.KeyUsageKey, "sig")
		_ = set.AddKey(public)
	}
	document, err := json.Marshal(set)
	if err != nil {
		t.Fatal(err)
	}
	return document
}

// sign makes an access token like the issuer's for user/session, valid from now for 15 minutes.
func (key testKey) sign(t testing.TB, userID, sessionID string, roles []string, now time.Time) string {
	t.Helper()
	claims, _ := json.Marshal(map[string]any{
		"iss": testIssuer, "aud": "authpair-api", "sub": userID, "sid": sessionID, "jti": "jti-" + sessionID,
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Unix() + 900, "roles": roles, "email": "ada@example.com", "client_id": "authpair",
	})
	headers := jws.NewHeaders()
	_ = headers.Set(jws.KeyIDKey, key.kid)
	_ = headers.Set(jws.TypeKey, "at+jwt")
	token, err := jws.Sign(claims, jws.WithKey(jwa.RS256(), key.private, jws.WithProtectedHeaders(headers)))
	if err != nil {
		t.Fatal(err)
	}
	return string(token)
}
