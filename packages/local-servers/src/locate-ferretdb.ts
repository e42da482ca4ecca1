import { join } from 'node:path'
import { findOnPath, isExecutable } from './find-executable.js'
import { findRepoRoot } from './repo-root.js'

/**
 * Finds a FerretDB binary: `FERRETDB_BIN` when set (returned as given, so a wrong path fails loudly at start),
 * then `ferretdb` on PATH, then `<repo root>/.cache/ferretdb/bin/ferretdb`, where `scripts/setup.sh` builds it.
 * @returns the path, or undefined when there is none.
 */
export function locateFerretdb(): string | undefined {
  const fromEnv = process.env['FERRETDB_BIN']
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const onPath = findOnPath('ferretdb')
  if (onPath !== undefined) return onPath
  const root = findRepoRoot()
  if (root === undefined) return undefined
  const built = join(root, '.cache', 'ferretdb', 'bin', 'ferretdb')
  return isExecutable(built) ? built : undefined
}
