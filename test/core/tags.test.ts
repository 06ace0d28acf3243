// Tags through the Cache: cached(fn, { tags }), watch({ tags }), and tiers across contexts (fake-indexeddb).
import 'fake-indexeddb/auto'
import { describe, expect, it, vi } from 'vitest'
import { Cache, IndexedDBBackend, MemoryBackend, TieredBackend, cached } from '../../src/index.js'
import type { CacheChange } from '../../src/index.js'

const brief = (changes: CacheChange[]) => changes.map(({ key, type }) => `${key} ${type}`)

describe('tags', () => {
  it('cached(fn, { tags }) stores results with the tags: invalidating one makes the next call compute again', async () => {
    const cache = new Cache({ namespace: 'app' })
    let calls = 0
    const load = cached(async (id: string) => `${id}:${++calls}`, { cache, namespace: 'load', tags: ['users'] })
    expect(await load('a')).toBe('a:1')
    expect(await load('a')).toBe('a:1')
    expect(await cache.invalidateTags(['users'])).toBe(1)
    expect(await load('a')).toBe('a:2')
  })

  it('cached with tags that are not a non-empty array of non-empty strings is a TypeError', () => {
    const cache = new Cache()
    expect(() => cached(async () => 1, { cache, tags: [''] })).toThrow(/options.tags\[0\]/)
    expect(() => cached(async () => 1, { cache, tags: 'users' as never })).toThrow(TypeError)
  })

  it('a tag watch hears the writes made with its tags and their removal, nothing else', async () => {
    const cache = new Cache({ namespace: 'app' })
    const seen: CacheChange[] = []
    cache.watch({ tags: ['users'] }, (change) => seen.push(change))
    await cache.set('ada', 1, { tags: ['users', 'admins'] })
    await cache.set('post', 2, { tags: ['posts'] })
    await cache.set('plain', 3)
    await cache.multiSet([['bob', 4]], { tags: ['users'] })
    expect(await cache.invalidateTags(['users'])).toBe(2)
    await cache.delete('post')
    expect(brief(seen)).toEqual(['ada set', 'bob set', 'ada deleted', 'bob deleted'])
  })

  it('a backend that keeps no tags refuses tagged writes and invalidateTags with a TypeError', async () => {
    const backend = new MemoryBackend()
    Object.defineProperty(backend, 'invalidateTags', { value: undefined })
    const cache = new Cache({ backend })
    await expect(cache.set('k', 1, { tags: ['t'] })).rejects.toThrow(/keeps no tags/)
    await expect(cache.invalidateTags(['t'])).rejects.toThrow(/keeps no tags/)
    expect(await cache.exists('k')).toBe(false)
  })

  it('an invalidation in one context drops the copies of the others and reaches their watchers', async () => {
    const context = () =>
      new Cache({
        backend: new TieredBackend([new MemoryBackend(), new IndexedDBBackend({ dbName: 'tags-node' })]),
        namespace: 'ns',
      })
    const [a, b] = [context(), context()]
    await a.clear({ namespace: '' })
    await vi.waitFor(() => expect((a.backend as TieredBackend).peers && (b.backend as TieredBackend).peers).toBe(true))
    await a.set('k', 1, { tags: ['t'] })
    const memory = (b.backend as TieredBackend).tiers[0]!
    // A read that a notice overtakes is not copied up: read until b holds a copy.
    await vi.waitFor(async () => {
      expect(await b.get('k')).toBe(1)
      expect(await memory.get('ns:k')).toBe(1)
    })
    const seen: CacheChange[] = []
    b.watch(['k'], (change) => seen.push(change))
    expect(await a.invalidateTags(['t'])).toBe(1)
    await vi.waitFor(() => expect(brief(seen)).toEqual(['k deleted']))
    expect(await memory.get('ns:k')).toBeUndefined()
    expect(await b.get('k')).toBeUndefined()
    await Promise.all([a.close(), b.close()])
  })
})
