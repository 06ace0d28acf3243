import { ABSENT, type Backend } from '../backends/backend.js'
import type { Plugin } from '../plugins/base.js'
import type { Serializer } from '../serializers/serializer.js'
import { hookedGet } from './hooked-get.js'
import { CommandRunner } from './runner.js'
import { loadWith } from './serialize.js'
import { UNDUMPED, setThrough, told } from './set-command.js'
import { dumpWith } from './serialize.js'
import { describeFailure } from './errors.js'
import { add, exists, expire, increment, remove, ttlLeft, writeTtl } from './key-commands.js'
import { multiGet, multiSet } from './multi-commands.js'
import { clear, purge, raw } from './store-commands.js'
import { entriesOf, keysOf, pageOf, peekOf, snapshotOfCache } from './inspection.js'
import type {
  CacheEntrySnapshot,
  CacheOptions,
  CommandOptions,
  CounterOptions,
  HitMissRatio,
  KeyBuilder,
  PageOptions,
  Profiling,
  ReadOptions,
  SetOptions,
  SnapshotPage,
  WriteOptions,
} from './types.js'
import { optionsFromUrl } from './url.js'
import {
  NO_OPTIONS,
  assertCommandOptions,
  attempt,
  assertKey,
  assertKnownOptions,
  assertNamespace,
  assertValue,
} from './validate.js'
import { asyncDispose } from './dispose.js'
import { CACHE_OPTIONS, settingsOf } from './cache-options.js'
import { release, retain } from './backend-users.js'
import type { ChangeStream, Ending, FeedSlot, WatchListener, WatchOptions, WatchTarget } from './cache-parts.js'
import { invalidate, slotOf, startWatch, writeTags } from './cache-parts.js'

/**
 * The key of a cache's method that runs a body on its backend as one command without hooks (refused once the cache
 * is closed, within the time limit): how the locks reach stored forms. Not part of the public API.
 */
export const onBackend = Symbol('pycached.onBackend')
export { CACHE_OPTIONS, defaultKeyBuilder } from './cache-options.js'

const URL_OPTIONS = CACHE_OPTIONS.filter((name) => name !== 'backend')

/**
 * One async cache API over any backend, with namespaces, TTLs, serializers, plugins and timeouts.
 * Every command runs through the same pipeline: validation, key building, timeout, pre-hooks,
 * backend, post-hooks. Every command may reject (never throw) with a `CacheTimeoutError` past the call's or the
 * cache's `timeout`, a `BackendError` when the storage failed, or a `CacheError` once the cache is closed; errors of
 * the library carry the `command`, `backend` and `key` involved where known.
 *
 * @typeParam V - the type of the values this cache holds.
 * @example
 * const cache = new Cache<User>({ namespace: 'users', ttl: 60_000 })
 * await cache.set('ada', ada)
 * const user = await cache.get('ada')
 */
export class Cache<V = unknown> extends EventTarget {
  /** Where entries live. */
  readonly backend: Backend
  /** Prefix of every key, or `undefined`. */
  readonly namespace: string | undefined
  /** Default serializer of this cache. */
  readonly serializer: Serializer
  /** Hooks run around every command; push or splice freely, it applies from the next command on. */
  plugins: Plugin[]
  /** Builds stored keys from user keys and namespaces. */
  readonly keyBuilder: KeyBuilder
  /** Default TTL of writes in ms (`undefined`: never expires); the `ttl` option of the constructor. */
  readonly defaultTtl: number | undefined
  /** Default per-command time limit in ms (`0`: none). */
  readonly timeout: number
  /** Per-command timing, kept by `TimingPlugin`: `getTotal`, `getMin`, `getMax`, `getAvg`, … (ms). */
  profiling: Profiling = {}
  /** Lookups and hits, kept by `HitMissRatioPlugin`. */
  hitMissRatio: HitMissRatio = { hits: 0, total: 0, hitRatio: 0, byTier: [] }
  readonly #runner: CommandRunner
  readonly #feed: FeedSlot
  readonly #watches = new Set<Ending>()

