/**
 * Why a bearer token was refused, in RFC 6750 terms (section 3.1): `missing` is a request without any token, which
 * gets a bare `WWW-Authenticate: Bearer` challenge and no error code.
 */
export type BearerErrorKind = 'missing' | 'invalid_token' | 'insufficient_scope'

export interface BearerChallengeOptions {
  kind: BearerErrorKind
  /** The roles that were needed, for `insufficient_scope`. */
  scope?: string | undefined
  realm?: string | undefined
}

/**
 * The `WWW-Authenticate` value of a refusal (RFC 6750 section 3): `Bearer`, or `Bearer error="invalid_token"`,
 * or `Bearer error="insufficient_scope", scope="admin"`, with `realm="..."` first when there is one.
 */
export function bearerChallenge(options: BearerChallengeOptions): string {
  const params: string[] = []
  if (options.realm) params.push(`realm="${options.realm}"`)
  if (options.kind !== 'missing') params.push(`error="${options.kind}"`)
  if (options.scope) params.push(`scope="${options.scope}"`)
  return params.length === 0 ? 'Bearer' : `Bearer ${params.join(', ')}`
}
