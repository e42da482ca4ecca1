import { join } from 'node:path'
import { launchServer } from './managed-server.js'
import { pingRedis } from './pings.js'
import { prepare } from './prepare.js'
import type { ServerHandle, StartOptions } from './types.js'

/**
 * Starts `redis-server` (from PATH) on 127.0.0.1 with an append-only file in `dataDir`, so `restart()` keeps
 * every write. Redis logs to `<dataDir>/redis.log`; `onLog` only sees what it prints before opening that file.
 * @throws Error with the command line and the log's last lines when it does not come up.
 * @example const redis = await startRedis({ dataDir: '.data/redis' }) // redis.url === 'redis://127.0.0.1:…'
 */
export function startRedis(options: StartOptions): Promise<ServerHandle> {
  return startRedisNode(options, [])
}

/** `startRedis` with more `redis-server` arguments (`--replicaof`, `--cluster-enabled`), for the topologies. */
export async function startRedisNode(options: StartOptions, extraArgs: readonly string[]): Promise<ServerHandle> {
  const { dataDir, port } = await prepare(options)
  const logFile = join(dataDir, 'redis.log')
  const args = [
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--dir', dataDir,
    '--appendonly', 'yes',
    '--save', '',
    '--daemonize', 'no',
    '--logfile', logFile,
    // A user's hash of session states stays in Redis's compact listpack encoding while each state is at most this
    // long (Redis's default, 64, is below a state's ~211 bytes): about 80 B less per session (docs/SCALING.md).
    '--hash-max-listpack-value', '256',
    ...extraArgs,
  ]
  return launchServer({
    kind: 'redis',
    url: `redis://127.0.0.1:${port}`,
    port,
    command: 'redis-server',
    args,
    logFile,
    ping: () => pingRedis(port),
    onLog: options.onLog,
    ownProcessGroup: options.ownProcessGroup,
  })
}
