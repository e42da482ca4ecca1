import { ReplyError } from 'ioredis'
import { ContractError, UnavailableError } from '../core/errors.js'

// Replies with which a reachable Redis says it cannot serve right now. MOVED and ASK reach a caller only when the
// client ran out of redirections: a Cluster changing its slots (issue 15), not a bug.
const REDIS_BUSY_REPLIES = /^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY|OOM|MISCONF|MOVED|ASK) /

/**
 * True when a Redis error means the store could not answer (as opposed to a wrong command, a bug). An error of the
 * contract thrown inside the operation (a refusal, say) is the operation's answer, not Redis failing.
 */
export function isRedisUnavailable(error: unknown): boolean {
  if (error instanceof ContractError) return false
  if (error instanceof ReplyError) return REDIS_BUSY_REPLIES.test((error as Error).message)
  return error instanceof Error
}

/**
 * Runs a Redis operation; a connection failure, timeout or busy reply becomes `UnavailableError('redis')`.
 * @throws UnavailableError, or the original error when it is not about availability.
 */
export async function guardRedis<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation()
  } catch (error) {
    throw isRedisUnavailable(error) ? new UnavailableError('redis', { cause: error }) : error
  }
}
