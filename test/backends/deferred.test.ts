// The loader behind Cache.fromUrl('indexeddb://…'): a cache on it behaves as one on the real backend, a failed load
// is tried again, and closing it never fails for want of a backend.
import { describe, expect, it } from 'vitest'
import type { BackendChannel, ChannelHandlers } from '../../src/backends/backend.js'
import { DeferredBackend } from '../../src/backends/deferred.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { Cache } from '../../src/core/cache.js'
import { JsonSerializer } from '../../src/serializers/json.js'

describe('DeferredBackend', () => {
  it('forwards the fast path and read-back once loaded, and its conventions from the start', async () => {
    class Bytes extends MemoryBackend {
      readBack(stored: unknown): unknown {
        return `back:${String(stored)}`
      }
    }
    const keyBuilder = (key: string, namespace?: string) => `${namespace ?? '-'}/${key}`
    const deferred = new DeferredBackend('memory', async () => new MemoryBackend(), {
      defaultSerializer: JsonSerializer,
      keyBuilder,
    })
    const cache = new Cache({ backend: deferred, namespace: 'n' })
    expect(cache.serializer).toBe(JsonSerializer)
    expect(cache.buildKey('k')).toBe('n/k')
    expect(deferred.immediate).toBe(false)
    expect(deferred.setNow('x', 1, undefined)).toBe(false)
    await cache.set('k', { a: 1 })
    expect(deferred.immediate).toBe(true)
    expect(deferred.getNow('n/k')).toBe('{"a":1}')
    expect(deferred.setNow('n/j', '2', undefined)).toBe(true)
    expect(await cache.get('j')).toBe(2)
    const withReadBack = new DeferredBackend('memory', async () => new Bytes())
    expect(withReadBack.readBack('v')).toBe('v')
    await withReadBack.resolve()
    expect(withReadBack.readBack('v')).toBe('back:v')
  })

  it('tries a failed load again on the next call', async () => {
    let loads = 0
    const deferred = new DeferredBackend('memory', async () => {
      if (++loads === 1) throw new Error('chunk failed to load')
      return new MemoryBackend()
    })
    const cache = new Cache({ backend: deferred })
    await expect(cache.set('k', 1)).rejects.toThrow('chunk failed to load')
    await expect(cache.set('k', 1)).resolves.toBe(true)
    expect(await cache.get('k')).toBe(1)
    expect(loads).toBe(2)
  })

  it('closes without a backend when none loaded, or the load failed', async () => {
    await expect(new DeferredBackend('memory', async () => new MemoryBackend()).close()).resolves.toBeUndefined()
    const failing = new DeferredBackend('memory', () => Promise.reject(new Error('offline')))
    await expect(failing.get('k')).rejects.toThrow('offline')
    await expect(failing.close()).resolves.toBeUndefined()
    await expect(new Cache({ backend: failing }).close()).resolves.toBeUndefined()
  })

  it('opens the real backend channel once it has loaded', async () => {
    const posted: object[] = []
    let heard: ChannelHandlers | undefined
    class Shared extends MemoryBackend {
      openChannel(handlers: ChannelHandlers): BackendChannel {
        heard = handlers
        return { open: true, post: (message) => void posted.push(message), close: () => {} }
      }
    }
    const deferred = new DeferredBackend('memory', async () => new Shared())
    const resets: boolean[] = []
    const channel = deferred.openChannel({ message: () => {}, reset: (open) => resets.push(open) })
    expect(channel.open).toBe(false)
    await deferred.resolve()
    await Promise.resolve()
    expect(channel.open).toBe(true)
    expect(resets).toEqual([true])
    await channel.post({ hello: 1 })
    expect(posted).toEqual([{ hello: 1 }])
    expect(heard).toBeDefined()
  })
})
