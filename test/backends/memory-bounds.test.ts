import { afterEach, describe, expect, it, vi } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('MemoryBackend LRU bound', () => {
  it('evicts the least recently used entry when full', async () => {
    const backend = new MemoryBackend({ maxSize: 3 })
    const cache = new Cache({ backend })
    await cache.multiSet([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ])
    await cache.get('a') // a is now the most recently used
    await cache.set('d', 4)
    expect(backend.size).toBe(3)
    expect(await cache.multiGet(['a', 'b', 'c', 'd'])).toEqual([1, undefined, 3, 4])
  })

  it('peek and snapshotPage leave the LRU order as it was: looking is not using', async () => {
    const backend = new MemoryBackend({ maxSize: 3 })
    const cache = new Cache({ backend })
    await cache.multiSet([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ])
    expect((await cache.peek(['a']))[0]!.value).toBe(1)
    expect((await cache.snapshotPage()).entries.map((entry) => entry.key)).toEqual(['a', 'b', 'c'])
    await cache.set('d', 4)
    expect(await cache.multiGet(['a', 'b', 'c', 'd'])).toEqual([undefined, 2, 3, 4])
  })

  it('counts a rewrite of an existing key as use, not as a new entry', async () => {
    const cache = new Cache({ backend: new MemoryBackend({ maxSize: 2 }) })
    await cache.set('a', 1)
    await cache.set('b', 2)
    await cache.set('a', 10)
    await cache.set('c', 3)
    expect(await cache.multiGet(['a', 'b', 'c'])).toEqual([10, undefined, 3])
  })

  it('rejects a bound that is not a positive integer', () => {
    expect(() => new MemoryBackend({ maxSize: 0 })).toThrow(/maxSize must be a positive integer/)
    expect(() => new MemoryBackend({ maxSize: 1.5 })).toThrow(RangeError)
  })
})

describe('MemoryBackend expiry', () => {
  it('never returns an entry at or after its expiry time', async () => {
    vi.useFakeTimers()
    const cache = new Cache()
    await cache.set('k', 'v', { ttl: 100 })
    vi.advanceTimersByTime(99)
    expect(await cache.get('k')).toBe('v')
    expect(await cache.ttl('k')).toBe(1)
    vi.advanceTimersByTime(1)
    expect(await cache.get('k')).toBeUndefined()
  })

  it('sweeps expired entries out of memory on a later write, without a timer per key', async () => {
    vi.useFakeTimers()
    const backend = new MemoryBackend({ sweepInterval: 1000 })
    const cache = new Cache({ backend })
    await cache.set('first', 0)
    for (let i = 0; i < 100; i++) await cache.set(`k${i}`, i, { ttl: 10 })
    expect(vi.getTimerCount()).toBe(0)
    expect(backend.size).toBe(101)
    vi.advanceTimersByTime(1000)
    await cache.set('trigger', 1)
    expect(backend.size).toBe(2)
  })
})
