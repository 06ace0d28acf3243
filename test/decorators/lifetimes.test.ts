// cached(fn, { staleIfError, refreshAhead }): a failing function answered by the last result, and refreshes that
// start before the ttl ends.
import { describe, expect, it, vi } from 'vitest'
import type { CacheErrorEvent, RefreshEvent } from '../../src/index.js'
import { Cache, cached } from '../../src/index.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('staleIfError', () => {
  it('answers the last result when the function fails within the window, with a CacheErrorEvent; after it, fails', async () => {
    const cache = new Cache()
    const errors: CacheErrorEvent[] = []
    cache.addEventListener('cacheerror', (event) => errors.push(event as CacheErrorEvent))
    let failing = false
    let n = 0
    const price = cached(
      async () => {
        if (failing) throw new Error('source down')
        return ++n
      },
      { cache, key: 'price', ttl: 30, staleIfError: 150 },
    )
    expect(await price()).toBe(1)
    await sleep(50)
    failing = true
    expect(await price()).toBe(1)
    expect(errors).toHaveLength(1)
    expect(errors[0]!).toMatchObject({ key: 'price', operation: 'source' })
    expect((errors[0]!.error as Error).message).toBe('source down')
    failing = false
    // Past the ttl a working function answers, and its result is stored afresh.
    expect(await price()).toBe(2)
    await sleep(220)
    failing = true
    await expect(price()).rejects.toThrow('source down')
  })

  it('bad values are errors naming the option', () => {
    const cache = new Cache()
    expect(() => cached(async () => 1, { cache, key: 'a', ttl: 10, staleIfError: -1 })).toThrow(/staleIfError/)
    expect(() => cached(async () => 1, { cache, key: 'a', staleIfError: 10 })).toThrow(
      /staleIfError needs a finite ttl/,
    )
    expect(() => cached(async () => 1, { cache, key: 'a', ttl: 10, refreshAhead: 1 })).toThrow(RangeError)
    expect(() => cached(async () => 1, { cache, key: 'a', ttl: 10, refreshAhead: '0.2' as never })).toThrow(
      /refreshAhead must be a fraction/,
    )
  })
})

describe('refreshAhead', () => {
  it('a hit in the last part of the ttl answers at once and starts one refresh for the key', async () => {
    const cache = new Cache()
    const refreshes: RefreshEvent[] = []
    cache.addEventListener('refresh', (event) => refreshes.push(event as RefreshEvent))
    let n = 0
    const load = cached(async () => ++n, { cache, key: 'k', ttl: 200, refreshAhead: 0.5 })
    expect(await load()).toBe(1)
    expect(await load()).toBe(1)
    expect(refreshes).toHaveLength(0)
    await sleep(130)
    // Three hits at once in the last half: all answered with the current result, one refresh.
    expect(await Promise.all([load(), load(), load()])).toEqual([1, 1, 1])
    await load.settled()
    expect(refreshes).toHaveLength(1)
    expect(n).toBe(2)
    await vi.waitFor(async () => expect(await load()).toBe(2))
  })
})
