import { createServer } from 'node:http'
import { createTokenVerifier, remoteKeySource } from '@authpair/verifier'
import { trackedSessionLiveness } from '@authpair/verifier/redis'
import { createVerifierMiddleware, type PrincipalRequest } from '@authpair/verifier/express'

export async function buildNodeService(issuerUrl: string, redisUrl: string, keyPrefix?: string) {
  const keys = remoteKeySource(`${issuerUrl}/.well-known/jwks.json`)
  const sessions = trackedSessionLiveness({ url: redisUrl, keyPrefix })
  await sessions.ready()
  const verifier = createTokenVerifier({ keys: keys.getKey, issuer: issuerUrl, audience: 'authpair-api', sessions })
  const { authenticate } = createVerifierMiddleware({ verifier })

  const server = createServer((req: PrincipalRequest, res) => {
    // Refusals (401, 403, 503) are answered by `authenticate`; `next` runs only once the token is verified, or with
    // an error of some other kind.
    authenticate(req, res, (error) => {
      if (error !== undefined) {
        res.statusCode = 500
        res.end()
        return
      }
      res.setHeader('content-type', 'application/json')
      res.end(JSON.stringify({ hello: req.principal?.email }))
    })
  })
  server.on('close', () => {
    keys.close()
    void sessions.close()
  })
  return server
}
