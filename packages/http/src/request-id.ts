import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const REQUEST_ID_HEADER = 'x-request-id'

// A caller's id is kept only when it is short and plain, so it cannot forge log lines or bloat them.
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,64}$/

/** Takes the caller's `X-Request-Id` when it is plain enough, else makes one. */
export function genReqId(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER]
  return typeof given === 'string' && ACCEPTABLE.test(given) ? given : randomUUID()
}
