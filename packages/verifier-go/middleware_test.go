package verifier_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	verifier "github.com/authpair/authpair/packages/verifier-go"
	"github.com/redis/go-redis/v9"
)

type served struct {
	status    int
	challenge string
	body      verifier.ErrorBody
	principal verifier.Principal
}

func serve(t *testing.T, handler http.Handler, token string) served {
	t.Helper()
	request := httptest.NewRequest(http.MethodGet, "/me", nil)
	if token != "" {
		request.Header.Set("Authorization", "Bearer "+token)
	}
	recorder := httptest.NewRecorder()
	handler.ServeHTTP(recorder, request)
	result := served{status: recorder.Code, challenge: recorder.Header().Get("WWW-Authenticate")}
	if recorder.Code == http.StatusOK {
		_ = json.Unmarshal(recorder.Body.Bytes(), &result.principal)
	} else if err := json.Unmarshal(recorder.Body.Bytes(), &result.body); err != nil {
		t.Fatalf("error body %q: %v", recorder.Body.String(), err)
	}
	return result
}

func httpAdapter(t *testing.T, key testKey, client redis.UniversalClient, prefix string) *verifier.HTTP {
	t.Helper()
	keys, err := verifier.ParseJWKS(jwks(t, key))
	if err != nil {
		t.Fatal(err)
	}
	v, err := verifier.New(verifier.Options{
		Keys: keys, Issuer: testIssuer, Audiences: []string{"authpair-api"},
		Sessions: verifier.NewStrictLiveness(client, prefix),
	})
	if err != nil {
		t.Fatal(err)
	}
	return v.HTTP(verifier.MiddlewareOptions{})
}

var me = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	principal, _ := verifier.PrincipalFrom(r.Context())
	_ = json.NewEncoder(w).Encode(principal)
})

func TestMiddlewareAnswersAsTheContractSays(t *testing.T) {
	client := testRedis(t)
	ctx := context.Background()
	key := newTestKey(t, "k1")
	prefix := fmt.Sprintf("go-middleware:%d:", os.Getpid())
	adapter := httpAdapter(t, key, client, prefix)
	token := key.sign(t, "user-1", "session-1", []string{"user"}, time.Now())
	client.Set(ctx, prefix+"live:{user-1}:session-1", "user-1", 0)
	t.Cleanup(func() { client.Del(ctx, prefix+"live:{user-1}:session-1") })

	if got := serve(t, adapter.Authenticate(me), token); got.status != 200 || got.principal.UserID != "user-1" || got.principal.SessionID != "session-1" {
		t.Fatalf("a live session: %+v", got)
	}
	if got := serve(t, adapter.Authenticate(me), ""); got.status != 401 || got.challenge != "Bearer" || got.body.Code != "invalid_token" || got.body.Error != "Unauthorized" || got.body.StatusCode != 401 {
		t.Fatalf("no token: %+v", got)
	}
	if got := serve(t, adapter.RequireRole("admin")(me), token); got.status != 403 || got.challenge != `Bearer error="insufficient_scope", scope="admin"` || got.body.Code != "insufficient_scope" {
		t.Fatalf("a missing role: %+v", got)
	}
	if got := serve(t, adapter.RequireRole("admin", "user")(me), token); got.status != 200 {
		t.Fatalf("one of the roles: %+v", got)
	}
	client.Del(ctx, prefix+"live:{user-1}:session-1")
	if got := serve(t, adapter.Authenticate(me), token); got.status != 401 || got.challenge != `Bearer error="invalid_token"` || got.body.Message != "The session has ended." {
		t.Fatalf("the next request after a logout: %+v", got)
	}
	down := httpAdapter(t, key, closedRedis(t), prefix)
	if got := serve(t, down.Authenticate(me), token); got.status != 503 || got.challenge != "" || got.body.Code != "unavailable" || got.body.Error != "Service Unavailable" {
		t.Fatalf("Redis down: %+v", got)
	}
}
