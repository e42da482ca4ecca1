import { locateTool } from './locate-tool.js'

/**
 * Finds a FerretDB binary: `FERRETDB_BIN` when set (returned as given, so a wrong path fails loudly at start),
 * then `ferretdb` on PATH, then `<repo root>/.cache/ferretdb/bin/ferretdb`, where `scripts/setup.sh` builds it.
 * @returns the path, or undefined when there is none.
 */
export function locateFerretdb(): string | undefined {
  return locateTool('ferretdb', 'FERRETDB_BIN')
}
