import { join } from 'node:path'
import { findOnPath, isExecutable } from './find-executable.js'
import { findRepoRoot } from './repo-root.js'

/**
 * Finds a tool that `scripts/setup.sh` builds into the cache: the variable `envVariable` when set (returned as
 * given, so a wrong path fails loudly at start), then `name` on PATH, then `<repo root>/.cache/<name>/bin/<name>`.
 * @returns the path, or undefined when there is none.
 */
export function locateTool(name: string, envVariable: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env[envVariable]
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const onPath = findOnPath(name)
  if (onPath !== undefined) return onPath
  const root = findRepoRoot()
  if (root === undefined) return undefined
  const built = join(root, '.cache', name, 'bin', name)
  return isExecutable(built) ? built : undefined
}
