import type { StaticDecode, TObject, TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { StartupError } from '@authpair/errors'
import type { SecretOption } from './types.js'

/** One variable that is missing or malformed. */
export interface ConfigProblem {
  variable: string
  expected: string
  received: string | undefined
}

/** Thrown once, at start, listing every bad variable with what it expects. */
export class ConfigError extends StartupError {
  readonly problems: readonly ConfigProblem[]

  constructor(problems: readonly ConfigProblem[]) {
    super(['Invalid configuration:', ...problems.map(describe)].join('\n  '))
    this.name = 'ConfigError'
    this.problems = problems
  }
}

function describe({ variable, expected, received }: ConfigProblem): string {
  const got = received === undefined ? 'is not set' : `is ${received}`
  return `${variable} ${got}; expected ${expected}`
}

/**
 * Reads the variables a schema names from `env`, applies defaults, converts numbers and booleans,
 * decodes transforms (durations, lists) and returns the typed result.
 * Empty strings count as unset. Unknown variables are ignored.
 * @throws ConfigError naming each bad variable.
 * @example const config = loadEnv(Type.Object({ PORT: Port(4000) }), process.env)
 */
export function loadEnv<T extends TObject>(schema: T, env: NodeJS.ProcessEnv): StaticDecode<T> {
  const raw: Record<string, string> = {}
  for (const name of Object.keys(schema.properties)) {
    const value = env[name]
    if (value !== undefined && value !== '') raw[name] = value
  }
  const candidate = Value.Convert(schema, Value.Default(schema, { ...raw }))
  const problems = collectProblems(schema, candidate, raw)
  if (problems.length > 0) throw new ConfigError(problems)
  return Value.Decode(schema, candidate)
}

function collectProblems(schema: TObject, candidate: unknown, raw: Record<string, string>): ConfigProblem[] {
  const seen = new Set<string>()
  const problems: ConfigProblem[] = []
  for (const error of Value.Errors(schema, candidate)) {
    const variable = error.path.split('/')[1] ?? error.path
    if (seen.has(variable)) continue
    seen.add(variable)
    const property: (TSchema & SecretOption) | undefined = schema.properties[variable]
    const value = raw[variable]
    problems.push({
      variable,
      expected: property?.description ?? error.message,
      received: value === undefined ? undefined : property?.secret ? '(hidden)' : JSON.stringify(value),
    })
  }
  return problems
}
