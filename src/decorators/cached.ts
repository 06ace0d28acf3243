import type { Cache } from '../core/cache.js'
import { CallCache, type CallCacheOptions, type CallOptions, checkCallOptions } from './call-cache.js'

/** Options of {@link cached}. */
export type CachedOptions<A extends unknown[] = never, R = never> = CallCacheOptions<A, R>

/** A cached function: the same parameters as the original, resolving to its result, plus cache controls. */
export type CachedFunction<This, A extends unknown[], R> = ((this: This, ...args: A) => Promise<Awaited<R>>) & {
  /** The cache holding the results. */
  readonly cache: Cache
  /** The cache key of a call with these arguments. */
  keyOf(...args: A): string
  /** Removes the stored result of a call with these arguments; `true` if there was one. */
  invalidate(...args: A): Promise<boolean>
  /** Calls the function again and stores the fresh result. */
  refresh(...args: A): Promise<Awaited<R>>
  /** The same function with reading and/or writing the cache switched off. */
  withOptions(options: CallOptions): (this: This, ...args: A) => Promise<Awaited<R>>
  /** Resolves once every background refresh (`staleWhileRevalidate`) this function started has finished. */
  settled(): Promise<void>
}

/** A method replaced by `@cached(...)`, with controls that take the instance first. */
export type CachedMethod<This, A extends unknown[], R> = ((this: This, ...args: A) => Promise<R>) & {
  /** The cache holding the results of every instance. */
  readonly cache: Cache
  /** Removes the stored result of `instance`'s call with these arguments. */
  invalidateFor(instance: This, ...args: A): Promise<boolean>
  /** Calls the method on `instance` again and stores the fresh result. */
  refreshFor(instance: This, ...args: A): Promise<R>
  /** Resolves once every background refresh (`staleWhileRevalidate`) of this method has finished. */
  settled(): Promise<void>
}

type MethodDecorator = <This, A extends unknown[], R>(
  method: (this: This, ...args: A) => Promise<R>,
  context: ClassMethodDecoratorContext<This, (this: This, ...args: A) => Promise<R>>,
) => CachedMethod<This, A, R>

/**
 * Caches the results of `fn`, aiocache's `@cached`: same parameters, an async result, and `.cache`,
 * `.invalidate(...args)`, `.refresh(...args)`, `.withOptions({ read, write })`, `.settled()`. Concurrent calls
 * with the same key share one computation; a function that throws caches nothing; a failing cache falls back to
 * `fn` and dispatches a `CacheErrorEvent` on the cache. `undefined` results are not stored.
 *
 * With `staleWhileRevalidate`, for that many ms after `ttl` ends a call answers with the old result at once while
 * one refresh runs in the background (one per key across tabs and processes sharing the cache); a refresh that
 * fails keeps the old result and dispatches a `CacheErrorEvent`. After the window, calls wait for a fresh result.
 *
 * Two different functions with the same name cannot share a cache's default keys: wrapping the second one is a
 * `TypeError` unless it has its own `namespace`, `key` or `keyBuilder`.
 *
 * Called with options only, it is a standard method decorator; `this` is part of the key unless `noself`.
 *
 * @param fn - the function to cache.
 * @param options - where and how long to keep results, and how to key them.
 * @example
 * const getUser = cached(fetchUser, { ttl: 60_000 })
 * await getUser('ada') // fetches
 * await getUser('ada') // from the cache
 * const getPrices = cached(fetchPrices, { ttl: 10_000, staleWhileRevalidate: 60_000 })
 *
 * class Users { @cached({ ttl: 60_000 }) async load(id: string) { … } }
 */
export function cached<This, A extends unknown[], R>(
  fn: (this: This, ...args: A) => R,
  options?: CachedOptions<A, R>,
): CachedFunction<This, A, R>
export function cached(options?: CachedOptions): MethodDecorator
export function cached(
  fnOrOptions?: ((...args: unknown[]) => unknown) | CachedOptions,
  options: CachedOptions<unknown[], unknown> = {},
): unknown {
  if (fnOrOptions === undefined || (typeof fnOrOptions === 'object' && fnOrOptions !== null)) {
    return decorator((fnOrOptions ?? {}) as CachedOptions<unknown[], unknown>)
  }
  checkCallOptions(fnOrOptions, options)
  return wrapEngine(new CallCache(fnOrOptions, options))
}

/** The cached function around an engine; `cachedStampede` shares it. */
export function wrapEngine<This, A extends unknown[], R>(engine: CallCache<This, A, R>): CachedFunction<This, A, R> {
  const withOptions = (callOptions: CallOptions) =>
    function (this: This, ...args: A) {
      return engine.call(this, args, callOptions)
    }
  return Object.assign(withOptions({}), {
    cache: engine.cache,
    keyOf: (...args: A) => engine.keyOf(undefined as This, args),
    invalidate: (...args: A) => engine.invalidate(undefined as This, args),
    refresh: (...args: A) => engine.call(undefined as This, args, { read: false }),
    withOptions,
    settled: () => engine.settled(),
  })
}

function decorator(options: CachedOptions<unknown[], unknown>): MethodDecorator {
  return <This, A extends unknown[], R>(
    method: (this: This, ...args: A) => Promise<R>,
    context: ClassMethodDecoratorContext<This, (this: This, ...args: A) => Promise<R>>,
  ) => {
    if (context.kind !== 'method') throw new TypeError('@cached decorates methods only')
    checkCallOptions(method, options)
    const engine = new CallCache<This, A, Promise<R>>(method, options as CachedOptions<A, Promise<R>>, true)
    return Object.assign(
      function (this: This, ...args: A): Promise<R> {
        return engine.call(this, args)
      },
      {
        cache: engine.cache,
        invalidateFor: (instance: This, ...args: A) => engine.invalidate(instance, args),
        refreshFor: (instance: This, ...args: A) => engine.call(instance, args, { read: false }),
        settled: () => engine.settled(),
      },
    )
  }
}
