// cache.purge(): every namespace, every tier, every context sharing the store (fake-indexeddb in Node).
import 'fake-indexeddb/auto'
import { describe, expect, it, vi } from 'vitest'
import { Cache, CacheError, IndexedDBBackend, MemoryBackend, TieredBackend } from '../../src/index.js'
import type { CacheChange } from '../../src/index.js'

describe('purge', () => {
  it('empties every namespace of the store, and watchers hear it', async () => {
    const backend = new MemoryBackend()
    const a = new Cache({ backend, namespace: 'a' })
    const b = new Cache({ backend, namespace: 'b' })
    const seen: CacheChange[] = []
    b.watch(['k'], (change) => seen.push(change))
    await a.set('k', 1)
    await b.set('k', 2)
    await new Cache({ backend }).set('bare', 3)
    expect(await a.purge()).toBe(true)
    expect(backend.size).toBe(0)
    expect(seen.map(({ type }) => type)).toEqual(['set', 'cleared'])
  })

  it('in one context, empties the shared store and the memory tiers of the others', async () => {
    const context = () =>
      new Cache({
        backend: new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'purge-node' })]),
        namespace: 'user',
      })
    const [a, b] = [context(), context()]
    await vi.waitFor(() => expect((a.backend as TieredBackend).peers && (b.backend as TieredBackend).peers).toBe(true))
    await a.set('k', 'secret')
    const memory = (b.backend as TieredBackend).tiers[0]!
    await vi.waitFor(async () => {
      expect(await b.get('k')).toBe('secret')
      expect(await memory.get('user:k')).toBe('secret')
    })
    await b.set('other', 1, { namespace: 'elsewhere' })
    expect(await a.purge()).toBe(true)
    expect(await a.keys({ namespace: '' })).toEqual([])
    await vi.waitFor(async () => expect(await memory.get('user:k')).toBeUndefined())
    expect(await b.get('k')).toBeUndefined()
    await Promise.all([a.close(), b.close()])
  })

  it('an unknown option is a TypeError; a closed cache is a CacheError', async () => {
    const cache = new Cache()
    await expect(cache.purge({ namespace: 'x' } as never)).rejects.toThrow(/unknown option\(s\) namespace/)
    await cache.close()
    await expect(cache.purge()).rejects.toThrow(CacheError)
  })
})
