import t from 'tap'
import { Type } from '@sinclair/typebox'
import { CommaList, ConfigError, Duration, loadEnv, parseDuration } from '../src/index.js'

t.test('parseDuration reads seconds and unit suffixes', async (t) => {
  t.equal(parseDuration('900'), 900)
  t.equal(parseDuration('900s'), 900)
  t.equal(parseDuration('15m'), 900)
  t.equal(parseDuration('12h'), 43200)
  t.equal(parseDuration('7d'), 604800)
  for (const bad of ['', '15 m', '-5', '1.5h', '7w', 'm']) t.throws(() => parseDuration(bad), TypeError, bad)
})

t.test('loadEnv applies defaults, treats empty as unset, and decodes transforms', async (t) => {
  const schema = Type.Object({
    TTL: Duration({ default: '1m' }),
    ORIGINS: CommaList({ default: '' }),
    FLAG: Type.Boolean({ default: false }),
  })
  t.same(loadEnv(schema, { TTL: '', ORIGINS: ' https://a.example , https://b.example ,', FLAG: 'true' }), {
    TTL: 60,
    ORIGINS: ['https://a.example', 'https://b.example'],
    FLAG: true,
  })
})

t.test('loadEnv lists each bad variable once, hiding secrets', async (t) => {
  const schema = Type.Object({
    PORT: Type.Integer({ minimum: 1, description: 'a port' }),
    TOKEN: Type.String({ minLength: 10, description: 'a long token', secret: true }),
  })
  const error = t.throws(() => loadEnv(schema, { PORT: 'x', TOKEN: 'short' })) as unknown as ConfigError
  t.ok(error instanceof ConfigError)
  t.same(error.problems, [
    { variable: 'PORT', expected: 'a port', received: '"x"' },
    { variable: 'TOKEN', expected: 'a long token', received: '(hidden)' },
  ])
})
