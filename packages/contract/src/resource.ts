import { Type, type Static } from '@sinclair/typebox'
import { ObjectIdString, Timestamp } from './common.js'

export const MeSchema = Type.Object({
  sub: Type.String(),
  sid: Type.String(),
  email: Type.String(),
  roles: Type.Array(Type.String()),
})
export type Me = Static<typeof MeSchema>

const Title = Type.String({ minLength: 1, maxLength: 200 })

export const TodoSchema = Type.Object(
  { id: ObjectIdString, title: Type.String(), done: Type.Boolean(), created_at: Timestamp },
  { additionalProperties: false },
)
export type Todo = Static<typeof TodoSchema>

export const TodoEnvelopeSchema = Type.Object({ todo: TodoSchema })
export const TodoListSchema = Type.Object({ items: Type.Array(TodoSchema) })

export const TodoCreateBodySchema = Type.Object({ title: Title }, { additionalProperties: false })
export type TodoCreateBody = Static<typeof TodoCreateBodySchema>

export const TodoPatchBodySchema = Type.Object(
  { title: Type.Optional(Title), done: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
)
export type TodoPatchBody = Static<typeof TodoPatchBodySchema>

export const AdminPingSchema = Type.Object({ ok: Type.Literal(true) })
