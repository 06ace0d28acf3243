import { describe, expect, it } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'
import { CacheRegistry } from '../../src/core/registry.js'
import { registerBackendScheme } from '../../src/core/url.js'
import { TimingPlugin } from '../../src/plugins/timing.js'

describe('Cache.fromUrl', () => {
  it('builds a memory cache with namespace, ttl, timeout and LRU bound from the URL', async () => {
    const cache = Cache.fromUrl('memory://?namespace=x&ttl=1000&timeout=250&maxSize=2')
    expect(cache.backend).toBeInstanceOf(MemoryBackend)
    expect(cache.namespace).toBe('x')
    expect(cache.defaultTtl).toBe(1000)
    expect(cache.timeout).toBe(250)
    await cache.multiSet([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ])
    expect(await cache.keys()).toEqual(['b', 'c'])
  })

  it('lets explicit options override the URL', () => {
    expect(Cache.fromUrl('memory://?namespace=x', { namespace: 'y' }).namespace).toBe('y')
  })

  it('rejects unknown schemes, malformed URLs and bad numbers, naming what is wrong', () => {
    expect(() => Cache.fromUrl('ftp://host')).toThrow(/unknown scheme "ftp"; known: memory/)
    expect(() => Cache.fromUrl('redis://localhost:6379')).toThrow(/import 'pycached\/redis' first/)
    expect(() => Cache.fromUrl('not a url')).toThrow(TypeError)
    expect(() => Cache.fromUrl('memory://?ttl=soon')).toThrow(/parameter ttl must be a number, got "soon"/)
    expect(() => Cache.fromUrl('memory://?ttl=-1')).toThrow(RangeError)
  })

  it('learns new schemes', () => {
    const backend = new MemoryBackend()
    registerBackendScheme('custom:', () => backend)
    expect(Cache.fromUrl('custom://anything').backend).toBe(backend)
  })
})

describe('caches registry', () => {
  it('has a default memory alias', () => {
    const registry = new CacheRegistry()
    expect(registry.get().backend).toBeInstanceOf(MemoryBackend)
    expect(registry.get('default')).toBe(registry.get())
  })

  it('shares one instance per alias with get, and builds new ones with create', async () => {
    const registry = new CacheRegistry()
    registry.setConfig({
      default: {},
      users: { url: 'memory://?namespace=users', ttl: 5000, plugins: () => [new TimingPlugin()] },
    })
    const users = registry.get('users')
    expect(registry.get('users')).toBe(users)
    expect(users.namespace).toBe('users')
    expect(users.defaultTtl).toBe(5000)
    expect(users.plugins[0]).toBeInstanceOf(TimingPlugin)
    const fresh = registry.create('users', { namespace: 'other' })
    expect(fresh).not.toBe(users)
    expect(fresh.namespace).toBe('other')
    expect(fresh.plugins[0]).not.toBe(users.plugins[0])
  })

  it('add registers or replaces one alias; backend factories give each cache its own store', async () => {
    const registry = new CacheRegistry()
    registry.add('small', { backend: () => new MemoryBackend({ maxSize: 1 }), namespace: 's' })
    const a = registry.create('small')
    const b = registry.create('small')
    await a.set('k', 1)
    expect(await b.get('k')).toBeUndefined()
    expect(registry.aliases()).toEqual(['default', 'small'])
    expect(registry.getConfig().small?.namespace).toBe('s')
  })

  it('getConfig returns a copy: changing it, or what was given, changes nothing in the registry', () => {
    const registry = new CacheRegistry()
    const plugins = [new TimingPlugin()]
    const users = { namespace: 'users', plugins }
    registry.setConfig({ default: {}, users })
    const copy = registry.getConfig()
    copy.users!.namespace = 'changed'
    ;(copy.users!.plugins as TimingPlugin[]).push(new TimingPlugin())
    delete copy.default
    users.namespace = 'changed too'
    plugins.push(new TimingPlugin())
    expect(registry.getConfig()).toEqual({ default: {}, users: { namespace: 'users', plugins: [plugins[0]] } })
    expect(registry.get('users').namespace).toBe('users')
    expect(registry.get('users').plugins).toHaveLength(1)
    const added = { ttl: 10 }
    registry.add('added', added)
    added.ttl = 20
    expect(registry.create('added').defaultTtl).toBe(10)
  })

  it('names the alias and the known ones when an alias is not configured', () => {
    const registry = new CacheRegistry()
    expect(() => registry.get('nope')).toThrow(/alias "nope" is not configured; known: default/)
    expect(() => registry.add('', {})).toThrow(TypeError)
    expect(() => registry.setConfig(null as never)).toThrow(TypeError)
  })

  it('announces added aliases, setConfig and built caches as change events, and lists built caches', () => {
    const registry = new CacheRegistry()
    const heard: (string | undefined)[] = []
    registry.addEventListener('change', (event) => heard.push(event.alias))
    expect(registry.has('api')).toBe(false)
    registry.add('api', { namespace: 'api' })
    expect(registry.has('api')).toBe(true)
    const api = registry.get('api')
    registry.get('api')
    registry.setConfig({ default: {} })
    expect(heard).toEqual(['api', 'api', undefined])
    expect(registry.instances()).toEqual([])
    const built = registry.get()
    expect(registry.instances()).toEqual([['default', built]])
    expect(api.namespace).toBe('api')
  })
})
