import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  IdParamsSchema,
  NoContentSchema,
  TodoCreateBodySchema,
  TodoEnvelopeSchema,
  TodoListSchema,
  TodoPatchBodySchema,
  errorResponses,
  type Todo,
} from '@authpair/contract'
import { AppError } from '@authpair/errors'
import type { TodoRecord, TodoRepository } from '../domain/todos.js'
import { bearerSecurity } from '@authpair/http'

/** The most todos one list returns. */
export const MAX_TODOS_LISTED = 1000

const present = (todo: TodoRecord): Todo => ({
  id: todo.id,
  title: todo.title,
  done: todo.done,
  created_at: todo.createdAt.toISOString(),
})

const notFound = (): AppError => new AppError('not_found', 'No such todo.')

/** `/todos`: each user sees and changes only their own; another user's todo is 404. */
export const todoRoutes: FastifyPluginAsyncTypebox<{ todos: TodoRepository }> = async (app, { todos }) => {
  const byId = { params: IdParamsSchema }

  app.post(
    '/todos',
    { schema: { summary: 'Add a todo', security: bearerSecurity, body: TodoCreateBodySchema, response: { 201: TodoEnvelopeSchema, ...errorResponses(400, 401, 413, 415, 503) } } },
    async (request, reply) => {
      const todo = await todos.create(request.principal!.userId, request.body.title, new Date())
      return reply.code(201).send({ todo: present(todo) })
    },
  )

  app.get(
    '/todos',
    { schema: { summary: 'List your todos', security: bearerSecurity, response: { 200: TodoListSchema, ...errorResponses(401, 503) } } },
    async (request) => ({ items: (await todos.list(request.principal!.userId, MAX_TODOS_LISTED)).map(present) }),
  )

  app.get(
    '/todos/:id',
    { schema: { summary: 'Read a todo', security: bearerSecurity, ...byId, response: { 200: TodoEnvelopeSchema, ...errorResponses(400, 401, 404, 503) } } },
    async (request) => {
      const todo = await todos.get(request.principal!.userId, request.params.id)
      if (!todo) throw notFound()
      return { todo: present(todo) }
    },
  )

  app.patch(
    '/todos/:id',
    {
      schema: {
        summary: 'Change a todo', security: bearerSecurity,
        ...byId,
        body: TodoPatchBodySchema,
        response: { 200: TodoEnvelopeSchema, ...errorResponses(400, 401, 404, 413, 415, 503) },
      },
    },
    async (request) => {
      const todo = await todos.update(request.principal!.userId, request.params.id, request.body)
      if (!todo) throw notFound()
      return { todo: present(todo) }
    },
  )

  app.delete(
    '/todos/:id',
    { schema: { summary: 'Delete a todo', security: bearerSecurity, ...byId, response: { 204: NoContentSchema, ...errorResponses(400, 401, 404, 503) } } },
    async (request, reply) => {
      if (!(await todos.remove(request.principal!.userId, request.params.id))) throw notFound()
      return reply.code(204).send(null)
    },
  )
}
