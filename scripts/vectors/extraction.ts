// Where a request's token comes from: `Authorization: Bearer <b64token>` (RFC 6750 section 2.1; the scheme in any
// case, then one or more spaces), else the `access_token` cookie. No token at all is `missing` (401 with a bare
// `WWW-Authenticate: Bearer`); a Bearer header whose credential is not a b64token is `malformed` (401 invalid_token).
import type { ExtractionCase } from '../../test/vectors/format.js'

const TOKEN = 'aaa.bbb.ccc'

export function extractionCases(): ExtractionCase[] {
  return [
    { name: 'header', authorization: `Bearer ${TOKEN}`, outcome: 'token', token: TOKEN },
    { name: 'header_scheme_lowercase', authorization: `bearer ${TOKEN}`, outcome: 'token', token: TOKEN },
    { name: 'header_scheme_uppercase_many_spaces', authorization: `BEARER   ${TOKEN}`, outcome: 'token', token: TOKEN },
    { name: 'header_trailing_spaces', authorization: `Bearer ${TOKEN}  `, outcome: 'token', token: TOKEN },
    { name: 'header_b64token_padding', authorization: 'Bearer abc-._~+/==', outcome: 'token', token: 'abc-._~+/==' },
    { name: 'cookie', cookie: TOKEN, outcome: 'token', token: TOKEN },
    { name: 'header_wins_over_cookie', authorization: `Bearer ${TOKEN}`, cookie: 'other.cookie.token', outcome: 'token', token: TOKEN },
    { name: 'other_scheme_falls_back_to_cookie', authorization: 'Basic dXNlcjpwYXNz', cookie: TOKEN, outcome: 'token', token: TOKEN },
    { name: 'nothing', outcome: 'missing' },
    { name: 'empty_cookie', cookie: '', outcome: 'missing' },
    { name: 'other_scheme_no_cookie', authorization: 'Basic dXNlcjpwYXNz', outcome: 'missing' },
    { name: 'scheme_glued_to_token', authorization: `Bearer${TOKEN}`, outcome: 'missing' },
    { name: 'bearer_without_token', authorization: 'Bearer', outcome: 'malformed' },
    { name: 'bearer_tab', authorization: `Bearer\t${TOKEN}`, outcome: 'malformed' },
    { name: 'bearer_two_tokens', authorization: `Bearer ${TOKEN} ${TOKEN}`, outcome: 'malformed' },
    { name: 'bearer_comma', authorization: `Bearer ${TOKEN}, Basic x`, outcome: 'malformed' },
  ]
}
