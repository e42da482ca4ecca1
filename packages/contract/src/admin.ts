import { Type, type Static } from '@sinclair/typebox'
import { RoleString, UserSchema } from './user.js'

export const MAX_PER_PAGE = 100

/** `?page=&per_page=` of a paged list: pages from 1, at most MAX_PER_PAGE items a page. */
export function pageQuerySchema(defaultPerPage: number) {
  return Type.Object(
    {
      page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
      per_page: Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, default: defaultPerPage }),
    },
    { additionalProperties: false },
  )
}

export const UserPageQuerySchema = pageQuerySchema(20)
export type UserPageQuery = Static<typeof UserPageQuerySchema>

/** The fields every page of a paged list answers with, beside its items. */
export const pageFields = {
  total: Type.Integer(),
  page: Type.Integer(),
  per_page: Type.Integer(),
}

export const UserPageSchema = Type.Object({ ...pageFields, items: Type.Array(UserSchema) })
export type UserPage = Static<typeof UserPageSchema>

export const UserPatchBodySchema = Type.Object(
  {
    roles: Type.Optional(Type.Array(RoleString, { minItems: 1, maxItems: 20, uniqueItems: true })),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type UserPatchBody = Static<typeof UserPatchBodySchema>
