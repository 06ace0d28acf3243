// Unknown options and URL parameters are TypeErrors that name them and list the known ones.
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { IndexedDBBackend } from '../../src/backends/indexeddb/index.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'
import { CacheRegistry } from '../../src/core/registry.js'
import { registerBackendScheme } from '../../src/core/url.js'

describe('constructors reject unknown options', () => {
  it('Cache', () => {
    expect(() => new Cache({ ttll: 5 } as never)).toThrow(TypeError)
    expect(() => new Cache({ ttll: 5 } as never)).toThrow(
      /Cache options has unknown option\(s\) ttll; known: backend, namespace, serializer, plugins, keyBuilder, ttl, timeout/,
    )
    expect(() => new Cache(5 as never)).toThrow(/Cache options must be an object, got 5/)
  })

  it('MemoryBackend', () => {
    expect(() => new MemoryBackend({ max: 10 } as never)).toThrow(
      /MemoryBackend options has unknown option\(s\) max; known: maxSize, sweepInterval/,
    )
    expect(() => new MemoryBackend({ sweepInterval: -1 })).toThrow(/sweepInterval/)
  })

  it('IndexedDBBackend', () => {
    expect(() => new IndexedDBBackend({ name: 'db' } as never)).toThrow(
      /IndexedDBBackend options has unknown option\(s\) name; known: dbName, storeName, sweepInterval/,
    )
  })
})

describe('commands reject unknown per-call options, storing nothing', () => {
  const cache = new Cache({ namespace: 'ns' })

  it.each([
    [
      'set',
      () => cache.set('k', 1, { ttll: 5 } as never),
      /set options has unknown option\(s\) ttll; known: namespace, timeout, ttl, dumps/,
    ],
    [
      'multiSet',
      () => cache.multiSet([['k', 1]], { namspace: 'x' } as never),
      /multiSet options has unknown option\(s\) namspace/,
    ],
    ['add', () => cache.add('k', 1, { loads: JSON.parse } as never), /add options has unknown option\(s\) loads/],
    [
      'get',
      () => cache.get('k', undefined, { ttl: 5 } as never),
      /get options has unknown option\(s\) ttl; known: namespace, timeout, loads/,
    ],
    [
      'multiGet',
      () => cache.multiGet(['k'], { dumps: String } as never),
      /multiGet options has unknown option\(s\) dumps/,
    ],
    [
      'exists',
      () => cache.exists('k', { ttl: 1 } as never),
      /exists options has unknown option\(s\) ttl; known: namespace, timeout$/,
    ],
    ['delete', () => cache.delete('k', { force: true } as never), /delete options/],
    [
      'increment',
      () => cache.increment('k', 1, { ttl: 5 } as never),
      /increment options has unknown option\(s\) ttl; known: namespace, timeout, dumps, loads/,
    ],
    ['expire', () => cache.expire('k', 5, { ttl: 5 } as never), /expire options/],
    ['ttl', () => cache.ttl('k', { loads: String } as never), /ttl options/],
    ['keys', () => cache.keys({ limit: 5 } as never), /keys options has unknown option\(s\) limit/],
    ['entries', () => cache.entries({ limit: 5 } as never), /entries options has unknown option\(s\) limit/],
    ['peek', () => cache.peek(['k'], { ttl: 5 } as never), /peek options/],
    ['clear', () => cache.clear({ prefix: 'x' } as never), /clear options has unknown option\(s\) prefix/],
  ])('%s', async (_command, call, message) => {
    await expect(call()).rejects.toThrow(TypeError)
    await expect(call()).rejects.toThrow(message)
    expect(await cache.keys()).toEqual([])
  })

  it('options that are not an object are a TypeError too', async () => {
    await expect(cache.set('k', 1, 5 as never)).rejects.toThrow(/set options must be an object, got 5/)
    await expect(cache.get('k', undefined, null as never)).rejects.toThrow(/get options must be an object, got null/)
    await expect(cache.clear([] as never)).rejects.toThrow(/clear options must be an object, got an array/)
    expect(await cache.keys()).toEqual([])
  })
})

describe('Cache.fromUrl rejects unknown parameters', () => {
  it.each([
    [
      'memory://?namespace=a&maxsize=3',
      /unknown parameter "maxsize"; known for memory:\/\/: namespace, ttl, timeout, maxSize/,
    ],
    [
      'indexeddb://app/cache?maxSize=3',
      /unknown parameter "maxSize"; known for indexeddb:\/\/: namespace, ttl, timeout, sweepInterval/,
    ],
    ['memory://?ttl=1&ttl=2', /parameter ttl more than once/],
    ['memory://somehost', /memory:\/\/ with parameters only/],
  ])('%s', (url, message) => {
    expect(() => Cache.fromUrl(url)).toThrow(TypeError)
    expect(() => Cache.fromUrl(url)).toThrow(message)
  })

  it('takes the parameters it knows, sweepInterval included', () => {
    const cache = Cache.fromUrl('memory://?namespace=a&ttl=5&timeout=10&maxSize=3&sweepInterval=100')
    expect([cache.namespace, cache.defaultTtl, cache.timeout]).toEqual(['a', 5, 10])
    expect(() => Cache.fromUrl('indexeddb://app/cache?namespace=a&sweepInterval=100')).not.toThrow()
  })

  it('rejects an unknown option, or a backend, beside the URL', () => {
    expect(() => Cache.fromUrl('memory://', { nmespace: 'a' } as never)).toThrow(/unknown option\(s\) nmespace/)
    expect(() => Cache.fromUrl('memory://', { backend: new MemoryBackend() } as never)).toThrow(
      /unknown option\(s\) backend/,
    )
  })

  it('a registered scheme takes only the parameters it declares', () => {
    registerBackendScheme('sized', (url) => new MemoryBackend({ maxSize: Number(url.searchParams.get('size')) }), {
      params: ['size'],
    })
    expect(Cache.fromUrl('sized://?size=2&namespace=n').namespace).toBe('n')
    expect(() => Cache.fromUrl('sized://?count=2')).toThrow(
      /unknown parameter "count"; known for sized:\/\/: namespace, ttl, timeout, size/,
    )
    expect(() => registerBackendScheme('x', () => new MemoryBackend(), { param: [] } as never)).toThrow(
      /unknown option\(s\) param/,
    )
  })
})

describe('caches registry configs', () => {
  it('rejects unknown keys in setConfig, add and create, naming the alias', () => {
    const registry = new CacheRegistry()
    expect(() => registry.setConfig({ default: {}, users: { ttll: 1 } as never })).toThrow(
      /config of "users" has unknown option\(s\) ttll; known: url, backend, namespace/,
    )
    expect(() => registry.add('a', { urll: 'memory://' } as never)).toThrow(
      /config of "a" has unknown option\(s\) urll/,
    )
    expect(() => registry.create('default', { nope: 1 } as never)).toThrow(/overrides has unknown option\(s\) nope/)
  })

  it('rejects url and backend together, and lets a create override replace the store', () => {
    const registry = new CacheRegistry()
    expect(() => registry.add('both', { url: 'memory://', backend: new MemoryBackend() })).toThrow(
      /both url and backend/,
    )
    registry.add('mem', { url: 'memory://?namespace=m' })
    const backend = new MemoryBackend()
    expect(registry.create('mem', { backend }).backend).toBe(backend)
  })
})
