package verifier_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"testing"

	verifier "github.com/authpair/authpair/packages/verifier-go"
	"github.com/redis/go-redis/v9"
)

// testRedis is the real Redis the tests need (TEST_REDIS_URL, exported by scripts/test/go.ts); never skipped.
func testRedis(t testing.TB) *redis.Client {
	t.Helper()
	url := os.Getenv("TEST_REDIS_URL")
	if url == "" {
		t.Fatal("TEST_REDIS_URL is not set: these tests need a real Redis. Run `npx tsx scripts/test/go.ts` from the repository root, or export TEST_REDIS_URL=redis://127.0.0.1:6379")
	}
	client, err := verifier.NewRedisClient(url)
	if err != nil {
		t.Fatalf("TEST_REDIS_URL %q: %v", url, err)
	}
	if err := client.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("Redis at TEST_REDIS_URL does not answer: %v", err)
	}
	t.Cleanup(func() { _ = client.Close() })
	return client
}

// closedRedis is a client for a port nothing listens on: Redis down.
func closedRedis(t testing.TB) *redis.Client {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	address := listener.Addr().String()
	_ = listener.Close()
	client, err := verifier.NewRedisClient(fmt.Sprintf("redis://%s", address))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	return client
}
