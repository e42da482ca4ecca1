import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runCommand } from './run-command.js'

const PACK_TIMEOUT_MS = 120_000

interface Manifest {
  dependencies?: Record<string, string>
}

/** The workspace packages a package still depends on (none for the verifier once issue 12's item 1 is in). */
async function internalDependencies(root: string, name: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(root, 'packages', name.replace('@authpair/', ''), 'package.json'), 'utf8')) as Manifest
  return Object.keys(manifest.dependencies ?? {}).filter((dependency) => dependency.startsWith('@authpair/'))
}

/**
 * Packs `@authpair/verifier` with `pnpm pack` into `destination` and returns the tarball first. Until issue 12's
 * item 1 makes the verifier a leaf, it also packs the workspace packages it still depends on, so npm installs them
 * from these files instead of asking the public registry for `@authpair/*` names (a 404 today, and dependency
 * confusion were someone to register them); once the verifier is a leaf, this packs the verifier alone.
 */
export async function packVerifier(root: string, destination: string): Promise<{ verifier: string; internal: string[] }> {
  const wanted = new Set(['@authpair/verifier'])
  for (const name of wanted) for (const dependency of await internalDependencies(root, name)) wanted.add(dependency)
  for (const name of wanted) {
    await runCommand('pnpm', ['--filter', name, 'pack', '--pack-destination', destination], root, PACK_TIMEOUT_MS)
  }
  const tarballs = (await readdir(destination)).filter((file) => file.endsWith('.tgz')).map((file) => join(destination, file))
  const verifier = tarballs.find((file) => /authpair-verifier-[^/]*\.tgz$/.test(file))
  if (!verifier) throw new Error(`pnpm pack made no verifier tarball in ${destination}`)
  return { verifier, internal: tarballs.filter((file) => file !== verifier) }
}
