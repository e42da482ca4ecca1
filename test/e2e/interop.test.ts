import t from 'tap'
import { createRemoteJWKSet, jwtVerify } from 'jose'
import jwksRsa from 'jwks-rsa'
import jsonwebtoken from 'jsonwebtoken'
import { login, meStatus, startPair } from './harness.js'

t.test('issued tokens verify with jose against the JWKS URL', async (t) => {
  const { issuer, issuerUrl } = await startPair(t)
  const session = await login(issuer)
  const jwks = createRemoteJWKSet(new URL(`${issuerUrl}/.well-known/jwks.json`))
  const { payload, protectedHeader } = await jwtVerify(session.access, jwks, {
    algorithms: ['RS256'],
    typ: 'at+jwt',
    issuer: issuerUrl,
    audience: 'authpair-api',
  })
  t.equal(payload.sub, session.userId)
  t.equal(payload.sid, session.sessionId)
  t.equal(protectedHeader.typ, 'at+jwt')
})

t.test("issued tokens verify with Auth0's jwks-rsa and jsonwebtoken", async (t) => {
  const { issuer, issuerUrl } = await startPair(t)
  const session = await login(issuer)
  const client = jwksRsa({ jwksUri: `${issuerUrl}/.well-known/jwks.json`, cache: true })
  const header = JSON.parse(Buffer.from(session.access.split('.')[0]!, 'base64url').toString()) as { kid: string }
  const key = await client.getSigningKey(header.kid)
  const payload = jsonwebtoken.verify(session.access, key.getPublicKey(), {
    algorithms: ['RS256'],
    issuer: issuerUrl,
    audience: 'authpair-api',
  }) as jsonwebtoken.JwtPayload
  t.equal(payload.sub, session.userId)
  t.same(payload.roles, ['user'])
})

t.test('with the issuer stopped, the resource service verifies with the keys it holds', async (t) => {
  const { issuer, resource } = await startPair(t)
  const session = await login(issuer)
  t.equal(await meStatus(resource, session.access), 200)
  await issuer.close()
  t.equal(await meStatus(resource, session.access), 200)
})
