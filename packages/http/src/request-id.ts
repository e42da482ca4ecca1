import { randomBytes } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const REQUEST_ID_HEADER = 'x-request-id'

// A caller's id is kept only when it is short and plain, so it cannot forge log lines or bloat them.
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,64}$/

// Made ids are this process's random tag and a count: unique across instances and restarts, without a call into the
// CSPRNG on every request (randomUUID was a visible share of a cached verification's CPU). Not secret, not a token.
const PROCESS_TAG = randomBytes(6).toString('hex')
let made = 0

/** A new request id: `<process tag>-<count in base 36>`. */
export function newRequestId(): string {
  made += 1
  return `${PROCESS_TAG}-${made.toString(36)}`
}

/** Takes the caller's `X-Request-Id` when it is plain enough, else makes one. */
export function genReqId(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER]
  return typeof given === 'string' && ACCEPTABLE.test(given) ? given : newRequestId()
}
