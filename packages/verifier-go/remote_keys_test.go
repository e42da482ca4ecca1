package verifier_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	verifier "github.com/authpair/authpair/packages/verifier-go"
)

// jwksServer serves a JWKS that the test can change, or make fail, and counts fetches.
type jwksServer struct {
	mu       sync.Mutex
	document []byte
	down     bool
	fetches  atomic.Int32
	*httptest.Server
}

func newJWKSServer(t *testing.T, document []byte) *jwksServer {
	server := &jwksServer{document: document}
	server.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		server.fetches.Add(1)
		server.mu.Lock()
		defer server.mu.Unlock()
		if server.down {
			http.Error(w, "down", http.StatusBadGateway)
			return
		}
		_, _ = w.Write(server.document)
	}))
	t.Cleanup(server.Close)
	return server
}

func (s *jwksServer) set(document []byte, down bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.document, s.down = document, down
}

func keyOf(keys verifier.KeySource, kid string) error {
	_, err := keys.Key(context.Background(), kid, true)
	return err
}

func TestRemoteKeysFetchAtStartAndKeepTheLastGoodSet(t *testing.T) {
	first := newTestKey(t, "k1")
	server := newJWKSServer(t, jwks(t, first))
	keys := verifier.NewRemoteKeys(server.URL, verifier.RemoteKeysOptions{Cooldown: time.Hour})
	t.Cleanup(keys.Close)
	if err := keys.Start(context.Background()); err != nil || !keys.Loaded() {
		t.Fatalf("start: %v", err)
	}
	server.set(nil, true)
	if err := keys.Refresh(context.Background()); !errors.As(err, new(*verifier.UnavailableError)) {
		t.Fatalf("a failed refresh is unavailable, got %v", err)
	}
	if err := keyOf(keys, "k1"); err != nil {
		t.Fatalf("the last good set stays in use while the issuer is down: %v", err)
	}
}

func TestRemoteKeysRefetchOnUnknownKidWithACooldown(t *testing.T) {
	first, second := newTestKey(t, "k1"), newTestKey(t, "k2")
	server := newJWKSServer(t, jwks(t, first))
	keys := verifier.NewRemoteKeys(server.URL, verifier.RemoteKeysOptions{Cooldown: 300 * time.Millisecond})
	t.Cleanup(keys.Close)
	if err := keys.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	server.set(jwks(t, first, second), false)
	// Within the cooldown of the start's fetch: refused without a fetch.
	if err := keyOf(keys, "k2"); !errors.As(err, new(*verifier.BearerError)) || server.fetches.Load() != 1 {
		t.Fatalf("within the cooldown: %v after %d fetches", err, server.fetches.Load())
	}
	time.Sleep(350 * time.Millisecond)
	// Many lookups at once share one fetch.
	var wg sync.WaitGroup
	failures := atomic.Int32{}
	for range 20 {
		wg.Go(func() {
			if keyOf(keys, "k2") != nil {
				failures.Add(1)
			}
		})
	}
	wg.Wait()
	if failures.Load() != 0 || server.fetches.Load() != 2 {
		t.Fatalf("after the cooldown: %d failures, %d fetches (want 0 and 2)", failures.Load(), server.fetches.Load())
	}
	// A kid the refetch does not find either: invalid_token, not a fetch per request.
	if err := keyOf(keys, "k3"); !errors.As(err, new(*verifier.BearerError)) || server.fetches.Load() != 2 {
		t.Fatalf("unknown kid within the cooldown: %v after %d fetches", err, server.fetches.Load())
	}
}

func TestRemoteKeysUnknownKidWhileTheIssuerIsDownIsUnavailable(t *testing.T) {
	server := newJWKSServer(t, jwks(t, newTestKey(t, "k1")))
	keys := verifier.NewRemoteKeys(server.URL, verifier.RemoteKeysOptions{Cooldown: time.Nanosecond})
	t.Cleanup(keys.Close)
	if err := keys.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	server.set(nil, true)
	if err := keyOf(keys, "k2"); !errors.As(err, new(*verifier.UnavailableError)) {
		t.Fatalf("a key we cannot look up is 503, never a guess: got %v", err)
	}
}
