import t from 'tap'
import { ConfigError } from '@authpair/config'
import { loadIssuerConfig } from '../src/config.js'

t.test('defaults suit the local stack', async (t) => {
  const config = loadIssuerConfig({})
  t.equal(config.ISSUER_PORT, 4000)
  t.equal(config.HOST, '127.0.0.1')
  t.equal(config.ACCESS_TOKEN_TTL, 900)
  t.equal(config.REFRESH_TOKEN_TTL, 7 * 86400)
  t.equal(config.REFRESH_REUSE_GRACE, 10)
  t.equal(config.BCRYPT_COST, 12)
  t.equal(config.COOKIE_SECURE, true)
})

t.test('durations take seconds or a unit; booleans and numbers are converted', async (t) => {
  const config = loadIssuerConfig({ ACCESS_TOKEN_TTL: '300', REFRESH_TOKEN_TTL: '12h', COOKIE_SECURE: 'false', ISSUER_PORT: '4100' })
  t.equal(config.ACCESS_TOKEN_TTL, 300)
  t.equal(config.REFRESH_TOKEN_TTL, 43200)
  t.equal(config.COOKIE_SECURE, false)
  t.equal(config.ISSUER_PORT, 4100)
})

t.test('bad values name every bad variable and what it expects', async (t) => {
  const error = (() => {
    try {
      loadIssuerConfig({ ISSUER_PORT: 'eighty', ACCESS_TOKEN_TTL: '15 minutes', MONGO_URL: 'postgres://x', BCRYPT_COST: '99' })
    } catch (e) {
      return e
    }
  })()
  t.ok(error instanceof ConfigError)
  const message = (error as Error).message
  t.match(message, /ISSUER_PORT is "eighty"; expected a TCP port from 1 to 65535/)
  t.match(message, /ACCESS_TOKEN_TTL is "15 minutes"; expected a duration such as 900, 900s, 15m or 7d/)
  t.match(message, /MONGO_URL is "postgres:\/\/x"; expected a MongoDB URL/)
  t.match(message, /BCRYPT_COST is "99"; expected an integer from 4 to 17/)
})

t.test('the admin password is never printed, and the admin pair goes together', async (t) => {
  t.throws(() => loadIssuerConfig({ ADMIN_EMAIL: 'root@example.com' }), /ADMIN_PASSWORD is not set/)
  try {
    loadIssuerConfig({ ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'short' })
    t.fail('should throw')
  } catch (error) {
    t.match((error as Error).message, /ADMIN_PASSWORD is \(hidden\)/)
    t.notMatch((error as Error).message, /short/)
  }
})

t.test('issue 13: NODE_ENV=production without KEY_ENCRYPTION_SECRET is refused, naming the variable', async (t) => {
  const error = (() => {
    try {
      loadIssuerConfig({ NODE_ENV: 'production' })
    } catch (e) {
      return e
    }
  })()
  t.type(error, ConfigError)
  t.match((error as ConfigError).message, /KEY_ENCRYPTION_SECRET is not set/)
  t.equal(loadIssuerConfig({ NODE_ENV: 'production', KEY_ENCRYPTION_SECRET: 'k'.repeat(32) }).KEY_ENCRYPTION_SECRET, 'k'.repeat(32))
  t.equal(loadIssuerConfig({}).KEY_ENCRYPTION_SECRET, undefined, 'the local stack runs without one')
})

t.test('issue 13: SIGNING_KEY_PUBLISH_AHEAD under twice JWKS_MAX_AGE is refused, naming both', async (t) => {
  t.throws(() => loadIssuerConfig({ SIGNING_KEY_PUBLISH_AHEAD: '9m', JWKS_MAX_AGE: '5m' }), /SIGNING_KEY_PUBLISH_AHEAD is 540s; expected at least twice JWKS_MAX_AGE \(300s\)/)
  const config = loadIssuerConfig({})
  t.equal(config.SIGNING_KEY_ROTATION, 30 * 86400)
  t.equal(config.SIGNING_KEY_PUBLISH_AHEAD, 900)
  t.equal(loadIssuerConfig({ SIGNING_KEY_ROTATION: 'off' }).SIGNING_KEY_ROTATION, null)
  t.throws(() => loadIssuerConfig({ SIGNING_KEY_ROTATION: 'sometimes' }), /SIGNING_KEY_ROTATION/)
})

t.test('issue 15: two Redis deployments at once are refused at start, naming both variables', async (t) => {
  t.throws(() => loadIssuerConfig({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_SENTINELS: '127.0.0.1:26379', REDIS_SENTINEL_NAME: 'authpair' }), {
    name: 'ConfigError',
    message: /REDIS_URL[\s\S]*only one of[\s\S]*REDIS_SENTINELS/,
  })
  const config = loadIssuerConfig({ REDIS_SENTINELS: '127.0.0.1:26379', REDIS_SENTINEL_NAME: 'authpair' })
  t.equal(config.REDIS_URL, 'redis-sentinel://127.0.0.1:26379/authpair')
})
