import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export interface OpenApiOptions {
  title: string
  description: string
  version: string
}

/** The security requirement of routes that need an access token, for their schemas. */
export const bearerSecurity = [{ bearerAuth: [] as string[] }]

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
        components: {
          securitySchemes: {
            bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (RFC 9068 at+jwt)' },
          },
        },
      },
    })
    // The page needs its own scripts and styles; the API's CSP (`default-src 'none'`) stays on everything else.
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  },
  { name: '@authpair/http/openapi', fastify: '5.x' },
)
