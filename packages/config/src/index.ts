export { loadEnv, ConfigError, type ConfigProblem } from './load-env.js'
export { parseDuration, DURATION_PATTERN } from './duration.js'
export { Duration, CommaList, Port, UrlString, type SecretOption } from './types.js'
