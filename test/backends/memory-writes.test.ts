import { afterEach, describe, expect, it, vi } from 'vitest'
import { DeferredBackend } from '../../src/backends/deferred.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'
import { CacheError, SerializationError } from '../../src/core/errors.js'
import type { Serializer } from '../../src/serializers/serializer.js'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the memory backend answering at once', () => {
  it('leaves get and set to a subclass that overrides them', async () => {
    const seen: string[] = []
    class Logged extends MemoryBackend {
      override async get(key: string): Promise<unknown> {
        seen.push(`get ${key}`)
        return super.get(key)
      }
      override async set(key: string, value: unknown, ttl: number | undefined): Promise<void> {
        seen.push(`set ${key}`)
        return super.set(key, value, ttl)
      }
    }
    const cache = new Cache({ backend: new Logged() })
    await cache.set('k', 1)
    expect(await cache.get('k')).toBe(1)
    expect(seen).toEqual(['set k', 'get k'])
    expect(new MemoryBackend().setNow('k', 1, undefined)).toBe(true)
    expect(new Logged().setNow('k', 1, undefined)).toBe(false)
  })

  it('checks a set it takes at once as every command: a closed cache, a bad timeout, a value it cannot dump', async () => {
    const cache = new Cache({
      serializer: {
        dumps: (value) => {
          if (value === 'bad') throw new Error('no form')
          return value
        },
        loads: (raw) => raw,
      },
    })
    await cache.set('k', 1)
    await expect(cache.set('k', 2, { timeout: -1 })).rejects.toThrow(RangeError)
    const refused = await cache.set('k', 'bad').catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(SerializationError)
    expect(refused).toMatchObject({ command: 'set', backend: 'memory', key: 'k' })
    expect(await cache.get('k')).toBe(1)
    await cache.close()
    const closed = await cache.set('k', 3).catch((error: unknown) => error)
    expect(closed).toBeInstanceOf(CacheError)
    expect(closed).toMatchObject({ command: 'set' })
  })

  it('dumps a value once when the store cannot take it at once', async () => {
    let dumped = 0
    const counting: Serializer = {
      dumps: (value) => {
        dumped++
        return value
      },
      loads: (raw) => raw,
    }
    class Logged extends MemoryBackend {
      override async set(key: string, value: unknown, ttl: number | undefined): Promise<void> {
        return super.set(key, value, ttl)
      }
    }
    const logged = new Cache({ backend: new Logged(), serializer: counting })
    await logged.set('k', 1)
    expect(dumped).toBe(1)
    expect(await logged.get('k')).toBe(1)
    // A store that loads on first use takes writes at once only once it is loaded.
    const deferred = new Cache({
      backend: new DeferredBackend('memory', async () => new MemoryBackend()),
      serializer: counting,
    })
    await deferred.set('k', 2)
    await deferred.set('k', 3)
    expect(dumped).toBe(3)
    expect(await deferred.get('k')).toBe(3)
  })

  it('reads no clock on writes while no entry can expire', async () => {
    const cache = new Cache()
    const now = vi.spyOn(Date, 'now')
    for (let i = 0; i < 10; i++) await cache.set(`k${i}`, i)
    await cache.multiSet([['m', 1]])
    expect(now).not.toHaveBeenCalled()
    await cache.set('t', 1, { ttl: 1000 })
    expect(now).toHaveBeenCalledTimes(1)
  })
})
