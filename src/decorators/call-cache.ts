import { MemoryBackend } from '../backends/memory.js'
import { Cache } from '../core/cache.js'
import { CacheErrorEvent } from '../core/events.js'
import { tagsOf } from '../core/tags.js'
import { assertKey, assertKnownOptions } from '../core/validate.js'
import { readBack } from './freshness.js'
import { checkLifetimes } from './lifetimes.js'
import { callKey, identityOf } from './key.js'
import { checkSharedOptions, claimKeySpace } from './options.js'
import { another, isResponse, revive, snapshotOf } from './responses.js'
import { Revalidator } from './revalidator.js'

/** Options shared by `cached` and `cachedStampede`. */
export interface CallCacheOptions<A extends unknown[], R> {
  /** Where results live. @default a new memory `Cache` per wrapped function, of at most 10,000 results (LRU) */
  cache?: Cache | undefined
  /** Time to live of stored results, ms. @default the cache's ttl */
  ttl?: number | undefined
  /**
   * Ms after `ttl` during which a call answers with the stale result at once while one refresh runs in the
   * background (one per key across tabs and processes); after it, calls wait for a fresh result. Results are
   * stored for `ttl + staleWhileRevalidate` as `{ value, freshUntil }`. `0` turns it off. @default 0
   */
  staleWhileRevalidate?: number | undefined
  /**
   * The name keys are built from: `name(arguments)`. Needed on a persistent or shared cache (IndexedDB, Redis,
   * tiers over them) unless `namespace`, `key` or `keyBuilder` is given, since a minifier renames functions: the
   * next deploy's `fn.name` may be another function's. @default `fn.name`, on an in-process (memory) cache only
   */
  name?: string | undefined
  /**
   * Ms after `ttl` during which a call whose function fails answers the last result instead (and the failure is
   * reported as a `CacheErrorEvent` with operation `'source'`). Results are stored that much longer. @default 0
   */
  staleIfError?: number | undefined
  /**
   * A fraction of `ttl` (between 0 and 1, e.g. `0.2`): a hit in that last part of the ttl answers at once and
   * starts one background refresh per key (across contexts, as stale-while-revalidate does).
   */
  refreshAhead?: number | undefined
  /** One fixed key for every call. */
  key?: string | undefined
  /** Builds the key from the call's arguments. @default the function's name and its arguments, order-stable */
  keyBuilder?: (...args: A) => string
  /** Namespace of the stored results. @default the cache's namespace */
  namespace?: string | undefined
  /** Returns `true` for results that must not be stored. */
  skipCache?: (result: Awaited<R>) => boolean
  /** For methods: leave `this` out of the key, so every instance shares results. @default false */
  noself?: boolean | undefined
  /** Tags of every stored result: `cache.invalidateTags([tag])` removes them. */
  tags?: readonly string[] | undefined
}

/** Per-call switches, aiocache's `cache_read` / `cache_write`. */
export interface CallOptions {
  /** Look in the cache first. @default true */
  read?: boolean | undefined
  /** Store the result. @default true */
  write?: boolean | undefined
}

const CALL_OPTIONS = [
  'cache',
  'name',
  'ttl',
  'staleWhileRevalidate',
  'staleIfError',
  'refreshAhead',
  'key',
  'keyBuilder',
  'namespace',
  'skipCache',
  'noself',
  'tags',
] as const

const MISS = Symbol('miss')

/** Most results a wrapper given no `cache` keeps: its own memory cache drops the least recently used past it. */
export const DEFAULT_MAX_RESULTS = 10_000

/** The cache of a wrapper given none: in memory, bounded to {@link DEFAULT_MAX_RESULTS} results (LRU). */
export function defaultCache(): Cache {
  return new Cache({ backend: new MemoryBackend({ maxSize: DEFAULT_MAX_RESULTS }) })
}

/** Checks `fn` and the options of `cached` (plus `extra` ones of a wrapper built on it), naming the bad one. */
export function checkCallOptions(fn: unknown, options: unknown, wrapper = 'cached', extra: string[] = []): void {
  checkSharedOptions(fn, options)
  assertKnownOptions(options, [...CALL_OPTIONS, ...extra], `${wrapper}(fn, options)`)
  const { key, noself, name } = options as CallCacheOptions<never, never>
  if (key !== undefined) assertKey(key, 'options.key')
  if (name !== undefined) assertKey(name, 'options.name')
  if (noself !== undefined && typeof noself !== 'boolean') throw new TypeError('options.noself must be a boolean')
  const { tags } = options as { tags?: unknown }
  if (tags !== undefined) tagsOf(tags, 'options.tags')
}

