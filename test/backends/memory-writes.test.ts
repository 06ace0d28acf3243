import { afterEach, describe, expect, it, vi } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'

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
