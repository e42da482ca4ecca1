import type { ApiArea } from '@authpair/http'

/** The resource service's routes by area, for the tags of its OpenAPI document. */
export const resourceAreas: readonly ApiArea[] = [
  { tag: 'users', description: 'Who the token says you are', paths: ['/me'] },
  { tag: 'todos', description: "The caller's own todos", paths: ['/todos', '/todos/'] },
  { tag: 'admin', description: 'Routes for role admin', paths: ['/admin/'] },
  { tag: 'auth', description: 'Forward-auth for gateways', paths: ['/auth/verify'] },
  { tag: 'health', description: 'Liveness and readiness', paths: ['/healthz', '/readyz'] },
]
