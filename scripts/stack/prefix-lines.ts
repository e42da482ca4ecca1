import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'

/** Copies `input` to `output` line by line, each line starting with `prefix`. */
export function prefixLines(input: Readable | null, prefix: string, output: Writable): void {
  if (input === null) return
  createInterface({ input, crlfDelay: Infinity }).on('line', (line) => output.write(`${prefix} ${line}\n`))
}
