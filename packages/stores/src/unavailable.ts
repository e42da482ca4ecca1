import { UnavailableError } from '@authpair/verifier'
import { MongoServerError } from 'mongodb'

// Server errors that mean "not now" rather than "wrong request": shutting down, stepping down, no primary.
const MONGO_UNAVAILABLE_CODES = new Set([6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436])

/** True when a MongoDB error means the store could not answer; duplicate keys and the like are not. */
export function isMongoUnavailable(error: unknown): boolean {
  if (error instanceof MongoServerError) return MONGO_UNAVAILABLE_CODES.has(Number(error.code))
  return error instanceof Error && error.name.startsWith('Mongo')
}

/**
 * Runs a MongoDB operation; a failure to reach the server becomes `UnavailableError('mongodb')`.
 * @throws UnavailableError, or the original error when it is not about availability.
 */
export async function guardMongo<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation()
  } catch (error) {
    throw isMongoUnavailable(error) ? new UnavailableError('mongodb', { cause: error }) : error
  }
}
