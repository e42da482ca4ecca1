import t from 'tap'
import {
  createRefreshToken,
  createSessionId,
  hashRefreshToken,
  openSuccessor,
  sealSuccessor,
  sessionOfRefreshToken,
} from '../src/index.js'

t.test('issue 15: a refresh token names its user and session and carries 256 random bits', async (t) => {
  const sessionId = createSessionId()
  t.match(sessionId, /^[A-Za-z0-9_-]{22}$/)
  const token = createRefreshToken('65f0c0ffee0000000000beef', sessionId)
  t.same(sessionOfRefreshToken(token), { userId: '65f0c0ffee0000000000beef', sessionId })
  t.equal(Buffer.from(token.split('~')[2]!, 'base64url').length, 32)
  t.not(createRefreshToken('65f0c0ffee0000000000beef', sessionId), token)
  t.same(sessionOfRefreshToken(createRefreshToken('a.b:{c}', sessionId)), { userId: 'a.b:{c}', sessionId }, 'any user id survives')
})

t.test('anything but a well-formed token names no session', async (t) => {
  const good = createRefreshToken('u1', createSessionId())
  const [user, sid, secret] = good.split('~') as [string, string, string]
  const v1 = `${sid}.${secret}`
  const bads = ['', 'x', `${good}x`, good.replace('~', '-'), `${user}~${sid}~${'!'.repeat(43)}`, 'a~b~c', v1, `~${sid}~${secret}`, `${user}=~${sid}~${secret}`, `${user}~${good}`, `${user}.${sid}.${secret}`]
  for (const bad of bads) {
    t.equal(sessionOfRefreshToken(bad), undefined, JSON.stringify(bad))
  }
})

t.test('the stored hash is stable and does not reveal the token', async (t) => {
  const token = createRefreshToken('u1', createSessionId())
  t.equal(hashRefreshToken(token), hashRefreshToken(token))
  t.notMatch(hashRefreshToken(token), token.split('~')[2]!)
})

t.test('a sealed successor opens only with the token it was sealed for', async (t) => {
  const sessionId = createSessionId()
  const retired = createRefreshToken('u1', sessionId)
  const successor = createRefreshToken('u1', sessionId)
  const sealed = sealSuccessor(retired, successor)
  t.notMatch(sealed, successor.split('~')[2]!)
  t.ok(sealed.length <= 64, 'issue 15: short enough for the hash to stay a listpack')
  t.throws(() => sealSuccessor(retired, createRefreshToken('u1', createSessionId())), TypeError, 'only its own session')
  t.equal(openSuccessor(retired, sealed), successor)
  t.equal(openSuccessor(createRefreshToken('u1', sessionId), sealed), undefined)
  t.equal(openSuccessor(createRefreshToken('u1', createSessionId()), sealed), undefined)
  t.equal(openSuccessor(retired, `${sealed.slice(0, -2)}AA`), undefined, 'tampering is detected')
  t.equal(openSuccessor(retired, 'garbage'), undefined)
})
