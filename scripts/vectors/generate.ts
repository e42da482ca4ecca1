// Writes the shared test vectors (docs/VERIFYING.md, "Shared test vectors"):
//   node --import tsx scripts/vectors/generate.ts [--out <file>]
// Everything but the RSA keys is fixed (times, ids, claims), so a new run changes the keys and the tokens signed
// with them, never a case's name, rule or outcome. The private keys are not kept.
import { writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { buildVectors } from './build.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const VECTORS_FILE = resolve(root, 'test/vectors/verifier-vectors.json')

const { values } = parseArgs({ options: { out: { type: 'string' } } })
const out = values.out ?? VECTORS_FILE
const vectors = buildVectors()
await writeFile(out, `${JSON.stringify(vectors, null, 2)}\n`)
console.log(`${vectors.cases.length} cases and ${vectors.extraction.length} extraction cases written to ${out}`)
