import { describe, expect, it, vi } from 'vitest'
import { Cache } from '../../src/core/cache.js'
import { BackendError } from '../../src/core/errors.js'
import { CacheErrorEvent } from '../../src/core/events.js'
import { multiCached } from '../../src/decorators/multi-cached.js'

describe('multiCached', () => {
  it('calls fn with only the missing keys, as the caller gave them, and merges', async () => {
    const seen: string[][] = []
    const getUsers = multiCached(async (ids: string[]) => {
      seen.push(ids)
      return Object.fromEntries(ids.map((id) => [id, { id }]))
    })
    expect(await getUsers(['a', 'b'])).toEqual({ a: { id: 'a' }, b: { id: 'b' } })
    expect(await getUsers(['b', 'c', 'a'])).toEqual({ b: { id: 'b' }, c: { id: 'c' }, a: { id: 'a' } })
    expect(await getUsers(['a', 'c'])).toEqual({ a: { id: 'a' }, c: { id: 'c' } })
    expect(seen).toEqual([['a', 'b'], ['c']])
  })

  it('passes the original keys to fn even when keyBuilder transforms the cache keys', async () => {
    const seen: number[][] = []
    const cache = new Cache()
    const squares = multiCached(
      async (prefix: string, ids: number[]) => {
        seen.push(ids)
        return new Map(ids.map((id) => [id, `${prefix}${id * id}`]))
      },
      {
        keysFrom: 1,
        keyBuilder: (id, prefix) => `${String(prefix)}sq:${String(id)}`,
        cache,
        ttl: 60_000,
        returns: 'map',
      },
    )
    expect(await squares('#', [2, 3])).toEqual(
      new Map([
        [2, '#4'],
        [3, '#9'],
      ]),
    )
    expect(await squares('#', [3, 4])).toEqual(
      new Map([
        [3, '#9'],
        [4, '#16'],
      ]),
    )
    expect(seen).toEqual([[2, 3], [4]])
    expect((await cache.keys()).sort()).toEqual(['#sq:2', '#sq:3', '#sq:4'])
    expect(await cache.ttl('#sq:2')).toBeGreaterThan(50_000)
  })

  it('uses one multiGet and one multiSet per call', async () => {
    const cache = new Cache()
    const multiGet = vi.spyOn(cache, 'multiGet')
    const multiSet = vi.spyOn(cache, 'multiSet')
    const wrapped = multiCached(async (keys: string[]) => Object.fromEntries(keys.map((k) => [k, k.length])), { cache })
    await wrapped(['x', 'yy', 'zzz'])
    expect(multiGet).toHaveBeenCalledTimes(1)
    expect(multiSet).toHaveBeenCalledTimes(1)
    expect(multiSet.mock.calls[0]![0]).toEqual([
      ['x', 1],
      ['yy', 2],
      ['zzz', 3],
    ])
  })

  it('leaves out keys fn did not return, and does not store what skipCache refuses', async () => {
    const calls: string[][] = []
    const wrapped = multiCached(
      async (keys: string[]) => {
        calls.push(keys)
        return Object.fromEntries(keys.filter((k) => k !== 'gone').map((k) => [k, k === 'temp' ? 'volatile' : k]))
      },
      { skipCache: (value) => value === 'volatile' },
    )
    expect(await wrapped(['a', 'gone', 'temp'])).toEqual({ a: 'a', temp: 'volatile' })
    await wrapped(['a', 'gone', 'temp'])
    expect(calls).toEqual([
      ['a', 'gone', 'temp'],
      ['gone', 'temp'],
    ])
  })

  it('falls back to fn for every key when the cache fails, reporting it', async () => {
    const cache = new Cache()
    vi.spyOn(cache.backend, 'multiGet').mockRejectedValue(new BackendError('down'))
    const events: string[] = []
    cache.addEventListener(CacheErrorEvent.type, (event) => events.push((event as CacheErrorEvent).operation))
    const wrapped = multiCached(async (keys: string[]) => Object.fromEntries(keys.map((k) => [k, 1])), { cache })
    expect(await wrapped(['a', 'b'])).toEqual({ a: 1, b: 1 })
    expect(events).toEqual(['read'])
  })

  it('has the controls of cached: invalidate, refresh and withOptions', async () => {
    const cache = new Cache({ namespace: 'users' })
    const seen: string[][] = []
    let version = 0
    const getUsers = multiCached(
      async (ids: string[]) => {
        seen.push(ids)
        version++
        return Object.fromEntries(ids.map((id) => [id, `${id}@${version}`]))
      },
      { cache },
    )
    expect(await getUsers(['a', 'b', 'c'])).toEqual({ a: 'a@1', b: 'b@1', c: 'c@1' })
    expect(await getUsers.invalidate(['a', 'b', 'a', 'zzz'])).toBe(2)
    expect(await cache.keys()).toEqual(['c'])
    expect(await getUsers(['a', 'c'])).toEqual({ a: 'a@2', c: 'c@1' })
    expect(await getUsers.refresh(['a', 'c'])).toEqual({ a: 'a@3', c: 'c@3' })
    expect(await getUsers(['a', 'c'])).toEqual({ a: 'a@3', c: 'c@3' })
    expect(await getUsers.withOptions({ read: false, write: false })(['a'])).toEqual({ a: 'a@4' })
    expect(await getUsers(['a'])).toEqual({ a: 'a@3' })
    expect(await getUsers.withOptions({ write: false })(['a', 'd'])).toEqual({ a: 'a@3', d: 'd@5' })
    expect(await cache.exists('d')).toBe(false)
    expect(seen).toEqual([['a', 'b', 'c'], ['a'], ['a', 'c'], ['a'], ['d']])
    await getUsers.settled()
  })

  it('invalidates with the other arguments the keyBuilder uses', async () => {
    const cache = new Cache()
    const rates = multiCached(
      async (base: string, quotes: string[]) => new Map(quotes.map((quote) => [quote, `${base}/${quote}`])),
      { cache, keysFrom: 1, keyBuilder: (quote, base) => `${String(base)}-${String(quote)}`, returns: 'map' },
    )
    await rates('EUR', ['USD', 'JPY'])
    await rates('GBP', ['USD'])
    expect(await rates.invalidate('EUR', ['USD'])).toBe(1)
    expect((await cache.keys()).sort()).toEqual(['EUR-JPY', 'GBP-USD'])
    await expect(rates.invalidate('EUR', 'USD' as never)).rejects.toThrow(/argument 1 \(options.keysFrom\) must be/)
  })

  it('rejects bad input, naming the option', async () => {
    expect(() => multiCached('nope' as never)).toThrow(/fn must be a function/)
    expect(() => multiCached(async (keys: string[]) => ({ keys }), { keysFrom: 1 })).toThrow(
      /options.keysFrom 1 names no argument: fn declares 1/,
    )
    expect(() => multiCached(async (keys: string[]) => ({ keys }), { keysFrom: -1 })).toThrow(RangeError)
    expect(() => multiCached(async (keys: string[]) => ({ keys }), { ttl: Number.NaN })).toThrow(/options.ttl/)
    const wrapped = multiCached(async (keys: string[]) => ({ keys }))
    await expect(wrapped('a' as never)).rejects.toThrow(
      /argument 0 \(options.keysFrom\) must be an array of keys, got string/,
    )
  })
})

