import { runService } from '@authpair/http'
import { buildIssuerApp } from './app.js'
import { loadIssuerConfig } from './config.js'

// The process: configuration, stores, listen, and a graceful stop on SIGTERM/SIGINT.
await runService('auth-issuer', async () => {
  const config = loadIssuerConfig(process.env)
  return { app: await buildIssuerApp(config), host: config.HOST, port: config.ISSUER_PORT }
})
