// Keys of cached functions on caches that outlive the page: never built from a name a minifier can change.
import 'fake-indexeddb/auto'
import { afterEach, describe, expect, it } from 'vitest'
import { IndexedDBBackend } from '../../src/backends/indexeddb/index.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import { cached } from '../../src/decorators/cached.js'
import { cachedStampede } from '../../src/decorators/cached-stampede.js'

const opened: Cache[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map(async (cache) => cache.clear().then(() => cache.close())))
})

function persistent(dbName = 'names'): Cache {
  const cache = new Cache({ backend: new IndexedDBBackend({ dbName }) })
  opened.push(cache)
  return cache
}

// What a minifier makes of two modules' functions: both come out as `a`.
const minified = [
  Object.defineProperty(async (id: number) => `product ${id}`, 'name', { value: 'a' }),
  Object.defineProperty(async (id: number) => `user ${id}`, 'name', { value: 'a' }),
] as const

describe('cached() on a cache that outlives the page', () => {
  it('refuses a function without a stable name, saying how to give one', () => {
    async function fetchProduct(id: number) {
      return id
    }
    expect(() => cached(fetchProduct, { cache: persistent() })).toThrow(
      new TypeError(
        "cached(fetchProduct): the cache's indexeddb backend outlives the page, so keys need a name that survives " +
          'minifying; give options.name (e.g. { name: "fetchProduct" }), namespace, key or keyBuilder',
      ),
    )
    const tiers = new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'names-tiers' })])
    const tiered = new Cache({ backend: tiers })
    opened.push(tiered)
    expect(() => cached(fetchProduct, { cache: tiered })).toThrow(/options\.name/)
    expect(() => cachedStampede(fetchProduct, { cache: tiered, lease: 1000 })).toThrow(/options\.name/)
  })

  it('keys results by options.name, so the next build finds them whatever the minifier called the function', async () => {
    const cache = persistent()
    const [thisBuild, nextBuild] = minified
    expect(await cached(thisBuild, { cache, name: 'product' })(1)).toBe('product 1')
    expect(await cache.keys()).toEqual(['product(1)'])
    // The next deploy: another function minified to the same `a`, under its own name, reads nothing of the first.
    const users = cached(nextBuild, { cache: persistent(), name: 'user' })
    expect(await users(1)).toBe('user 1')
    expect((await cache.keys()).sort()).toEqual(['product(1)', 'user(1)'])
  })

  it('with a namespace alone, keys are the arguments in that namespace', async () => {
    const cache = persistent()
    const [load] = minified
    expect(await cached(load, { cache, namespace: 'products' })(7)).toBe('product 7')
    expect(await cache.keys({ namespace: 'products' })).toEqual(['(7)'])
  })

  it('a key or keyBuilder needs no name', async () => {
    const cache = persistent()
    const [load] = minified
    await cached(load, { cache, keyBuilder: (id) => `product:${id}` })(2)
    await cached(minified[1], { cache, key: 'the-user' })(3)
    expect((await cache.keys()).sort()).toEqual(['product:2', 'the-user'])
  })

  it('keeps the function name on an in-process memory cache, as before', async () => {
    const cache = new Cache()
    const tiers = new Cache({
      backend: new TieredBackend([new MemoryBackend(), new MemoryBackend()], { channel: false }),
    })
    async function fetchProduct(id: number) {
      return id
    }
    await cached(fetchProduct, { cache })(1)
    await cached(fetchProduct, { cache: tiers })(1)
    expect(await cache.keys()).toEqual(['fetchProduct(1)'])
    expect(await tiers.keys()).toEqual(['fetchProduct(1)'])
  })

  it('refuses methods keyed by an instance, whose identity lasts one page load', async () => {
    const cache = persistent()
    expect(() => {
      class Products {
        @cached({ cache })
        async load(id: number) {
          return id
        }
      }
      return Products
    }).toThrow(/cannot be keyed by the instance; give noself: true/)
    class Shared {
      @cached({ cache, noself: true, name: 'shared.load' })
      async load(id: number) {
        return id * 2
      }
    }
    expect(await new Shared().load(4)).toBe(8)
    expect(await cache.keys()).toEqual(['shared.load(4)'])
  })

  it('checks the name', () => {
    expect(() => cached(minified[0], { cache: persistent(), name: 5 as never })).toThrow(
      new TypeError('options.name must be a string, got 5'),
    )
  })
})
