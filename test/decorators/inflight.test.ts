// How concurrent calls of a cached function share one computation: only with calls of the same write intent, and
// for no longer than the cache's command timeout.
import { describe, expect, it } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'
import { cached } from '../../src/decorators/cached.js'
import { DEFAULT_MAX_RESULTS } from '../../src/decorators/call-cache.js'
import { multiCached } from '../../src/decorators/multi-cached.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('in-flight sharing', () => {
  it('never lets a call that stores nothing serve as the storing call', async () => {
    const cache = new Cache()
    let calls = 0
    const load = cached(
      async () => {
        const n = ++calls
        await sleep(10)
        return n
      },
      { cache, key: 'k' },
    )
    const peek = load.withOptions({ write: false })()
    const stored = load()
    expect(await Promise.all([peek, stored])).toEqual([1, 2])
    expect(await cache.get('k')).toBe(2)
    // Calls of one intent still share.
    const [a, b] = await Promise.all([load.withOptions({ read: false, write: false })(), load()])
    expect([a, b]).toEqual([3, 2])
  })

  it('ends with the cache timeout: a computation that never settles does not hold later calls', async () => {
    const cache = new Cache({ timeout: 30 })
    let calls = 0
    const load = cached(
      () => {
        calls++
        return calls === 1 ? new Promise<number>(() => {}) : Promise.resolve(calls)
      },
      { cache, key: 'k' },
    )
    void load()
    await sleep(60)
    const later = await Promise.race([load(), sleep(1000).then(() => 'hung')])
    expect(later).toBe(2)
  })
})

describe('the default store of a wrapper given no cache', () => {
  it('is a bounded memory cache', async () => {
    const load = cached(async (n: number) => n, { ttl: 1000 })
    const many = multiCached(async (ids: string[]) => Object.fromEntries(ids.map((id) => [id, id])))
    for (const backend of [load.cache.backend, many.cache.backend]) {
      expect(backend).toBeInstanceOf(MemoryBackend)
      const memory = backend as MemoryBackend
      for (let i = 0; i < DEFAULT_MAX_RESULTS + 5; i++) await memory.set(`k${i}`, i, undefined)
      expect(memory.size).toBe(DEFAULT_MAX_RESULTS)
    }
  })
})
