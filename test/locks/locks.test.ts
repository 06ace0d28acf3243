import { describe, expect, it } from 'vitest'
import { Cache } from '../../src/core/cache.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { CacheTimeoutError, LockError, OptimisticLockError } from '../../src/core/errors.js'
import { OptimisticLock } from '../../src/locks/optimistic-lock.js'
import { RedLock } from '../../src/locks/red-lock.js'
import { JsonSerializer } from '../../src/serializers/json.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('RedLock', () => {
  it('admits one holder at a time', async () => {
    const cache = new Cache({ namespace: 'locks' })
    let inside = 0
    let most = 0
    await Promise.all(
      Array.from({ length: 5 }, () =>
        RedLock.run(
          cache,
          'job',
          async () => {
            most = Math.max(most, ++inside)
            await sleep(5)
            inside--
          },
          { lease: 1000 },
        ),
      ),
    )
    expect(most).toBe(1)
    expect(await cache.exists('job-lock')).toBe(false)
  })

  it('throws LockError when it cannot acquire in time, never proceeding as if held', async () => {
    const cache = new Cache()
    const held = await RedLock.acquire(cache, 'k', { lease: 1000 })
    await expect(RedLock.acquire(cache, 'k', { lease: 1000, wait: 30 })).rejects.toThrow(LockError)
    let ran = false
    await expect(RedLock.run(cache, 'k', () => (ran = true), { lease: 1000, wait: 0 })).rejects.toThrow(/within 0 ms/)
    expect(ran).toBe(false)
    await held.release()
    await (await RedLock.acquire(cache, 'k', { lease: 1000, wait: 0 })).release()
  })

  it('frees itself after its lease, and the late holder learns it on release', async () => {
    const cache = new Cache()
    const first = await RedLock.acquire(cache, 'k', { lease: 30 })
    await sleep(50)
    const second = await RedLock.acquire(cache, 'k', { lease: 1000, wait: 0 })
    await expect(first.release()).rejects.toThrow(/lease of 30 ms .* ran out/)
    expect(await cache.exists('k-lock')).toBe(true)
    await second.release()
    await second.release()
  })

  it('releases at the end of an await using scope, and when fn throws', async () => {
    const cache = new Cache()
    {
      await using lock = await RedLock.acquire(cache, 'k', { lease: 1000 })
      expect(lock.key).toBe('k-lock')
      expect(await cache.exists('k-lock')).toBe(true)
    }
    expect(await cache.exists('k-lock')).toBe(false)
    await expect(RedLock.run(cache, 'k', () => Promise.reject(new Error('boom')), { lease: 1000 })).rejects.toThrow(
      'boom',
    )
    expect(await cache.exists('k-lock')).toBe(false)
  })

  it('rejects bad options, naming them', async () => {
    const cache = new Cache()
    await expect(RedLock.acquire(cache, 'k', { lease: 0 })).rejects.toThrow(/options.lease must be a positive number/)
    await expect(RedLock.acquire(cache, 'k', { lease: -5 })).rejects.toThrow(RangeError)
    await expect(RedLock.acquire(cache, 'k', { lease: 10, wait: -1 })).rejects.toThrow(/options.wait/)
    await expect(RedLock.acquire(cache, 3 as never, { lease: 10 })).rejects.toThrow(/key must be a string/)
  })
})

describe('OptimisticLock', () => {
  it('writes when nobody changed the value since begin', async () => {
    const cache = new Cache({ serializer: JsonSerializer })
    await cache.set('cart', ['apple'])
    const lock = await OptimisticLock.begin<string[]>(cache, 'cart')
    expect(lock.value).toEqual(['apple'])
    await lock.cas([...lock.value!, 'pear'], { ttl: 60_000 })
    expect(await cache.get('cart')).toEqual(['apple', 'pear'])
    expect(await cache.ttl('cart')).toBeGreaterThan(50_000)
  })

  it('throws OptimisticLockError when the value changed, leaving the other writer’s value', async () => {
    const cache = new Cache()
    await cache.set('n', 1)
    const lock = await OptimisticLock.begin<number>(cache, 'n')
    await cache.set('n', 2)
    await expect(lock.cas(lock.value! + 1)).rejects.toBeInstanceOf(OptimisticLockError)
    expect(await cache.get('n')).toBe(2)
  })

  it('treats an absent key as a value: a concurrent creation is a conflict', async () => {
    const cache = new Cache()
    const lock = await OptimisticLock.begin(cache, 'new')
    expect(lock.value).toBeUndefined()
    await cache.set('new', 'someone else')
    await expect(lock.cas('mine')).rejects.toThrow(/changed since the lock began/)
    const again = await OptimisticLock.begin(cache, 'fresh')
    await again.cas('mine')
    expect(await cache.get('fresh')).toBe('mine')
  })

  it('rejects undefined values and bad ttl', async () => {
    const lock = await OptimisticLock.begin(new Cache(), 'k')
    await expect(lock.cas(undefined)).rejects.toThrow(/value must not be undefined/)
    await expect(lock.cas(1, { ttl: -1 })).rejects.toThrow(/options.ttl/)
  })
})

describe('locks go through the cache', () => {
  /** A memory store that counts what reaches it, and whose compare-and-swap can be made to hang. */
  class Watched extends MemoryBackend {
    calls = 0
    hang = false
    override async compareAndSwap(key: string, expected: unknown, value: unknown, ttl: number | undefined) {
      this.calls++
      if (this.hang) return new Promise<boolean>(() => {})
      return super.compareAndSwap(key, expected, value, ttl)
    }
    override async get(key: string) {
      this.calls++
      return super.get(key)
    }
  }

  it('a closed cache refuses them with its closed error and its backend is not touched', async () => {
    const backend = new Watched()
    const cache = new Cache({ backend })
    const held = await RedLock.acquire(cache, 'job', { lease: 1000 })
    await cache.close()
    const before = backend.calls
    await expect(RedLock.acquire(cache, 'other', { lease: 1000 })).rejects.toThrow(/the cache is closed/)
    await expect(held.release()).rejects.toThrow(/the cache is closed/)
    await expect(OptimisticLock.begin(cache, 'k')).rejects.toThrow(/the cache is closed/)
    expect(backend.calls).toBe(before)
  })

  it('time out with the cache timeout', async () => {
    const backend = new Watched()
    const cache = new Cache({ backend, timeout: 30 })
    backend.hang = true
    await expect(RedLock.acquire(cache, 'job', { lease: 1000 })).rejects.toBeInstanceOf(CacheTimeoutError)
    backend.hang = false
    const lock = await OptimisticLock.begin(cache, 'k')
    backend.hang = true
    await expect(lock.cas('v')).rejects.toBeInstanceOf(CacheTimeoutError)
  })
})