/**
 * The read-through engine behind `cached` and `cachedStampede`: key building, lookup, sharing of in-flight
 * computations, write-back, and stale-while-revalidate. Cache failures never fail the call: it falls back to the
 * function and reports a `CacheErrorEvent` on the cache.
 */
export class CallCache<This, A extends unknown[], R> {
  readonly cache: Cache
  readonly #fn: (this: This, ...args: A) => R
  readonly #options: CallCacheOptions<A, R>
  readonly #keyThis: boolean
  // What keys start with: the `name` option, the function's name (in-process caches), or nothing (a persistent
  // cache where the namespace alone tells the function's results apart).
  readonly #name: string
  // Calls in flight that will store their result, and those that will not: a call joins only its own kind.
  readonly #inflight = [new Map<string, Promise<Awaited<R>>>(), new Map<string, Promise<Awaited<R>>>()] as const
  readonly #revalidator: Revalidator | undefined

  constructor(fn: (this: This, ...args: A) => R, options: CallCacheOptions<A, R>, keyThis = false) {
    this.#fn = fn
    this.#options = options
    this.#keyThis = keyThis && !options.noself
    this.cache = options.cache ?? defaultCache()
    const freshness = checkLifetimes(options, this.cache)
    this.#revalidator = freshness && new Revalidator(this.cache, freshness, options.namespace)
    this.#name = keyName(fn, options, this.cache, this.#keyThis)
    if (options.cache && options.key === undefined && !options.keyBuilder && !this.#keyThis) {
      const name = this.#name
      claimKeySpace(
        this.cache,
        options.namespace,
        name,
        fn,
        `a function named ${JSON.stringify(name)}`,
        'name, namespace, key or keyBuilder',
      )
    }
  }

