import { findOnPath } from './find-executable.js'
import { locateFerretdb } from './locate-ferretdb.js'
import { launchServer } from './managed-server.js'
import { pingMongo } from './pings.js'
import { prepare } from './prepare.js'
import type { ServerHandle, ServerKind, StartOptions } from './types.js'

/**
 * Starts a MongoDB-compatible server on 127.0.0.1 with its data in `dataDir`: `mongod` when it is on PATH,
 * else FerretDB with its SQLite backend (see `locateFerretdb`).
 * @throws Error telling to run `bash scripts/setup.sh` or set MONGO_URL when neither is found; Error with the
 * command line and last output when the server does not come up.
 * @example const mongo = await startMongo({ dataDir: '.data/mongo' }) // mongo.url === 'mongodb://127.0.0.1:…'
 */
export async function startMongo(options: StartOptions): Promise<ServerHandle> {
  const server = findMongoServer()
  const { dataDir, port } = await prepare(options)
  const url = `mongodb://127.0.0.1:${port}`
  return launchServer({
    kind: server.kind,
    url,
    port,
    command: server.command,
    args: server.kind === 'mongod' ? mongodArgs(dataDir, port) : ferretdbArgs(dataDir, port),
    ping: () => pingMongo(url),
    onLog: options.onLog,
    ownProcessGroup: options.ownProcessGroup,
  })
}

function findMongoServer(): { kind: ServerKind; command: string } {
  const mongod = findOnPath('mongod')
  if (mongod !== undefined) return { kind: 'mongod', command: mongod }
  const ferretdb = locateFerretdb()
  if (ferretdb !== undefined) return { kind: 'ferretdb', command: ferretdb }
  throw new Error(
    'No MongoDB-compatible server found: no `mongod` on PATH, and no FerretDB (FERRETDB_BIN, `ferretdb` on PATH, ' +
      'or .cache/ferretdb/bin/ferretdb). Run `bash scripts/setup.sh` to build FerretDB, or set MONGO_URL to a running server.',
  )
}

function mongodArgs(dataDir: string, port: number): string[] {
  return ['--dbpath', dataDir, '--port', String(port), '--bind_ip', '127.0.0.1']
}

function ferretdbArgs(dataDir: string, port: number): string[] {
  return [
    '--handler=sqlite',
    // The trailing slash makes it a directory URL: one SQLite file per database inside it.
    `--sqlite-url=file:${dataDir}/`,
    `--listen-addr=127.0.0.1:${port}`,
    `--state-dir=${dataDir}`,
    // Its debug listener would otherwise take port 8088, and telemetry would try to reach the internet.
    '--debug-addr=-',
    '--telemetry=disable',
    // At `warn` it dumps a whole message for every driver's `endSessions`, which it does not implement.
    '--log-level=error',
  ]
}
