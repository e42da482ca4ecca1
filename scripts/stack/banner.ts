import { relative } from 'node:path'
import type { ServiceDefinition } from './services.js'
import type { MailStore } from './mail.js'
import type { Store } from './stores.js'

/** What the stack runs, where, and how to stop it. */
export function banner(
  root: string,
  services: readonly { definition: ServiceDefinition; started: boolean }[],
  redis: Store,
  mongo: Store,
  mail?: MailStore,
): string {
  const rows: [string, string][] = services.map(({ definition, started }) => [
    definition.name,
    started ? `http://127.0.0.1:${definition.port}` : `not started: ${definition.dir}/${definition.entry} is missing (pnpm build)`,
  ])
  rows.push(['redis', storeLine(root, redis)], ['mongo', storeLine(root, mongo)])
  if (mail !== undefined) rows.push(['smtp', storeLine(root, mail)])
  if (mail?.inboxUrl !== undefined) rows.push(['inbox', mail.inboxUrl])
  const width = Math.max(...rows.map(([name]) => name.length))
  return ['', 'authpair local stack', ...rows.map(([name, text]) => `  ${name.padEnd(width)}  ${text}`), 'Ctrl-C to stop', ''].join('\n')
}

function storeLine(root: string, store: Store): string {
  if (store.dataDir === undefined) return `${store.url}  (from ${store.kind})`
  return `${store.url}  (${store.kind}, data in ${relative(root, store.dataDir)})`
}
