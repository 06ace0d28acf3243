import { Cache } from '../core/cache.js'
import { CacheErrorEvent } from '../core/events.js'
import { assertDuration, assertKey } from '../core/validate.js'
import { callKey, identityOf } from './key.js'

/** Options shared by `cached` and `cachedStampede`. */
export interface CallCacheOptions<A extends unknown[], R> {
  /** Where results live. @default a new memory `Cache` per wrapped function */
  cache?: Cache
  /** Time to live of stored results, ms. @default the cache's ttl */
  ttl?: number
  /** One fixed key for every call. */
  key?: string
  /** Builds the key from the call's arguments. @default the function's name and its arguments, order-stable */
  keyBuilder?: (...args: A) => string
  /** Namespace of the stored results. @default the cache's namespace */
  namespace?: string
  /** Returns `true` for results that must not be stored. */
  skipCache?: (result: Awaited<R>) => boolean
  /** For methods: leave `this` out of the key, so every instance shares results. @default false */
  noself?: boolean
}

/** Per-call switches, aiocache's `cache_read` / `cache_write`. */
export interface CallOptions {
  /** Look in the cache first. @default true */
  read?: boolean
  /** Store the result. @default true */
  write?: boolean
}

const MISS = Symbol('miss')

/** Checks options common to every function-caching wrapper, naming the bad one. */
export function checkCallOptions(fn: unknown, options: CallCacheOptions<never, never>): void {
  if (typeof fn !== 'function') throw new TypeError(`fn must be a function, got ${fn === null ? 'null' : typeof fn}`)
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object')
  if (options.ttl !== undefined) assertDuration(options.ttl, 'options.ttl')
  if (options.key !== undefined) assertKey(options.key, 'options.key')
  if (options.keyBuilder !== undefined && typeof options.keyBuilder !== 'function') {
    throw new TypeError('options.keyBuilder must be a function')
  }
  if (options.skipCache !== undefined && typeof options.skipCache !== 'function') {
    throw new TypeError('options.skipCache must be a function')
  }
  if (options.cache !== undefined && !(options.cache instanceof Cache))
    throw new TypeError('options.cache must be a Cache')
}

/**
 * The read-through engine behind `cached` and `cachedStampede`: key building, lookup, sharing of in-flight
 * computations, and write-back. Cache failures never fail the call: it falls back to the function and
 * reports a `CacheErrorEvent` on the cache.
 */
export class CallCache<This, A extends unknown[], R> {
  readonly cache: Cache
  readonly #fn: (this: This, ...args: A) => R
  readonly #options: CallCacheOptions<A, R>
  readonly #keyThis: boolean
  readonly #inflight = new Map<string, Promise<Awaited<R>>>()

  constructor(fn: (this: This, ...args: A) => R, options: CallCacheOptions<A, R>, keyThis = false) {
    this.#fn = fn
    this.#options = options
    this.#keyThis = keyThis && !options.noself
    this.cache = options.cache ?? new Cache()
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
    const base = callKey(this.#fn.name, args)
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
    const pending = this.#inflight.get(key)
    if (pending) return pending
    const work = this.#readThrough(thisArg, args, key, write)
    this.#inflight.set(key, work)
    const forget = () => void this.#inflight.delete(key)
    work.then(forget, forget)
    return work
  }

  /** Removes the stored result of a call; `true` if there was one. */
  async invalidate(thisArg: This, args: A): Promise<boolean> {
    return (await this.cache.delete(this.keyOf(thisArg, args), this.#commandOptions())) === 1
  }

  /** The stored result of `key`, or `MISS`; a failing cache counts as a miss and is reported. */
  protected async read(key: string): Promise<Awaited<R> | typeof MISS> {
    try {
      return (await this.cache.get(key, MISS, this.#commandOptions())) as Awaited<R> | typeof MISS
    } catch (error) {
      this.cache.dispatchEvent(new CacheErrorEvent(error, key, 'read'))
      return MISS
    }
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
    const hit = await this.read(key)
    return this.isMiss(hit) ? this.compute(thisArg, args, key, write) : hit
  }

  async #computeAndStore(thisArg: This, args: A, key: string, write: boolean): Promise<Awaited<R>> {
    const result = await this.#fn.apply(thisArg, args)
    if (write && result !== undefined && !this.#options.skipCache?.(result)) {
      try {
        await this.cache.set(key, result, { ...this.#commandOptions(), ttl: this.#options.ttl })
      } catch (error) {
        this.cache.dispatchEvent(new CacheErrorEvent(error, key, 'write'))
      }
    }
    return result
  }

  #commandOptions(): { namespace?: string } {
    return this.#options.namespace === undefined ? {} : { namespace: this.#options.namespace }
  }
}
