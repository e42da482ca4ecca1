// Command fiber is the README's Fiber example. Fiber is not net/http, so it calls Verify itself and maps the
// error with verifier.ErrorResponse (the same 401/403/503, challenge and JSON body).
package main

import (
	"context"
	"log"
	"os"
	"time"

	verifier "github.com/authpair/authpair/packages/verifier-go"
	"github.com/gofiber/fiber/v2"
)

func authenticate(v *verifier.Verifier) fiber.Handler {
	return func(c *fiber.Ctx) error {
		token, ok := verifier.ExtractBearerToken(c.Get(fiber.HeaderAuthorization), c.Cookies(verifier.AccessTokenCookie))
		var principal verifier.Principal
		err := error(&verifier.BearerError{Kind: verifier.KindMissing, Message: "An access token is required."})
		if ok {
			principal, err = v.Verify(c.UserContext(), token)
		}
		if err != nil {
			status, header, body := verifier.ErrorResponse(err, "")
			for name := range header {
				c.Set(name, header.Get(name))
			}
			return c.Status(status).JSON(body)
		}
		c.SetUserContext(verifier.WithPrincipal(c.UserContext(), principal))
		return c.Next()
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
	app := fiber.New()
	app.Use(authenticate(v))
	app.Get("/me", func(c *fiber.Ctx) error {
		principal, _ := verifier.PrincipalFrom(c.UserContext())
		return c.JSON(principal)
	})
	log.Fatal(app.Listen("127.0.0.1:8083"))
}
