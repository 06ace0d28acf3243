import { afterEach, describe, expect, it, vi } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'
import { MAX_TIMEOUT, MAX_TTL } from '../../src/core/validate.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('keys that are not well-formed UTF-16', () => {
  const lone = ['\ud800', '\udc00', 'a\ud83d', '\ude00b']
  const cache = new Cache({ namespace: 'wf' })

  it.each(lone)('%j is a TypeError for every command that takes a key, and nothing is stored', async (key) => {
    await expect(cache.set(key, 1)).rejects.toThrow(/key must be a well-formed string/)
    await expect(cache.get(key)).rejects.toThrow(TypeError)
    await expect(cache.add(key, 1)).rejects.toThrow(TypeError)
    await expect(cache.increment(key)).rejects.toThrow(TypeError)
    await expect(cache.multiGet(['ok', key])).rejects.toThrow(/keys\[1\] must be a well-formed string/)
    await expect(
      cache.multiSet([
        ['ok', 1],
        [key, 2],
      ]),
    ).rejects.toThrow(/pairs\[1\]\[0\] \(key\)/)
    expect(await cache.keys()).toEqual([])
  })

  it('accepts well-formed keys with surrogate pairs', async () => {
    await cache.set('😀', 1)
    expect(await cache.get('😀')).toBe(1)
  })

  it('rejects such namespaces, in the constructor and per call', async () => {
    expect(() => new Cache({ namespace: '\ud800' })).toThrow(/namespace must be a well-formed string/)
    await expect(cache.set('k', 1, { namespace: '\udc00' })).rejects.toThrow(/options.namespace must be a well-formed/)
    await expect(cache.get('k', undefined, { namespace: 5 as never })).rejects.toThrow(/options.namespace must be a/)
    await expect(cache.clear({ namespace: '\udc00' })).rejects.toThrow(TypeError)
    await expect(cache.keys({ namespace: '\udc00' })).rejects.toThrow(TypeError)
  })
})

describe('TTLs, validated once in the core', () => {
  it('rounds a fractional ttl up to whole ms before any backend sees it', async () => {
    vi.useFakeTimers()
    const backend = new MemoryBackend()
    const cache = new Cache({ backend })
    await cache.set('half', 1, { ttl: 0.5 })
    expect(await cache.ttl('half')).toBe(1)
    await cache.set('k', 1)
    await cache.expire('k', 1000.2)
    expect(await cache.ttl('k')).toBe(1001)
    expect(new Cache({ ttl: 2.1 }).defaultTtl).toBe(3)
  })

  it(`accepts up to MAX_TTL (${MAX_TTL} ms), and keeps 0 and Infinity as "never"`, async () => {
    const cache = new Cache()
    await cache.set('max', 1, { ttl: MAX_TTL })
    expect(await cache.ttl('max')).toBeGreaterThan(MAX_TTL - 1000)
    expect(Number.isSafeInteger(Date.now() + MAX_TTL)).toBe(true)
    await cache.set('zero', 1, { ttl: 0 })
    await cache.set('inf', 1, { ttl: Infinity })
    expect(await cache.ttl('zero')).toBe(Infinity)
    expect(await cache.ttl('inf')).toBe(Infinity)
  })

  it('rejects a ttl above the maximum with a RangeError, storing and changing nothing', async () => {
    const cache = new Cache()
    await expect(cache.set('huge', 1, { ttl: 1e20 })).rejects.toThrow(RangeError)
    await expect(cache.set('huge', 1, { ttl: 1e20 })).rejects.toThrow(/options.ttl must be at most/)
    await expect(cache.multiSet([['huge', 1]], { ttl: MAX_TTL + 1 })).rejects.toThrow(RangeError)
    await expect(cache.add('huge', 1, { ttl: 1e20 })).rejects.toThrow(RangeError)
    expect(await cache.exists('huge')).toBe(false)
    await cache.set('k', 1, { ttl: 5000 })
    await expect(cache.expire('k', 1e20)).rejects.toThrow(/ttl must be at most/)
    expect(await cache.ttl('k')).toBeLessThanOrEqual(5000)
    expect(() => new Cache({ ttl: 1e20 })).toThrow(RangeError)
  })
})

describe('timeouts', () => {
  it(`accept up to MAX_TIMEOUT (${MAX_TIMEOUT} ms, what a timer can wait), and Infinity as none`, async () => {
    expect(new Cache({ timeout: Infinity }).timeout).toBe(0)
    expect(() => new Cache({ timeout: MAX_TIMEOUT + 1 })).toThrow(/timeout must be at most 2147483647/)
    const cache = new Cache({ timeout: MAX_TIMEOUT })
    await cache.set('k', 1)
    expect(await cache.get('k', undefined, { timeout: Infinity })).toBe(1)
    await expect(cache.get('k', undefined, { timeout: 1e10 })).rejects.toThrow(RangeError)
  })
})
