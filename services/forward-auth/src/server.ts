import { runService } from '@authpair/http'
import { buildForwardAuthApp } from './app.js'
import { loadForwardAuthConfig } from './config.js'

// The process: configuration, Redis, listen, and a graceful stop on SIGTERM/SIGINT.
await runService('forward-auth', async () => {
  const config = loadForwardAuthConfig(process.env)
  return { app: await buildForwardAuthApp(config), host: config.HOST, port: config.FORWARD_AUTH_PORT }
})
