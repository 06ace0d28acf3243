// `cache.watch(...)`: one subscription to the changes of some keys, a prefix or tags of one cache, in this context
// and in every other one sharing the store.
import { sameStored } from '../backends/backend.js'
import type { ChangeFeed, ChangeOrigin, FeedChange, FeedWatch } from './change-feed.js'
import { CacheErrorEvent } from './events.js'
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

const NONE: unique symbol = Symbol('none')

/** A watch target checked: full keys with their user keys, or a full prefix, or tags. */
interface Target {
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

/**
 * One subscription: it keeps the last state it reported of each key, so that after missed notices it reports only
 * what really differs, and hands each change to `deliver` (a listener or a stream).
 */
export class Watch<V> implements FeedWatch {
  readonly keys: readonly string[] | undefined
  readonly prefix: string | undefined
  readonly tags: readonly string[] | undefined
  readonly #users: Map<string, string> | undefined
  readonly #cache: WatchedCache
  readonly #feed: ChangeFeed
  readonly #deliver: (change: CacheChange<V>) => void
  readonly #onEnd: () => void
  // The last state told of each key (`NONE`: absent); a key never seen is not here.
  readonly #last = new Map<string, unknown>()
  readonly #namespacePrefix: string
  #ended = false

  constructor(
    cache: WatchedCache,
    feed: ChangeFeed,
    target: Target,
    deliver: (change: CacheChange<V>) => void,
    onEnd: () => void = () => {},
  ) {
    this.#cache = cache
    this.#feed = feed
    this.#users = target.keys
    this.keys = target.keys && [...target.keys.keys()]
    this.prefix = target.prefix
    this.tags = target.tags
    this.#deliver = deliver
    this.#onEnd = onEnd
    this.#namespacePrefix = cache.namespace ? cache.buildKey('') : ''
    feed.add(this)
    void this.#baseline()
  }

  /** Whether it still delivers. */
  get ended(): boolean {
    return this.#ended
  }

  take(change: FeedChange): void {
    if (this.#ended) return
    if (change.type === 'cleared') return this.#cleared(change.prefix, change.origin)
    const { key, origin } = change
    let value: unknown = NONE
    if (change.type === 'set') value = change.value
    else if (change.type === 'stored') {
      try {
        value = this.#cache.serializer.loads(change.raw)
      } catch (error) {
        this.#report(error, key)
        return
      }
    }
    const before = this.#last.has(key) ? this.#last.get(key) : undefined
    // A re-read reports only what differs from what was last told (or found when the watch began).
    if (
      origin === 'resync' &&
      this.#last.has(key) &&
      (before === value || (value !== NONE && sameStored(before, value)))
    )
      return
    if (origin === 'resync' && value === NONE && !this.#last.has(key)) return
    this.#last.set(key, value)
    const type = value !== NONE ? 'set' : change.type === 'expired' ? 'expired' : 'deleted'
    this.#emit({ key: this.#userKey(key), type, value: value === NONE ? undefined : (value as V), origin })
  }

  knows(key: string): boolean {
    return this.#last.has(key)
  }

  resync(): void {
    if (this.#ended) return
    void this.#reread('resync')
  }

  /** Stops delivering; idempotent. */
  end(): void {
    if (this.#ended) return
    this.#ended = true
    this.#feed.remove(this)
    this.#onEnd()
  }

  /** What each watched key holds when the watch begins, so a later re-read can tell what differs. */
  async #baseline(): Promise<void> {
    try {
      await this.#read((found, changed) => {
        for (const [key, raw] of found) {
          if (!this.#last.has(key) && !changed(key)) this.#last.set(key, raw === NONE ? NONE : this.#load(raw, key))
        }
      })
    } catch {
      // Without a baseline, a re-read after missed notices reports every key it finds.
    }
  }

  async #reread(origin: ChangeOrigin): Promise<void> {
    try {
      await this.#read((found, changed) => {
        for (const [key, raw] of found) {
          if (changed(key)) continue
          this.take(raw === NONE ? { type: 'deleted', key, origin } : { type: 'stored', key, raw, origin })
        }
        if (this.keys) return
        for (const key of [...this.#last.keys()])
          if (!found.has(key) && !changed(key)) this.take({ type: 'deleted', key, origin })
      })
    } catch (error) {
      this.#report(error, '')
    }
  }

  /**
   * Reads what this watch covers (its keys, `NONE` for the missing ones, or every entry of its prefix; tag watches
   * read nothing) and hands it to `use` with which keys changed here meanwhile.
   */
  #read(use: (found: Map<string, unknown>, changed: (key: string) => boolean) => void): Promise<void> {
    const keys = this.keys
    const prefix = this.prefix
    return this.#feed.read(async (backend) => {
      const found = new Map<string, unknown>()
      if (keys) (await backend.peek(keys)).forEach((entry, i) => found.set(keys[i]!, entry ? entry.raw : NONE))
      else if (prefix !== undefined) for (const entry of await backend.scan(prefix)) found.set(entry.key, entry.raw)
      return found
    }, use)
  }

  #load(raw: unknown, key: string): unknown {
    try {
      return this.#cache.serializer.loads(raw)
    } catch (error) {
      this.#report(error, key)
      return NONE
    }
  }

  #cleared(prefix: string, origin: ChangeOrigin): void {
    if (this.keys) {
      for (const key of this.keys) {
        if (!key.startsWith(prefix) || this.#last.get(key) === NONE) continue
        this.#last.set(key, NONE)
        this.#emit({ key: this.#userKey(key), type: 'cleared', value: undefined, origin })
      }
      return
    }
    for (const key of this.#last.keys()) if (key.startsWith(prefix)) this.#last.delete(key)
    this.#emit({ key: undefined, type: 'cleared', value: undefined, origin })
  }

  #userKey(full: string): string {
    const user = this.#users?.get(full)
    if (user !== undefined) return user
    return full.startsWith(this.#namespacePrefix) ? full.slice(this.#namespacePrefix.length) : full
  }

  #emit(change: CacheChange<V>): void {
    try {
      this.#deliver(change)
    } catch (error) {
      // A listener that throws stops neither the write nor the other listeners: it is reported.
      this.#report(error, change.key ?? '')
    }
  }

  #report(error: unknown, key: string): void {
    this.#cache.dispatchEvent(new CacheErrorEvent(error, this.#userKey(key), 'watch'))
  }
}
