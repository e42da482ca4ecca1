import swagger, { type SwaggerTransform, type SwaggerTransformObject } from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { bodyIsOptional } from './optional-body.js'

/** A group of routes in the document: its tag, what it is about, and the paths it holds. */
export interface ApiArea {
  tag: string
  description: string
  /** Paths that belong here: exact (`/healthz`) or a prefix ending in `/` (`/auth/`). The longest match wins. */
  paths: readonly string[]
}

export interface OpenApiOptions {
  title: string
  description: string
  version: string
  /** How routes are tagged (issue 11: everything sat under "default"). A documented route outside every area fails the document. */
  areas: readonly ApiArea[]
}

/** The security requirement of routes that need an access token, for their schemas. */
export const bearerSecurity = [{ bearerAuth: [] as string[] }]

/** The security of a route that takes an access token or, instead, a credential of its own (a refresh token). */
export const optionalBearerSecurity: Record<string, string[]>[] = [{ bearerAuth: [] }, {}]

// Marks an operation whose body may be left out, for the document's transform below.
const OPTIONAL_BODY = 'x-optional-body'

function areaOf(areas: readonly ApiArea[], url: string): string | undefined {
  let best: { tag: string; length: number } | undefined
  for (const { tag, paths } of areas) {
    for (const path of paths) {
      const matches = path.endsWith('/') ? url.startsWith(path) : url === path
      if (matches && path.length > (best?.length ?? -1)) best = { tag, length: path.length }
    }
  }
  return best?.tag
}

function hasOptionalBody(route: RouteOptions): boolean {
  const hooks = route.preValidation
  return hooks === bodyIsOptional || (Array.isArray(hooks) && hooks.includes(bodyIsOptional))
}

function tagRoutes(areas: readonly ApiArea[]): SwaggerTransform {
  return ({ schema, url, route }) => {
    if (schema === undefined || (schema as { hide?: boolean }).hide) return { schema, url }
    const tag = areaOf(areas, url)
    if (tag === undefined) throw new TypeError(`openApiDocs: ${url} is in no API area; add it to the service's areas`)
    return { schema: { ...schema, tags: [tag], ...(hasOptionalBody(route) && { [OPTIONAL_BODY]: true }) }, url }
  }
}

// @fastify/swagger marks every declared body required; logout and refresh read a cookie when there is none.
const optionalBodies: SwaggerTransformObject = (document) => {
  if (!('openapiObject' in document)) return document.swaggerObject
  const { openapiObject } = document
  for (const item of Object.values(openapiObject.paths ?? {})) {
    for (const operation of Object.values(item ?? {}) as Record<string, unknown>[]) {
      if (operation?.[OPTIONAL_BODY] !== true) continue
      delete operation[OPTIONAL_BODY]
      if (operation.requestBody) (operation.requestBody as { required?: boolean }).required = false
    }
  }
  return openapiObject
}

/**
 * The OpenAPI 3 document generated from the routes' TypeBox schemas at `GET /openapi.json`, and an interactive page
 * at `/docs`. Register it before the routes, so it sees them all.
 */
export const openApiDocs = fp<OpenApiOptions>(
  async (app: FastifyInstance, options) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: options.title, description: options.description, version: options.version },
        tags: options.areas.map(({ tag, description }) => ({ name: tag, description })),
        components: {
          securitySchemes: {
            bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (RFC 9068 at+jwt)' },
          },
        },
      },
      transform: tagRoutes(options.areas),
      transformObject: optionalBodies,
    })
    // The page needs its own scripts and styles; the API's CSP (`default-src 'none'`) stays on everything else.
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  },
  { name: '@authpair/http/openapi', fastify: '5.x' },
)