  constructor(options: CacheOptions = {}) {
    super()
    ;({
      backend: this.backend,
      namespace: this.namespace,
      serializer: this.serializer,
      plugins: this.plugins,
      keyBuilder: this.keyBuilder,
      defaultTtl: this.defaultTtl,
      timeout: this.timeout,
    } = settingsOf(options))
    this.#feed = slotOf(this.backend)
    this.#runner = new CommandRunner(this, this.timeout, this.backend.immediate === true, this.#feed)
    retain(this.backend)
  }

  /**
   * Builds a whole cache from a URL: `memory://?namespace=x&ttl=1000`, `indexeddb://db/store?namespace=x`,
   * `redis://host:port/db` (after importing `pycached/redis`). `options` override what the URL says.
   *
   * @example
   * const cache = Cache.fromUrl('memory://?namespace=users&maxSize=1000')
   */
  static fromUrl<V = unknown>(url: string | URL, options: Omit<CacheOptions, 'backend'> = {}): Cache<V> {
    assertKnownOptions(options, URL_OPTIONS, 'Cache.fromUrl options')
    return new Cache<V>({ ...optionsFromUrl(url), ...options })
  }

  /** The stored key of `key` in `namespace` (the cache's by default). */
  buildKey(key: string, namespace: string | undefined = this.namespace): string {
    if (namespace !== this.namespace) assertNamespace(namespace, 'options.namespace')
    return this.keyBuilder(key, namespace || undefined)
  }

