import { type Cache, onBackend } from '../core/cache.js'
import { OptimisticLockError } from '../core/errors.js'
import { dumpWith, loadWith } from '../core/serialize.js'
import type { WriteOptions } from '../core/types.js'
import { assertKey, assertValue, ttlOf } from '../core/validate.js'

/**
 * Optimistic concurrency on one key (aiocache's `OptimisticLock`): `begin` reads the value, `cas` writes a new
 * one only if nobody changed it in between, atomically on every backend; otherwise `OptimisticLockError`.
 *
 * @example
 * const lock = await OptimisticLock.begin(cache, 'cart')
 * await lock.cas([...(lock.value ?? []), item]) // throws OptimisticLockError on a concurrent change
 */
export class OptimisticLock<V = unknown> {
  /** The value when the lock began (`undefined`: the key was absent). */
  readonly value: V | undefined
  readonly #cache: Cache
  readonly #key: string
  readonly #raw: unknown

  private constructor(cache: Cache, key: string, raw: unknown, value: V | undefined) {
    this.#cache = cache
    this.#key = key
    this.#raw = raw
    this.value = value
  }

  /** Reads `key` and remembers its stored form. */
  static async begin<V = unknown>(
    cache: Cache,
    key: string,
    options: { namespace?: string } = {},
  ): Promise<OptimisticLock<V>> {
    assertKey(key)
    const full = cache.buildKey(key, options.namespace)
    const raw = await cache[onBackend]('getStored', (backend) => backend.get(full))
    const value = raw === undefined ? undefined : (loadWith(cache.serializer.loads, raw, full) as V)
    return new OptimisticLock<V>(cache, full, raw, value)
  }

  /** Writes `value` if the key still holds what it held at `begin`; else throws `OptimisticLockError`. */
  async cas(value: V, options: Pick<WriteOptions, 'ttl'> = {}): Promise<true> {
    assertValue(value)
    const ttl = options.ttl === undefined ? this.#cache.defaultTtl : ttlOf(options.ttl, 'options.ttl')
    const stored = dumpWith(this.#cache.serializer.dumps, value, this.#key)
    const key = this.#key
    const swapped = await this.#cache[onBackend]('compareAndSwap', (backend) =>
      backend.compareAndSwap(key, this.#raw, stored, ttl),
    )
    if (!swapped) {
      throw new OptimisticLockError(`the value of ${JSON.stringify(this.#key)} changed since the lock began`)
    }
    return true
  }
}
