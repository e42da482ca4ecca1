// Command nethttp is the README's net/http example: a service whose /me needs a live session.
package main

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"os"
	"time"

	verifier "github.com/authpair/authpair/packages/verifier-go"
)

func main() {
	issuer := os.Getenv("ISSUER_URL") // e.g. http://127.0.0.1:4000
	keys := verifier.NewRemoteKeys(issuer+"/.well-known/jwks.json", verifier.RemoteKeysOptions{})
	defer keys.Close()
	if err := keys.Start(context.Background()); err != nil {
		log.Printf("JWKS not loaded yet (requests answer 503 until it is): %v", err)
	}
	redisClient, err := verifier.NewRedisClient(os.Getenv("REDIS_URL"))
	if err != nil {
		log.Fatal(err)
	}
	sessions := verifier.NewStrictLiveness(redisClient, os.Getenv("REDIS_KEY_PREFIX"))
	// A REDIS_KEY_PREFIX no issuer writes under stops the start here, instead of refusing every token as revoked.
	if err := sessions.Ready(context.Background(), 10*time.Second); err != nil {
		log.Fatal(err)
	}
	v, err := verifier.New(verifier.Options{
		Keys: keys, Issuer: issuer, Audiences: []string{"authpair-api"},
		Sessions: sessions,
	})
	if err != nil {
		log.Fatal(err)
	}
	auth := v.HTTP(verifier.MiddlewareOptions{})

	mux := http.NewServeMux()
	mux.Handle("GET /me", auth.Authenticate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		principal, _ := verifier.PrincipalFrom(r.Context())
		_ = json.NewEncoder(w).Encode(principal)
	})))
	mux.Handle("GET /admin/ping", auth.RequireRole("admin")(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte(`{"ok":true}`))
	})))
	log.Fatal(http.ListenAndServe("127.0.0.1:8081", mux))
}
