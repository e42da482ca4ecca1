import { Writable } from 'node:stream'

/** A log entry as pino writes it, parsed. */
export type LogEntry = Record<string, unknown> & { level?: number; msg?: string; res?: { statusCode?: number } }

/** Collects a service's logs in memory so a test can read them. */
export interface LogCapture {
  /** Give this to the app as its log stream. */
  stream: Writable
  entries(): LogEntry[]
  /** Everything written, as one string (for greps). */
  text(): string
  /** Entries of answers with a status of 500 or more, but 503 (a store that is down on purpose). */
  serverErrors(): LogEntry[]
}

export function captureLogs(): LogCapture {
  const chunks: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString())
      done()
    },
  })
  const entries = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LogEntry)
  return {
    stream,
    entries,
    text: () => chunks.join(''),
    serverErrors: () =>
      entries().filter((entry) => {
        const status = entry.res?.statusCode ?? 0
        return (status >= 500 && status !== 503) || (entry.level ?? 0) >= 50
      }),
  }
}
