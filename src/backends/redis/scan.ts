// SCAN over every node that holds data (one server, or each master of a cluster), never KEYS.
import type { RedisNode } from './link.js'

/** Escapes the glob characters of SCAN MATCH so a prefix matches only itself. */
function globEscape(prefix: string): string {
  return prefix.replace(/[*?[\]\\]/g, '\\$&')
}

/** One SCAN step over `prefix*` on `node`: the node's next cursor and the keys it found. */
async function step(node: RedisNode, prefix: string, cursor: string, count: number): Promise<[string, string[]]> {
  const [next, keys] = (await node.send([
    'SCAN',
    cursor,
    'MATCH',
    `${globEscape(prefix)}*`,
    'COUNT',
    String(count),
  ])) as [unknown, unknown[]]
  return [String(next), keys.map(String)]
}

/** Walks `prefix*` on every node (in parallel), handing each non-empty batch of keys to `each`. */
export async function scanNodes(
  nodes: readonly RedisNode[],
  prefix: string,
  count: number,
  each: (keys: string[]) => Promise<void>,
): Promise<void> {
  await Promise.all(
    nodes.map(async (node) => {
      let cursor = '0'
      do {
        const [next, keys] = await step(node, prefix, cursor, count)
        cursor = next
        if (keys.length > 0) await each(keys)
      } while (cursor !== '0')
    }),
  )
}

/**
 * One page of a paged scan over `nodes`, walked one after another: a SCAN step of COUNT `count` on the current
 * node, and when that node's walk ends with fewer keys, steps on the next nodes for the rest. The cursor is the
 * node's SCAN cursor, followed by `@address` when the node has an address (a cluster master). A cursor naming a
 * node that no longer holds data (after a failover) starts the walk again from the first node: entries may then
 * come twice, but none that lived throughout is missed.
 */
export async function scanNodesPage(
  nodes: readonly RedisNode[],
  prefix: string,
  cursor: string | undefined,
  count: number,
): Promise<[string | undefined, string[]]> {
  const at = cursor?.indexOf('@') ?? -1
  const address = cursor === undefined || at === -1 ? '' : cursor.slice(at + 1)
  let index = nodes.findIndex((node) => node.address === address)
  let position = cursor === undefined ? '0' : at === -1 ? cursor : cursor.slice(0, at)
  if (index === -1) [index, position] = [0, '0']
  const found: string[] = []
  for (;;) {
    const node = nodes[index]!
    const [next, keys] = await step(node, prefix, position, count - found.length)
    found.push(...keys)
    if (next !== '0') return [node.address ? `${next}@${node.address}` : next, found]
    // This node's walk is over: go on with the next one, from its start.
    const following = nodes[++index]
    if (following === undefined) return [undefined, found]
    position = '0'
    if (found.length >= count) return [`0@${following.address}`, found]
  }
}
