// A slow source for the function-caching tests: answers `<item> v<n>` for its n-th call, and can hold calls
// pending (or make them fail) until the test says so. No timers: the test decides when a call finishes.
import type { Cache } from '../../src/core/cache.js'
import { cached } from '../../src/decorators/cached.js'
import { type Gate, gate } from './gate.js'

/** One call of a {@link slowSource}. */
export interface SourceCall {
  /** `Date.now()` when it started. */
  at: number
  /** The items asked for. */
  items: string[]
  /** Finishes the call (with its answer, or with `error`). */
  finish(error?: Error): void
  /** Resolves when the call has finished. */
  done: Promise<void>
}

/** A source of prices: `price(item)` for `cached`, `prices(items)` for `multiCached`. */
export function slowSource() {
  const calls: SourceCall[] = []
  const waiters: { count: number; open: () => void }[] = []
  let holding = false

  async function answer(items: string[]): Promise<number> {
    const version = calls.length + 1
    const finished: Gate<Error | undefined> = gate()
    const settled = gate()
    calls.push({ at: Date.now(), items, finish: (error) => finished.open(error), done: settled.promise })
    for (const waiter of waiters) if (calls.length >= waiter.count) waiter.open()
    if (!holding) finished.open(undefined)
    const error = await finished.promise
    settled.open()
    if (error) throw error
    return version
  }

  return {
    calls,
    /** Resolves with the `count`-th call (1-based) once it has started. */
    async called(count: number): Promise<SourceCall> {
      if (calls.length < count) {
        const started = gate()
        waiters.push({ count, open: () => started.open() })
        await started.promise
      }
      return calls[count - 1]!
    },
    /** From now on, calls stay pending until finished by hand. */
    hold() {
      holding = true
    },
    async price(item: string): Promise<string> {
      return `${item} v${await answer([item])}`
    },
    async prices(items: string[]): Promise<Record<string, string>> {
      const version = await answer(items)
      return Object.fromEntries(items.map((item) => [item, `${item} v${version}`]))
    },
  }
}

/**
 * `price(item)` cached on `cache` with stale-while-revalidate (fresh for a minute, stale for ten more), whose second
 * call fails with `Error: 503`; `plantStale()` stores an answer for "tea" (`tea v0`) that is already stale.
 */
export function flakyPrice(cache: Cache) {
  let version = 0
  const price = cached(
    async function price(item: string) {
      if (++version === 2) throw new Error('503')
      return `${item} v${version}`
    },
    { cache, ttl: 60_000, staleWhileRevalidate: 600_000 },
  )
  const plantStale = () => cache.set('price("tea")', { value: 'tea v0', freshUntil: Date.now() - 1 }, { ttl: 600_000 })
  return { price, plantStale }
}
