import type { ServerHandle, StartOptions } from './types.js'

/** Where and how to run a topology of several Redis servers: each gets a directory under `dataDir`. */
export type TopologyOptions = Omit<StartOptions, 'port'>

/** Stops every handle, in parallel, and never rejects (a server already gone is fine). */
export async function stopAll(handles: readonly ServerHandle[]): Promise<void> {
  await Promise.allSettled(handles.map((handle) => handle.stop()))
}
