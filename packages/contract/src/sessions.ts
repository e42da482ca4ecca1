import { Type, type Static } from '@sinclair/typebox'
import { MAX_PER_PAGE, pageFields, pageQuerySchema } from './admin.js'
import { Timestamp } from './common.js'

/** A session id: 22 URL-safe base64 characters (128 random bits). */
export const SessionIdString = Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' })

export const SessionSchema = Type.Object(
  {
    id: SessionIdString,
    created_at: Timestamp,
    last_used_at: Timestamp,
    user_agent: Type.String(),
    ip: Type.String(),
    current: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type Session = Static<typeof SessionSchema>

/** A page of one's sessions, oldest first; `per_page` defaults to the most, so one page holds them all by default. */
export const SessionPageQuerySchema = pageQuerySchema(MAX_PER_PAGE)
export type SessionPageQuery = Static<typeof SessionPageQuerySchema>

export const SessionListSchema = Type.Object({ ...pageFields, sessions: Type.Array(SessionSchema) })
export type SessionList = Static<typeof SessionListSchema>

export const SessionParamsSchema = Type.Object({ id: SessionIdString }, { additionalProperties: false })
export type SessionParams = Static<typeof SessionParamsSchema>
