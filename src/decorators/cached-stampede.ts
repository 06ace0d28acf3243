import { LockError } from '../core/errors.js'
import { RedLock } from '../locks/red-lock.js'
import { inProcess, localLocks } from '../locks/local-locks.js'
import { webLocks } from '../locks/try-lock.js'
import { CallCache, type CallCacheOptions, checkCallOptions } from './call-cache.js'
import { type CachedFunction, wrapEngine } from './cached.js'

/** Options of {@link cachedStampede}. */
export interface CachedStampedeOptions<A extends unknown[], R> extends CallCacheOptions<A, R> {
  /** Longest wait for another caller's computation (ms); after it, this caller computes itself. */
  lease: number
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')
}

class StampedeCallCache<This, A extends unknown[], R> extends CallCache<This, A, R> {
  readonly #lease: number
  readonly #namespace: string | undefined

  constructor(fn: (this: This, ...args: A) => R, options: CachedStampedeOptions<A, R>) {
    super(fn, options)
    this.#lease = options.lease
    this.#namespace = options.namespace
  }

  protected override async compute(thisArg: This, args: A, key: string, write: boolean): Promise<Awaited<R>> {
    const locked = async () => {
      // Whoever held the lock before us has probably stored the result meanwhile.
      const again = await this.read(key)
      return this.isMiss(again) ? super.compute(thisArg, args, key, write) : again
    }
    // A private store's callers are all in this context: its lock is too, never one that spans tabs.
    const locks = inProcess(this.cache.backend) ? localLocks(this.cache.backend) : webLocks()
    if (locks) {
      const name = `pycached:${this.cache.buildKey(key, this.#namespace)}`
      try {
        return await locks.request(name, { signal: AbortSignal.timeout(this.#lease) }, locked)
      } catch (error) {
        if (!isTimeout(error)) throw error
        return super.compute(thisArg, args, key, write)
      }
    }
    let lock: RedLock
    try {
      lock = await RedLock.acquire(this.cache, key, { lease: this.#lease, namespace: this.#namespace })
    } catch (error) {
      if (!(error instanceof LockError)) throw error
      return super.compute(thisArg, args, key, write)
    }
    try {
      return await locked()
    } finally {
      await lock.release().catch(() => {})
    }
  }
}

/**
 * Like {@link cached}, with stampede protection across tabs (aiocache's `cached_stampede`): on a miss, one caller
 * per key computes while the others wait for its result — in this context alone for a cache in its memory,
 * through the Web Locks API where present (pages, workers), else through a {@link RedLock} in the cache. A waiter that waited `lease` ms computes itself.
 * Across tabs, give it a shared backend such as `IndexedDBBackend`.
 *
 * @param fn - the function to cache.
 * @param options - `lease` and the options of `cached`.
 * @example
 * const report = cachedStampede(buildReport, { lease: 10_000, cache: new Cache({ backend: new IndexedDBBackend() }) })
 */
export function cachedStampede<This, A extends unknown[], R>(
  fn: (this: This, ...args: A) => R,
  options: CachedStampedeOptions<A, R>,
): CachedFunction<This, A, R> {
  checkCallOptions(fn, options, 'cachedStampede', ['lease'])
  if (typeof options.lease !== 'number' || !(options.lease > 0)) {
    throw new RangeError(`options.lease must be a positive number of ms, got ${String(options.lease)}`)
  }
  return wrapEngine(new StampedeCallCache(fn, options))
}
