// The `peer_jose_exists` baseline: what a service would write without the verifier package. Each request is
// one jose `jwtVerify` against `createRemoteJWKSet` of the issuer's JWKS, then one Redis EXISTS of the session's
// liveness marker; no cache of any kind. Answers like the resource service's GET /me.
import { DEFAULT_KEY_PREFIX, sessionKeys } from '@authpair/verifier'
import { createDeploymentClient, readRedisTarget } from '@authpair/verifier/redis'
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose'
import { createHelperApp, serve } from './helper-app.js'
import { required } from './helper-process.js'

const issuer = required('ISSUER_URL').replace(/\/+$/, '')
const audience = process.env['TOKEN_AUDIENCE'] ?? 'authpair-api'
const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`))
const keys = sessionKeys(process.env['REDIS_KEY_PREFIX'] ?? DEFAULT_KEY_PREFIX)
const redis = createDeploymentClient(readRedisTarget(process.env), { connectionName: 'bench-peer', lazyConnect: false })

interface Claims extends JWTPayload {
  sid?: unknown
  email?: unknown
  roles?: unknown
}

async function verify(token: string): Promise<Claims | undefined> {
  try {
    const { payload } = await jwtVerify<Claims>(token, jwks, { issuer, audience, algorithms: ['RS256'], typ: 'at+jwt' })
    return typeof payload.sid === 'string' && typeof payload.sub === 'string' ? payload : undefined
  } catch {
    return undefined
  }
}

const app = createHelperApp()
app.get('/me', async (request, reply) => {
  const header = request.headers.authorization
  const claims = header?.startsWith('Bearer ') ? await verify(header.slice('Bearer '.length)) : undefined
  // A Redis failure throws here and is a 500: this baseline never lets a token through unchecked either.
  if (claims === undefined || (await redis.exists(keys.live(String(claims.sub), String(claims.sid)))) !== 1) {
    return reply.code(401).send({ statusCode: 401, error: 'Unauthorized', code: 'invalid_token', message: 'Invalid token.' })
  }
  return { sub: claims.sub, sid: claims.sid, email: claims.email, roles: claims.roles }
})
app.addHook('onClose', async () => void (await redis.quit()))
await serve(app)