  /** The cache key of a call. */
  keyOf(thisArg: This, args: A): string {
    const { key, keyBuilder } = this.#options
    if (key !== undefined) return key
    if (keyBuilder) {
      const built = keyBuilder(...args)
      assertKey(built, 'the key returned by keyBuilder')
      return built
    }
    const base = callKey(this.#name, args)
    return this.#keyThis && typeof thisArg === 'object' && thisArg !== null ? `${identityOf(thisArg)}.${base}` : base
  }

  /** Runs one call: cached result, or a shared in-flight computation, or a new one. */
  call(thisArg: This, args: A, { read = true, write = true }: CallOptions = {}): Promise<Awaited<R>> {
    let key: string
    try {
      key = this.keyOf(thisArg, args)
    } catch (error) {
      return Promise.reject(error)
    }
    if (!read) return this.#computeAndStore(thisArg, args, key, write)
    const inflight = this.#inflight[write ? 0 : 1]
    const pending = inflight.get(key)
    // Each caller gets a `Response` of its own: a body can be read once.
    if (pending) return pending.then(another)
    const work = this.#readThrough(thisArg, args, key, write)
    inflight.set(key, work)
    let deadline: ReturnType<typeof setTimeout> | undefined
    const forget = () => {
      clearTimeout(deadline)
      if (inflight.get(key) === work) inflight.delete(key)
    }
    // Shared no longer than a command may take: a computation that never settles must not hold later calls.
    const { timeout } = this.cache
    if (timeout > 0) {
      deadline = setTimeout(forget, timeout)
      ;(deadline as { unref?: () => void }).unref?.()
    }
    work.then(forget, forget)
    return work
  }

  /** Removes the stored result of a call; `true` if there was one. */
  async invalidate(thisArg: This, args: A): Promise<boolean> {
    return (await this.cache.delete(this.keyOf(thisArg, args), this.#commandOptions())) === 1
  }

  /** Resolves once every background refresh started by this wrapper has finished. */
  settled(): Promise<void> {
    return this.#revalidator?.settled() ?? Promise.resolve()
  }

  /** The stored result of `key`, or `MISS`; a failing cache counts as a miss and is reported. */
  protected async read(key: string): Promise<Awaited<R> | typeof MISS> {
    const stored = await this.#lookup(key)
    return revive(stored === MISS || !this.#revalidator ? stored : readBack(stored).value) as Awaited<R> | typeof MISS
  }

  /** Calls the function and stores its result. `cachedStampede` wraps this in a cross-tab lock. */
  protected async compute(thisArg: This, args: A, key: string, write: boolean): Promise<Awaited<R>> {
    return this.#computeAndStore(thisArg, args, key, write)
  }

  /** Whether `value` is the miss marker of {@link read}. */
  protected isMiss(value: unknown): value is typeof MISS {
    return value === MISS
  }

  async #readThrough(thisArg: This, args: A, key: string, write: boolean): Promise<Awaited<R>> {
    const stored = await this.#lookup(key)
    if (stored === MISS) return this.compute(thisArg, args, key, write)
    const revalidator = this.#revalidator
    if (!revalidator) return revive(stored) as Awaited<R>
    const { value, fresh, staleFor, freshUntil } = readBack(stored)
    const { ttl, window, ahead = 0 } = revalidator.freshness
    const refresh = async () => void (await this.#computeAndStore(thisArg, args, key, true))
    if (fresh) {
      // In the last part of the ttl: answer now, refresh in the background.
      if (ahead > 0 && freshUntil - Date.now() < ahead * ttl)
        revalidator.serveStale([key], [freshUntil], 0, write ? refresh : undefined, true)
      return revive(value) as Awaited<R>
    }
    // A result stored without freshness counts as stale since always: with a stale window, served once and refreshed.
    if (staleFor < window || (window > 0 && freshUntil === -Infinity)) {
      revalidator.serveStale([key], [freshUntil], staleFor, write ? refresh : undefined)
      return revive(value) as Awaited<R>
    }
    // Past every window but stale-if-error's: the function answers, or, when it fails, the last result does.
    try {
      return await this.compute(thisArg, args, key, write)
    } catch (error) {
      if (staleFor >= (revalidator.freshness.ifError ?? 0)) throw error
      this.cache.dispatchEvent(new CacheErrorEvent(error, key, 'source'))
      return revive(value) as Awaited<R>
    }
  }

  async #lookup(key: string): Promise<unknown> {
    try {
      return await this.cache.get(key, MISS, this.#commandOptions())
    } catch (error) {
      this.cache.dispatchEvent(new CacheErrorEvent(error, key, 'read'))
      return MISS
    }
  }

  async #computeAndStore(thisArg: This, args: A, key: string, write: boolean): Promise<Awaited<R>> {
    const returned = await this.#fn.apply(thisArg, args)
    const skip = this.#options.skipCache?.(returned) === true
    // A `Response` is kept, and shared between callers, as a snapshot: `call` gives each caller a new one.
    const result = (isResponse(returned) ? await snapshotOf(returned) : returned) as Awaited<R>
    if (write && result !== undefined && !skip) {
      const revalidator = this.#revalidator
      try {
        await this.cache.set(key, revalidator ? revalidator.entry(result) : result, {
          ...this.#commandOptions(),
          ttl: revalidator ? revalidator.storeTtl : this.#options.ttl,
          ...(this.#options.tags && { tags: this.#options.tags }),
        })
      } catch (error) {
        this.cache.dispatchEvent(new CacheErrorEvent(error, key, 'write'))
      }
    }
    return revive(result)
  }

  #commandOptions(): { namespace?: string } {
    return this.#options.namespace === undefined ? {} : { namespace: this.#options.namespace }
  }
}

/**
 * The name a wrapper's keys start with. On a cache whose data outlives this page or is shared with other code
 * (anything but memory), a function's own name is no name: minifiers rename functions, so after the next deploy
 * another function may be called what this one was and read its results; and `this`, keyed by an identity that
 * lasts one page load, would be another instance's after a reload. Such a cache needs a name that holds.
 */
function keyName(
  fn: { name: string },
  options: CallCacheOptions<never, never>,
  cache: Cache,
  keyThis: boolean,
): string {
  const { name, namespace, key, keyBuilder } = options
  if (name !== undefined) return name
  if (cache.backend.inProcess === true || key !== undefined || keyBuilder) return fn.name || 'anonymous'
  const what = JSON.stringify(fn.name || 'anonymous')
  if (keyThis)
    throw new TypeError(
      `@cached method ${what}: the cache's ${cache.backend.name} backend outlives the page, so results cannot be ` +
        'keyed by the instance; give noself: true (and a name), key or keyBuilder',
    )
  if (namespace !== undefined) return ''
  throw new TypeError(
    `cached(${fn.name || 'fn'}): the cache's ${cache.backend.name} backend outlives the page, so keys need a name ` +
      `that survives minifying; give options.name (e.g. { name: ${what} }), namespace, key or keyBuilder`,
  )
}