  /**
   * The value of `key`, or `defaultValue` on a miss. `null` is a real value and a hit.
   *
   * @throws {TypeError} for a key that is not a string or an unknown option; {SerializationError} when the stored value cannot be loaded.
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   */
  get(key: string): Promise<V | undefined>
  get<D>(key: string, defaultValue: D, options?: ReadOptions): Promise<V | D>
  get(key: string, defaultValue?: unknown, options: ReadOptions = NO_OPTIONS): Promise<unknown> {
    // `get` and `set` catch inline rather than through `attempt`: one closure less on the hottest paths.
    try {
      assertCommandOptions('get', options)
      assertKey(key)
      const full = this.buildKey(key, options.namespace)
      const timeout = this.#runner.limit('get', options)
      const loads = options.loads ?? this.serializer.loads
      const watched = this.plugins.length > 0
      if (!watched) {
        // Nobody watches: an in-process store answers here, without a context or the pipeline.
        const now = this.backend.getNow?.(full)
        if (now === ABSENT) return Promise.resolve(defaultValue)
        if (now !== undefined) return Promise.resolve(loadWith(loads, now, full))
      }
      return hookedGet(this, this.#runner, key, defaultValue, options, full, loads, watched, timeout)
    } catch (error) {
      return Promise.reject(describeFailure(error, 'get', this.backend.name))
    }
  }

  /**
   * The values of `keys` in order, `undefined` for misses, in one backend round trip.
   *
   * @throws {TypeError} when `keys` is not an array of strings; {SerializationError} when a stored value cannot be loaded.
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   */
  multiGet(keys: string[], options: ReadOptions = NO_OPTIONS): Promise<(V | undefined)[]> {
    return multiGet<V>(this, this.#runner, keys, options)
  }

  /**
   * Stores `value` under `key`; resolves to `true`.
   *
   * @throws {TypeError} for an `undefined` value or a bad key; {RangeError} for a bad `ttl`; {SerializationError} when the value cannot be stored (nothing is).
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   */
  set(key: string, value: V, options: SetOptions = NO_OPTIONS): Promise<true> {
    // Written here rather than in set-command.ts: a call more on the way costs a plain memory `set` about 70
    // instructions in Node.
    try {
      assertCommandOptions('set', options)
      assertKey(key)
      assertValue(value)
      const ttl = writeTtl(this, options)
      const { backend } = this
      const tags = writeTags(backend, options)
      const full = this.buildKey(key, options.namespace)
      const feed = this.#feed
      let stored: unknown = UNDUMPED
      if (this.plugins.length === 0 && !tags && backend.setNow) {
        // No plugin hooks into it: an in-process store takes the write here, without a context or the pipeline.
        this.#runner.start('set', options)
        try {
          stored = dumpWith(options.dumps ?? this.serializer.dumps, value, full)
          if (backend.setNow(full, stored, ttl)) {
            return feed.active ? Promise.resolve(told(feed, full, value, ttl, tags)) : Promise.resolve(true)
          }
        } catch (error) {
          return Promise.reject(describeFailure(error, 'set', backend.name))
        }
      }
      return setThrough(this, this.#runner, feed, { key, value, options, full, ttl, tags, stored })
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /**
   * Stores every `[key, value]` pair at once (one transaction where the backend has them).
   *
   * @throws {TypeError} for a malformed pair, naming it; {RangeError} for a bad `ttl`; {SerializationError} when a value cannot be stored (none is).
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   */
  multiSet(pairs: [string, V][], options: SetOptions = NO_OPTIONS): Promise<true> {
    return multiSet<V>(this, this.#runner, pairs, options)
  }

  /**
   * Stores `value` only if `key` is absent (atomically); throws `KeyExistsError` otherwise.
   *
   * @throws {KeyExistsError} when the key holds a live entry; {TypeError}/{RangeError} for bad arguments; {SerializationError} when the value cannot be stored.
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   */
  add(key: string, value: V, options: WriteOptions = NO_OPTIONS): Promise<true> {
    return add(this, this.#runner, key, value, options)
  }

  /**
   * Whether `key` holds a live entry.
   *
   * @throws {TypeError} for a key that is not a string.
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   */
  exists(key: string, options: CommandOptions = NO_OPTIONS): Promise<boolean> {
    return exists(this, this.#runner, key, options)
  }

  /**
   * Removes `key`; resolves to 1 if it existed, else 0.
   *
   * @throws {TypeError} for a key that is not a string.
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   */
  delete(key: string, options: CommandOptions = NO_OPTIONS): Promise<number> {
    return remove(this, this.#runner, key, options)
  }

  /**
   * Adds `delta` to the integer at `key` (a missing key starts at 0), atomically; resolves to the new value.
   *
   * @throws {TypeError} for a non-integer `delta` or stored value; {RangeError} for a result past the safe-integer range (the entry stays as it was).
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   */
  increment(key: string, delta = 1, options: CounterOptions = NO_OPTIONS): Promise<number> {
    return increment(this, this.#runner, key, delta, options)
  }

  /**
   * Gives `key` a new TTL in ms (`0` removes the expiry); `false` when there is no such key.
   *
   * @throws {TypeError}/{RangeError} for a bad key or `ttl`.
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   */
  expire(key: string, ttl: number, options: CommandOptions = NO_OPTIONS): Promise<boolean> {
    return expire(this, this.#runner, key, ttl, options)
  }

  /**
   * Remaining ms of `key`: `Infinity` when it never expires, `undefined` when it is missing. Runs no hooks.
   *
   * @throws {TypeError} for a key that is not a string.
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   */
  ttl(key: string, options: CommandOptions = NO_OPTIONS): Promise<number | undefined> {
    return ttlLeft(this, this.#runner, key, options)
  }

  /**
   * The live keys of this namespace (namespace removed), or of the whole store without one. Runs no hooks.
   *
   * @throws {TypeError} for an unknown option or a bad namespace.
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   */
  keys(options: CommandOptions = NO_OPTIONS): Promise<string[]> {
    return keysOf(this, this.#runner, options)
  }

  /**
   * The live `[key, value]` pairs of this namespace. Runs no hooks.
   *
   * @throws {TypeError} for an unknown option; {SerializationError} when a stored value cannot be loaded.
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   */
  entries(options: ReadOptions = NO_OPTIONS): Promise<[string, V][]> {
    return entriesOf<V>(this, this.#runner, options)
  }

  /**
   * Every live entry of this namespace with its remaining TTL, for inspection. Runs no hooks.
   *
   * @throws {TypeError} for an unknown option; {SerializationError} when a stored value cannot be loaded.
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   */
  snapshot(options: ReadOptions = NO_OPTIONS): Promise<CacheEntrySnapshot<V>[]> {
    return snapshotOfCache<V>(this, this.#runner, options)
  }

  /**
   * One page of this namespace's live entries, for inspecting large caches: pass the returned `cursor` back for
   * the next page; it is `undefined` after the last. An entry live throughout is listed at least once. Runs no
   * hooks.
   *
   * @throws {TypeError}/{RangeError} for a bad `cursor` or `limit`; {SerializationError} when a value cannot be loaded.
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   * @example
   * let page = await cache.snapshotPage({ limit: 500 })
   * while (page.cursor) page = await cache.snapshotPage({ cursor: page.cursor, limit: 500 })
   */
  snapshotPage(options: PageOptions = NO_OPTIONS): Promise<SnapshotPage<V>> {
    return pageOf<V>(this, this.#runner, options)
  }

  /**
   * The live entries of `keys` in order (value and TTL left), `undefined` for misses, in one backend round trip.
   * For inspection: runs no hooks and leaves an LRU order as it was.
   *
   * @throws {TypeError} when `keys` is not an array of strings; {SerializationError} when a value cannot be loaded.
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   */
  peek(keys: string[], options: ReadOptions = NO_OPTIONS): Promise<(CacheEntrySnapshot<V> | undefined)[]> {
    return peekOf<V>(this, this.#runner, keys, options)
  }

  /**
   * Removes the entries of exactly this namespace (the call's or the cache's); without any namespace,
   * the whole store. The namespace prefix is `keyBuilder('', namespace)`.
   *
   * @throws {TypeError} for an unknown option or a bad namespace.
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   */
  clear(options: CommandOptions = NO_OPTIONS): Promise<true> {
    return clear(this, this.#runner, options)
  }

  /** Removes every entry written with one of `tags`, in any namespace, tier or context; resolves to how many. */
  invalidateTags(tags: readonly string[], options: Pick<CommandOptions, 'timeout'> = NO_OPTIONS): Promise<number> {
    return invalidate(this.backend, this.#runner, tags, options)
  }

  /** Empties the whole store for sign-out: every namespace, tier and context (process on Redis), awaited. */
  purge(options: Pick<CommandOptions, 'timeout'> = NO_OPTIONS): Promise<true> {
    return purge(this.backend, this.#runner, options)
  }

  /**
   * Sends a command straight to the backend's store or client; keys are not namespaced.
   *
   * @throws {TypeError} when `command` is not a string or names nothing the store has.
   * @throws {CacheTimeoutError}, {BackendError}, {CacheError} as every command (see {@link Cache}).
   */
  raw(command: string, ...args: unknown[]): Promise<unknown> {
    return raw(this, this.#runner, command, args)
  }

  /** Runs `body` on the backend as `command`, without hooks, as every command: see {@link onBackend}. */
  [onBackend]<R>(
    command: 'compareAndSwap' | 'getStored',
    body: (backend: Backend) => Promise<R>,
    options: CommandOptions = NO_OPTIONS,
  ): Promise<R> {
    return attempt(command, options, () =>
      this.#runner.run({ cache: this, command, options }, undefined, () => body(this.backend)),
    )
  }

  /**
   * Calls `listener` after each resolved change of `target` (a key, keys, `{ prefix }`, `{ tags }`) here or in
   * another context sharing the store; returns the unsubscribe function (without a listener: an async iterator).
   * @example const stop = cache.watch(['cart'], (change) => render(change.value), { signal })
   */
  watch(target: WatchTarget, listener: WatchListener<V>, options?: WatchOptions): () => void
  watch(target: WatchTarget, options?: WatchOptions): ChangeStream<V>
  watch(target: WatchTarget, listener?: WatchListener<V> | WatchOptions, options?: WatchOptions): unknown {
    this.#runner.assertOpen('watch')
    this.#feed.use(this)
    return startWatch<V>(this, this.#feed, this.#watches, target, listener, options)
  }

  /**
   * Refuses later commands (they reject with a `CacheError`), ends every watch and lets go of the backend, which
   * closes once no other cache (nor a registry alias) uses it.
   */
  async close(): Promise<void> {
    if (!this.#runner.close()) return
    await this.#feed.release(this, this.#watches)
    await release(this.backend)
  }

  /** `await using cache = new Cache()` closes it at the end of the scope. */
  async [asyncDispose](): Promise<void> {
    await this.close()
  }
}
