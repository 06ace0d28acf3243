// The options and URL parameters of a bounded IndexedDB store, and the bound itself on fake-indexeddb in Node (the
// authority is bound.browser.test.ts, in real Chromium, Firefox and WebKit).
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { IndexedDBBackend } from '../../../src/backends/indexeddb/index.js'
import { Cache } from '../../../src/core/cache.js'
import { runBackendContract } from '../contract.js'

runBackendContract(
  'bounded indexeddb (fake-indexeddb in Node)',
  () => new IndexedDBBackend({ dbName: 'contract-node-bounded', maxEntries: 100_000, maxBytes: 1e9 }),
)

describe('IndexedDBBackend bound options', () => {
  it.each([
    ['maxEntries', 0, RangeError],
    ['maxEntries', -5, RangeError],
    ['maxEntries', 1.5, RangeError],
    ['maxEntries', Number.NaN, RangeError],
    ['maxEntries', 2 ** 53, RangeError],
    ['maxBytes', -Infinity, RangeError],
    ['maxBytes', '1000', TypeError],
    ['accessInterval', 0, RangeError],
    ['accessInterval', null, TypeError],
  ])('%s: %s is refused, naming the option', (name, value, type) => {
    expect(() => new IndexedDBBackend({ [name]: value })).toThrow(type)
    expect(() => new IndexedDBBackend({ [name]: value })).toThrow(
      new RegExp(`^${name} must be a positive integer or Infinity`),
    )
  })

  it('takes positive integers and Infinity', () => {
    expect(() => new IndexedDBBackend({ maxEntries: 1, maxBytes: Infinity, accessInterval: 1000 })).not.toThrow()
    expect(() => new IndexedDBBackend({ maxEntrie: 10 } as never)).toThrow(/unknown option\(s\) maxEntrie/)
  })
})

describe('indexeddb:// bound parameters', () => {
  it.each([
    ['maxEntries=0', RangeError, /url parameter maxEntries must be a positive integer or Infinity, got 0/],
    ['maxBytes=1.5', RangeError, /url parameter maxBytes must be a positive integer or Infinity, got 1.5/],
    ['accessInterval=soon', TypeError, /url parameter accessInterval must be a number, got "soon"/],
    ['maxentries=10', TypeError, /unknown parameter "maxentries"; known for indexeddb:\/\/: .*maxEntries, maxBytes/],
  ])('%s is refused when the URL is read', (query, type, message) => {
    expect(() => Cache.fromUrl(`indexeddb://app/cache?${query}`)).toThrow(type)
    expect(() => Cache.fromUrl(`indexeddb://app/cache?${query}`)).toThrow(message)
  })

  it('bounds the store it opens', async () => {
    const cache = Cache.fromUrl('indexeddb://url-bound/cache?namespace=ns&maxEntries=5&accessInterval=Infinity')
    // A millisecond apart: records last used in the same millisecond are given up in key order (`k15` before `k9`).
    for (let i = 0; i < 20; i++) {
      await cache.set(`k${i}`, i)
      await new Promise((resolve) => setTimeout(resolve, 2))
    }
    await expect.poll(() => cache.raw('count', IDBKeyRange.lowerBound('')), { timeout: 10_000, interval: 20 }).toBe(5)
    expect(await cache.multiGet(['k0', 'k15', 'k19'])).toEqual([undefined, 15, 19])
    await cache.close()
  })
})

describe('examples/indexeddb-bound.ts', () => {
  it('bounds the store, from options and from a URL alike', async () => {
    const { cache, given, home, same } = await import('../../../examples/indexeddb-bound.js')
    expect(home).toBe('<h1>Home</h1>')
    expect(given).toEqual([])
    expect(await (same as Cache).get('/home')).toBe('<h1>Home</h1>')
    expect(await cache.raw('get', 1)).toMatchObject({ pycached: 'usage', entries: 1 })
    await cache.clear()
    await Promise.all([cache.close(), (same as Cache).close()])
  })
})
