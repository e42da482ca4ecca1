package verifier

import (
	"encoding/json"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The claims every access token carries (RFC 9068 and the contract); `email` and `roles` are checked by type below.
var requiredClaims = []string{"iss", "aud", "sub", "sid", "jti", "iat", "nbf", "exp"}

// The contract's session ids are opaque URL-safe strings; anything else could name some other Redis key.
var sessionIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

// claimLimits is what a token's claims are held against.
type claimLimits struct {
	issuer      string
	audiences   []string
	nowSeconds  float64
	tolerance   float64
	maxLifetime float64
}

// checkTyp compares `typ` as a media type (RFC 7515 section 4.1.9): case-insensitive, "application/" optional.
func checkTyp(header map[string]any) error {
	typ, ok := header["typ"].(string)
	if !ok || normalizeMediaType(typ) != "application/at+jwt" {
		return invalidToken("The access token is not valid.", nil)
	}
	return nil
}

func normalizeMediaType(value string) string {
	lower := strings.ToLower(value)
	if strings.Contains(value, "/") {
		return lower
	}
	return "application/" + lower
}

// checkClaims does what jose's jwtVerify and the TypeScript verifier's own checks do, in the same order, and
// builds the principal.
func checkClaims(claims map[string]any, limits claimLimits) (Principal, error) {
	for _, name := range requiredClaims {
		if _, present := claims[name]; !present {
			return Principal{}, invalidToken("The access token is not valid.", nil)
		}
	}
	if iss, _ := claims["iss"].(string); iss != limits.issuer {
		return Principal{}, invalidToken("The access token is not valid.", nil)
	}
	if !audienceMatches(claims["aud"], limits.audiences) {
		return Principal{}, invalidToken("The access token is not valid.", nil)
	}
	iat, iatOK := numericValue(claims["iat"])
	nbf, nbfOK := numericValue(claims["nbf"])
	exp, expOK := numericValue(claims["exp"])
	// jose compares with whole seconds of now.
	now := math.Floor(limits.nowSeconds)
	if !iatOK || !nbfOK || nbf > now+limits.tolerance || !expOK {
		return Principal{}, invalidToken("The access token is not valid.", nil)
	}
	if exp <= now-limits.tolerance {
		return Principal{}, invalidToken("The access token has expired.", nil)
	}
	if err := checkTimeClaims(iat, nbf, exp, limits); err != nil {
		return Principal{}, err
	}
	return principalFromClaims(claims, int64(exp))
}

func audienceMatches(aud any, ours []string) bool {
	switch value := aud.(type) {
	case string:
		return slices.Contains(ours, value)
	case []any:
		return slices.ContainsFunc(ours, func(audience string) bool { return slices.Contains(value, any(audience)) })
	}
	return false
}

// numericValue is the value JavaScript's JSON.parse gives a JSON number: the nearest double, ±Inf when out of range.
func numericValue(value any) (float64, bool) {
	number, ok := value.(json.Number)
	if !ok {
		return 0, false
	}
	// Out of range, ParseFloat still gives JSON.parse's answer (±Inf or 0) beside its ErrRange.
	parsed, _ := strconv.ParseFloat(string(number), 64)
	return parsed, true
}

// Whole seconds a double holds exactly (Number.isSafeInteger): refuses 1.5, 1e20 and 1e309 (issue 11).
func isWholeSeconds(value float64) bool {
	return value == math.Trunc(value) && math.Abs(value) <= 1<<53-1
}

// checkTimeClaims is the TypeScript verifier's checkTimeClaims: whole seconds, iat not in the future, and exp at
// most the maximum lifetime past iat.
func checkTimeClaims(iat, nbf, exp float64, limits claimLimits) error {
	if !isWholeSeconds(iat) || !isWholeSeconds(nbf) || !isWholeSeconds(exp) {
		return invalidToken("The access token has malformed time claims.", nil)
	}
	if iat > limits.nowSeconds+limits.tolerance {
		return invalidToken("The access token is issued in the future.", nil)
	}
	if exp-iat > limits.maxLifetime {
		return invalidToken("The access token lives longer than this service allows.", nil)
	}
	return nil
}

func principalFromClaims(claims map[string]any, exp int64) (Principal, error) {
	sub, subOK := claims["sub"].(string)
	sid, sidOK := claims["sid"].(string)
	email, emailOK := claims["email"].(string)
	jti, jtiOK := claims["jti"].(string)
	roles, rolesOK := stringArray(claims["roles"])
	// client_id is required by RFC 9068 (section 2.2), though nothing here reads it.
	_, clientOK := claims["client_id"].(string)
	if !subOK || !sidOK || !sessionIDPattern.MatchString(sid) || !emailOK || !jtiOK || !rolesOK || !clientOK {
		return Principal{}, invalidToken("The access token lacks required claims.", nil)
	}
	return Principal{UserID: sub, SessionID: sid, Email: email, Roles: roles, TokenID: jti, ExpiresAt: exp}, nil
}

func stringArray(value any) ([]string, bool) {
	items, ok := value.([]any)
	if !ok {
		return nil, false
	}
	strs := make([]string, 0, len(items))
	for _, item := range items {
		s, ok := item.(string)
		if !ok {
			return nil, false
		}
		strs = append(strs, s)
	}
	return strs, true
}
