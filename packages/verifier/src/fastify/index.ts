export { verifierPlugin, type VerifierPluginOptions } from './plugin.js'
export { forwardAuthRoute, FORWARD_AUTH_HEADERS, type ForwardAuthOptions } from './forward-auth.js'
export { ACCESS_TOKEN_COOKIE } from '../core/cookie.js'
export { BearerError, UnavailableError } from '../core/errors.js'
