import { describe, expect, it } from 'vitest'
import { Cache } from '../../src/core/cache.js'
import { cached, type CachedOptions } from '../../src/decorators/cached.js'
import { cachedStampede } from '../../src/decorators/cached-stampede.js'
import { multiCached } from '../../src/decorators/multi-cached.js'
import { JsonSerializer } from '../../src/serializers/json.js'
import { MsgPackSerializer } from '../../src/serializers/msgpack.js'
import { StringSerializer } from '../../src/serializers/string.js'

const load = async (id: string) => id
const many = async (ids: string[]) => Object.fromEntries(ids.map((id) => [id, id]))

describe('wrapper options', () => {
  it('rejects unknown options with a TypeError naming them', () => {
    expect(() => cached(load, { tll: 1000 } as never)).toThrow(
      new TypeError(
        'cached(fn, options) has unknown option(s) tll; known: cache, name, ttl, staleWhileRevalidate, staleIfError, refreshAhead, key, keyBuilder, namespace, skipCache, noself, tags',
      ),
    )
    expect(() => cached(load, { ttl: 1, staleWhileRevalidates: 1, lease: 5 } as never)).toThrow(
      /^cached\(fn, options\) has unknown option\(s\) staleWhileRevalidates, lease; known: /,
    )
    expect(() => cachedStampede(load, { lease: 100, swr: 1 } as never)).toThrow(
      /^cachedStampede\(fn, options\) has unknown option\(s\) swr; known: .*noself, tags, lease$/,
    )
    expect(() => multiCached(many, { keysfrom: 0 } as never)).toThrow(
      /^multiCached\(fn, options\) has unknown option\(s\) keysfrom; known: keysFrom, /,
    )
    expect(
      () =>
        class {
          @cached({ noSelf: true } as CachedOptions) async find() {}
        },
    ).toThrow(/^cached\(fn, options\) has unknown option\(s\) noSelf/)
  })

  it('checks the types of the shared options, naming each', () => {
    expect(() => cached(load, { namespace: 3 } as never)).toThrow(/options.namespace must be a string, got 3/)
    expect(() => cached(load, { noself: 'yes' } as never)).toThrow(/options.noself must be a boolean/)
    expect(() => multiCached(many, { cache: new Map() } as never)).toThrow(/options.cache must be a Cache/)
    expect(() => multiCached(many, { skipCache: true } as never)).toThrow(/options.skipCache must be a function/)
    expect(() => cached(load, null as never)).toThrow(/options must be an object/)
  })

  it('checks staleWhileRevalidate: a positive finite window after a finite ttl, on a serializer that keeps objects', () => {
    expect(() => cached(load, { ttl: 10, staleWhileRevalidate: -1 })).toThrow(RangeError)
    expect(() => cached(load, { ttl: 10, staleWhileRevalidate: Infinity })).toThrow(
      /options.staleWhileRevalidate must be finite/,
    )
    expect(() => cached(load, { ttl: 10, staleWhileRevalidate: Number.NaN })).toThrow(RangeError)
    expect(() => cached(load, { ttl: 10, staleWhileRevalidate: '5s' as never })).toThrow(TypeError)
    expect(() => cached(load, { staleWhileRevalidate: 1000 })).toThrow(
      /options.staleWhileRevalidate needs a finite ttl \(options.ttl or the cache's\)/,
    )
    expect(() => cached(load, { ttl: 0, staleWhileRevalidate: 1000 })).toThrow(/needs a finite ttl/)
    expect(() => multiCached(many, { ttl: Infinity, staleWhileRevalidate: 1000 })).toThrow(/needs a finite ttl/)
    expect(() => cached(load, { cache: new Cache({ ttl: 100 }), staleWhileRevalidate: 1000 })).not.toThrow()
    expect(() => cached(load, { ttl: 100, staleWhileRevalidate: 0 })).not.toThrow()
    const strings = new Cache({ serializer: StringSerializer })
    expect(() => cached(load, { cache: strings, ttl: 10, staleWhileRevalidate: 10 })).toThrow(
      /stores \{ value, freshUntil \} objects, which the cache's serializer does not keep/,
    )
    for (const serializer of [JsonSerializer, MsgPackSerializer]) {
      expect(() => cached(load, { cache: new Cache({ serializer }), ttl: 10, staleWhileRevalidate: 10 })).not.toThrow()
    }
  })
})

describe('two functions with the same name on one cache', () => {
  it('is a TypeError that says how to tell them apart', () => {
    const cache = new Cache({ namespace: 'app' })
    cached(
      async function fetchUser(id: string) {
        return { id }
      },
      { cache },
    )
    expect(() =>
      cached(
        async function fetchUser(id: string) {
          return { id, other: true }
        },
        { cache },
      ),
    ).toThrow(
      new TypeError(
        'a function named "fetchUser" already caches in this cache (namespace "app"), with the same keys; ' +
          'give one of them its own name, namespace, key or keyBuilder',
      ),
    )
  })

  it('is fine with its own namespace, key or keyBuilder, on another cache, or for the same function twice', () => {
    const cache = new Cache()
    const first = async function fetchUser(id: string) {
      return { id }
    }
    const second = async function fetchUser(id: string) {
      return { id, v: 2 }
    }
    cached(first, { cache })
    cached(first, { cache, ttl: 5 })
    cachedStampede(first, { cache, lease: 100 })
    cached(second, { cache, namespace: 'v2' })
    cached(second, { cache, key: 'the-user' })
    cached(second, { cache, keyBuilder: (id) => `v2:${id}` })
    cached(second, { cache: new Cache() })
    cached(second)
    expect(() => cached(second, { cache, namespace: '' })).toThrow(/a function named "fetchUser" already caches/)
    const namespaced = new Cache({ namespace: 'app' })
    cached(first, { cache: namespaced })
    cached(second, { cache: namespaced, namespace: '' }) // '' means no namespace: other keys than "app:…"
    expect(() => cached(second, { cache: namespaced, namespace: 'app' })).toThrow(/already caches/)
  })

  it('applies to methods that share results across instances (noself), not to per-instance ones', () => {
    const cache = new Cache()
    class A {
      @cached({ cache, noself: true }) async find(id: string) {
        return `a${id}`
      }
      @cached({ cache }) async list() {
        return ['a']
      }
    }
    expect(
      () =>
        class B {
          @cached({ cache }) async list() {
            return ['b']
          }
        },
    ).not.toThrow()
    expect(
      () =>
        class C {
          @cached({ cache, noself: true }) async find(id: string) {
            return `c${id}`
          }
        },
    ).toThrow(/a function named "find" already caches/)
    void A
  })

  it('applies to multiCached functions keyed by the bare keys', () => {
    const cache = new Cache()
    multiCached(many, { cache })
    expect(() => multiCached(async (ids: string[]) => ({ [ids[0]!]: 1 }), { cache })).toThrow(
      /a multiCached function keyed by the bare keys already caches in this cache, with the same keys; give one of them its own namespace or keyBuilder/,
    )
    multiCached(async (ids: string[]) => ({ [ids[0]!]: 1 }), { cache, namespace: 'other' })
    multiCached(async (ids: string[]) => ({ [ids[0]!]: 1 }), { cache, keyBuilder: (id) => `n:${String(id)}` })
  })
})
