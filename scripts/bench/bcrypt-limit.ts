// The `bcrypt_limit` ceiling of login: how many bcrypt verifications per second this machine does at the
// issuer's cost, with the issuer's library (@node-rs/bcrypt, async `verify` on libuv's thread pool) and
// BCRYPT_IN_FLIGHT calls at once. Prints one JSON line: { verifies, seconds, perSecond, p50Ms, p99Ms }.
import { performance } from 'node:perf_hooks'
import { hash, verify } from '@node-rs/bcrypt'

const cost = Number(process.env['BCRYPT_COST'] ?? '12')
const seconds = Number(process.env['DURATION_SECONDS'] ?? '10')
const inFlight = Number(process.env['BCRYPT_IN_FLIGHT'] ?? '4')
const password = 'bcrypt limit password'

const digest = await hash(password, cost)
await verify(password, digest)

const latencies: number[] = []
const started = performance.now()
const deadline = started + seconds * 1000

async function loop(): Promise<void> {
  while (performance.now() < deadline) {
    const begun = performance.now()
    if (!(await verify(password, digest))) throw new Error('bcrypt verify returned false for the right password')
    latencies.push(performance.now() - begun)
  }
}

await Promise.all(Array.from({ length: inFlight }, loop))
const elapsed = (performance.now() - started) / 1000
latencies.sort((a, b) => a - b)
const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0
const result = { verifies: latencies.length, seconds: elapsed, perSecond: latencies.length / elapsed, p50Ms: at(50), p99Ms: at(99) }
process.stdout.write(`${JSON.stringify(result)}\n`)
