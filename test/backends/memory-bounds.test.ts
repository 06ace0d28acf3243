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

  it('ttl, peek, snapshotPage, keys and entries leave the LRU order as it was: looking is not using', async () => {
    const backend = new MemoryBackend({ maxSize: 3 })
    const cache = new Cache({ backend })
    await cache.multiSet([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ])
    expect(await cache.ttl('a')).toBe(Infinity)
    expect((await cache.peek(['a']))[0]!.value).toBe(1)
    expect((await cache.snapshotPage()).entries.map((entry) => entry.key)).toEqual(['a', 'b', 'c'])
    expect(await cache.keys()).toEqual(['a', 'b', 'c'])
    expect(await cache.entries()).toHaveLength(3)
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

  it('evicts expired entries before any live one', async () => {
    vi.useFakeTimers()
    const backend = new MemoryBackend({ maxSize: 3 })
    const cache = new Cache({ backend })
    await cache.set('live', 1)
    await cache.set('short', 2, { ttl: 10 })
    await cache.set('later', 3, { ttl: 50 })
    vi.advanceTimersByTime(20)
    await cache.set('new', 4)
    expect(await cache.multiGet(['live', 'short', 'later', 'new'])).toEqual([1, undefined, 3, 4])
    vi.advanceTimersByTime(40)
    await cache.set('newer', 5)
    expect(await cache.multiGet(['live', 'later', 'new', 'newer'])).toEqual([1, undefined, 4, 5])
    expect(backend.size).toBe(3)
  })

  it('follows expiry changes, rewrites and deletes when choosing what to evict', async () => {
    vi.useFakeTimers()
    const backend = new MemoryBackend({ maxSize: 2 })
    const cache = new Cache({ backend })
    await cache.set('a', 1, { ttl: 10 })
    await cache.set('b', 2)
    await cache.expire('a', 0) // a no longer expires
    await cache.expire('b', 5)
    vi.advanceTimersByTime(20)
    await cache.set('c', 3)
    expect(await cache.multiGet(['a', 'b', 'c'])).toEqual([1, undefined, 3])
    await cache.set('a', 10, { ttl: 5 })
    await cache.set('a', 11) // rewritten without expiry: its old expiry must not evict it
    vi.advanceTimersByTime(20)
    await cache.set('d', 4)
    expect(await cache.multiGet(['a', 'c', 'd'])).toEqual([11, undefined, 4])
  })

  it.each([10, 1000])('keeps its expiry bookkeeping bounded under many rewrites (maxSize %i)', async (maxSize) => {
    const backend = new MemoryBackend({ maxSize })
    const cache = new Cache({ backend })
    for (let i = 0; i < 10_000; i++) await cache.set(`k${i % 20}`, i, { ttl: 60_000 })
    expect(backend.size).toBe(Math.min(maxSize, 20))
    expect(backend.trackedExpiries).toBeGreaterThan(0)
    expect(backend.trackedExpiries).toBeLessThanOrEqual(2 * backend.size + 64)
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
