import type { Cache } from '../core/cache.js'
import { CacheErrorEvent } from '../core/events.js'
import { assertKey, assertKnownOptions } from '../core/validate.js'
import { type CallOptions, defaultCache } from './call-cache.js'
import { checkFreshness, readBack } from './freshness.js'
import { checkSharedOptions, claimKeySpace } from './options.js'
import { Revalidator } from './revalidator.js'

/** Options of {@link multiCached}. */
export interface MultiCachedOptions<K> {
  /** Index of the argument that holds the array of keys. @default 0 */
  keysFrom?: number | undefined
  /** Where results live. @default a new memory `Cache` per wrapped function, of at most 10,000 results (LRU) */
  cache?: Cache | undefined
  /** Time to live of stored results, ms. @default the cache's ttl */
  ttl?: number | undefined
  /** Ms after `ttl` during which stale values are returned at once and refreshed in the background. @default 0 */
  staleWhileRevalidate?: number | undefined
  /** Namespace of the stored results. @default the cache's namespace */
  namespace?: string | undefined
  /** The cache key of one requested key. @default `String(key)` */
  keyBuilder?: (key: K, ...args: unknown[]) => string
  /** Returns `true` for values that must not be stored. */
  skipCache?: (value: unknown, key: K) => boolean
  /**
   * What every call resolves to, all hits included: `'object'` (keys as strings) or `'map'` (keys as the caller gave
   * them). `fn` must return that kind; one that returns the other is a `TypeError`.
   * @default 'object'
   */
  returns?: 'object' | 'map' | undefined
}

/** A function wrapped by {@link multiCached}: the same parameters, plus cache controls. */
export type MultiCachedFunction<A extends unknown[], R> = ((...args: A) => Promise<R>) & {
  /** The cache holding the values. */
  readonly cache: Cache
  /** Removes the stored values of the keys these arguments ask for; resolves to how many there were. */
  invalidate(...args: A): Promise<number>
  /** Calls the function again for every key these arguments ask for and stores what it returns. */
  refresh(...args: A): Promise<R>
  /** The same function with reading and/or writing the cache switched off. */
  withOptions(options: CallOptions): (...args: A) => Promise<R>
  /** Resolves once every background refresh (`staleWhileRevalidate`) this function started has finished. */
  settled(): Promise<void>
}

const OPTIONS = ['keysFrom', 'cache', 'ttl', 'staleWhileRevalidate', 'namespace', 'keyBuilder', 'skipCache', 'returns']

type Keyed<K, V> = Map<K, V> | Record<string, V>

function valueOf<K, V>(result: Keyed<K, V>, key: K): V | undefined {
  return result instanceof Map ? result.get(key) : (result as Record<string, V>)[String(key)]
}

function checkOptions(fn: unknown, options: MultiCachedOptions<unknown>): number {
  checkSharedOptions(fn, options)
  assertKnownOptions(options, OPTIONS, 'multiCached(fn, options)')
  const { keysFrom = 0, returns = 'object' } = options
  if (returns !== 'object' && returns !== 'map') {
    throw new TypeError(`options.returns must be 'object' or 'map', got ${JSON.stringify(returns)}`)
  }
  if (!Number.isInteger(keysFrom) || keysFrom < 0) {
    throw new RangeError(`options.keysFrom must be a non-negative integer, got ${String(keysFrom)}`)
  }
  const declared = (fn as (...args: never[]) => unknown).length
  // fn.length counts declared parameters before any default or rest one: beyond it, only a rest parameter could match.
  if (declared > 0 && keysFrom >= declared) {
    throw new RangeError(`options.keysFrom ${keysFrom} names no argument: fn declares ${declared}`)
  }
  return keysFrom
}

/**
 * Caches a function that takes an array of keys and resolves to an object or `Map` keyed by them, aiocache's
 * `multi_cached`: one `multiGet` for all keys, then `fn` with **only the missing keys, as the caller gave them**,
 * then one `multiSet` for what it returned. The result holds every requested key that was cached or returned,
 * keyed as the caller gave them: an object, or with `returns: 'map'` a `Map`, every time. It has the controls of
 * `cached`: `.invalidate(...args)`, `.refresh(...args)`, `.withOptions({ read, write })`, `.settled()`, and its
 * `staleWhileRevalidate` option: stale keys are returned at once and refreshed with one background call of `fn`.
 *
 * @param fn - the function to cache.
 * @param options - which argument holds the keys, and how to store the values.
 * @example
 * const getUsers = multiCached(async (ids: string[]) => fetchUsers(ids), { ttl: 60_000 })
 * await getUsers(['ada', 'grace']) // { ada: {...}, grace: {...} }
 */