describe('multiCached result kind', () => {
  it('answers a Map every time with returns: map, all-hit calls after a reload included', async () => {
    const cache = new Cache()
    const load = async (ids: number[]) => new Map(ids.map((id) => [id, id * 2]))
    const first = multiCached(load, { cache, returns: 'map', keyBuilder: (id) => `d:${String(id)}` })
    expect(await first([1, 2])).toEqual(
      new Map([
        [1, 2],
        [2, 4],
      ]),
    )
    // A new wrapper over the same stored results (as after a reload): every key is a hit, fn never runs.
    const reloaded = multiCached(load, { cache, returns: 'map', keyBuilder: (id) => `d:${String(id)}` })
    const hits = await reloaded([2, 1])
    expect(hits).toBeInstanceOf(Map)
    expect([...hits]).toEqual([
      [2, 4],
      [1, 2],
    ])
  })

  it('answers an object every time by default, and refuses a fn that resolves to the other kind', async () => {
    const byObject = multiCached(async (ids: string[]) => Object.fromEntries(ids.map((id) => [id, id])))
    expect(await byObject(['a'])).toEqual({ a: 'a' })
    expect(await byObject(['a'])).toEqual({ a: 'a' })
    const mapsAnyway = multiCached((async (ids: string[]) => new Map(ids.map((id) => [id, id]))) as never)
    await expect(mapsAnyway(['a'] as never)).rejects.toThrow(/fn must resolve to an object \(or pass options.returns/)
    const objectsAnyway = multiCached((async () => ({})) as never, { returns: 'map' })
    await expect(objectsAnyway(['a'] as never)).rejects.toThrow(/fn must resolve to a Map/)
    expect(() => multiCached(async () => ({}), { returns: 'set' } as never)).toThrow(
      /options.returns must be 'object' or 'map', got "set"/,
    )
  })
})
