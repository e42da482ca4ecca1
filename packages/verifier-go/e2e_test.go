package verifier_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	verifier "github.com/authpair/authpair/packages/verifier-go"
)

// The real pair, started by scripts/test/go.ts: the built issuer, its Redis and MongoDB.
type pair struct {
	issuerURL, keyPrefix, controlURL, redisURL string
}

func realPair(t *testing.T) pair {
	t.Helper()
	p := pair{os.Getenv("ISSUER_URL"), os.Getenv("E2E_KEY_PREFIX"), os.Getenv("E2E_CONTROL_URL"), os.Getenv("TEST_REDIS_URL")}
	if p.issuerURL == "" || p.keyPrefix == "" || p.controlURL == "" || p.redisURL == "" {
		t.Fatal("ISSUER_URL, E2E_KEY_PREFIX, E2E_CONTROL_URL and TEST_REDIS_URL must be set: the end-to-end test needs the real pair. Run `pnpm build && npx tsx scripts/test/go.ts` from the repository root.")
	}
	return p
}

func post(t *testing.T, url string, body any, token string) *http.Response {
	t.Helper()
	request, _ := http.NewRequest(http.MethodPost, url, http.NoBody)
	if body != nil {
		payload, _ := json.Marshal(body)
		request, _ = http.NewRequest(http.MethodPost, url, bytes.NewReader(payload))
		request.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		request.Header.Set("Authorization", "Bearer "+token)
	}
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = response.Body.Close() })
	return response
}

// login signs up a new user at the issuer and logs in; it returns the access token and the user id.
func (p pair) login(t *testing.T, email string) (string, string) {
	t.Helper()
	credentials := map[string]string{"email": email, "password": "go e2e password 1"}
	post(t, p.issuerURL+"/auth/signup", credentials, "")
	response := post(t, p.issuerURL+"/auth/login", credentials, "")
	var body struct {
		AccessToken string `json:"access_token"`
		User        struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	if response.StatusCode != http.StatusOK || json.NewDecoder(response.Body).Decode(&body) != nil {
		t.Fatalf("login: %d", response.StatusCode)
	}
	return body.AccessToken, body.User.ID
}

// goService is a Go service protected by the verifier: GET / answers the principal.
func (p pair) goService(t *testing.T) *httptest.Server {
	t.Helper()
	keys := verifier.NewRemoteKeys(p.issuerURL+"/.well-known/jwks.json", verifier.RemoteKeysOptions{})
	t.Cleanup(keys.Close)
	if err := keys.Start(context.Background()); err != nil {
		t.Fatalf("the issuer's JWKS: %v", err)
	}
	client, err := verifier.NewRedisClient(p.redisURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = client.Close() })
	sessions := verifier.NewStrictLiveness(client, p.keyPrefix)
	// The real issuer wrote its key-layout marker at start: the verifier finds it before it serves.
	if err := sessions.Ready(context.Background(), 5*time.Second); err != nil {
		t.Fatalf("Ready: %v", err)
	}
	v, err := verifier.New(verifier.Options{
		Keys: keys, Issuer: p.issuerURL, Audiences: []string{"authpair-api"},
		Sessions: sessions,
	})
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewServer(v.HTTP(verifier.MiddlewareOptions{}).Authenticate(me))
	t.Cleanup(server.Close)
	return server
}

func call(t *testing.T, server *httptest.Server, token string) (int, verifier.Principal) {
	t.Helper()
	request, _ := http.NewRequest(http.MethodGet, server.URL, nil)
	request.Header.Set("Authorization", "Bearer "+token)
	response, err := http.DefaultClient.Do(request)
	if err != nil {
		t.Fatal(err)
	}
	defer response.Body.Close()
	var principal verifier.Principal
	if response.StatusCode == http.StatusOK {
		_ = json.NewDecoder(response.Body).Decode(&principal)
	}
	return response.StatusCode, principal
}

func TestEndToEndLogoutIsRefusedOnTheNextRequest(t *testing.T) {
	p := realPair(t)
	service := p.goService(t)
	token, userID := p.login(t, fmt.Sprintf("go-logout-%d@example.com", os.Getpid()))
	if status, principal := call(t, service, token); status != http.StatusOK || principal.UserID != userID {
		t.Fatalf("the Go service refused a fresh token: %d %+v", status, principal)
	}
	if response := post(t, p.issuerURL+"/auth/logout", nil, token); response.StatusCode != http.StatusNoContent {
		t.Fatalf("logout: %d", response.StatusCode)
	}
	if status, _ := call(t, service, token); status != http.StatusUnauthorized {
		t.Fatalf("the next request after logout: %d, want 401", status)
	}
}

func TestEndToEndRedisStoppedIsUnavailable(t *testing.T) {
	p := realPair(t)
	service := p.goService(t)
	token, _ := p.login(t, fmt.Sprintf("go-redis-down-%d@example.com", os.Getpid()))
	if status, _ := call(t, service, token); status != http.StatusOK {
		t.Fatalf("before Redis stops: %d", status)
	}
	if response := post(t, p.controlURL+"/redis/stop", nil, ""); response.StatusCode != http.StatusNoContent {
		t.Fatalf("stopping Redis: %d", response.StatusCode)
	}
	t.Cleanup(func() { post(t, p.controlURL+"/redis/start", nil, "") })
	if status, _ := call(t, service, token); status != http.StatusServiceUnavailable {
		t.Fatalf("Redis stopped: %d, want 503", status)
	}
}
