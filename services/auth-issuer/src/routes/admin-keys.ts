import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  KidParamsSchema,
  SigningKeyEnvelopeSchema,
  SigningKeyListSchema,
  errorResponses,
  type SigningKeyInfo,
} from '@authpair/contract'
import { AppError } from '@authpair/errors'
import { bearerSecurity } from '@authpair/http'
import { ADMIN_ROLE } from '../domain/ensure-admin.js'
import { requireRole } from '../http/require-role.js'
import type { KeyRecord } from '../keys/key-states.js'

function present(record: KeyRecord): SigningKeyInfo {
  const iso = (date: Date | undefined) => date?.toISOString()
  const optional = { activates_at: iso(record.activates_at), deactivated_at: iso(record.deactivated_at), retires_at: iso(record.retires_at), revoked_at: iso(record.revoked_at) }
  return {
    kid: record.kid,
    state: record.state,
    alg: 'RS256',
    created_at: record.created_at.toISOString(),
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
  }
}

/** `GET /admin/keys`, `POST /admin/keys/rotate`, `POST /admin/keys/:kid/revoke` (contract v2, issue 13). */
export const adminKeyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const adminOnly = requireRole(app, ADMIN_ROLE)
  const live = app.liveKeys
  // SIGNING_KEY_FILE(S) keys are not in MongoDB: the first is current, the rest published; they change in the files.
  const records = (): KeyRecord[] => [...live.set.records]

  app.get(
    '/admin/keys',
    { onRequest: adminOnly, schema: { summary: 'List the signing keys and their states', security: bearerSecurity, response: { 200: SigningKeyListSchema, ...errorResponses(401, 403, 503) } } },
    async () => {
      await live.reload()
      return { keys: records().map(present) }
    },
  )

  app.post(
    '/admin/keys/rotate',
    { onRequest: adminOnly, schema: { summary: 'Create the next signing key now', security: bearerSecurity, response: { 200: SigningKeyEnvelopeSchema, 202: SigningKeyEnvelopeSchema, ...errorResponses(401, 403, 409, 503) } } },
    async (request, reply) => {
      if (!live.ring || !live.schedule) throw new AppError('key_in_use', 'The keys come from SIGNING_KEY_FILE: rotate them there.')
      const activatesAt = new Date(Date.now() + live.schedule.publishAhead * 1000)
      const { record, created } = await live.ring.ensureNext(activatesAt, `rotated by admin ${request.principal!.userId}`)
      await live.reload()
      return reply.code(created ? 202 : 200).send({ key: present(record) })
    },
  )

  app.post(
    '/admin/keys/:kid/revoke',
    { onRequest: adminOnly, schema: { summary: 'Revoke a signing key at once (an emergency)', security: bearerSecurity, params: KidParamsSchema, response: { 200: SigningKeyEnvelopeSchema, ...errorResponses(400, 401, 403, 404, 409, 503) } } },
    async (request) => {
      const { kid } = request.params
      if (!live.ring) {
        if (live.set.published.some((key) => key.kid === kid)) throw new AppError('key_in_use', 'This key comes from SIGNING_KEY_FILE(S): change the files instead.')
        throw new AppError('not_found', 'No signing key has this kid.')
      }
      await live.ring.revoke(kid)
      await live.reload()
      const record = live.set.records.find((key) => key.kid === kid)
      if (!record) throw new AppError('not_found', 'No signing key has this kid.')
      return { key: present(record) }
    },
  )
}
