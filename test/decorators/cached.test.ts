import { describe, expect, it, vi } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'
import { BackendError } from '../../src/core/errors.js'
import { CacheErrorEvent } from '../../src/core/events.js'
import { cached } from '../../src/decorators/cached.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('cached', () => {
  it('computes once per key and serves later calls from the cache', async () => {
    let calls = 0
    async function fetchUser(id: string) {
      calls++
      return { id, name: id.toUpperCase() }
    }
    const getUser = cached(fetchUser)
    expect(await getUser('ada')).toEqual({ id: 'ada', name: 'ADA' })
    expect(await getUser('ada')).toEqual({ id: 'ada', name: 'ADA' })
    expect(await getUser('grace')).toEqual({ id: 'grace', name: 'GRACE' })
    expect(calls).toBe(2)
    expect(await getUser.cache.keys()).toEqual(['fetchUser("ada")', 'fetchUser("grace")'])
  })

  it('shares one computation between concurrent calls with the same key', async () => {
    let runs = 0
    const slow = cached(async (n: number) => {
      runs++
      await sleep(20)
      return n * 2
    })
    const results = await Promise.all(Array.from({ length: 50 }, () => slow(21)))
    expect(results).toEqual(Array(50).fill(42))
    expect(runs).toBe(1)
  })

  it('keys objects independently of property order', async () => {
    const fn = vi.fn(async (query: { a: number; b: number[] }) => query.a + query.b.length)
    const search = cached(fn)
    await search({ a: 1, b: [1, 2] })
    await search({ b: [1, 2], a: 1 })
    expect(fn).toHaveBeenCalledTimes(1)
    expect(search.keyOf({ b: [1], a: 1 })).toBe(search.keyOf({ a: 1, b: [1] }))
    expect(search.keyOf({ a: 1, b: [1] })).not.toBe(search.keyOf({ a: 1, b: [2] }))
  })

  it('uses key over keyBuilder over the default, with the given cache, namespace and ttl', async () => {
    const backend = new MemoryBackend()
    const cache = new Cache({ backend })
    const fixed = cached(async () => 'f', { cache, key: 'fixed', namespace: 'n' })
    const built = cached(async (id: string) => `b-${id}`, { cache, keyBuilder: (id) => `user/${id}`, ttl: 60_000 })
    await fixed()
    await built('x')
    expect(await backend.get('n:fixed')).toBe('f')
    expect(await cache.get('user/x')).toBe('b-x')
    expect(await cache.ttl('user/x')).toBeGreaterThan(50_000)
  })

  it('caches nothing when the function throws, and rethrows', async () => {
    let fail = true
    const flaky = cached(async () => {
      if (fail) throw new Error('upstream down')
      return 'ok'
    })
    await expect(flaky()).rejects.toThrow('upstream down')
    expect(await flaky.cache.keys()).toEqual([])
    fail = false
    expect(await flaky()).toBe('ok')
  })

  it('does not store results that skipCache refuses, nor undefined', async () => {
    const fn = vi.fn(async (n: number) => (n < 0 ? undefined : n === 0 ? null : n))
    const wrapped = cached(fn, { skipCache: (result) => result === null })
    await wrapped(0)
    await wrapped(0)
    await wrapped(-1)
    await wrapped(-1)
    await wrapped(5)
    await wrapped(5)
    expect(fn).toHaveBeenCalledTimes(5)
  })

  it('invalidate removes one result; refresh recomputes and stores it', async () => {
    let version = 0
    const load = cached(async (id: string) => `${id}@${++version}`)
    expect(await load('a')).toBe('a@1')
    expect(await load.invalidate('a')).toBe(true)
    expect(await load.invalidate('a')).toBe(false)
    expect(await load('a')).toBe('a@2')
    expect(await load.refresh('a')).toBe('a@3')
    expect(await load('a')).toBe('a@3')
  })

  it('withOptions bypasses reading or writing the cache per call', async () => {
    let version = 0
    const load = cached(async () => ++version)
    await load()
    expect(await load.withOptions({ read: false, write: false })()).toBe(2)
    expect(await load()).toBe(1)
    expect(await load.withOptions({ read: false })()).toBe(3)
    expect(await load()).toBe(3)
    expect(await load.withOptions({ write: false }).call(undefined)).toBe(3)
  })

  it('falls back to the function when the cache fails, and reports it as an event', async () => {
    const cache = new Cache()
    vi.spyOn(cache.backend, 'get').mockRejectedValue(new BackendError('read failed'))
    vi.spyOn(cache.backend, 'set').mockRejectedValue(new BackendError('write failed'))
    const events: CacheErrorEvent[] = []
    cache.addEventListener(CacheErrorEvent.type, (event) => events.push(event as CacheErrorEvent))
    const increment = async (n: number) => n + 1
    expect(await cached(increment, { cache })(1)).toBe(2)
    expect(events.map((event) => [event.operation, event.key, (event.error as Error).message])).toEqual([
      ['read', 'increment(1)', 'read failed'],
      ['write', 'increment(1)', 'write failed'],
    ])
  })

  it('rejects bad input, naming the argument or option', async () => {
    expect(() => cached(42 as never)).toThrow(/fn must be a function, got number/)
    expect(() => cached(null as never)).toThrow(/fn must be a function, got null/)
    expect(() => cached(async () => 1, { ttl: -1 })).toThrow(/options.ttl/)
    expect(() => cached(async () => 1, { cache: {} as never })).toThrow(/options.cache must be a Cache/)
    expect(() => cached(async () => 1, { key: 5 as never })).toThrow(/options.key must be a string/)
    const wrapped = cached(async (value: unknown) => value)
    await expect(wrapped(() => 1)).rejects.toThrow(/argument 0 is a function and cannot be part of a cache key/)
    const badBuilder = cached(async (n: number) => n, { keyBuilder: () => 7 as never })
    await expect(badBuilder(1)).rejects.toThrow(/the key returned by keyBuilder must be a string/)
  })
})

describe('@cached method decorator', () => {
  class Users {
    calls = 0
    constructor(readonly prefix: string) {}

    @cached({ ttl: 60_000 })
    async load(id: string): Promise<string> {
      this.calls++
      return `${this.prefix}:${id}`
    }

    @cached({ noself: true })
    async shared(id: string): Promise<string> {
      this.calls++
      return `${this.prefix}:${id}`
    }
  }

  it('caches per instance by default, with this bound', async () => {
    const a = new Users('a')
    const b = new Users('b')
    expect(await a.load('1')).toBe('a:1')
    expect(await a.load('1')).toBe('a:1')
    expect(await b.load('1')).toBe('b:1')
    expect([a.calls, b.calls]).toEqual([1, 1])
  })

  it('shares results between instances with noself', async () => {
    const a = new Users('a')
    const b = new Users('b')
    expect(await a.shared('1')).toBe('a:1')
    expect(await b.shared('1')).toBe('a:1')
    expect(b.calls).toBe(0)
  })

  it('offers invalidateFor and refreshFor with the instance first', async () => {
    const a = new Users('a')
    await a.load('1')
    const method = Users.prototype.load as unknown as {
      invalidateFor(instance: Users, id: string): Promise<boolean>
      refreshFor(instance: Users, id: string): Promise<string>
    }
    expect(await method.invalidateFor(a, '1')).toBe(true)
    await a.load('1')
    expect(a.calls).toBe(2)
    await method.refreshFor(a, '1')
    expect(a.calls).toBe(3)
  })
})
