import t from 'tap'
import {
  createRefreshToken,
  createSessionId,
  hashRefreshToken,
  openSuccessor,
  sealSuccessor,
  sessionIdOfRefreshToken,
} from '../src/index.js'

t.test('a refresh token names its session and carries 256 random bits', async (t) => {
  const sessionId = createSessionId()
  t.match(sessionId, /^[A-Za-z0-9_-]{22}$/)
  const token = createRefreshToken(sessionId)
  t.equal(sessionIdOfRefreshToken(token), sessionId)
  t.equal(Buffer.from(token.split('.')[1]!, 'base64url').length, 32)
  t.not(createRefreshToken(sessionId), token)
})

t.test('anything but a well-formed token names no session', async (t) => {
  const good = createRefreshToken(createSessionId())
  for (const bad of ['', 'x', `${good}x`, good.replace('.', '-'), `${good.slice(0, 22)}.${'!'.repeat(43)}`, 'a.b.c']) {
    t.equal(sessionIdOfRefreshToken(bad), undefined, JSON.stringify(bad))
  }
})

t.test('the stored hash is stable and does not reveal the token', async (t) => {
  const token = createRefreshToken(createSessionId())
  t.equal(hashRefreshToken(token), hashRefreshToken(token))
  t.notMatch(hashRefreshToken(token), token.split('.')[1]!)
})

t.test('a sealed successor opens only with the token it was sealed for', async (t) => {
  const retired = createRefreshToken(createSessionId())
  const successor = createRefreshToken(createSessionId())
  const sealed = sealSuccessor(retired, successor)
  t.notMatch(sealed, successor)
  t.equal(openSuccessor(retired, sealed), successor)
  t.equal(openSuccessor(createRefreshToken(createSessionId()), sealed), undefined)
  t.equal(openSuccessor(retired, `${sealed.slice(0, -2)}AA`), undefined, 'tampering is detected')
  t.equal(openSuccessor(retired, 'garbage'), undefined)
})
