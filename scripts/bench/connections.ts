// Per-connection set-ups for autocannon's `setupClient`: it runs once for each connection, in order, so a counter
// in the closure hands each connection its own token, user or session.
import type autocannon from 'autocannon'
import { postJson, type BenchUser } from './users.js'

type SetupClient = (client: autocannon.Client) => void

const JSON_HEADERS = { 'content-type': 'application/json' }

/** Each connection sends one of `tokens` as its bearer token, round robin. */
export function withBearerTokens(tokens: readonly string[]): SetupClient {
  let next = 0
  return (client) => client.setHeaders({ authorization: `Bearer ${tokens[next++ % tokens.length]}` })
}

/** Each connection logs in as one of `users` (its own while there are enough), with the right password. */
export function withLogins(users: readonly BenchUser[]): SetupClient {
  let next = 0
  return (client) => {
    const user = users[next++ % users.length]!
    client.setHeadersAndBody(JSON_HEADERS, JSON.stringify({ email: user.email, password: user.password }))
  }
}

/**
 * Each connection owns one session of `chain` and refreshes it again and again, sending each time the refresh
 * token its previous answer gave: a refresh token is single-use, and presenting a retired one after the reuse
 * grace revokes the session. `chain` holds every session's latest token and outlives the load.
 * autocannon resets a request's `context` before each request when the list has one request, so the chain lives
 * in this closure, not in `context`.
 */
export function withChainedRefresh(chain: string[]): SetupClient {
  let next = 0
  return (client) => {
    const slot = next++ % chain.length
    client.setRequests([
      {
        method: 'POST',
        path: '/auth/refresh',
        headers: JSON_HEADERS,
        setupRequest: (request) => ({ ...request, body: JSON.stringify({ refresh_token: chain[slot] }) }),
        onResponse: (status, body) => {
          if (status === 200) chain[slot] = (JSON.parse(body) as { refresh_token: string }).refresh_token
        },
      },
    ])
  }
}

/**
 * Brings every session of `chain` up to date after a load: when the load ended, a refresh may have been sent
 * and its answer dropped, leaving the chain one token behind. Within the reuse grace that retired token still
 * gets its successor, so one refresh per session now makes every entry current again.
 * @returns how many sessions could not be refreshed (0 unless something is wrong).
 */
export async function settleChain(issuer: string, chain: string[]): Promise<number> {
  const settled = await Promise.allSettled(
    chain.map(async (token, slot) => {
      const body = (await postJson(issuer, '/auth/refresh', { refresh_token: token }, 200)) as { refresh_token: string }
      chain[slot] = body.refresh_token
    }),
  )
  return settled.filter((result) => result.status === 'rejected').length
}
