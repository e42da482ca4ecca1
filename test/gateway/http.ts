/** A response read in full. */
export interface Answer {
  status: number
  headers: Headers
  text: string
  /** The body parsed as JSON (throws on a body that is not). */
  json<T = Record<string, unknown>>(): T
}

/** `fetch` that reads the whole body and never follows redirects. */
export async function call(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
  const headers = { ...init.headers }
  let body: string | undefined
  if (init.body !== undefined) {
    headers['content-type'] ??= 'application/json'
    body = JSON.stringify(init.body)
  }
  const response = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual', signal: AbortSignal.timeout(10_000) })
  const text = await response.text()
  return { status: response.status, headers: response.headers, text, json: <T>() => JSON.parse(text) as T }
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` })

export interface Account {
  email: string
  password: string
}

/** What a login gave. */
export interface Session {
  access: string
  sessionId: string
  userId: string
  cookies: string[]
}

let counter = 0

/** A fresh account's credentials, unique in this run. */
export function newAccount(label: string): Account {
  counter += 1
  return { email: `${label}-${counter}.${process.pid}@example.com`, password: `${label} password ${counter}` }
}

/** Logs in at `issuer` (a gateway or an issuer instance); signs up first unless `signUp` is false. */
export async function login(issuer: string, account: Account, signUp = true): Promise<Session> {
  if (signUp) {
    const created = await call(`${issuer}/auth/signup`, { method: 'POST', body: account })
    if (created.status !== 201) throw new Error(`signup at ${issuer}: ${created.status} ${created.text}`)
  }
  const response = await call(`${issuer}/auth/login`, { method: 'POST', body: account })
  if (response.status !== 200) throw new Error(`login at ${issuer}: ${response.status} ${response.text}`)
  const body = response.json<{ access_token: string; session_id: string; user: { id: string } }>()
  return { access: body.access_token, sessionId: body.session_id, userId: body.user.id, cookies: response.headers.getSetCookie() }
}

/** The claims of a compact JWS, unverified (the test only reads what the issuer put there). */
export function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? ''
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
}

/** The contract's error shape for `status` and `code`, for `t.match`. */
export function errorShape(statusCode: number, error: string, code: string): Record<string, unknown> {
  return { statusCode, error, code, message: String }
}
