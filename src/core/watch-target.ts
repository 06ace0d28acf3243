// What `cache.watch` is given, checked at once (a bad target or option is a `TypeError` thrown by the call itself),
// and the changes it tells of. The watches themselves load on first use.
import type { ChangeOrigin } from './change-feed.js'
import { tagsOf } from './tags.js'
import { assertKey, assertKnownOptions } from './validate.js'

/** What `cache.watch` watches: a key, keys, every key starting with `prefix`, or every entry carrying a tag. */
export type WatchTarget = string | readonly string[] | { prefix: string } | { tags: readonly string[] }

/** One change a watcher is told of. */
export interface CacheChange<V = unknown> {
  /** The key as the user wrote it (namespace removed); `undefined` for a clear of a prefix or tag watch. */
  key: string | undefined
  /** `'set'`: the key holds `value` now; it was `'deleted'`, it `'expired'`, or a clear removed it (`'cleared'`). */
  type: 'set' | 'deleted' | 'expired' | 'cleared'
  /** The new value, for `'set'`. */
  value: V | undefined
  /** `'local'`: this context wrote; `'remote'`: another one did; `'resync'`: found re-reading after missed notices. */
  origin: ChangeOrigin
}

/** Called after each change of what it watches. */
export type WatchListener<V = unknown> = (change: CacheChange<V>) => void

/** Options of `cache.watch`. */
export interface WatchOptions {
  /** Aborting it ends the watch. */
  signal?: AbortSignal | undefined
}

/** The part of a cache a watch needs. */
export interface WatchedCache extends EventTarget {
  readonly namespace: string | undefined
  readonly serializer: { loads(raw: unknown): unknown }
  buildKey(key: string): string
}

/** A watch target checked: full keys with their user keys, or a full prefix, or tags. */
export interface Target {
  keys?: Map<string, string>
  prefix?: string
  tags?: string[]
}

/** Checks what `watch` was given and turns user keys into full keys. */
export function targetOf(cache: WatchedCache, target: unknown): Target {
  if (typeof target === 'string') return { keys: new Map([[cache.buildKey(target), target]]) }
  if (Array.isArray(target)) {
    target.forEach((key, i) => assertKey(key, `keys[${i}]`))
    return { keys: new Map((target as string[]).map((key) => [cache.buildKey(key), key])) }
  }
  if (typeof target !== 'object' || target === null) {
    throw new TypeError(`watch: target must be a key, an array of keys, { prefix } or { tags }, got ${typeof target}`)
  }
  assertKnownOptions(target, ['prefix', 'tags'], 'watch target')
  const { prefix, tags } = target as { prefix?: unknown; tags?: unknown }
  if ((prefix === undefined) === (tags === undefined)) throw new TypeError('watch target must have one of prefix, tags')
  if (prefix !== undefined) {
    if (typeof prefix !== 'string') throw new TypeError(`watch target.prefix must be a string, got ${typeof prefix}`)
    return { prefix: cache.buildKey(prefix) }
  }
  return { tags: tagsOf(tags, 'watch target.tags') }
}

/** Checks the options of `watch`; the signal, if any. */
export function signalOf(options: unknown): AbortSignal | undefined {
  assertKnownOptions(options, ['signal'], 'watch options')
  const signal = (options as WatchOptions | undefined)?.signal
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError('watch options.signal must be an AbortSignal')
  }
  return signal
}
