/** Which program serves: Redis (a server or a sentinel), a real `mongod`, FerretDB speaking the MongoDB wire protocol,
 * or Mailpit (SMTP). */
export type ServerKind = 'redis' | 'redis-sentinel' | 'mongod' | 'ferretdb' | 'mailpit'

/** A running server that this process started and owns. */
export interface ServerHandle {
  readonly kind: ServerKind
  /** `redis://127.0.0.1:PORT` or `mongodb://127.0.0.1:PORT` (no database in the path). */
  readonly url: string
  readonly port: number
  /** The running process's id; undefined once it has stopped. A restart changes it. */
  readonly pid: number | undefined
  /** Sends SIGTERM, waits for the exit, and sends SIGKILL after 5 s. Safe to call twice or after a crash. */
  stop(): Promise<void>
  /** Stops, then starts again on the same port and data directory, and waits until it answers. */
  restart(): Promise<void>
}

/** Where and how to run a server. */
export interface StartOptions {
  /** The server's data directory; created when missing. Keep one per server. */
  dataDir: string
  /** The port to listen on, on 127.0.0.1; absent or 0 picks a free one. */
  port?: number
  /** Receives each line the server writes to stdout or stderr. */
  onLog?: (line: string) => void
  /**
   * Runs the server in a process group of its own, so a signal sent to the caller's group (Ctrl-C in a terminal,
   * a supervisor's SIGTERM) does not reach it and the caller stops it when its turn comes (issue 11, item 9). The
   * caller must then stop it: `stop()`, or the SIGKILL this package sends when the caller exits.
   */
  ownProcessGroup?: boolean
}
