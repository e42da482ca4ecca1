/** What one `pnpm bench` does, from BENCH_* variables; the defaults finish in about two and a half minutes. */
export interface BenchSettings {
  /** Seconds of measured load per target (BENCH_DURATION). */
  durationSeconds: number
  /** Seconds of unmeasured load before each target (BENCH_WARMUP). */
  warmupSeconds: number
  /** Concurrent connections for every target but login (BENCH_CONNECTIONS). */
  connections: number
  /**
   * Concurrent connections for login (BENCH_LOGIN_CONNECTIONS). As many as bcrypt_limit keeps in flight, so both
   * queue alike: with twice as many, each login waits twice as long, and a 10 s window loses more at its edges.
   */
  loginConnections: number
  /** bcrypt verifications in flight in the bcrypt_limit child (BENCH_BCRYPT_IN_FLIGHT). */
  bcryptInFlight: number
  /** How often the whole set runs; each number reported is the median (BENCH_RUNS). */
  runs: number
  /** Users signed up; /me load is spread over their tokens (BENCH_USERS). */
  users: number
  /** Pin the loaded server apart from the load generator and stores (BENCH_PIN, `0` to turn off; see cpus.ts). */
  pin: boolean
  /** Servers that write a V8 CPU profile into .cache/bench-profiles when the bench ends (BENCH_PROFILE, comma-separated). */
  profile: readonly string[]
  /** Targets to run, with their ceilings (BENCH_ONLY, comma-separated); empty for all. */
  only: readonly string[]
  /** Replace the "Latest figures" section of docs/BENCHMARKS.md (BENCH_UPDATE_DOCS=1). */
  updateDocs: boolean
  /** The sessions' Redis: one server, or a Cluster of three primaries and three replicas (BENCH_REDIS, issue 15). */
  redis: 'single' | 'cluster'
}

/** @throws Error naming a BENCH_* variable that is not a number in its range. */
export function readSettings(env: NodeJS.ProcessEnv): BenchSettings {
  const settings: BenchSettings = {
    durationSeconds: readNumber(env, 'BENCH_DURATION', 10, 1, 600),
    warmupSeconds: readNumber(env, 'BENCH_WARMUP', 2, 0, 60),
    connections: readNumber(env, 'BENCH_CONNECTIONS', 50, 1, 1000),
    loginConnections: readNumber(env, 'BENCH_LOGIN_CONNECTIONS', 4, 1, 100),
    bcryptInFlight: readNumber(env, 'BENCH_BCRYPT_IN_FLIGHT', 4, 1, 64),
    runs: readNumber(env, 'BENCH_RUNS', 1, 1, 15),
    users: readNumber(env, 'BENCH_USERS', 16, 1, 1000),
    pin: env['BENCH_PIN'] !== '0',
    profile: list(env['BENCH_PROFILE']),
    only: list(env['BENCH_ONLY']),
    updateDocs: env['BENCH_UPDATE_DOCS'] === '1',
    redis: readRedisMode(env['BENCH_REDIS']),
  }
  if (settings.updateDocs && (settings.only.length > 0 || settings.redis !== 'single')) {
    throw new Error('BENCH_UPDATE_DOCS=1 needs the whole set on one Redis server: the docs show every target; unset BENCH_ONLY and BENCH_REDIS')
  }
  // Each login connection logs in as a user of its own, so the account limits never see one hot account.
  settings.users = Math.max(settings.users, settings.loginConnections)
  return settings
}

function readRedisMode(raw: string | undefined): BenchSettings['redis'] {
  if (raw === undefined || raw === '' || raw === 'single') return 'single'
  if (raw === 'cluster') return 'cluster'
  throw new Error(`BENCH_REDIS is ${JSON.stringify(raw)}; expected single or cluster`)
}

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '')
}

function readNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} is ${JSON.stringify(raw)}; expected an integer from ${min} to ${max}`)
  }
  return value
}
