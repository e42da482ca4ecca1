import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { emailRoutes } from './email.js'
import { loginRoute } from './login.js'
import { logoutRoutes } from './logout.js'
import { passwordRoute } from './password.js'
import { passwordResetRoutes } from './password-reset.js'
import { refreshRoute } from './refresh.js'
import { sessionRoutes } from './sessions.js'
import { signupRoute } from './signup.js'

/** Everything under `/auth`. */
export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(signupRoute)
  await app.register(loginRoute)
  await app.register(refreshRoute)
  await app.register(logoutRoutes)
  await app.register(sessionRoutes)
  await app.register(passwordRoute)
  await app.register(passwordResetRoutes)
  await app.register(emailRoutes)
}
