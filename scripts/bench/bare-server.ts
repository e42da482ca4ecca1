// The `bare` ceiling: a Fastify 5 JSON route with a response schema and nothing else, in a process like the
// services' (node, pino at warn).
import { createHelperApp, serve } from './helper-app.js'

const app = createHelperApp()
const response = { 200: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] } }
app.get('/bare', { schema: { response } }, async () => ({ ok: true }))
await serve(app)
