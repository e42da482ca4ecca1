package verifier

import "strings"

// MaxTokenLength is the longest token accepted before any parsing; the issuer's are about 900 bytes.
const MaxTokenLength = 4096

// AccessTokenCookie is the cookie that carries the token when there is no `Authorization: Bearer` header.
const AccessTokenCookie = "access_token"

// ExtractBearerToken returns the token a request carries: `Authorization: Bearer <token>` (the scheme in any
// case, one or more spaces, RFC 6750 section 2.1), else the cookie's value. ok is false when there is none; a
// malformed header yields text that then fails verification, exactly as the TypeScript verifier does.
func ExtractBearerToken(authorization, cookie string) (token string, ok bool) {
	if hasBearerScheme(authorization) {
		rest := authorization[len("bearer"):]
		spaces := len(rest) - len(strings.TrimLeft(rest, " "))
		if spaces == 0 {
			return authorization, true
		}
		return strings.TrimRightFunc(rest[spaces:], isJSSpace), true
	}
	return cookie, cookie != ""
}

// /^bearer\b/i: the scheme, then the end or a character that is not a word character.
func hasBearerScheme(value string) bool {
	if len(value) < 6 || !strings.EqualFold(value[:6], "bearer") {
		return false
	}
	return len(value) == 6 || !isWordByte(value[6])
}

func isWordByte(b byte) bool {
	return b == '_' || ('0' <= b && b <= '9') || ('a' <= b && b <= 'z') || ('A' <= b && b <= 'Z')
}

// The characters JavaScript's trimEnd removes (WhiteSpace and LineTerminator, ECMA-262).
func isJSSpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', ' ', 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// isB64Token checks the RFC 6750 b64token syntax: /^[A-Za-z0-9\-._~+/]+=*$/.
func isB64Token(token string) bool {
	end := len(strings.TrimRight(token, "="))
	if end == 0 {
		return false
	}
	for i := 0; i < end; i++ {
		b := token[i]
		if !isWordByte(b) && !strings.ContainsRune("-.~+/", rune(b)) {
			return false
		}
	}
	return true
}
