export { verificationEnv, VerificationEnvSchema, resolveVerificationConfig, type VerificationConfig } from './verification-env.js'
export {
  verificationPlugin,
  jwksReadinessCheck,
  type VerificationPluginOptions,
  type VerificationSettings,
} from './verification-plugin.js'
