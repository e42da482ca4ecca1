import t from 'tap'
import { bearer, newAccount, signupAndLogin, startIssuer } from './helpers.js'

const ERROR_SHAPE = { statusCode: Number, error: String, code: String, message: String }

t.test('signup validation edges are 400 validation_failed in the error shape', async (t) => {
  const { app } = await startIssuer(t)
  const { email } = newAccount()
  const cases: [string, unknown][] = [
    ['operator object as email', { email: { $ne: null }, password: 'correct horse' }],
    ['operator object as password', { email, password: { $gt: '' } }],
    ['number as password (no coercion)', { email, password: 123456789 }],
    ['array as email', { email: [email], password: 'correct horse' }],
    ['not an email', { email: 'not-an-email', password: 'correct horse' }],
    ['7-byte password', { email, password: 'seven77' }],
    ['73-byte password', { email, password: 'x'.repeat(73) }],
    ['74 UTF-8 bytes in 37 chars', { email, password: 'é'.repeat(37) }],
    ['name over 100 chars', { email, password: 'correct horse', name: 'n'.repeat(101) }],
    ['unknown field', { email, password: 'correct horse', admin: true }],
    ['missing password', { email }],
    ['null body fields', { email: null, password: null }],
  ]
  for (const [label, payload] of cases) {
    const response = await app.inject({ method: 'POST', url: '/auth/signup', payload: payload as object })
    t.equal(response.statusCode, 400, label)
    t.match(response.json(), { ...ERROR_SHAPE, code: 'validation_failed' }, label)
  }
  t.equal(await app.stores.db.collection('users').countDocuments({}), 0, 'nothing was written')
})

t.test('the byte limits take exactly 8 and 72 bytes, multi-byte characters counted as bytes', async (t) => {
  const { app } = await startIssuer(t)
  for (const password of ['eight888', 'x'.repeat(72), 'é'.repeat(36), 'éééé']) {
    const response = await app.inject({ method: 'POST', url: '/auth/signup', payload: { email: newAccount().email, password } })
    t.equal(response.statusCode, 201, `${Buffer.byteLength(password)} bytes`)
  }
})

t.test('login refuses operator objects instead of matching any user', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount()
  await app.inject({ method: 'POST', url: '/auth/signup', payload: account })
  for (const payload of [
    { email: { $ne: null }, password: account.password },
    { email: account.email, password: { $ne: null } },
    { email: { $regex: '.*' }, password: { $exists: true } },
  ]) {
    const response = await app.inject({ method: 'POST', url: '/auth/login', payload })
    t.equal(response.statusCode, 400)
    t.equal(response.json().code, 'validation_failed')
  }
})

t.test('bodies that cannot be read get their own 4xx codes', async (t) => {
  const { app } = await startIssuer(t)
  const json = { 'content-type': 'application/json' }
  const big = await app.inject({
    method: 'POST',
    url: '/auth/signup',
    headers: json,
    payload: JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(17 * 1024) }),
  })
  t.equal(big.statusCode, 413)
  t.match(big.json(), { ...ERROR_SHAPE, code: 'payload_too_large' })

  const broken = await app.inject({ method: 'POST', url: '/auth/login', headers: json, payload: '{"email": "a@b.c", ' })
  t.equal(broken.statusCode, 400)
  t.match(broken.json(), { ...ERROR_SHAPE, code: 'invalid_json' })

  const empty = await app.inject({ method: 'POST', url: '/auth/login', headers: json, payload: '' })
  t.equal(empty.statusCode, 400)
  t.match(empty.json(), ERROR_SHAPE)

  const text = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'hi' })
  t.equal(text.statusCode, 415)
  t.match(text.json(), { ...ERROR_SHAPE, code: 'unsupported_media_type' })

  const proto = await app.inject({
    method: 'POST',
    url: '/auth/signup',
    headers: json,
    payload: '{"email":"p@example.com","password":"correct horse","__proto__":{"roles":["admin"]}}',
  })
  t.equal(proto.statusCode, 400)
  t.match(proto.json(), ERROR_SHAPE)
})

t.test('error bodies carry no stack and no driver text', async (t) => {
  const { app } = await startIssuer(t)
  const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: { $where: 'sleep(1000)' }, password: 'x' } })
  t.notMatch(response.body, /at .*\.(js|ts):\d+|Mongo|stack/i)
})

t.test('strict everywhere: unknown query names, a body where none is taken, a charset other than UTF-8 (issue 11)', async (t) => {
  const { app } = await startIssuer(t)
  const login = await signupAndLogin(app)
  const auth = bearer(login.access_token)
  const unknownBody = await app.inject({ method: 'POST', url: '/auth/logout-all', headers: auth, payload: { a: 1 } })
  t.equal(unknownBody.statusCode, 400, 'logout-all takes no body')
  t.match(unknownBody.json(), { ...ERROR_SHAPE, code: 'validation_failed' })
  const deleteBody = await app.inject({ method: 'DELETE', url: `/auth/sessions/${login.session_id}`, headers: auth, payload: { a: 1 } })
  t.equal(deleteBody.statusCode, 400, 'DELETE /auth/sessions/:id takes no body')
  for (const url of ['/auth/sessions?a=1', `/users/${login.user.id}?expand=all`, '/.well-known/jwks.json?x']) {
    const response = await app.inject({ url, headers: auth })
    t.equal(response.statusCode, 400, url)
    t.match(response.json(), { ...ERROR_SHAPE, code: 'validation_failed' })
  }
  const logoutQuery = await app.inject({ method: 'POST', url: '/auth/logout?refresh_token=x', headers: auth })
  t.equal(logoutQuery.statusCode, 400, 'a token in the query string is not read, and is refused')
  const account = newAccount()
  const utf16 = await app.inject({
    method: 'POST',
    url: '/auth/signup',
    headers: { 'content-type': 'application/json; charset=utf-16' },
    payload: JSON.stringify(account),
  })
  t.equal(utf16.statusCode, 415)
  t.match(utf16.json(), { ...ERROR_SHAPE, code: 'unsupported_media_type' })
  for (const contentType of ['application/json; charset=utf-8', 'application/json;charset="UTF-8"', 'application/json']) {
    const response = await app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': contentType }, payload: JSON.stringify(account) })
    t.equal(response.statusCode, 401, `${contentType} is read (and the unknown account refused)`)
  }
  t.equal((await app.inject({ method: 'POST', url: '/auth/logout-all', headers: auth })).statusCode, 204, 'without a body it works')
})
