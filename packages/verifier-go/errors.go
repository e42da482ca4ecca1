package verifier

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
)

// ErrorKind says why a bearer token was refused, in RFC 6750 terms (section 3.1).
type ErrorKind string

const (
	// KindMissing is a request without any token: 401 with a bare `WWW-Authenticate: Bearer` challenge.
	KindMissing ErrorKind = "missing"
	// KindInvalidToken is a token that is not valid now (any reason, the session's end included): 401.
	KindInvalidToken ErrorKind = "invalid_token"
	// KindInsufficientScope is a valid token that lacks the role a route needs: 403.
	KindInsufficientScope ErrorKind = "insufficient_scope"
)

// BearerError is a refused bearer token. Code and Status follow the contract's table (shared/API.md).
type BearerError struct {
	Kind ErrorKind
	// Message is for people; it never carries the token or internals.
	Message string
	// Scope is the roles that were needed, for KindInsufficientScope.
	Scope string
	cause error
}

func (e *BearerError) Error() string { return e.Message }

// Unwrap returns the underlying error (a library's), kept for logs.
func (e *BearerError) Unwrap() error { return e.cause }

// Code is the contract's stable error code: `invalid_token` (a missing token too) or `insufficient_scope`.
func (e *BearerError) Code() string {
	if e.Kind == KindInsufficientScope {
		return "insufficient_scope"
	}
	return "invalid_token"
}

// Status is 403 for insufficient scope, else 401.
func (e *BearerError) Status() int {
	if e.Kind == KindInsufficientScope {
		return http.StatusForbidden
	}
	return http.StatusUnauthorized
}

// Challenge is the `WWW-Authenticate` value (RFC 6750 section 3): `Bearer`, or `Bearer error="..."`, with an
// optional realm and, for insufficient scope, the scope.
func (e *BearerError) Challenge(realm string) string {
	var params []string
	if realm != "" {
		params = append(params, `realm="`+realm+`"`)
	}
	if e.Kind != KindMissing {
		params = append(params, `error="`+string(e.Kind)+`"`)
	}
	if e.Scope != "" {
		params = append(params, `scope="`+e.Scope+`"`)
	}
	if len(params) == 0 {
		return "Bearer"
	}
	return "Bearer " + strings.Join(params, ", ")
}

func invalidToken(message string, cause error) *BearerError {
	return &BearerError{Kind: KindInvalidToken, Message: message, cause: cause}
}

// UnavailableError means Redis or the issuer's JWKS could not answer: the request is refused with 503, never
// let through.
type UnavailableError struct {
	// Store is "redis" or "jwks"; for logs, never shown to clients.
	Store string
	cause error
}

const unavailableMessage = "A service this request needs is unavailable; try again shortly."

func (e *UnavailableError) Error() string { return unavailableMessage }

// Unwrap returns the underlying error (the network's or the client's), kept for logs.
func (e *UnavailableError) Unwrap() error { return e.cause }

// ErrorBody is the contract's one error shape.
type ErrorBody struct {
	StatusCode int    `json:"statusCode"`
	Error      string `json:"error"`
	Code       string `json:"code"`
	Message    string `json:"message"`
}

// ErrorResponse maps an error to its HTTP answer, in one place: *BearerError is 401/403 with its challenge,
// *UnavailableError is 503, anything else a generic 500 that says nothing of what happened.
func ErrorResponse(err error, realm string) (status int, header http.Header, body ErrorBody) {
	header = http.Header{}
	var bearer *BearerError
	var unavailable *UnavailableError
	switch {
	case errors.As(err, &bearer):
		header.Set("WWW-Authenticate", bearer.Challenge(realm))
		status, body = bearer.Status(), ErrorBody{Code: bearer.Code(), Message: bearer.Message}
	case errors.As(err, &unavailable):
		status, body = http.StatusServiceUnavailable, ErrorBody{Code: "unavailable", Message: unavailableMessage}
	default:
		status, body = http.StatusInternalServerError, ErrorBody{Code: "internal_error", Message: "Something went wrong on our side."}
	}
	body.StatusCode, body.Error = status, http.StatusText(status)
	return status, header, body
}

// WriteError answers a request with ErrorResponse's status, headers and JSON body.
func WriteError(w http.ResponseWriter, err error, realm string) {
	status, header, body := ErrorResponse(err, realm)
	for name, values := range header {
		w.Header()[name] = values
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
