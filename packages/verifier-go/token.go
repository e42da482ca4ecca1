package verifier

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// A compact JWS split and its protected header decoded; nothing verified yet.
type compactToken struct {
	header       map[string]any
	signingInput string
	payload      string
	signature    string
}

// Headers that point at keys elsewhere. Ours never carries them; a token that does is an attack (RFC 8725 3.10).
var foreignKeyHeaders = []string{"jku", "x5u", "jwk", "x5c"}

var errMalformed = errors.New("malformed")

// parseCompact checks the token's shape as the TypeScript verifier does before jose sees it (length, b64token,
// a JSON object header, no foreign key headers), then jose's own structural checks (three segments, crit, alg).
func parseCompact(token string) (*compactToken, error) {
	if len(token) > MaxTokenLength {
		return nil, invalidToken("The access token is too long.", nil)
	}
	if !isB64Token(token) {
		return nil, invalidToken("The access token is malformed.", nil)
	}
	headerSegment, _, _ := strings.Cut(token, ".")
	header, err := decodeJSONObject(headerSegment)
	if err != nil {
		return nil, invalidToken("The access token is malformed.", err)
	}
	for _, name := range foreignKeyHeaders {
		if _, present := header[name]; present {
			return nil, invalidToken("The access token names a key source this service does not trust.", nil)
		}
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, invalidToken("The access token is not valid.", errMalformed)
	}
	if err := checkCrit(header); err != nil {
		return nil, err
	}
	if alg, _ := header["alg"].(string); alg != "RS256" {
		return nil, invalidToken("The access token is not valid.", errors.New("alg not allowed"))
	}
	return &compactToken{header: header, signingInput: parts[0] + "." + parts[1], payload: parts[1], signature: parts[2]}, nil
}

// checkCrit refuses every extension (RFC 7515 section 4.1.11): jose recognises only `b64`, and a JWT must not use
// an unencoded payload, so `crit` passes only as ["b64"] with b64 true.
func checkCrit(header map[string]any) error {
	crit, present := header["crit"]
	if !present {
		return nil
	}
	names, ok := crit.([]any)
	if ok && len(names) == 1 && names[0] == "b64" && header["b64"] == true {
		return nil
	}
	return invalidToken("The access token is not valid.", errors.New("unsupported crit"))
}

// decodeBase64URL decodes as jose does: the URL-safe alphabet only, padding optional.
func decodeBase64URL(segment string) ([]byte, error) {
	if len(segment)%4 == 0 {
		segment = strings.TrimSuffix(strings.TrimSuffix(segment, "="), "=")
	}
	return base64.RawURLEncoding.DecodeString(segment)
}

// decodeJSONObject decodes a segment holding one JSON object in strict UTF-8, numbers kept as literals
// (json.Number) so that time claims such as 1e309 or 1.5 are judged by what was written.
func decodeJSONObject(segment string) (map[string]any, error) {
	raw, err := decodeBase64URL(segment)
	if err != nil {
		return nil, err
	}
	if !utf8.Valid(raw) {
		return nil, errMalformed
	}
	decoder := json.NewDecoder(bytes.NewReader(raw))
	decoder.UseNumber()
	var value any
	if err := decoder.Decode(&value); err != nil {
		return nil, err
	}
	if _, err := decoder.Token(); err != io.EOF {
		return nil, errMalformed
	}
	object, ok := value.(map[string]any)
	if !ok {
		return nil, errMalformed
	}
	return object, nil
}
