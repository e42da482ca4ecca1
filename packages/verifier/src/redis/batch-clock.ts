import { performance } from 'node:perf_hooks'

/**
 * The time of the first call since the event loop last reached its check phase: one reading for every I/O
 * callback that poll delivered together. Every request handled in that batch arrived before the batch began, so
 * this reading bounds the arrival of the request asking, which `performance.now()` at the moment of asking (late
 * by however long the batch has run) would not: under load that delay alone outgrew the staleness bound and sent
 * most lookups to Redis.
 */
export function createBatchClock(): () => number {
  let reading: number | undefined
  const forget = () => (reading = undefined)
  return () => {
    if (reading === undefined) {
      reading = performance.now()
      setImmediate(forget)
    }
    return reading
  }
}
