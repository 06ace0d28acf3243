// Who closes what: a backend shared by several caches stays open until the last one closes, and the registry closes
// the shared caches whose configuration it replaced.
import { describe, expect, it } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'
import { CacheRegistry } from '../../src/core/registry.js'

/** A memory store that counts its closes. */
class Counted extends MemoryBackend {
  closes = 0
  override async close(): Promise<void> {
    this.closes++
    await super.close()
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('a backend shared by several caches', () => {
  it('stays open until the last of them closes', async () => {
    const backend = new Counted()
    const a = new Cache({ backend, namespace: 'a' })
    const b = new Cache({ backend, namespace: 'b' })
    await b.set('k', 'kept')
    await a.close()
    await a.close()
    expect(backend.closes).toBe(0)
    expect(await b.get('k')).toBe('kept')
    await b.close()
    expect(backend.closes).toBe(1)
  })
})

describe('the registry', () => {
  it('closes the shared caches setConfig replaces', async () => {
    const registry = new CacheRegistry()
    registry.setConfig({ default: {}, users: { url: 'memory://?namespace=users' } })
    const old = registry.get('users')
    registry.setConfig({ default: {}, users: { url: 'memory://?namespace=people' } })
    await settle()
    await expect(old.get('k')).rejects.toThrow(/the cache is closed/)
    expect(registry.get('users')).not.toBe(old)
    expect(registry.get('users').namespace).toBe('people')
  })

  it('closes the shared cache add replaces, but not a backend instance the new config names again', async () => {
    const backend = new Counted()
    const registry = new CacheRegistry()
    registry.add('s', { backend, namespace: 'v1' })
    const old = registry.get('s')
    await old.set('k', 'stays')
    registry.add('s', { backend, namespace: 'v1', ttl: 1000 })
    await settle()
    await expect(old.get('k')).rejects.toThrow(/the cache is closed/)
    expect(backend.closes).toBe(0)
    expect(await registry.get('s').get('k')).toBe('stays')
    // Once no configuration nor cache uses it, it is closed.
    registry.add('s', { url: 'memory://' })
    await settle()
    expect(backend.closes).toBe(1)
  })
})
