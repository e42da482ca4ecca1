import t from 'tap'
import { BearerError, extractBearerToken, principalFromClaims, hasAnyRole } from '../src/index.js'

t.test('the token comes from Authorization: Bearer, else the cookie', async (t) => {
  t.equal(extractBearerToken('Bearer abc.def.ghi', 'cookie'), 'abc.def.ghi')
  t.equal(extractBearerToken('bearer   abc.def.ghi', undefined), 'abc.def.ghi')
  t.equal(extractBearerToken(undefined, 'from.cookie.jwt'), 'from.cookie.jwt')
  t.equal(extractBearerToken('Basic dXNlcjpwYXNz', 'from.cookie.jwt'), 'from.cookie.jwt', 'another scheme is not ours')
  t.equal(extractBearerToken(undefined, undefined), undefined)
  t.equal(extractBearerToken(undefined, ''), undefined)
  t.equal(extractBearerToken('Bearer a b', undefined), 'a b', 'malformed: left to fail verification')
  t.equal(extractBearerToken('Bearer', undefined), 'Bearer', 'no token: left to fail verification')
})

t.test('a principal needs every claim of the contract, well typed', async (t) => {
  const claims = { sub: 'u', sid: 's', email: 'e@example.com', roles: ['user'], jti: 'j', exp: 1, client_id: 'authpair' }
  t.same(principalFromClaims(claims), { userId: 'u', sessionId: 's', email: 'e@example.com', roles: ['user'], tokenId: 'j', expiresAt: 1 })
  for (const broken of [
    { ...claims, sid: undefined },
    { ...claims, roles: 'admin' },
    { ...claims, roles: [1] },
    { ...claims, email: 5 },
    { ...claims, sub: undefined },
    { ...claims, client_id: undefined },
  ]) {
    t.throws(() => principalFromClaims(broken), BearerError)
  }
})

t.test('hasAnyRole', async (t) => {
  const principal = principalFromClaims({ sub: 'u', sid: 's', email: 'e', roles: ['user', 'editor'], jti: 'j', exp: 1, client_id: 'c' })
  t.ok(hasAnyRole(principal, ['admin', 'editor']))
  t.notOk(hasAnyRole(principal, ['admin']))
  t.notOk(hasAnyRole(principal, []))
})
