// Package verifier verifies authpair access tokens in Go services: the RS256 signature against the issuer's
// JWKS, the claims as the contract says (docs/VERIFYING.md), and the session's liveness in the issuer's Redis on
// every request, so a logout is refused on the very next request. It agrees with the TypeScript verifier
// (packages/verifier) on every case of the shared test vectors (test/vectors/verifier-vectors.json).
package verifier

import (
	"context"
	"crypto/rsa"
	"errors"
	"time"

	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jws"
)

// Options configure a Verifier.
type Options struct {
	// Keys finds public keys: NewRemoteKeys(issuer + "/.well-known/jwks.json", ...) or a fixed *KeySet.
	Keys KeySource
	// Issuer is the exact `iss` expected (the issuer's ISSUER_URL).
	Issuer string
	// Audiences are the `aud` values this service accepts (the issuer's TOKEN_AUDIENCE, default "authpair-api").
	Audiences []string
	// ClockTolerance is the allowed clock skew for exp, nbf and iat. Default 5 s; use a negative value for none.
	ClockTolerance time.Duration
	// MaxLifetime is the most a token's exp may lie past its iat. Default 24 h.
	MaxLifetime time.Duration
	// Sessions is asked on every verification (NewStrictLiveness).
	Sessions SessionLiveness
	// Now is the clock (tests freeze it). Default time.Now.
	Now func() time.Time
}

// Verifier verifies access tokens and their sessions. It is safe for concurrent use.
type Verifier struct {
	options   Options
	tolerance float64
}

// New checks the options and makes a Verifier.
func New(options Options) (*Verifier, error) {
	if options.Keys == nil || options.Sessions == nil || options.Issuer == "" || len(options.Audiences) == 0 {
		return nil, errors.New("verifier.New needs Keys, Sessions, Issuer and Audiences")
	}
	switch {
	case options.ClockTolerance == 0:
		options.ClockTolerance = 5 * time.Second
	case options.ClockTolerance < 0:
		options.ClockTolerance = 0
	}
	if options.MaxLifetime == 0 {
		options.MaxLifetime = 24 * time.Hour
	}
	if options.MaxLifetime < 0 {
		return nil, errors.New("verifier.New: MaxLifetime must be positive")
	}
	if options.Now == nil {
		options.Now = time.Now
	}
	return &Verifier{options: options, tolerance: options.ClockTolerance.Seconds()}, nil
}

// Verify checks an access token and the liveness of its session.
// It returns a *BearerError (KindInvalidToken) for any token that is not valid now, and an *UnavailableError
// when Redis or the JWKS cannot answer.
func (v *Verifier) Verify(ctx context.Context, token string) (Principal, error) {
	principal, err := v.VerifyClaims(ctx, token)
	if err != nil {
		return Principal{}, err
	}
	// The session must be this user's: a token naming user A and user B's live session is refused (issue 11).
	live, err := v.options.Sessions.IsLive(ctx, principal.SessionID, principal.UserID)
	if err != nil {
		return Principal{}, err
	}
	if !live {
		return Principal{}, invalidToken("The session has ended.", nil)
	}
	return principal, nil
}

// VerifyClaims checks signature and claims but not the session.
func (v *Verifier) VerifyClaims(ctx context.Context, token string) (Principal, error) {
	compact, err := parseCompact(token)
	if err != nil {
		return Principal{}, err
	}
	kid, hasKid := compact.header["kid"]
	kidString, isString := kid.(string)
	// The issuer always names its key (VERIFYING.md): no kid, or one that is not a non-empty string, is refused.
	if !hasKid || !isString || kidString == "" {
		return Principal{}, invalidToken("The access token names no signing key.", nil)
	}
	key, err := v.options.Keys.Key(ctx, kidString, hasKid)
	if err != nil {
		return Principal{}, err
	}
	if err := verifySignature(compact, token, key); err != nil {
		return Principal{}, err
	}
	claims, err := decodeJSONObject(compact.payload)
	if err != nil {
		return Principal{}, invalidToken("The access token is not valid.", err)
	}
	if err := checkTyp(compact.header); err != nil {
		return Principal{}, err
	}
	now := float64(v.options.Now().UnixMilli()) / 1000
	return checkClaims(claims, claimLimits{
		issuer: v.options.Issuer, audiences: v.options.Audiences, nowSeconds: now,
		tolerance: v.tolerance, maxLifetime: v.options.MaxLifetime.Seconds(),
	})
}

// RS256 needs keys of at least 2048 bits (RFC 7518 section 3.3), as jose enforces.
const minRSABits = 2048

// verifySignature leaves the crypto to jwx: its fast path for ordinary tokens, jws.Verify for the rare one that
// carries `crit` or `b64` (which parseCompact let through only in forms that keep the payload base64url).
func verifySignature(compact *compactToken, token string, key *rsa.PublicKey) error {
	if key.N.BitLen() < minRSABits {
		return invalidToken("The access token is not valid.", errors.New("RSA key too small"))
	}
	if _, err := decodeBase64URL(compact.signature); err != nil {
		return invalidToken("The access token is not valid.", err)
	}
	var err error
	_, critical := compact.header["crit"]
	_, b64 := compact.header["b64"]
	if critical || b64 {
		_, err = jws.Verify([]byte(token), jws.WithKey(jwa.RS256(), key))
	} else {
		_, err = jws.VerifyCompactFast(key, []byte(token), jwa.RS256())
	}
	if err != nil {
		return invalidToken("The access token is not valid.", err)
	}
	return nil
}
