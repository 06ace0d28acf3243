// cached(fn, { ttl, staleWhileRevalidate }) with a controlled clock: only `Date` is faked, which is the clock of
// both the stored freshness and the memory backend's expiry. Slow sources finish when the test says so.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'
import { BackendError } from '../../src/core/errors.js'
import { cached } from '../../src/decorators/cached.js'
import { BasePlugin } from '../../src/plugins/base.js'
import { recordEvents } from './events.js'
import { gate, isSettled } from './gate.js'
import { slowSource } from './source.js'

// Close to the real time, so timers other modules arm by the wall clock stay sensible.
const T0 = Math.ceil(Date.now() / 1000) * 1000 + 1000
const TTL = 1_000
const WINDOW = 5_000
const KEY = 'price("tea")'

beforeEach(() => void vi.useFakeTimers({ toFake: ['Date'], now: T0 }))
afterEach(() => void vi.useRealTimers())

describe('cached(fn, { ttl, staleWhileRevalidate })', () => {
  it('stores the result with its freshness, for ttl + staleWhileRevalidate', async () => {
    const api = slowSource()
    const cache = new Cache()
    const price = cached(api.price, { cache, ttl: TTL, staleWhileRevalidate: WINDOW })
    expect(await price('tea')).toBe('tea v1')
    expect(await cache.get(KEY)).toEqual({ value: 'tea v1', freshUntil: T0 + TTL })
    expect(await cache.ttl(KEY)).toBe(TTL + WINDOW)
  })

  it('answers fresh before ttl ends, and stale at once from then on while the refresh is still running', async () => {
    const api = slowSource()
    const cache = new Cache()
    const seen = recordEvents(cache)
    const price = cached(api.price, { cache, ttl: TTL, staleWhileRevalidate: WINDOW })
    await price('tea')
    vi.setSystemTime(T0 + TTL - 1)
    expect(await price('tea')).toBe('tea v1')
    expect(api.calls).toHaveLength(1)
    expect(seen).toEqual([])

    api.hold()
    vi.setSystemTime(T0 + TTL)
    expect(await price('tea')).toBe('tea v1') // while the refresh below is still pending
    expect(seen).toEqual([`stale ${KEY} 0`])
    const refresh = await api.called(2)
    expect(api.calls.map((call) => call.at)).toEqual([T0, T0 + TTL])
    vi.setSystemTime(T0 + TTL + 10)
    expect(await price('tea')).toBe('tea v1')
    refresh.finish()
    await price.settled()
    expect(seen).toEqual([`stale ${KEY} 0`, `stale ${KEY} 10`, `refresh ${KEY}`])
    expect(await price('tea')).toBe('tea v2')
    expect(await cache.get(KEY)).toEqual({ value: 'tea v2', freshUntil: T0 + TTL + TTL + 10 })
    expect(api.calls).toHaveLength(2)
  })

  it('runs one refresh for a burst of concurrent stale calls', async () => {
    const api = slowSource()
    const price = cached(api.price, { ttl: TTL, staleWhileRevalidate: WINDOW })
    await Promise.all([price('tea'), price('tea'), price('coffee')])
    api.hold()
    vi.setSystemTime(T0 + 2 * TTL)
    const burst = await Promise.all(Array.from({ length: 50 }, (_, i) => price(i % 2 ? 'tea' : 'coffee')))
    expect(new Set(burst)).toEqual(new Set(['tea v1', 'coffee v2']))
    await api.called(4)
    for (let i = 0; i < 20; i++) await price('tea')
    expect(api.calls.map((call) => call.items)).toEqual([['tea'], ['coffee'], ['coffee'], ['tea']])
    for (const call of api.calls) call.finish()
    await price.settled()
    expect(await Promise.all([price('tea'), price('coffee')])).toEqual(['tea v4', 'coffee v3'])
  })

  it('runs one refresh among wrappers on separate caches over one store, as tabs or processes would', async () => {
    // Each wrapper has its own Cache on the same backend: they share only the stored entries and the lock.
    const backend = new MemoryBackend()
    const api = slowSource()
    const contexts = Array.from({ length: 3 }, () => {
      const cache = new Cache({ backend, namespace: 'shop' })
      return { cache, price: cached(api.price, { cache, ttl: TTL, staleWhileRevalidate: WINDOW }) }
    })
    // The last context's read is held after it saw the stale entry, until the refresh elsewhere has finished.
    const heldRead = gate()
    let holdNextRead = false
    contexts[2]!.cache.plugins.push(
      new (class extends BasePlugin {
        override async postGet() {
          if (holdNextRead) await heldRead.promise
        }
      })(),
    )
    await contexts[0]!.price('tea')
    api.hold()
    vi.setSystemTime(T0 + TTL + 1)
    holdNextRead = true
    const late = contexts[2]!.price('tea')
    expect(await Promise.all(contexts.slice(0, 2).flatMap(({ price }) => [price('tea'), price('tea')]))).toEqual(
      Array(4).fill('tea v1'),
    )
    ;(await api.called(2)).finish()
    await Promise.all(contexts.map(({ price }) => price.settled()))
    holdNextRead = false
    heldRead.open()
    expect(await late).toBe('tea v1') // it read before the refresh landed: stale, but it must not refresh again
    await contexts[2]!.price.settled()
    expect(api.calls).toHaveLength(2)
    expect(await contexts[2]!.price('tea')).toBe('tea v2')
    expect(await backend.exists('shop:price("tea")-refresh-lock')).toBe(false)
  })

  it('keeps the stale result when the refresh fails, reports it, and tries again on a later call', async () => {
    const api = slowSource()
    const cache = new Cache()
    const seen = recordEvents(cache)
    const price = cached(api.price, { cache, ttl: TTL, staleWhileRevalidate: WINDOW })
    await price('tea')
    api.hold()
    vi.setSystemTime(T0 + TTL)
    expect(await price('tea')).toBe('tea v1')
    ;(await api.called(2)).finish(new Error('503 from the API'))
    await price.settled()
    expect(seen).toEqual([
      `stale ${KEY} 0`,
      `refresh ${KEY} failed: 503 from the API`,
      `cacheerror refresh ${KEY}: 503 from the API`,
    ])
    expect(await cache.get(KEY)).toEqual({ value: 'tea v1', freshUntil: T0 + TTL })
    expect(await cache.ttl(KEY)).toBe(WINDOW)

    vi.setSystemTime(T0 + TTL + 100)
    expect(await price('tea')).toBe('tea v1')
    ;(await api.called(3)).finish()
    await price.settled()
    expect(await price('tea')).toBe('tea v3')
  })

  it('makes a call wait for a fresh result once the window has passed', async () => {
    const api = slowSource()
    const price = cached(api.price, { ttl: TTL, staleWhileRevalidate: WINDOW })
    await price('tea')
    api.hold()
    vi.setSystemTime(T0 + TTL + WINDOW - 1)
    expect(await price('tea')).toBe('tea v1') // the last moment of the window
    const refresh = await api.called(2)
    vi.setSystemTime(T0 + TTL + WINDOW) // the old entry expires while its refresh is still pending
    const waiting = price('tea')
    const third = await api.called(3)
    expect(await isSettled(waiting)).toBe(false)
    refresh.finish()
    third.finish()
    expect(await waiting).toBe('tea v3')
    await price.settled()
  })

  it('does not refresh for a call that must not write, and refreshes values stored without freshness', async () => {
    const api = slowSource()
    const cache = new Cache()
    const price = cached(api.price, { cache, ttl: TTL, staleWhileRevalidate: WINDOW })
    await cache.set(KEY, 'tea v0', { ttl: 60_000 })
    expect(await price.withOptions({ write: false })('tea')).toBe('tea v0')
    await price.settled()
    expect(api.calls).toHaveLength(0)
    expect(await price('tea')).toBe('tea v0')
    await price.settled()
    expect(await price('tea')).toBe('tea v1')
  })

  it('refresh() and withOptions({ read: false }) store fresh entries at once', async () => {
    const api = slowSource()
    const cache = new Cache()
    const price = cached(api.price, { cache, ttl: TTL, staleWhileRevalidate: WINDOW })
    await price('tea')
    vi.setSystemTime(T0 + 500)
    expect(await price.refresh('tea')).toBe('tea v2')
    expect(await cache.get(KEY)).toEqual({ value: 'tea v2', freshUntil: T0 + 500 + TTL })
  })

  it('falls back to the function when the cache cannot be read, as without the option', async () => {
    const cache = new Cache()
    const seen = recordEvents(cache)
    const api = slowSource()
    const price = cached(api.price, { cache, ttl: TTL, staleWhileRevalidate: WINDOW })
    vi.spyOn(cache.backend, 'get').mockRejectedValue(new BackendError('disk gone'))
    expect(await price('tea')).toBe('tea v1')
    expect(seen).toEqual([`cacheerror read ${KEY}: disk gone`])
  })

  it('works as a method decorator, taking the cache ttl when the option has none', async () => {
    const shared = new Cache({ ttl: TTL })
    class Prices {
      calls = 0
      @cached({ cache: shared, staleWhileRevalidate: WINDOW, noself: true })
      async quote(item: string): Promise<string> {
        return `${item} #${++this.calls}`
      }
    }
    const prices = new Prices()
    expect(await prices.quote('tea')).toBe('tea #1')
    vi.setSystemTime(T0 + TTL)
    expect(await prices.quote('tea')).toBe('tea #1')
    await (Prices.prototype.quote as unknown as { settled(): Promise<void> }).settled()
    expect(await prices.quote('tea')).toBe('tea #2')
  })
})
