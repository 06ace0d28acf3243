import type { Cache } from '../core/cache.js'
import { CacheErrorEvent, RefreshEvent, StaleEvent } from '../core/events.js'
import { tryLock } from '../locks/try-lock.js'
import { type FreshEntry, type Freshness, freshEntry, readBack } from './freshness.js'

/** Recomputes and stores the results of the given cache keys; rejects when the function failed. */
export type Refresh = (keys: string[]) => Promise<void>

/**
 * The background half of stale-while-revalidate, shared by `cached` and `multiCached`: at most one refresh per
 * key at a time in this context, and across contexts one per key through a lock that is taken only if free
 * (Web Locks in pages and workers, a cache-held lock elsewhere). A context that gets the lock reads the entry
 * again first and leaves it alone when another context refreshed it meanwhile.
 */
export class Revalidator {
  /** Ms results stay fresh, then ms they are served stale. */
  readonly freshness: Freshness
  readonly #cache: Cache
  readonly #namespace: string | undefined
  readonly #running = new Set<string>()
  readonly #jobs = new Set<Promise<void>>()

  constructor(cache: Cache, freshness: Freshness, namespace: string | undefined) {
    this.#cache = cache
    this.freshness = freshness
    this.#namespace = namespace
  }

  /** The TTL of a stored result: its fresh time plus the longer of its stale windows. */
  get storeTtl(): number {
    return this.freshness.ttl + Math.max(this.freshness.window, this.freshness.ifError ?? 0)
  }

  /** What to store for a result computed now. */
  entry<V>(value: V): FreshEntry<V> {
    return freshEntry(value, this.freshness.ttl)
  }

  /**
   * Reports that `keys` were answered stale and starts their refresh in the background, unless this context
   * is refreshing them already. `seen` holds, per key, the `freshUntil` the answer had. Without `refresh` (a call
   * that must not write the cache), it only reports. `ahead`: the answer was still fresh (refresh-ahead): no event.
   */
  serveStale(keys: string[], seen: number[], staleFor: number, refresh: Refresh | undefined, ahead = false): void {
    if (!ahead) this.#cache.dispatchEvent(new StaleEvent(keys, staleFor))
    if (!refresh) return
    const due = new Map<string, number>()
    keys.forEach((key, i) => {
      if (!this.#running.has(key)) due.set(key, seen[i]!)
    })
    if (due.size === 0) return
    for (const key of due.keys()) this.#running.add(key)
    const job = this.#run(due, refresh).finally(() => {
      for (const key of due.keys()) this.#running.delete(key)
      this.#jobs.delete(job)
    })
    this.#jobs.add(job)
  }

  /** Resolves once every background refresh started here has finished (successfully or not). */
  async settled(): Promise<void> {
    while (this.#jobs.size > 0) await Promise.all(this.#jobs)
  }

  async #run(due: Map<string, number>, refresh: Refresh): Promise<void> {
    const cache = this.#cache
    const namespace = this.#namespace
    const held: (() => Promise<void>)[] = []
    const locked: string[] = []
    const keys = [...due.keys()]
    let started = 0
    try {
      for (const key of keys) {
        const lease = this.freshness.window || this.freshness.ttl
        const release = await tryLock(cache, `${key}-refresh`, { lease, namespace })
        if (release) {
          held.push(release)
          locked.push(key)
        }
      }
      // Another context may have refreshed a key between our read and our lock: its freshness moved on. `peek`
      // asks the source of truth (the last tier), whatever a faster tier of this context still holds.
      const stored = locked.length > 0 ? await cache.peek(locked, { namespace }) : []
      const stale = locked.filter((key, i) => !(readBack(stored[i]?.value).freshUntil > due.get(key)!))
      if (stale.length === 0) return
      started = performance.now()
      try {
        await refresh(stale)
      } catch (error) {
        cache.dispatchEvent(new RefreshEvent(stale, performance.now() - started, error))
        throw error
      }
      cache.dispatchEvent(new RefreshEvent(stale, performance.now() - started))
    } catch (error) {
      // The function failed, or the cache did while locking or reading: the stale answer stays; say why.
      cache.dispatchEvent(new CacheErrorEvent(error, keys.join(','), 'refresh'))
    } finally {
      await Promise.all(held.map((release) => release()))
    }
  }
}
