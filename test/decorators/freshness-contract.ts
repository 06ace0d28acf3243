// The stale-while-revalidate behaviour every backend and serializer must show: results stored with their
// freshness round-trip, stale ones are answered and refreshed, one refresh runs among contexts sharing the store,
// and a failed refresh leaves the stored entry exactly as it was.
// Usage: runFreshnessContract('memory + JSON', () => {
//   const backend = new MemoryBackend()
//   return () => new Cache({ backend, serializer: JsonSerializer })
// })
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Cache } from '../../src/core/cache.js'
import { cached } from '../../src/decorators/cached.js'
import { multiCached } from '../../src/decorators/multi-cached.js'
import { recordEvents } from './events.js'
import { slowSource } from './source.js'

const TTL = 60_000
const WINDOW = 600_000

/**
 * Runs the contract. `store` is called once per test and returns `open`, which gives a new `Cache` object over
 * that same store on every call (as another tab or process would have); the contract works in the namespace
 * `swr-contract` and clears it before each test.
 */
export function runFreshnessContract(name: string, store: () => () => Cache): void {
  describe(`${name}: staleWhileRevalidate`, () => {
    let cache: Cache
    let now: number
    let open: () => Cache
    const opened: Cache[] = []
    const another = () => {
      const made = open()
      opened.push(made)
      return made
    }

    beforeEach(async () => {
      open = store()
      cache = another()
      await cache.clear({ namespace: 'swr-contract' })
      now = Date.now()
      // Only Date is faked: the clock of stored freshness (and of expiry on in-page stores); Redis keeps its own.
      vi.useFakeTimers({ toFake: ['Date'], now })
    })

    afterEach(async () => {
      vi.useRealTimers()
      for (const made of opened.splice(0)) await made.close()
    })

    /** Computes a result as if `ago` ms before now, then comes back to now. */
    async function storedAgo<T>(ago: number, call: () => Promise<T>): Promise<T> {
      vi.setSystemTime(now - ago)
      try {
        return await call()
      } finally {
        vi.setSystemTime(now)
      }
    }

    it('stores results of every kind with their freshness and reads them back', async () => {
      const results: unknown[] = ['text', '', 0, -1.5, true, null, [1, 'two', [3]], { nested: { list: [1, 2] } }]
      const echo = cached(async (index: number) => results[index], {
        cache,
        name: 'echo',
        namespace: 'swr-contract',
        ttl: TTL,
        staleWhileRevalidate: WINDOW,
      })
      for (const [index, result] of results.entries()) {
        expect(await echo(index)).toEqual(result)
        expect(await cache.get(`echo(${index})`, undefined, { namespace: 'swr-contract' })).toEqual({
          value: result,
          freshUntil: now + TTL,
        })
      }
      const remaining = await cache.ttl('echo(0)', { namespace: 'swr-contract' })
      expect(remaining).toBeGreaterThan(TTL + WINDOW - 5_000)
      expect(remaining).toBeLessThanOrEqual(TTL + WINDOW)
    })

    it('answers a stale result at once and stores the refreshed one', async () => {
      const api = slowSource()
      const seen = recordEvents(cache)
      const price = cached(api.price, {
        cache,
        name: 'price',
        namespace: 'swr-contract',
        ttl: TTL,
        staleWhileRevalidate: WINDOW,
      })
      await storedAgo(TTL + 1_000, () => price('tea'))
      api.hold()
      expect(await price('tea')).toBe('tea v1')
      ;(await api.called(2)).finish()
      await price.settled()
      expect(await price('tea')).toBe('tea v2')
      expect(await cache.get('price("tea")', undefined, { namespace: 'swr-contract' })).toEqual({
        value: 'tea v2',
        freshUntil: now + TTL,
      })
      expect(seen).toEqual(['stale price("tea") 1000', 'refresh price("tea")'])
    })

    it('runs one refresh for stale calls from several contexts sharing the store', async () => {
      const api = slowSource()
      const wrappers = [cache, another(), another()].map((shared) =>
        cached(api.price, {
          cache: shared,
          name: 'price',
          namespace: 'swr-contract',
          ttl: TTL,
          staleWhileRevalidate: WINDOW,
        }),
      )
      await storedAgo(TTL, () => wrappers[0]!('tea'))
      api.hold()
      const answers = await Promise.all(wrappers.flatMap((price) => Array.from({ length: 5 }, () => price('tea'))))
      expect(new Set(answers)).toEqual(new Set(['tea v1']))
      ;(await api.called(2)).finish()
      await Promise.all(wrappers.map((price) => price.settled()))
      // Tiered stores tell their faster tiers of the write a moment later: wait for that, not for a second refresh.
      await expect
        .poll(() => Promise.all(wrappers.map((price) => price('tea'))))
        .toEqual(['tea v2', 'tea v2', 'tea v2'])
      await Promise.all(wrappers.map((price) => price.settled()))
      expect(api.calls).toHaveLength(2)
    })

    it('leaves the stored entry as it was when the refresh fails; multiCached alike', async () => {
      const api = slowSource()
      const seen = recordEvents(cache)
      const prices = multiCached(api.prices, {
        cache,
        namespace: 'swr-contract',
        ttl: TTL,
        staleWhileRevalidate: WINDOW,
      })
      await storedAgo(TTL + 5, () => prices(['tea', 'coffee']))
      const before = await cache.multiGet(['tea', 'coffee'], { namespace: 'swr-contract' })
      expect(before).toEqual([
        { value: 'tea v1', freshUntil: now - 5 },
        { value: 'coffee v1', freshUntil: now - 5 },
      ])
      api.hold()
      expect(await prices(['coffee', 'tea'])).toEqual({ coffee: 'coffee v1', tea: 'tea v1' })
      ;(await api.called(2)).finish(new Error('upstream down'))
      await prices.settled()
      expect(await cache.multiGet(['tea', 'coffee'], { namespace: 'swr-contract' })).toEqual(before)
      expect(seen).toEqual([
        'stale coffee,tea 5',
        'refresh coffee,tea failed: upstream down',
        'cacheerror refresh coffee,tea: upstream down',
      ])
    })
  })
}
