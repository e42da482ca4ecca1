import t from 'tap'
import { bearer, startResource } from './helpers.js'

t.test('a cookie-authenticated write from another site is refused whatever non-Bearer Authorization rides along (issue 11)', async (t) => {
  const resource = await startResource(t)
  const token = await resource.validToken()
  const evil = { origin: 'https://evil.example' }
  const write = (headers: Record<string, string>) =>
    resource.app.inject({ method: 'POST', url: '/todos', cookies: { access_token: token }, headers: { ...evil, ...headers }, payload: { title: 'x' } })
  const basic = await write({ authorization: 'Basic eA==' })
  t.equal(basic.statusCode, 403)
  t.equal(basic.json().code, 'forbidden')
  t.equal((await write({})).statusCode, 403, 'the cookie alone')
  t.equal((await write(bearer(token))).statusCode, 201, 'a bearer request is not a CSRF risk')
  t.same((await resource.app.inject({ url: '/todos', headers: bearer(token) })).json().items.length, 1, 'only the bearer write happened')
})
