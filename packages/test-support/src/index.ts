export { testStores, withDatabase, type TestStores } from './test-stores.js'
export { captureLogs, type LogCapture, type LogEntry } from './log-capture.js'
export { startTrustedIssuer, type TrustedIssuer, type Teardowns } from './trusted-issuer.js'
export {
  startVerifyingService,
  bearer,
  AUDIENCE,
  USER_ID,
  type VerifyingService,
  type VerifyingServiceOptions,
  type SessionCreator,
  type TestSession,
} from './verifying-service.js'
export { eventually } from './eventually.js'
