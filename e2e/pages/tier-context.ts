// One context's tiered cache for e2e/tiers.spec.ts, the same in a page and in a worker: memory over the shared
// IndexedDB store `e2e-tiers`, and the commands the tests send it.
import { Cache, IndexedDBBackend, MemoryBackend, TieredBackend } from '../../src/index.js'

export const backend = new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'e2e-tiers' })])
export const cache = new Cache({ backend, namespace: 'ns' })

/**
 * What a test can ask a context: a cache command, `copy` (what its memory tier holds for a key), `watch` (start
 * watching these keys) or `changes` (the changes heard since the last call).
 */
export type TierCommand = [name: string, ...args: unknown[]]

const changes: unknown[] = []

export async function run([name, ...args]: TierCommand): Promise<unknown> {
  if (name === 'watch') {
    cache.watch(args[0] as string[], (change) => changes.push(change))
    return null
  }
  if (name === 'changes') return changes.splice(0)
  if (name === 'copy') return (await backend.tiers[0]!.get(cache.buildKey(args[0] as string))) ?? null
  if (name === 'ignored') return backend.ignoredMessages
  const command = (cache as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]!
  return (await command.apply(cache, args)) ?? null
}
