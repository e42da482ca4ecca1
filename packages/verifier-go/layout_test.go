package verifier_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	verifier "github.com/authpair/authpair/packages/verifier-go"
)

// Issue 12, item 8: a prefix no issuer writes under is a misconfiguration the verifier names, not a revocation.
func TestReadyNamesAPrefixNoIssuerWritesUnder(t *testing.T) {
	client := testRedis(t)
	prefix := "go-layout-" + time.Now().Format("150405.000000") + ":"
	t.Cleanup(func() { client.Del(context.Background(), prefix+"layout") })
	sessions := verifier.NewStrictLiveness(client, prefix)
	err := sessions.Ready(context.Background(), 300*time.Millisecond)
	var layoutErr *verifier.KeyLayoutError
	if !errors.As(err, &layoutErr) || !strings.Contains(err.Error(), "REDIS_KEY_PREFIX") {
		t.Fatalf("a missing marker: %v, want a KeyLayoutError naming REDIS_KEY_PREFIX", err)
	}
	client.Set(context.Background(), prefix+"layout", "999", 0)
	if err := sessions.Ready(context.Background(), time.Second); !errors.As(err, &layoutErr) {
		t.Fatalf("another layout version: %v, want a KeyLayoutError", err)
	}
	client.Set(context.Background(), prefix+"layout", verifier.KeyLayoutVersion, 0)
	if err := sessions.Ready(context.Background(), time.Second); err != nil {
		t.Fatalf("the marker present: %v", err)
	}
}
