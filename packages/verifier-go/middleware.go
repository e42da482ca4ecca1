package verifier

import (
	"net/http"
	"strings"
)

// MiddlewareOptions tune the HTTP adapter.
type MiddlewareOptions struct {
	// CookieName is the cookie that may carry the token when there is no Bearer header. Default "access_token".
	CookieName string
	// Realm goes into the `WWW-Authenticate` challenge when set.
	Realm string
}

// HTTP adapts a Verifier to net/http: Authenticate and RequireRole wrap handlers, refusals are answered with
// WriteError (401 and 403 with their RFC 6750 challenge, 503, the contract's JSON body).
type HTTP struct {
	verifier *Verifier
	options  MiddlewareOptions
}

// HTTP returns the net/http adapter of the verifier.
func (v *Verifier) HTTP(options MiddlewareOptions) *HTTP {
	if options.CookieName == "" {
		options.CookieName = AccessTokenCookie
	}
	return &HTTP{verifier: v, options: options}
}

// PrincipalOf verifies the request's token (Bearer header, else the cookie).
// It returns a *BearerError of KindMissing when the request carries no token.
func (h *HTTP) PrincipalOf(r *http.Request) (Principal, error) {
	if principal, ok := PrincipalFrom(r.Context()); ok {
		return principal, nil
	}
	cookie := ""
	if c, err := r.Cookie(h.options.CookieName); err == nil {
		cookie = c.Value
	}
	token, ok := ExtractBearerToken(r.Header.Get("Authorization"), cookie)
	if !ok {
		return Principal{}, &BearerError{Kind: KindMissing, Message: "An access token is required."}
	}
	return h.verifier.Verify(r.Context(), token)
}

// Authenticate lets a request through only with a valid token of a live session; the handler finds the
// principal with PrincipalFrom(r.Context()).
func (h *HTTP) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		principal, err := h.PrincipalOf(r)
		if err != nil {
			h.WriteError(w, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), principal)))
	})
}

// RequireRole is Authenticate, then 403 insufficient_scope unless the principal holds one of roles.
func (h *HTTP) RequireRole(roles ...string) func(http.Handler) http.Handler {
	scope := strings.Join(roles, " ")
	return func(next http.Handler) http.Handler {
		return h.Authenticate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			principal, _ := PrincipalFrom(r.Context())
			if !principal.HasAnyRole(roles...) {
				h.WriteError(w, &BearerError{Kind: KindInsufficientScope, Message: "The token lacks the role this route needs.", Scope: scope})
				return
			}
			next.ServeHTTP(w, r)
		}))
	}
}

// WriteError answers with the error's status, challenge (with this adapter's realm) and JSON body.
func (h *HTTP) WriteError(w http.ResponseWriter, err error) { WriteError(w, err, h.options.Realm) }