export function multiCached<A extends unknown[], R extends Map<unknown, unknown>>(
  fn: (...args: A) => R | Promise<R>,
  options: MultiCachedOptions<unknown> & { returns: 'map' },
): MultiCachedFunction<A, R>
export function multiCached<A extends unknown[], R extends Record<string, unknown>>(
  fn: (...args: A) => R | Promise<R>,
  options?: MultiCachedOptions<unknown> & { returns?: 'object' },
): MultiCachedFunction<A, R>
export function multiCached<A extends unknown[], R extends Keyed<unknown, unknown>>(
  fn: (...args: A) => R | Promise<R>,
  options: MultiCachedOptions<unknown> = {},
): MultiCachedFunction<A, R> {
  const keysFrom = checkOptions(fn, options)
  const returnsMap = options.returns === 'map'
  const cache = options.cache ?? defaultCache()
  const { ttl, namespace, keyBuilder = (key: unknown) => String(key), skipCache } = options
  const freshness = checkFreshness(options.staleWhileRevalidate, ttl, cache)
  const revalidator = freshness && new Revalidator(cache, freshness, namespace)
  if (options.cache && !options.keyBuilder) {
    claimKeySpace(
      cache,
      namespace,
      '\u0000keys',
      fn,
      'a multiCached function keyed by the bare keys',
      'namespace or keyBuilder',
    )
  }
  const scope = namespace === undefined ? {} : { namespace }

  function cacheKeysOf(args: A): { keys: unknown[]; cacheKeys: string[] } {
    const keys: unknown = args[keysFrom]
    if (!Array.isArray(keys)) {
      throw new TypeError(
        `argument ${keysFrom} (options.keysFrom) must be an array of keys, got ${keys === null ? 'null' : typeof keys}`,
      )
    }
    const cacheKeys = keys.map((key: unknown, i) => {
      const built = keyBuilder(key, ...args)
      assertKey(built, `the cache key built for keys[${i}]`)
      return built
    })
    return { keys, cacheKeys }
  }

  async function lookup(cacheKeys: string[]): Promise<unknown[]> {
    try {
      return await cache.multiGet(cacheKeys, scope)
    } catch (error) {
      cache.dispatchEvent(new CacheErrorEvent(error, cacheKeys.join(','), 'read'))
      return cacheKeys.map(() => undefined)
    }
  }

  async function fetchAndStore(args: A, keys: unknown[], write: boolean): Promise<Keyed<unknown, unknown>> {
    const callArgs = [...args] as unknown[]
    callArgs[keysFrom] = keys
    const fresh = await fn(...(callArgs as A))
    // The kind of every answer is the wrapper's, not the last result's: an all-hit call could not tell.
    if (fresh instanceof Map !== returnsMap) {
      const got = fresh instanceof Map ? 'a Map' : fresh === null ? 'null' : typeof fresh
      throw new TypeError(
        `multiCached: fn must resolve to ${returnsMap ? "a Map (options.returns: 'map')" : "an object (or pass options.returns: 'map')"}, got ${got}`,
      )
    }
    if (write) await store(fresh, keys, args)
    return fresh
  }

  async function store(fresh: Keyed<unknown, unknown>, keys: unknown[], args: A): Promise<void> {
    const pairs: [string, unknown][] = []
    for (const key of keys) {
      const value = valueOf(fresh, key)
      if (value !== undefined && !skipCache?.(value, key))
        pairs.push([keyBuilder(key, ...args), revalidator ? revalidator.entry(value) : value])
    }
    if (pairs.length === 0) return
    try {
      await cache.multiSet(pairs, { ...scope, ttl: revalidator ? revalidator.storeTtl : ttl })
    } catch (error) {
      cache.dispatchEvent(new CacheErrorEvent(error, pairs.map(([key]) => key).join(','), 'write'))
    }
  }

  /** Unwraps stored values in place and starts the refresh of the stale ones. */
  function revalidate(found: unknown[], keys: unknown[], cacheKeys: string[], args: A, write: boolean): void {
    if (!revalidator) return
    const stale = new Map<string, unknown>()
    const seen: number[] = []
    let staleFor = 0
    found.forEach((stored, i) => {
      if (stored === undefined) return
      const back = readBack(stored)
      found[i] = back.value
      if (back.fresh || stale.has(cacheKeys[i]!)) return
      stale.set(cacheKeys[i]!, keys[i])
      seen.push(back.freshUntil)
      staleFor = Math.max(staleFor, back.staleFor)
    })
    if (stale.size === 0) return
    const refresh = async (due: string[]) =>
      void (await fetchAndStore(
        args,
        due.map((k) => stale.get(k)),
        true,
      ))
    revalidator.serveStale([...stale.keys()], seen, staleFor, write ? refresh : undefined)
  }

  async function call(args: A, { read = true, write = true }: CallOptions): Promise<R> {
    const { keys, cacheKeys } = cacheKeysOf(args)
    const found = read ? await lookup(cacheKeys) : cacheKeys.map(() => undefined)
    revalidate(found, keys, cacheKeys, args, write)
    const missing = keys.filter((_, i) => found[i] === undefined)
    const fresh = missing.length > 0 ? await fetchAndStore(args, missing, write) : undefined
    const entries: [unknown, unknown][] = []
    keys.forEach((key, i) => {
      const value = found[i] !== undefined ? found[i] : fresh && valueOf(fresh, key)
      if (value !== undefined) entries.push([key, value])
    })
    return (returnsMap ? new Map(entries) : Object.fromEntries(entries.map(([k, v]) => [String(k), v]))) as R
  }

  const withOptions =
    (callOptions: CallOptions) =>
    (...args: A): Promise<R> =>
      call(args, callOptions)
  return Object.assign(withOptions({}), {
    cache,
    invalidate: async (...args: A) => {
      const { cacheKeys } = cacheKeysOf(args)
      const removed = await Promise.all([...new Set(cacheKeys)].map((key) => cache.delete(key, scope)))
      return removed.reduce((sum, count) => sum + count, 0)
    },
    refresh: (...args: A) => call(args, { read: false }),
    withOptions,
    settled: () => revalidator?.settled() ?? Promise.resolve(),
  })
}
