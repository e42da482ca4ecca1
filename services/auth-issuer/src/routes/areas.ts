import type { ApiArea } from '@authpair/http'

/** The issuer's routes by area, for the tags of its OpenAPI document. */
export const issuerAreas: readonly ApiArea[] = [
  { tag: 'auth', description: 'Sign up, log in, refresh, log out, change the password', paths: ['/auth/'] },
  { tag: 'sessions', description: "The caller's own sessions", paths: ['/auth/sessions', '/auth/sessions/'] },
  { tag: 'users', description: 'Reading an account', paths: ['/users/'] },
  { tag: 'admin', description: 'Managing accounts (role admin)', paths: ['/admin/'] },
  { tag: 'well-known', description: 'Public keys and discovery', paths: ['/.well-known/'] },
  { tag: 'health', description: 'Liveness and readiness', paths: ['/healthz', '/readyz'] },
]
