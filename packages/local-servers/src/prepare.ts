import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { findFreePort } from './find-free-port.js'
import type { StartOptions } from './types.js'

/** The absolute data directory (created) and the port to use. */
export async function prepare(options: StartOptions): Promise<{ dataDir: string; port: number }> {
  const dataDir = resolve(options.dataDir)
  await mkdir(dataDir, { recursive: true })
  const port = options.port !== undefined && options.port !== 0 ? options.port : await findFreePort()
  return { dataDir, port }
}
