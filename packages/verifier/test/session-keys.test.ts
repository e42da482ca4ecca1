// The key layout is the contract between the issuer (writer) and every verifier (reader): a marker's suffix must
// name its user and session back, or a tracked verifier would drop the wrong session on an invalidation.
import t from 'tap'
import { parseLiveSuffix, sessionKeys } from '../src/core/session-keys.js'

t.test('a liveness marker suffix names its user and session', async (t) => {
  const keys = sessionKeys('app:')
  for (const [userId, sessionId] of [
    ['6b173fe508df6ab28c736bf9', '0f7c3a52-3f7e-4c59-9d38-2b1f0f6f9a11'],
    ['u}:x', 's1'],
    ['{odd}', 'plain'],
  ] as const) {
    const suffix = keys.liveSuffix(userId, sessionId)
    t.equal(keys.live(userId, sessionId), `${keys.livePrefix}${suffix}`)
    t.same(parseLiveSuffix(suffix), { userId, sessionId }, suffix)
  }
})

t.test('text that is not a marker suffix names nothing', async (t) => {
  for (const text of ['', 'plain', '{unclosed', 'u}:s', 'layout']) t.equal(parseLiveSuffix(text), undefined, JSON.stringify(text))
})
