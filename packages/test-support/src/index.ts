export { testStores, withDatabase, type TestStores } from './test-stores.js'
export { captureLogs, type LogCapture, type LogEntry } from './log-capture.js'
