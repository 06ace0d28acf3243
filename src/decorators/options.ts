// Option checks shared by the function-caching wrappers, and the rule that keeps two functions from reading each
// other's results in one cache.
import { Cache } from '../core/cache.js'
import { assertDuration, assertKey } from '../core/validate.js'

/** The options every wrapper shares, as they arrive (unchecked). */
interface SharedOptions {
  cache?: unknown
  ttl?: unknown
  namespace?: unknown
  keyBuilder?: unknown
  skipCache?: unknown
}

/** Checks `fn` and the options every wrapper shares, naming the bad one. */
export function checkSharedOptions(fn: unknown, options: unknown): asserts options is SharedOptions {
  if (typeof fn !== 'function') throw new TypeError(`fn must be a function, got ${fn === null ? 'null' : typeof fn}`)
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object')
  const { cache, ttl, namespace, keyBuilder, skipCache } = options as SharedOptions
  if (cache !== undefined && !(cache instanceof Cache)) throw new TypeError('options.cache must be a Cache')
  if (ttl !== undefined) assertDuration(ttl, 'options.ttl')
  if (namespace !== undefined) assertKey(namespace, 'options.namespace')
  if (keyBuilder !== undefined && typeof keyBuilder !== 'function')
    throw new TypeError('options.keyBuilder must be a function')
  if (skipCache !== undefined && typeof skipCache !== 'function')
    throw new TypeError('options.skipCache must be a function')
}

// Per cache, per namespace and default key space: the function that owns it.
const owners = new WeakMap<Cache, Map<string, object>>()

/**
 * Claims the default key space `space` in `namespace` of `cache` for `fn`. A second, different function claiming
 * the same space would read and overwrite the first one's results: that is a `TypeError` that says how to tell them
 * apart (`remedy`). The same function wrapped twice (two wrappers standing for two tabs) is fine.
 *
 * @param who - the claimant as the message names it, e.g. `a function named "load"`.
 */
export function claimKeySpace(
  cache: Cache,
  namespace: string | undefined,
  space: string,
  fn: object,
  who: string,
  remedy: string,
): void {
  let spaces = owners.get(cache)
  if (!spaces) owners.set(cache, (spaces = new Map()))
  // As Cache.buildKey: an explicit namespace (even '', which means none) replaces the cache's.
  const where = namespace === undefined ? cache.namespace : namespace || undefined
  const id = `${where ?? ''}\u0000${space}`
  const owner = spaces.get(id)
  if (owner === undefined) spaces.set(id, fn)
  else if (owner !== fn) {
    throw new TypeError(
      `${who} already caches in this cache${where ? ` (namespace ${JSON.stringify(where)})` : ''}, with the same ` +
        `keys; give one of them its own ${remedy}`,
    )
  }
}
