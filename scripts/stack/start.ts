// The local stack behind `pnpm start`: Redis and a MongoDB-compatible server (unless REDIS_URL / MONGO_URL name
// running ones), then each built service in order, each waited for until its /healthz answers.
// `pnpm start` runs this with `exec node`: the shell pnpm starts the script in is replaced by this process, so it
// cannot die of a Ctrl-C before the stack has stopped, which pnpm reported as "ELIFECYCLE Command failed".
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isPortFree } from '@authpair/local-servers'
import { banner } from './banner.js'
import { waitUntilHealthy } from './health.js'
import {
  isBuilt,
  readPorts,
  serviceDefinitions,
  spawnService,
  stopService,
  type RunningService,
  type ServiceDefinition,
} from './services.js'
import { startMailStore } from './mail.js'
import { startStores, stopStores, type Store } from './stores.js'

const SERVICE_STOP_GRACE_MS = 10_000
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const stores: Store[] = []
const running: RunningService[] = []
let stopping = false

/**
 * The services first (together), so none of them sees its stores vanish while it still serves; then the stores.
 * A stop asked for (`code` 0) ends with one "stopped" line and exit code 0 when every service exited 0, and says
 * which did not otherwise (issue 11, item 9: a clean stop must look clean, and only a clean one).
 */
async function shutdown(code: number, message?: string): Promise<never> {
  stopping = true
  if (message !== undefined) console.error(message)
  const ends = await Promise.all(
    running.map(async (service) => ({ name: service.definition.name, how: await stopService(service, SERVICE_STOP_GRACE_MS) })),
  )
  await stopStores(stores)
  if (code !== 0) process.exit(code)
  const unclean = ends.filter(({ how }) => how !== 'exit code 0')
  for (const { name, how } of unclean) console.error(`${name} did not stop cleanly (${how})`)
  if (unclean.length === 0) console.log('stopped')
  process.exit(unclean.length === 0 ? 0 : 1)
}

function onSignal(signal: NodeJS.Signals): void {
  // Sent to the process group, a signal arrives twice (from the group, and forwarded by pnpm), and a second
  // Ctrl-C changes nothing either: every stop already ends in SIGKILL.
  if (stopping) return
  console.error(`\n${signal}: stopping the stack`)
  void shutdown(0)
}

async function main(): Promise<void> {
  // The services and stores run in process groups of their own, so a closed terminal's SIGHUP reaches only this
  // process: it stops them like a Ctrl-C.
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal).on('SIGHUP', onSignal)
  // Should this process die anyway, its services must not outlive it (the stores see to themselves).
  process.on('exit', () => running.forEach((service) => service.child.kill('SIGKILL')))

  const ports = readPorts(process.env)
  const definitions = serviceDefinitions(ports, process.env).filter((definition) => isBuilt(root, definition))
  await assertPortsFree(definitions)
  const { redis, mongo } = await startStores(root, process.env)
  stores.push(redis, mongo)
  const mail = await startMailStore(root, process.env)
  stores.push(mail)
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...mail.env,
    ...mongo.env,
    ...redis.env,
    ISSUER_PORT: String(ports.ISSUER_PORT),
    RESOURCE_PORT: String(ports.RESOURCE_PORT),
    FORWARD_AUTH_PORT: String(ports.FORWARD_AUTH_PORT),
  }
  const labelWidth = Math.max(...definitions.map((definition) => definition.name.length))
  for (const definition of definitions) {
    if (stopping) return
    const service = spawnService(root, definition, env, labelWidth)
    running.push(service)
    void service.exited.then((how) => {
      if (!stopping) void shutdown(1, `${definition.name} stopped on its own (${how}); stopping the stack.`)
    })
    await waitUntilHealthy({ name: definition.name, url: `http://127.0.0.1:${definition.port}/healthz`, exited: service.exited })
  }
  if (stopping) return
  const summary = serviceDefinitions(ports, process.env).map((definition) => ({ definition, started: isBuilt(root, definition) }))
  console.log(banner(root, summary, redis, mongo, mail))
}

// Otherwise /healthz could be answered by whatever holds a port, while our service fails to bind it.
async function assertPortsFree(definitions: readonly ServiceDefinition[]): Promise<void> {
  for (const { name, port, portVariable } of definitions) {
    if (!(await isPortFree(port))) throw new Error(`port ${port} for ${name} is in use: stop what holds it, or set ${portVariable}`)
  }
}

main().catch((error: unknown) => {
  if (!stopping) void shutdown(1, `Could not start the stack: ${error instanceof Error ? error.message : String(error)}`)
})
