export { verifierPlugin, ACCESS_TOKEN_COOKIE, type VerifierPluginOptions } from './plugin.js'
export { forwardAuthRoute, FORWARD_AUTH_HEADERS, type ForwardAuthOptions } from './forward-auth.js'
