// multiCached(fn, { ttl, staleWhileRevalidate }) with a controlled clock (only `Date` is faked).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'
import { multiCached } from '../../src/decorators/multi-cached.js'
import { recordEvents } from './events.js'
import { isSettled } from './gate.js'
import { slowSource } from './source.js'

const T0 = Math.ceil(Date.now() / 1000) * 1000 + 1000
const TTL = 1_000
const WINDOW = 5_000

beforeEach(() => void vi.useFakeTimers({ toFake: ['Date'], now: T0 }))
afterEach(() => void vi.useRealTimers())

describe('multiCached(fn, { ttl, staleWhileRevalidate })', () => {
  it('returns stale keys at once, waits only for missing ones, and refreshes the stale ones in one call', async () => {
    const api = slowSource()
    const cache = new Cache()
    const seen = recordEvents(cache)
    const prices = multiCached(api.prices, { cache, ttl: TTL, staleWhileRevalidate: WINDOW })
    expect(await prices(['tea', 'coffee'])).toEqual({ tea: 'tea v1', coffee: 'coffee v1' })
    expect(await cache.get('tea')).toEqual({ value: 'tea v1', freshUntil: T0 + TTL })
    expect(await cache.ttl('tea')).toBe(TTL + WINDOW)

    vi.setSystemTime(T0 + 500)
    await prices(['cocoa'])
    api.hold()
    vi.setSystemTime(T0 + TTL + 20)
    const answer = prices(['tea', 'cocoa', 'coffee', 'mate', 'tea'])
    await api.called(4)
    const [missing, refresh] = [api.calls[2]!, api.calls[3]!]
    expect([missing.items, refresh.items]).toEqual([['mate'], ['tea', 'coffee']])
    expect(await isSettled(answer)).toBe(false) // waits for "mate"
    missing.finish()
    expect(await answer).toEqual({
      tea: 'tea v1',
      cocoa: 'cocoa v2',
      coffee: 'coffee v1',
      mate: 'mate v3',
    })
    expect(await prices(['tea'])).toEqual({ tea: 'tea v1' }) // still refreshing: no second refresh
    expect(api.calls).toHaveLength(4)
    refresh.finish()
    await prices.settled()
    expect(await prices(['tea', 'coffee'])).toEqual({ tea: 'tea v4', coffee: 'coffee v4' })
    expect(seen).toEqual(['stale tea,coffee 20', 'stale tea 20', 'refresh tea,coffee'])
  })

  it('keeps stale values when the refresh fails, and leaves keys refreshed by another context alone', async () => {
    const backend = new MemoryBackend()
    const api = slowSource()
    const [first, second] = [new Cache({ backend }), new Cache({ backend })]
    const seen = recordEvents(first)
    const one = multiCached(api.prices, { cache: first, ttl: TTL, staleWhileRevalidate: WINDOW })
    const two = multiCached(api.prices, { cache: second, ttl: TTL, staleWhileRevalidate: WINDOW })
    await one(['tea', 'coffee'])
    api.hold()
    vi.setSystemTime(T0 + TTL)
    expect(await one(['tea'])).toEqual({ tea: 'tea v1' })
    const teaRefresh = await api.called(2)
    expect(await two(['tea', 'coffee'])).toEqual({ tea: 'tea v1', coffee: 'coffee v1' })
    const coffeeRefresh = await api.called(3)
    expect(coffeeRefresh.items).toEqual(['coffee']) // "tea" is locked by the first context
    teaRefresh.finish(new Error('timeout upstream'))
    coffeeRefresh.finish()
    await Promise.all([one.settled(), two.settled()])
    expect(seen).toEqual([
      'stale tea 0',
      'refresh tea failed: timeout upstream',
      'cacheerror refresh tea: timeout upstream',
    ])
    expect(await one(['tea', 'coffee'])).toEqual({ tea: 'tea v1', coffee: 'coffee v3' })
    ;(await api.called(4)).finish()
    await one.settled()
    expect(await two(['tea'])).toEqual({ tea: 'tea v4' })
  })
})
