// Command gin is the README's Gin example: the verifier as Gin middleware.
package main

import (
	"context"
	"log"
	"net/http"
	"os"
	"time"

	verifier "github.com/authpair/authpair/packages/verifier-go"
	"github.com/gin-gonic/gin"
)

// authenticate verifies the request's token and keeps the principal in the request's context.
func authenticate(auth *verifier.HTTP) gin.HandlerFunc {
	return func(c *gin.Context) {
		principal, err := auth.PrincipalOf(c.Request)
		if err != nil {
			auth.WriteError(c.Writer, err)
			c.Abort()
			return
		}
		c.Request = c.Request.WithContext(verifier.WithPrincipal(c.Request.Context(), principal))
		c.Next()
	}
}

func main() {
	issuer := os.Getenv("ISSUER_URL")
	keys := verifier.NewRemoteKeys(issuer+"/.well-known/jwks.json", verifier.RemoteKeysOptions{})
	defer keys.Close()
	_ = keys.Start(context.Background())
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
	router := gin.New()
	router.Use(authenticate(v.HTTP(verifier.MiddlewareOptions{})))
	router.GET("/me", func(c *gin.Context) {
		principal, _ := verifier.PrincipalFrom(c.Request.Context())
		c.JSON(http.StatusOK, principal)
	})
	log.Fatal(router.Run("127.0.0.1:8082"))
}
