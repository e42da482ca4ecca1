import autocannon from 'autocannon'

/** One autocannon load: where, how many connections, and the request (or a per-connection set-up). */
export interface LoadOptions {
  url: string
  connections: number
  method?: 'GET' | 'POST'
  headers?: Record<string, string>
  body?: string
  /** Called once per connection before it sends anything: per-connection tokens, chained refreshes. */
  setupClient?: (client: autocannon.Client) => void
}

/** What the bench keeps of an autocannon result. Latencies in milliseconds. */
export interface LoadResult {
  /** autocannon's average of its per-second request counts. */
  rps: number
  p50Ms: number
  p99Ms: number
  /** Answers that were not 2xx. */
  non2xx: number
  /** Connection errors, timeouts included. */
  errors: number
  /** Answers by status code, to say what the non-2xx were. */
  statusCodes: Record<string, number>
}

let current: autocannon.Instance | undefined

/** Runs the load for `seconds` and returns its numbers. */
export async function runLoad(options: LoadOptions, seconds: number): Promise<LoadResult> {
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    current = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: seconds,
        method: options.method ?? 'GET',
        ...(options.headers && { headers: options.headers }),
        ...(options.body !== undefined && { body: options.body }),
        ...(options.setupClient && { setupClient: options.setupClient }),
      },
      (error: unknown, done: autocannon.Result) => {
        if (error) reject(error instanceof Error ? error : new Error(JSON.stringify(error)))
        else resolve(done)
      },
    )
  }).finally(() => (current = undefined))
  return summarize(result)
}

/** Ends the load under way, if any (Ctrl-C). */
export function stopLoad(): void {
  current?.stop()
}

function summarize(result: autocannon.Result): LoadResult {
  const statusCodes: Record<string, number> = {}
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[status] = Number(stats.count ?? 0)
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
  }
}
