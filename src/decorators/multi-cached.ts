import { Cache } from '../core/cache.js'
import { CacheErrorEvent } from '../core/events.js'
import { assertDuration, assertKey } from '../core/validate.js'

/** Options of {@link multiCached}. */
export interface MultiCachedOptions<K> {
  /** Index of the argument that holds the array of keys. @default 0 */
  keysFrom?: number
  /** Where results live. @default a new memory `Cache` per wrapped function */
  cache?: Cache
  /** Time to live of stored results, ms. @default the cache's ttl */
  ttl?: number
  /** Namespace of the stored results. @default the cache's namespace */
  namespace?: string
  /** The cache key of one requested key. @default `String(key)` */
  keyBuilder?: (key: K, ...args: unknown[]) => string
  /** Returns `true` for values that must not be stored. */
  skipCache?: (value: unknown, key: K) => boolean
}

type Keyed<K, V> = Map<K, V> | Record<string, V>

function valueOf<K, V>(result: Keyed<K, V>, key: K): V | undefined {
  return result instanceof Map ? result.get(key) : (result as Record<string, V>)[String(key)]
}

function checkOptions(fn: unknown, options: MultiCachedOptions<unknown>): number {
  if (typeof fn !== 'function') throw new TypeError(`fn must be a function, got ${fn === null ? 'null' : typeof fn}`)
  const { keysFrom = 0, ttl, keyBuilder, skipCache, cache } = options
  if (!Number.isInteger(keysFrom) || keysFrom < 0) {
    throw new RangeError(`options.keysFrom must be a non-negative integer, got ${String(keysFrom)}`)
  }
  // fn.length counts declared parameters before any default or rest one: beyond it, only a rest parameter could match.
  if (fn.length > 0 && keysFrom >= fn.length) {
    throw new RangeError(`options.keysFrom ${keysFrom} names no argument: fn declares ${fn.length}`)
  }
  if (ttl !== undefined) assertDuration(ttl, 'options.ttl')
  if (keyBuilder !== undefined && typeof keyBuilder !== 'function')
    throw new TypeError('options.keyBuilder must be a function')
  if (skipCache !== undefined && typeof skipCache !== 'function')
    throw new TypeError('options.skipCache must be a function')
  if (cache !== undefined && !(cache instanceof Cache)) throw new TypeError('options.cache must be a Cache')
  return keysFrom
}

/**
 * Caches a function that takes an array of keys and resolves to an object or `Map` keyed by them, aiocache's
 * `multi_cached`: one `multiGet` for all keys, then `fn` with **only the missing keys, as the caller gave them**,
 * then one `multiSet` for what it returned. The result holds every requested key that was cached or returned,
 * keyed as the caller gave them; it is a `Map` if `fn` returns one, else an object.
 *
 * @param fn - the function to cache.
 * @param options - which argument holds the keys, and how to store the values.
 * @example
 * const getUsers = multiCached(async (ids: string[]) => fetchUsers(ids), { ttl: 60_000 })
 * await getUsers(['ada', 'grace']) // { ada: {...}, grace: {...} }
 */
export function multiCached<A extends unknown[], R extends Keyed<unknown, unknown>>(
  fn: (...args: A) => R | Promise<R>,
  options: MultiCachedOptions<unknown> = {},
): ((...args: A) => Promise<R>) & { readonly cache: Cache } {
  const keysFrom = checkOptions(fn, options)
  const cache = options.cache ?? new Cache()
  const { ttl, namespace, keyBuilder = (key: unknown) => String(key), skipCache } = options
  const scope = namespace === undefined ? {} : { namespace }
  let returnsMap = false

  const wrapped = async (...args: A): Promise<R> => {
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
    let found: unknown[]
    try {
      found = await cache.multiGet(cacheKeys, scope)
    } catch (error) {
      cache.dispatchEvent(new CacheErrorEvent(error, cacheKeys.join(','), 'read'))
      found = cacheKeys.map(() => undefined)
    }
    const missing = keys.filter((_, i) => found[i] === undefined)
    let fresh: Keyed<unknown, unknown> | undefined
    if (missing.length > 0) {
      const callArgs = [...args] as unknown[]
      callArgs[keysFrom] = missing
      fresh = await fn(...(callArgs as A))
      returnsMap = fresh instanceof Map
      await store(fresh, missing, args)
    }
    const entries: [unknown, unknown][] = []
    keys.forEach((key, i) => {
      const value = found[i] !== undefined ? found[i] : fresh && valueOf(fresh, key)
      if (value !== undefined) entries.push([key, value])
    })
    return (returnsMap ? new Map(entries) : Object.fromEntries(entries.map(([k, v]) => [String(k), v]))) as R
  }

  async function store(fresh: Keyed<unknown, unknown>, missing: unknown[], args: A): Promise<void> {
    const pairs: [string, unknown][] = []
    for (const key of missing) {
      const value = valueOf(fresh, key)
      if (value !== undefined && !skipCache?.(value, key)) pairs.push([keyBuilder(key, ...args), value])
    }
    if (pairs.length === 0) return
    try {
      await cache.multiSet(pairs, { ...scope, ttl })
    } catch (error) {
      cache.dispatchEvent(new CacheErrorEvent(error, pairs.map(([key]) => key).join(','), 'write'))
    }
  }

  return Object.assign(wrapped, { cache })
}
