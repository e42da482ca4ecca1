import t from 'tap'
import { bearer, startResource } from './helpers.js'

t.test('a user creates, lists, reads, updates and deletes their todos', async (t) => {
  const resource = await startResource(t)
  const auth = bearer(await resource.validToken())
  const created = await resource.app.inject({ method: 'POST', url: '/todos', headers: auth, payload: { title: 'write tests' } })
  t.equal(created.statusCode, 201)
  const { todo } = created.json()
  t.match(todo, { id: /^[0-9a-f]{24}$/, title: 'write tests', done: false, created_at: String })
  await resource.app.inject({ method: 'POST', url: '/todos', headers: auth, payload: { title: 'ship it' } })
  const list = (await resource.app.inject({ url: '/todos', headers: auth })).json()
  t.same(list.items.map((item: { title: string }) => item.title), ['write tests', 'ship it'])
  t.same((await resource.app.inject({ url: `/todos/${todo.id}`, headers: auth })).json(), { todo })
  const patched = await resource.app.inject({ method: 'PATCH', url: `/todos/${todo.id}`, headers: auth, payload: { done: true } })
  t.equal(patched.statusCode, 200)
  t.match(patched.json().todo, { id: todo.id, title: 'write tests', done: true })
  t.equal((await resource.app.inject({ method: 'DELETE', url: `/todos/${todo.id}`, headers: auth })).statusCode, 204)
  t.equal((await resource.app.inject({ url: `/todos/${todo.id}`, headers: auth })).statusCode, 404)
})

t.test("another user's todo is 404 for every verb, and stays untouched", async (t) => {
  const resource = await startResource(t)
  const owner = bearer(await resource.validToken({ sub: '111111111111111111111111' }))
  const intruder = bearer(await resource.mint({ sid: await resource.openSession('222222222222222222222222'), sub: '222222222222222222222222' }))
  const { todo } = (await resource.app.inject({ method: 'POST', url: '/todos', headers: owner, payload: { title: 'mine' } })).json()
  for (const [method, payload] of [['GET', undefined], ['PATCH', { done: true }], ['DELETE', undefined]] as const) {
    const response = await resource.app.inject({ method, url: `/todos/${todo.id}`, headers: intruder, ...(payload && { payload }) })
    t.equal(response.statusCode, 404, method)
    t.equal(response.json().code, 'not_found', method)
  }
  t.same((await resource.app.inject({ url: '/todos', headers: intruder })).json(), { items: [] })
  t.same((await resource.app.inject({ url: `/todos/${todo.id}`, headers: owner })).json().todo, todo)
})

t.test('todo bodies and ids are validated', async (t) => {
  const resource = await startResource(t)
  const auth = bearer(await resource.validToken())
  for (const payload of [{}, { title: '' }, { title: 'x'.repeat(201) }, { title: { $ne: null } }, { title: 'a', owner_id: 'b' }]) {
    const response = await resource.app.inject({ method: 'POST', url: '/todos', headers: auth, payload })
    t.equal(response.statusCode, 400, JSON.stringify(payload).slice(0, 40))
    t.equal(response.json().code, 'validation_failed')
  }
  const { todo } = (await resource.app.inject({ method: 'POST', url: '/todos', headers: auth, payload: { title: 'ok' } })).json()
  for (const payload of [{}, { done: 'yes' }, { title: 'x', extra: 1 }]) {
    t.equal((await resource.app.inject({ method: 'PATCH', url: `/todos/${todo.id}`, headers: auth, payload })).statusCode, 400)
  }
  t.equal((await resource.app.inject({ url: '/todos/not-an-id', headers: auth })).statusCode, 400)
  t.equal((await resource.app.inject({ method: 'POST', url: '/todos', payload: { title: 'no token' } })).statusCode, 401)
})
