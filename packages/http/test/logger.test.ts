// Issue 4, item 6: whatever logs a header or a body by mistake, the secrets in it are censored.
import { Writable } from 'node:stream'
import t from 'tap'
import { pino } from 'pino'
import { createBaseApp } from '../src/create-app.js'
import { loggerOptions } from '../src/logger.js'

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString())
      done()
    },
  })
  return { lines, stream }
}

t.test('authorization, cookies, set-cookie, passwords, tokens and keys are redacted', async (t) => {
  const { lines, stream } = capture()
  const log = pino(loggerOptions('info'), stream)
  const secrets = {
    authorization: 'Bearer secret-access-token-1',
    cookie: 'access_token=secret-cookie-2',
    setCookie: 'refresh_token=secret-set-cookie-3',
    password: 'secret-password-4',
    refresh: 'secret-refresh-5',
    key: 'secret-private-key-6',
  }
  log.info({
    req: { headers: { authorization: secrets.authorization, cookie: secrets.cookie, host: 'kept.example' } },
    res: { headers: { 'set-cookie': secrets.setCookie } },
  }, 'a request logged with its headers')
  log.info({ body: { password: secrets.password, current_password: secrets.password, new_password: secrets.password } }, 'a body')
  log.info({ body: { refresh_token: secrets.refresh, access_token: secrets.authorization } }, 'tokens')
  log.info({ signing: { privateKey: secrets.key } }, 'a key')
  const output = lines.join('')
  t.equal(lines.length, 4)
  for (const [name, value] of Object.entries(secrets)) t.notOk(output.includes(value), `${name} is not in the log`)
  t.match(output, /kept\.example/, 'the rest of the entry is kept')
  t.match(output, /\[redacted\]/)
})

t.test("every line logged for a request carries its id, and a request's own lines are redacted too", async (t) => {
  const { lines, stream } = capture()
  const app = createBaseApp({ logLevel: 'info', logStream: stream })
  app.get('/echo', async (request) => {
    request.log.info({ body: { password: 'secret-password-7' } }, 'handler line')
    request.log.child({ step: 'nested' }).warn('nested line')
    return { ok: true }
  })
  t.teardown(() => app.close())
  await app.inject({ url: '/echo', headers: { 'x-request-id': 'req-abc' } })
  await app.inject({ url: '/echo' })
  const entries = lines.map((line) => JSON.parse(line) as { msg: string; request_id?: string; step?: string })
  const first = entries.filter((entry) => entry.request_id === 'req-abc').map((entry) => entry.msg)
  t.same(first, ['incoming request', 'handler line', 'nested line', 'request completed'])
  const second = entries.filter((entry) => entry.request_id !== 'req-abc' && entry.msg !== undefined && entry.request_id !== undefined)
  t.equal(second.length, 4, 'a generated id on every line of the second request')
  t.equal(new Set(second.map((entry) => entry.request_id)).size, 1)
  t.equal(entries.find((entry) => entry.msg === 'nested line')?.step, 'nested')
  t.notOk(lines.join('').includes('secret-password-7'))
})
