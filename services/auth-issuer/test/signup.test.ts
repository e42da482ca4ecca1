import t from 'tap'
import bcryptjs from 'bcryptjs'
import { newAccount, startIssuer } from './helpers.js'

t.test('signup creates a user with role user, normalizes the email, never returns the hash', async (t) => {
  const { app } = await startIssuer(t)
  const response = await app.inject({
    method: 'POST',
    url: '/auth/signup',
    payload: { email: '  Grace.Hopper@Example.COM ', password: 'correct horse', first_name: 'Grace', last_name: 'Hopper' },
  })
  t.equal(response.statusCode, 201)
  const { user } = response.json()
  t.equal(user.email, 'grace.hopper@example.com')
  t.same(user.roles, ['user'])
  t.equal(user.name, 'Grace Hopper')
  t.equal(user.disabled, false)
  t.match(user.id, /^[0-9a-f]{24}$/)
  t.notOk('password_hash' in user || 'passwordHash' in user || 'password' in user)
  t.ok(Date.parse(user.created_at))
})

t.test('the stored hash is standard bcrypt ($2b$) that another implementation verifies', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount()
  await app.inject({ method: 'POST', url: '/auth/signup', payload: account })
  const doc = await app.stores.db.collection('users').findOne({ email: account.email })
  t.match(doc?.password_hash, /^\$2b\$04\$/)
  t.ok(await bcryptjs.compare(account.password, doc!.password_hash as string))
})

t.test('a login accepts a hash made by bcryptjs ($2a$)', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount()
  await app.inject({ method: 'POST', url: '/auth/signup', payload: account })
  // $2a$ and $2b$ differ only in how they treat passwords past 255 bytes; older systems wrote $2a$.
  const legacy = bcryptjs.hashSync(account.password, 4).replace(/^\$2b\$/, '$2a$')
  t.match(legacy, /^\$2a\$04\$/)
  await app.stores.db.collection('users').updateOne({ email: account.email }, { $set: { password_hash: legacy } })
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: account })
  t.equal(login.statusCode, 200)
})

t.test('signup ignores a client that asks for roles: unknown fields are refused', async (t) => {
  const { app } = await startIssuer(t)
  const response = await app.inject({ method: 'POST', url: '/auth/signup', payload: { ...newAccount(), roles: ['admin'] } })
  t.equal(response.statusCode, 400)
  t.equal(response.json().code, 'validation_failed')
})

t.test('a taken email (in any case or spacing) is 409 email_taken', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount()
  t.equal((await app.inject({ method: 'POST', url: '/auth/signup', payload: account })).statusCode, 201)
  const again = await app.inject({
    method: 'POST',
    url: '/auth/signup',
    payload: { ...account, email: ` ${account.email.toUpperCase()} ` },
  })
  t.equal(again.statusCode, 409)
  t.same(again.json(), {
    statusCode: 409,
    error: 'Conflict',
    code: 'email_taken',
    message: 'An account with this email already exists.',
  })
})

t.test('concurrent signups for one email create exactly one user', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount('race')
  const responses = await Promise.all(
    Array.from({ length: 10 }, () => app.inject({ method: 'POST', url: '/auth/signup', payload: account })),
  )
  const codes = responses.map((r) => r.statusCode).sort()
  t.same(codes, [201, ...Array(9).fill(409)])
  t.equal(await app.stores.db.collection('users').countDocuments({ email: account.email }), 1)
})

t.test('emails with control or format characters or lone surrogates are refused (issue 11)', async (t) => {
  const { app } = await startIssuer(t)
  const plain = newAccount('invisible')
  t.equal((await app.inject({ method: 'POST', url: '/auth/signup', payload: plain })).statusCode, 201)
  const [local, domain] = plain.email.split('@') as [string, string]
  const hostile = {
    NUL: `${local}\u0000@${domain}`,
    'zero-width space (U+200B)': `${local}\u200b@${domain}`,
    'bidi override (U+202E)': `\u202e${local}@${domain}`,
    'soft hyphen (U+00AD)': `${local}\u00ad@${domain}`,
    'a control character (U+0007)': `${local}\u0007@${domain}`,
    'a lone surrogate': `${local}\ud800@${domain}`,
    'a fullwidth @ that NFKC would turn into a second @': `a\uff20b@${domain}`,
  }
  for (const [what, email] of Object.entries(hostile)) {
    const response = await app.inject({ method: 'POST', url: '/auth/signup', payload: { email, password: plain.password } })
    t.equal(response.statusCode, 400, what)
    t.equal(response.json().code, 'validation_failed', what)
  }
})

t.test('fullwidth look-alikes fold (NFKC) into the plain address: one account, not two (issue 11)', async (t) => {
  const { app } = await startIssuer(t)
  const password = 'correct horse battery'
  const plain = await app.inject({ method: 'POST', url: '/auth/signup', payload: { email: 'ada@example.com', password } })
  t.equal(plain.statusCode, 201)
  const lookAlike = await app.inject({ method: 'POST', url: '/auth/signup', payload: { email: '\uff41\uff44\uff41@example.com', password } })
  t.equal(lookAlike.statusCode, 409, 'ａｄａ@example.com is ada@example.com')
  t.equal(lookAlike.json().code, 'email_taken')
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: '\uff21\uff24\uff21@example.com', password } })
  t.equal(login.statusCode, 200)
  t.equal(login.json().user.id, plain.json().user.id)
})
