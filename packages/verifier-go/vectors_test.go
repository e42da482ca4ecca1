package verifier_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"testing"
	"time"

	verifier "github.com/authpair/authpair/packages/verifier-go"
)

// The shared test vectors (docs/VERIFYING.md), read from the repository: the file the TypeScript verifier runs.
const vectorsPath = "../../test/vectors/verifier-vectors.json"

type vectorFile struct {
	Issuer                string          `json:"issuer"`
	Audience              string          `json:"audience"`
	ClockToleranceSeconds int             `json:"clock_tolerance_seconds"`
	MaxLifetimeSeconds    int             `json:"max_lifetime_seconds"`
	MaxTokenLength        int             `json:"max_token_length"`
	JWKS                  json.RawMessage `json:"jwks"`
	Cases                 []vectorCase    `json:"cases"`
	Extraction            []extraction    `json:"extraction"`
}

type vectorCase struct {
	Name  string `json:"name"`
	Token string `json:"token"`
	Now   int64  `json:"now"`
	Redis struct {
		Strings map[string]string `json:"strings"`
	} `json:"redis"`
	RedisDown bool   `json:"redis_down"`
	Outcome   string `json:"outcome"`
	Principal *struct {
		Sub   string   `json:"sub"`
		Sid   string   `json:"sid"`
		Email string   `json:"email"`
		Roles []string `json:"roles"`
		Jti   string   `json:"jti"`
		Exp   int64    `json:"exp"`
	} `json:"principal"`
}

type extraction struct {
	Name          string  `json:"name"`
	Authorization *string `json:"authorization"`
	Cookie        *string `json:"cookie"`
	Outcome       string  `json:"outcome"`
	Token         string  `json:"token"`
}

func loadVectors(t *testing.T) vectorFile {
	t.Helper()
	raw, err := os.ReadFile(vectorsPath)
	if err != nil {
		t.Fatalf("the shared vectors: %v", err)
	}
	var file vectorFile
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatalf("the shared vectors: %v", err)
	}
	if len(file.Cases) == 0 || len(file.Extraction) == 0 {
		t.Fatal("the shared vectors hold no cases")
	}
	return file
}

func vectorVerifier(t *testing.T, file vectorFile, sessions verifier.SessionLiveness, now int64) *verifier.Verifier {
	t.Helper()
	keys, err := verifier.ParseJWKS(file.JWKS)
	if err != nil {
		t.Fatal(err)
	}
	v, err := verifier.New(verifier.Options{
		Keys: keys, Issuer: file.Issuer, Audiences: []string{file.Audience}, Sessions: sessions,
		ClockTolerance: time.Duration(file.ClockToleranceSeconds) * time.Second,
		MaxLifetime:    time.Duration(file.MaxLifetimeSeconds) * time.Second,
		Now:            func() time.Time { return time.Unix(now, 0) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// outcomeOf names what a verification answered, in the vectors' terms.
func outcomeOf(err error) string {
	var bearer *verifier.BearerError
	var unavailable *verifier.UnavailableError
	switch {
	case err == nil:
		return "ok"
	case errors.As(err, &bearer) && bearer.Kind == verifier.KindInvalidToken:
		return "invalid_token"
	case errors.As(err, &unavailable):
		return "unavailable"
	}
	return fmt.Sprintf("unexpected error %T %v", err, err)
}

// Every case of the shared vectors, each with its sessions loaded into the real Redis under a prefix of its own.
func TestSharedVectors(t *testing.T) {
	file := loadVectors(t)
	client := testRedis(t)
	ctx := context.Background()
	if verifier.MaxTokenLength != file.MaxTokenLength {
		t.Fatalf("MaxTokenLength %d, the vectors say %d", verifier.MaxTokenLength, file.MaxTokenLength)
	}
	for index, vector := range file.Cases {
		t.Run(vector.Name, func(t *testing.T) {
			prefix := fmt.Sprintf("go-vectors:%d:%d:", os.Getpid(), index)
			for suffix, value := range vector.Redis.Strings {
				key := prefix + suffix
				if err := client.Set(ctx, key, value, 0).Err(); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { client.Del(ctx, key) })
			}
			redisClient := client
			if vector.RedisDown {
				redisClient = closedRedis(t)
			}
			v := vectorVerifier(t, file, verifier.NewStrictLiveness(redisClient, prefix), vector.Now)
			principal, err := v.Verify(ctx, vector.Token)
			if got := outcomeOf(err); got != vector.Outcome {
				t.Fatalf("outcome %s, the vectors say %s (error: %v)", got, vector.Outcome, err)
			}
			if vector.Outcome != "ok" {
				return
			}
			want := verifier.Principal{
				UserID: vector.Principal.Sub, SessionID: vector.Principal.Sid, Email: vector.Principal.Email,
				Roles: vector.Principal.Roles, TokenID: vector.Principal.Jti, ExpiresAt: vector.Principal.Exp,
			}
			if !reflect.DeepEqual(principal, want) {
				t.Fatalf("principal %+v, the vectors say %+v", principal, want)
			}
		})
	}
}

// Where the token comes from: the header's b64token, else the cookie; a malformed header is invalid_token.
func TestSharedExtractionVectors(t *testing.T) {
	file := loadVectors(t)
	v := vectorVerifier(t, file, verifier.NewStrictLiveness(testRedis(t), "go-vectors-extraction:"), file.Cases[0].Now)
	for _, vector := range file.Extraction {
		t.Run(vector.Name, func(t *testing.T) {
			authorization, cookie := "", ""
			if vector.Authorization != nil {
				authorization = *vector.Authorization
			}
			if vector.Cookie != nil {
				cookie = *vector.Cookie
			}
			token, ok := verifier.ExtractBearerToken(authorization, cookie)
			switch vector.Outcome {
			case "missing":
				if ok {
					t.Fatalf("found %q, the vectors say there is no token", token)
				}
			case "token":
				if !ok || token != vector.Token {
					t.Fatalf("found %q (%v), the vectors say %q", token, ok, vector.Token)
				}
			case "malformed":
				if !ok {
					t.Fatal("found no token, the vectors say a malformed one")
				}
				if _, err := v.Verify(context.Background(), token); outcomeOf(err) != "invalid_token" {
					t.Fatalf("%q verified as %s, the vectors say invalid_token", token, outcomeOf(err))
				}
			default:
				t.Fatalf("unknown outcome %q", vector.Outcome)
			}
		})
	}
}
