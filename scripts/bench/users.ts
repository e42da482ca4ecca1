import { randomBytes } from 'node:crypto'

/** A user the bench signed up. The password stays in memory: it is never printed or written. */
export interface BenchUser {
  email: string
  password: string
}

/** One logged-in session's tokens. */
export interface SessionTokens {
  accessToken: string
  refreshToken: string
}

/** Signs up `count` users through the issuer's API, `inFlight` at a time (each is a bcrypt hash). */
export async function signUpUsers(issuer: string, count: number, inFlight: number): Promise<BenchUser[]> {
  const run = randomBytes(4).toString('hex')
  const users = Array.from({ length: count }, (_, index) => ({
    email: `bench-${run}-${index}@example.com`,
    password: randomBytes(18).toString('base64url'),
  }))
  await withPool(users, inFlight, async (user) => {
    await postJson(issuer, '/auth/signup', { ...user, name: 'Bench User' }, 201)
  })
  return users
}

/** Logs each user in once, `inFlight` at a time; one new session per entry of `users`. */
export function logIn(issuer: string, users: readonly BenchUser[], inFlight: number): Promise<SessionTokens[]> {
  return withPool(users, inFlight, async (user) => {
    const body = await postJson(issuer, '/auth/login', user, 200)
    const { access_token: accessToken, refresh_token: refreshToken } = body as Record<string, unknown>
    if (typeof accessToken !== 'string' || typeof refreshToken !== 'string') throw new Error('login answered without tokens')
    return { accessToken, refreshToken }
  })
}

/** POSTs JSON and returns the parsed answer. @throws Error with the status and error code, never the body sent. */
export async function postJson(base: string, path: string, body: unknown, expected: number): Promise<unknown> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  })
  const answer: unknown = await response.json().catch(() => undefined)
  if (response.status !== expected) {
    const code = (answer as { code?: unknown } | undefined)?.code
    throw new Error(`POST ${path} answered ${response.status} (${typeof code === 'string' ? code : 'no code'}), expected ${expected}`)
  }
  return answer
}

async function withPool<T, R>(items: readonly T[], inFlight: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(items[index]!)
    }
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, worker))
  return results
}
