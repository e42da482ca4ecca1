import { runService } from '@authpair/http'
import { buildResourceApp } from './app.js'
import { loadResourceConfig } from './config.js'

// The process: configuration, stores, listen, and a graceful stop on SIGTERM/SIGINT.
await runService('resource', async () => {
  const config = loadResourceConfig(process.env)
  return { app: await buildResourceApp(config), host: config.HOST, port: config.RESOURCE_PORT }
})
