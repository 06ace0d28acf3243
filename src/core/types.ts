import type { Backend } from '../backends/backend.js'
import type { Serializer } from '../serializers/serializer.js'
import type { Plugin } from '../plugins/base.js'
import type { HookedCommand } from './commands.js'

export { HOOKED_COMMANDS, type CommandName, type HookedCommand } from './commands.js'

/** Builds the stored key from the user's key and namespace. Default: `${namespace}:${key}`, or `key`. */
export type KeyBuilder = (key: string, namespace: string | undefined) => string

/** Options of `new Cache(...)`. */
export interface CacheOptions {
  /** Where entries live. @default new MemoryBackend() */
  backend?: Backend | undefined
  /** Prefix of every key. @default undefined (no prefix) */
  namespace?: string | undefined
  /** Turns values into their stored form and back. @default NullSerializer */
  serializer?: Serializer | undefined
  /** Hooks run around every command; the array stays mutable. @default [] */
  plugins?: Plugin[] | undefined
  /** Replaces the default `${namespace}:${key}` key. */
  keyBuilder?: KeyBuilder | undefined
  /** Default time to live of writes, in ms; `undefined` or `0` never expires. */
  ttl?: number | undefined
  /** Per-command time limit in ms, hooks included; `0` disables. @default 5000 */
  timeout?: number | undefined
}

/** Options every command accepts. */
export interface CommandOptions {
  /** Namespace for this call instead of the cache's. */
  namespace?: string | undefined
  /** Time limit for this call, in ms; `0` disables. */
  timeout?: number | undefined
}

/** Options of commands that read values. */
export interface ReadOptions extends CommandOptions {
  /** Loads the stored form for this call instead of the cache's serializer. */
  loads?: (raw: unknown) => unknown
}

/** Options of commands that write values. */
export interface WriteOptions extends CommandOptions {
  /** Time to live of this write in ms; `0` never expires. @default the cache's ttl */
  ttl?: number | undefined
  /** Stores the value for this call instead of the cache's serializer. */
  dumps?: (value: unknown) => unknown
}

/** Options of `increment`: a counter is read and written through the serializer (or these). */
export interface CounterOptions extends CommandOptions {
  /** Stores the counter for this call instead of the cache's serializer. */
  dumps?: ((value: unknown) => unknown) | undefined
  /** Loads the counter for this call instead of the cache's serializer. */
  loads?: ((raw: unknown) => unknown) | undefined
}

/** Options of `set` and `multiSet`. */
export interface SetOptions extends WriteOptions {
  /** Tags of the entries written: `cache.invalidateTags([tag])` removes every entry written with one of them. */
  tags?: readonly string[] | undefined
}

/** `cache.hitMissRatio`, kept by `HitMissRatioPlugin`. */
export interface HitMissRatio {
  /** Keys found. */
  hits: number
  /** Keys looked up (`get` counts 1, `multiGet` one per key). */
  total: number
  /** `hits / total`, 0 before any lookup. */
  hitRatio: number
  /** Hits answered by each tier, by index (`[hits]` on a backend without tiers; see `TieredBackend`). */
  byTier: number[]
}

/** `cache.profiling`, kept by `TimingPlugin`: `getTotal`, `getMin`, `getMax`, `getAvg`, … in ms. */
export type Profiling = Partial<Record<`${HookedCommand}${'Total' | 'Min' | 'Max' | 'Avg'}`, number>>

/** One live entry as `cache.snapshot()` reports it. */
export interface CacheEntrySnapshot<V = unknown> {
  /** The key as the user wrote it (namespace removed). */
  key: string
  /** The loaded value. */
  value: V
  /** Remaining ms, `Infinity` when it never expires. */
  ttl: number
}

/** Options of `cache.snapshotPage()`. */
export interface PageOptions extends ReadOptions {
  /** Where to go on: the `cursor` of the previous page; none for the first page. */
  cursor?: string | undefined
  /** About how many entries a page holds (a hint on Redis). @default 100 */
  limit?: number | undefined
}

/** One page of `cache.snapshotPage()`. */
export interface SnapshotPage<V = unknown> {
  /** Live entries, in no promised order (key order on memory and IndexedDB). */
  entries: CacheEntrySnapshot<V>[]
  /** The cursor of the next page; `undefined` after the last one. */
  cursor: string | undefined
}
