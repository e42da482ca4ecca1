package verifier

import (
	"context"
	"slices"
)

// Principal is who made the request, as a verified access token says.
type Principal struct {
	// UserID is the token's `sub`.
	UserID string `json:"sub"`
	// SessionID is the token's `sid`.
	SessionID string   `json:"sid"`
	Email     string   `json:"email"`
	Roles     []string `json:"roles"`
	// TokenID is the token's `jti`.
	TokenID string `json:"jti"`
	// ExpiresAt is the token's `exp`, in seconds since the epoch.
	ExpiresAt int64 `json:"exp"`
}

// HasAnyRole is true when the principal holds at least one of the roles.
func (p Principal) HasAnyRole(roles ...string) bool {
	for _, role := range roles {
		if slices.Contains(p.Roles, role) {
			return true
		}
	}
	return false
}

type principalKey struct{}

// WithPrincipal returns a context that carries the principal (the middleware does this).
func WithPrincipal(ctx context.Context, principal Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, principal)
}

// PrincipalFrom returns the principal the middleware put in the request's context, and whether there is one.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	principal, ok := ctx.Value(principalKey{}).(Principal)
	return principal, ok
}
