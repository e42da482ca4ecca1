package verifier_test

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	verifier "github.com/authpair/authpair/packages/verifier-go"
)

// Verify with the keys held and a live session in the real Redis (strict mode: one GET of the liveness marker per call).
func BenchmarkVerifyStrict(b *testing.B) {
	client := testRedis(b)
	ctx := context.Background()
	key := newTestKey(b, "k1")
	keys, err := verifier.ParseJWKS(jwks(b, key))
	if err != nil {
		b.Fatal(err)
	}
	prefix := fmt.Sprintf("go-bench:%d:", os.Getpid())
	client.Set(ctx, prefix+"live:{user-1}:session-1", "user-1", 0)
	b.Cleanup(func() { client.Del(ctx, prefix+"live:{user-1}:session-1") })
	v, err := verifier.New(verifier.Options{
		Keys: keys, Issuer: testIssuer, Audiences: []string{"authpair-api"}, Sessions: verifier.NewStrictLiveness(client, prefix),
	})
	if err != nil {
		b.Fatal(err)
	}
	token := key.sign(b, "user-1", "session-1", []string{"user"}, time.Now())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(ctx, token); err != nil {
			b.Fatal(err)
		}
	}
}

// The token checks alone (signature and claims, no Redis): what each call costs before the HGET.
func BenchmarkVerifyClaims(b *testing.B) {
	key := newTestKey(b, "k1")
	keys, err := verifier.ParseJWKS(jwks(b, key))
	if err != nil {
		b.Fatal(err)
	}
	v, err := verifier.New(verifier.Options{
		Keys: keys, Issuer: testIssuer, Audiences: []string{"authpair-api"}, Sessions: verifier.NewStrictLiveness(nil, ""),
	})
	if err != nil {
		b.Fatal(err)
	}
	token := key.sign(b, "user-1", "session-1", []string{"user"}, time.Now())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.VerifyClaims(context.Background(), token); err != nil {
			b.Fatal(err)
		}
	}
}
