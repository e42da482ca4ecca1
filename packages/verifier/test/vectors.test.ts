// Issue 12, item 6: the shared test vectors (test/vectors/verifier-vectors.json, docs/VERIFYING.md) run through the
// TypeScript verifier with both liveness modes, on the real Redis the harness starts (TEST_REDIS_URL). Every other
// verifier of the protocol (the Go module of issue 16) must give the same outcome for each case.
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'
import { Redis } from 'ioredis'
import { createServer } from 'node:net'
import type { VectorCase, VectorFile, VectorPrincipal } from '../../../test/vectors/format.js'
import {
  BearerError,
  UnavailableError,
  createTokenVerifier,
  extractBearerToken,
  localKeySource,
  type SessionLiveness,
  type TokenVerifier,
} from '../src/index.js'
import { strictSessionLiveness, trackedSessionLiveness, writeKeyLayout } from '../src/redis/index.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const VECTORS = join(root, 'test/vectors/verifier-vectors.json')
const vectors = JSON.parse(await readFile(VECTORS, 'utf8')) as VectorFile

const redisUrl = process.env.TEST_REDIS_URL
if (!redisUrl) throw new Error('TEST_REDIS_URL is not set: run this file with `npx tsx scripts/test/run.ts`.')
// Nothing listens here: the liveness of `redis_down` cases connects to it and fails.
// A port nothing listens on: taken from the system, then let go.
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}
const closedUrl = `redis://127.0.0.1:${await closedPort()}`
const runPrefix = `vectors-${randomBytes(4).toString('hex')}:`
const admin = new Redis(redisUrl, { maxRetriesPerRequest: 1 })
t.teardown(async () => {
  const keys = await admin.keys(`${runPrefix}*`)
  if (keys.length > 0) await admin.del(...keys)
  admin.disconnect()
})

interface Answer {
  // A vector outcome, or what else was thrown (a verifier must never throw anything else).
  outcome: string
  principal?: VectorPrincipal
}

async function answer(verifier: TokenVerifier, token: string): Promise<Answer> {
  try {
    const p = await verifier.verify(token)
    return { outcome: 'ok', principal: { sub: p.userId, sid: p.sessionId, email: p.email, roles: [...p.roles], jti: p.tokenId, exp: p.expiresAt } }
  } catch (error) {
    if (error instanceof BearerError && error.code === 'invalid_token') return { outcome: 'invalid_token' }
    if (error instanceof UnavailableError) return { outcome: 'unavailable' }
    return { outcome: `unexpected ${error instanceof Error ? error.name : typeof error}` }
  }
}

function verifierFor(vector: VectorCase, sessions: SessionLiveness): TokenVerifier {
  return createTokenVerifier({
    keys: localKeySource(vectors.jwks),
    issuer: vectors.issuer,
    audience: vectors.audience,
    clockToleranceSeconds: vectors.clock_tolerance_seconds,
    maxLifetimeSeconds: vectors.max_lifetime_seconds,
    now: () => vector.now * 1000,
    sessions,
  })
}

// The vector's prefix is replaced by one of this run's, one per case, so cases never see each other's sessions.
async function load(vector: VectorCase, prefix: string): Promise<void> {
  for (const [key, value] of Object.entries(vector.redis.strings)) await admin.set(`${prefix}${key}`, value)
}

type Mode = 'strict' | 'tracked'

async function livenessFor(mode: Mode, vector: VectorCase, keyPrefix: string): Promise<SessionLiveness & { close(): Promise<void> }> {
  const url = vector.redis_down ? closedUrl : redisUrl!
  if (mode === 'strict') return strictSessionLiveness(vector.redis_down ? { url, keyPrefix } : { client: admin, keyPrefix })
  const tracked = trackedSessionLiveness({ url, keyPrefix })
  if (!vector.redis_down) {
    await writeKeyLayout(admin, keyPrefix)
    await tracked.ready()
  }
  return tracked
}

t.test('the file names this protocol and holds cases of every outcome', async (t) => {
  t.equal(vectors.protocol_version, 1)
  t.equal(vectors.contract, 'v2')
  const outcomes = new Set(vectors.cases.map((vector) => vector.outcome))
  t.same([...outcomes].sort(), ['invalid_token', 'ok', 'unavailable'])
  t.equal(new Set(vectors.cases.map((vector) => vector.name)).size, vectors.cases.length, 'case names are unique')
})

for (const mode of ['strict', 'tracked'] as const) {
  t.test(`every vector, ${mode} liveness`, async (t) => {
    for (const [index, vector] of vectors.cases.entries()) {
      const prefix = `${runPrefix}${mode}${index}:`
      await load(vector, prefix)
      const sessions = await livenessFor(mode, vector, prefix)
      try {
        const verifier = verifierFor(vector, sessions)
        const expected: Answer = vector.outcome === 'ok' ? { outcome: 'ok', principal: vector.principal } : { outcome: vector.outcome }
        // Twice: the second answer comes from the verified-token cache and (tracked) the session memory.
        t.same(await answer(verifier, vector.token), expected, `${vector.name}: ${vector.why}`)
        t.same(await answer(verifier, vector.token), expected, `${vector.name}, asked again`)
      } finally {
        await sessions.close()
      }
    }
  })
}

t.test('every extraction vector', async (t) => {
  const vector = vectors.cases.find((candidate) => candidate.name === 'ok_plain')!
  const verifier = verifierFor(vector, { isLive: async () => true })
  for (const extraction of vectors.extraction) {
    const token = extractBearerToken(extraction.authorization, extraction.cookie)
    if (extraction.outcome === 'token') t.equal(token, extraction.token, extraction.name)
    else if (extraction.outcome === 'missing') t.equal(token, undefined, extraction.name)
    else t.same(token === undefined ? 'missing' : await answer(verifier, token), { outcome: 'invalid_token' }, extraction.name)
  }
})

t.test('the generator reproduces the committed file but for its keys and tokens', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'authpair-vectors-'))
  t.teardown(() => rm(dir, { recursive: true, force: true }))
  const out = join(dir, 'vectors.json')
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/vectors/generate.ts', '--out', out], { cwd: root })
  const fresh = JSON.parse(await readFile(out, 'utf8')) as VectorFile
  const keyless = ({ jwks, cases, ...rest }: VectorFile) => ({
    ...rest,
    kids: jwks.keys.map((key) => key.kid),
    cases: cases.map((vector) => ({ ...vector, token: 'not compared' })),
  })
  t.same(keyless(fresh), keyless(vectors), 'regenerate with `node --import tsx scripts/vectors/generate.ts`')
})
