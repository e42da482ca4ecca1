import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request as an upstream behind the gateway received it. */
export interface SeenRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/** The identity the echo server grants when it stands in for the verifier. */
export const ECHO_IDENTITY = { 'x-user-id': 'echo-user', 'x-user-roles': 'user', 'x-session-id': 'echo-session' }

/**
 * A stand-in upstream that records every request and answers with what it received, so a test sees what the gateway
 * sends. Asked `GET /auth/verify`, it plays the verifier: 200 with ECHO_IDENTITY's headers.
 */
export interface EchoUpstream {
  readonly port: number
  readonly seen: SeenRequest[]
  close(): Promise<void>
}

export async function startEchoUpstream(): Promise<EchoUpstream> {
  const seen: SeenRequest[] = []
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const record = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') }
      seen.push(record)
      if (record.url.startsWith('/auth/verify')) response.writeHead(200, ECHO_IDENTITY).end()
      else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(record))
    })
  })
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve))
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
