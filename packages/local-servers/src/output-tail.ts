import { readFileSync } from 'node:fs'
import type { Readable } from 'node:stream'
import { createInterface } from 'node:readline'

/** Keeps the last lines a child wrote, for error messages, and passes each one to `onLine`. */
export class OutputTail {
  readonly #lines: string[] = []
  readonly #limit: number

  constructor(limit = 40) {
    this.#limit = limit
  }

  /** Reads `stream` line by line until it ends. */
  follow(stream: Readable | null, onLine?: (line: string) => void): void {
    if (stream === null) return
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      this.#lines.push(line)
      if (this.#lines.length > this.#limit) this.#lines.shift()
      onLine?.(line)
    })
  }

  /** The kept lines, and the end of `logFile` when the server writes its log there instead. */
  describe(logFile?: string): string {
    const lines = [...this.#lines]
    if (logFile !== undefined) lines.push(...readLastLines(logFile, this.#limit))
    return lines.length === 0 ? '  (no output)' : lines.map((line) => `  | ${line}`).join('\n')
  }
}

function readLastLines(file: string, count: number): string[] {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count)
  } catch {
    return []
  }
}
