// The commands that inspect a cache rather than use it (keys, snapshots, pages, peeks): they run no hooks and
// leave an LRU order as it was.
import type { Backend } from '../backends/backend.js'
import type { CommandRunner } from './runner.js'
import { snapshotOf, snapshotsOf } from './serialize.js'
import type { CacheEntrySnapshot, CommandOptions, KeyBuilder, PageOptions, ReadOptions, SnapshotPage } from './types.js'
import { assertCommandOptions, assertKey, assertKeys, assertLimit, attempt, prefixOf } from './validate.js'

/** What of a cache its inspection commands use. */
export interface InspectedCache {
  readonly backend: Backend
  readonly namespace: string | undefined
  readonly keyBuilder: KeyBuilder
  readonly serializer: { loads(raw: unknown): unknown }
  buildKey(key: string, namespace?: string): string
}

/** `cache.keys()`: the live keys of the namespace, without it. */
export async function keysOf(cache: InspectedCache, runner: CommandRunner, options: CommandOptions): Promise<string[]> {
  const prefix = prefixOf('keys', options, cache.namespace, cache.keyBuilder)
  const found = await runner.run({ command: 'keys' as const, options }, undefined, () => cache.backend.scan(prefix))
  return found.map((entry) => entry.key.slice(prefix.length))
}

/** `cache.snapshot()`: every live entry of the namespace with its TTL left. */
export async function snapshotOfCache<V>(
  cache: InspectedCache,
  runner: CommandRunner,
  options: ReadOptions,
): Promise<CacheEntrySnapshot<V>[]> {
  const prefix = prefixOf('snapshot', options, cache.namespace, cache.keyBuilder)
  const found = await runner.run({ command: 'snapshot' as const, options }, undefined, () => cache.backend.scan(prefix))
  return snapshotsOf<V>(found, prefix, options.loads ?? cache.serializer.loads)
}

/** `cache.entries()`: the live `[key, value]` pairs of the namespace. */
export async function entriesOf<V>(
  cache: InspectedCache,
  runner: CommandRunner,
  options: ReadOptions,
): Promise<[string, V][]> {
  assertCommandOptions('entries', options)
  const found = await snapshotOfCache<V>(cache, runner, options)
  return found.map(({ key, value }) => [key, value])
}

/** `cache.snapshotPage()`: one page of the namespace's live entries. */
export function pageOf<V>(
  cache: InspectedCache,
  runner: CommandRunner,
  options: PageOptions,
): Promise<SnapshotPage<V>> {
  return attempt('snapshotPage', options, async () => {
    const { cursor, limit = 100 } = options
    if (cursor !== undefined) assertKey(cursor, 'options.cursor')
    assertLimit(limit, 'options.limit')
    const prefix = prefixOf('snapshotPage', options, cache.namespace, cache.keyBuilder)
    const page = await runner.run({ command: 'snapshotPage' as const, options }, undefined, () =>
      cache.backend.scanPage(prefix, cursor, limit),
    )
    return {
      entries: snapshotsOf<V>(page.entries, prefix, options.loads ?? cache.serializer.loads),
      cursor: page.cursor,
    }
  })
}

/** `cache.peek(keys)`: the live entries of `keys`, in one round trip. */
export function peekOf<V>(
  cache: InspectedCache,
  runner: CommandRunner,
  keys: string[],
  options: ReadOptions,
): Promise<(CacheEntrySnapshot<V> | undefined)[]> {
  return attempt('peek', options, async () => {
    assertKeys(keys)
    const full = keys.map((key) => cache.buildKey(key, options.namespace))
    const found = await runner.run({ command: 'peek' as const, options }, undefined, () => cache.backend.peek(full))
    const loads = options.loads ?? cache.serializer.loads
    const now = Date.now()
    return found.map((entry, i) => entry && snapshotOf<V>(entry, keys[i]!, loads, now))
  })
}
