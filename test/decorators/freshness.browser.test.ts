// The stale-while-revalidate contract in real Chromium: IndexedDB with structured clone and with JSON, and the
// cross-context refresh lock through the Web Locks API.
import { describe, expect, it } from 'vitest'
import { IndexedDBBackend } from '../../src/backends/indexeddb/index.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import { cached } from '../../src/decorators/cached.js'
import { webLocks } from '../../src/locks/try-lock.js'
import { JsonSerializer } from '../../src/serializers/json.js'
import { runFreshnessContract } from './freshness-contract.js'
import { gate } from './gate.js'
import { slowSource } from './source.js'

runFreshnessContract('indexeddb in Chromium', () => {
  return () => new Cache({ backend: new IndexedDBBackend({ dbName: 'swr-browser' }) })
})

runFreshnessContract('indexeddb in Chromium + JsonSerializer', () => {
  return () => new Cache({ backend: new IndexedDBBackend({ dbName: 'swr-browser-json' }), serializer: JsonSerializer })
})

runFreshnessContract('tiered memory + indexeddb in Chromium', () => {
  return () =>
    new Cache({
      backend: new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'swr-browser-tiered' })]),
    })
})

runFreshnessContract('memory in Chromium', () => {
  const backend = new MemoryBackend()
  return () => new Cache({ backend })
})

describe('the refresh lock in a page', () => {
  it('is a Web Lock: while another context holds it, a stale answer starts no refresh here', async () => {
    expect(webLocks()).toBe(navigator.locks)
    const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'swr-browser-lock' }), namespace: 'lock' })
    await cache.clear()
    const api = slowSource()
    const price = cached(api.price, { cache, name: 'price', ttl: 1, staleWhileRevalidate: 600_000 })
    await cache.set('price("tea")', { value: 'tea v0', freshUntil: Date.now() - 1 }, { ttl: 600_000 })
    const held = gate()
    const holding = gate()
    const other = navigator.locks.request('pycached:lock:price("tea")-refresh-lock', async () => {
      holding.open()
      await held.promise
    })
    await holding.promise
    expect(await price('tea')).toBe('tea v0')
    await price.settled()
    expect(api.calls).toHaveLength(0)
    held.open()
    await other
    expect(await price('tea')).toBe('tea v0')
    await price.settled()
    expect(api.calls).toHaveLength(1)
    expect(await price('tea')).toBe('tea v1')
    await cache.close()
  })

  it('is not a Web Lock for a memory cache, which no other tab shares', async () => {
    const cache = new Cache({ namespace: 'lock' })
    const api = slowSource()
    const price = cached(api.price, { cache, name: 'price', ttl: 1, staleWhileRevalidate: 600_000 })
    await cache.set('price("tea")', { value: 'tea v0', freshUntil: Date.now() - 1 }, { ttl: 600_000 })
    const held = gate()
    const holding = gate()
    const other = navigator.locks.request('pycached:lock:price("tea")-refresh-lock', async () => {
      holding.open()
      await held.promise
    })
    await holding.promise
    expect(await price('tea')).toBe('tea v0')
    await price.settled()
    expect(await price('tea')).toBe('tea v1')
    held.open()
    await other
  })
})
