import { type Cache, onBackend } from '../core/cache.js'
import { LockError } from '../core/errors.js'
import { LockWaitEvent } from '../core/events.js'
import { assertDuration, assertKey } from '../core/validate.js'
import { asyncDispose } from '../core/dispose.js'

/** Options of {@link RedLock.acquire}. */
export interface RedLockOptions {
  /** How long the lock lives if never released (ms): a crashed holder frees it after this. */
  lease: number
  /** How long to keep trying before giving up with a `LockError` (ms). @default lease */
  wait?: number | undefined
  /** Pause between tries (ms). @default 20 */
  retryInterval?: number | undefined
  /** Namespace of the lock key. @default the cache's namespace */
  namespace?: string | undefined
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function token(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}

/**
 * A lease-based lock stored in the cache itself (aiocache's `RedLock`): the lock key `<key>-lock` holds a random
 * token, written only if absent and removed only by its holder, both atomically. Works on every backend —
 * across tabs on IndexedDB, across processes on Redis.
 *
 * @example
 * await using lock = await RedLock.acquire(cache, 'report', { lease: 10_000 })
 * // … only one holder at a time here …
 */
export class RedLock implements AsyncDisposable {
  /** The stored lock key. */
  readonly key: string
  /** The lease in ms. */
  readonly lease: number
  readonly #cache: Cache
  readonly #token: string
  #released = false

  private constructor(cache: Cache, key: string, lease: number, value: string) {
    this.#cache = cache
    this.key = key
    this.lease = lease
    this.#token = value
  }

  /**
   * Takes the lock on `key`, retrying until `wait` ms have passed; then throws `LockError` — it never
   * proceeds as if it held the lock.
   */
  static async acquire(cache: Cache, key: string, options: RedLockOptions): Promise<RedLock> {
    assertKey(key)
    const { lease, wait = options?.lease, retryInterval = 20, namespace } = options ?? ({} as RedLockOptions)
    if (typeof lease !== 'number' || !(lease > 0))
      throw new RangeError(`options.lease must be a positive number of ms, got ${String(lease)}`)
    assertDuration(wait, 'options.wait')
    assertDuration(retryInterval, 'options.retryInterval')
    const full = cache.buildKey(`${key}-lock`, namespace)
    const value = token()
    const started = performance.now()
    const deadline = started + wait
    // Told only when it had to wait: a lock taken at once is no wait.
    const waited = (tries: number, acquired: boolean) =>
      tries > 0 && cache.dispatchEvent(new LockWaitEvent(key, performance.now() - started, acquired))
    for (let tries = 0; ; tries++) {
      const taken = await cache[onBackend]('compareAndSwap', (backend) =>
        backend.compareAndSwap(full, undefined, value, lease),
      )
      if (taken) {
        waited(tries, true)
        return new RedLock(cache, full, lease, value)
      }
      if (performance.now() >= deadline) {
        waited(tries + 1, false)
        throw new LockError(`could not acquire the lock on ${JSON.stringify(key)} within ${wait} ms`)
      }
      await sleep(Math.min(retryInterval * (0.5 + Math.random()), Math.max(0, deadline - performance.now())))
    }
  }

  /**
   * Runs `fn` while holding the lock on `key`, then releases it. Throws `LockError` if the lock could not be
   * acquired, or if its lease ran out before `fn` finished (someone else may then have held it too).
   */
  static async run<T>(cache: Cache, key: string, fn: () => T | Promise<T>, options: RedLockOptions): Promise<T> {
    const lock = await RedLock.acquire(cache, key, options)
    let result: T
    try {
      result = await fn()
    } catch (error) {
      await lock.release().catch(() => {})
      throw error
    }
    await lock.release()
    return result
  }

  /**
   * Releases the lock if this holder still has it. Throws `LockError` when the lease had already run out
   * (and the key expired or went to another holder); releasing twice is a no-op.
   */
  async release(): Promise<void> {
    if (this.#released) return
    this.#released = true
    const { key } = this
    const released = await this.#cache[onBackend]('compareAndSwap', (backend) =>
      backend.compareAndSwap(key, this.#token, undefined, undefined),
    )
    if (!released) {
      throw new LockError(`the lease of ${this.lease} ms on ${JSON.stringify(this.key)} ran out before release`)
    }
  }

  /** `await using lock = await RedLock.acquire(...)` releases at the end of the scope. */
  async [asyncDispose](): Promise<void> {
    await this.release()
  }
}
