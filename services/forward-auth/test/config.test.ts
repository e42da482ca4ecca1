// Issue 12, item 9: forward-auth reads the verifier's settings and Redis's, and nothing of MongoDB.
import t from 'tap'
import { ForwardAuthEnvSchema, loadForwardAuthConfig } from '../src/config.js'

t.test('defaults suit the local stack: port 4002, the local issuer and Redis', async (t) => {
  const config = loadForwardAuthConfig({})
  t.match(config, {
    FORWARD_AUTH_PORT: 4002,
    HOST: '127.0.0.1',
    ISSUER_URL: 'http://127.0.0.1:4000',
    JWKS_URL: 'http://127.0.0.1:4000/.well-known/jwks.json',
    TOKEN_AUDIENCE: 'authpair-api',
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_KEY_PREFIX: 'authpair:',
    VERIFY_MODE: 'tracked',
    MAX_STALENESS_MS: 0,
    TRUST_PROXY: 'false',
  })
  t.equal(loadForwardAuthConfig({ ISSUER_URL: 'https://id.example.com/' }).JWKS_URL, 'https://id.example.com/.well-known/jwks.json')
})

t.test('no MongoDB and no browser settings: MONGO_URL and CORS_ORIGINS are not read', async (t) => {
  const names = Object.keys(ForwardAuthEnvSchema.properties)
  t.notOk(names.includes('MONGO_URL'))
  t.notOk(names.includes('CORS_ORIGINS'))
  t.notOk('MONGO_URL' in loadForwardAuthConfig({ MONGO_URL: 'mongodb://127.0.0.1:1/x' }))
})

t.test('bad values are refused, each naming its variable', async (t) => {
  t.throws(() => loadForwardAuthConfig({ FORWARD_AUTH_PORT: '70000' }), /FORWARD_AUTH_PORT/)
  t.throws(() => loadForwardAuthConfig({ VERIFY_MODE: 'lax' }), /VERIFY_MODE is "lax"; expected tracked or strict/)
  t.throws(() => loadForwardAuthConfig({ REDIS_URL: 'http://127.0.0.1:6379' }), /REDIS_URL/)
  t.throws(() => loadForwardAuthConfig({ MAX_STALENESS_MS: '5000' }), /MAX_STALENESS_MS/)
  t.throws(() => loadForwardAuthConfig({ MAX_TOKEN_LIFETIME: '0s' }), /MAX_TOKEN_LIFETIME is "0s"; expected a duration above zero/)
})
