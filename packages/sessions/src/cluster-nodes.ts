// Pure parsing of `CLUSTER NODES` replies, apart from the connections that ask for them (wait-connection.ts).

/** A node a `CLUSTER NODES` reply names: its `ip:port` (and `hostname:port` when it announces one), and whether it replied. */
export interface NamedNode {
  addresses: string[]
  myself: boolean
}

/**
 * Every node a `CLUSTER NODES` reply names for `slot`: the node serving it and, when the replying node (`myself`)
 * is migrating it, the node it migrates to.
 */
export function slotNodesNamedBy(clusterNodes: string, slot: number): NamedNode[] {
  const nodes = clusterNodes
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [id = '', endpoint = '', flags = '', , , , , , ...slots] = line.trim().split(' ')
      // ip:port@cport, or ip:port@cport,hostname (Redis 7 with cluster-announce-hostname)
      const [address = '', rest = ''] = endpoint.split('@')
      const hostname = rest.split(',')[1]
      const port = address.slice(address.lastIndexOf(':') + 1)
      const addresses = hostname ? [address, `${hostname}:${port}`] : [address]
      return { id, addresses, myself: flags.split(',').includes('myself'), slots }
    })
  const named = new Set<(typeof nodes)[number]>()
  for (const node of nodes) {
    if (node.slots.some((range) => servesSlot(range, slot))) named.add(node)
    if (!node.myself) continue
    for (const range of node.slots) {
      const migrating = /^\[(\d+)->-([0-9a-f]+)\]$/.exec(range)
      const target = migrating && Number(migrating[1]) === slot ? nodes.find((other) => other.id === migrating[2]) : undefined
      if (target !== undefined) named.add(target)
    }
  }
  return [...named].map(({ addresses, myself }) => ({ addresses, myself }))
}

function servesSlot(range: string, slot: number): boolean {
  if (range.startsWith('[')) return false
  const [from, to = from] = range.split('-').map(Number) as [number, number?]
  return slot >= from && slot <= to
}
