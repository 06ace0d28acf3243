// The examples the docs show (docs/**/*.md and README.md), run as written in Node; test/docs.test.ts checks that
// each shown block is the text of its file. IndexedDB runs on fake-indexeddb here and in real browsers elsewhere.
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { CacheRegistry, IndexedDBBackend, MemoryBackend, MsgPackSerializer, caches } from '../src/index.js'
import type { Cache } from '../src/index.js'

describe('docs examples', () => {
  it('examples/quick-start.ts: a hit, a miss with a default, the ratio and the timing', async () => {
    const { cache, ada, grace, ratio, average } = await import('../examples/quick-start.js')
    expect(ada).toEqual({ name: 'Ada' })
    expect(grace).toBeNull()
    expect(ratio).toEqual({ hits: 1, total: 2, hitRatio: 0.5, byTier: [1] })
    expect(average).toBeGreaterThanOrEqual(0)
    expect(await cache.ttl('ada')).toBeGreaterThan(50_000)
    expect(cache.buildKey('ada')).toBe('users:ada')
  })

  it('examples/function-caching.ts: one call per key, and the controls', async () => {
    const { calls, getUser, stored, loaded } = await import('../examples/function-caching.js')
    // first call, refresh, and the read: false call: three; the second call and the decorator's own cache aside
    expect(calls).toBe(4)
    expect(stored).toHaveLength(1)
    expect(loaded).toEqual({ id: 'grace', name: 'GRACE' })
    expect(await getUser('ada')).toEqual({ id: 'ada', name: 'ADA' })
  })

  it('examples/cached.ts: the second call is answered by the cache, invalidate empties it', async () => {
    const { getUser, first, again } = await import('../examples/cached.js')
    expect(first).toEqual({ id: 'ada', name: 'Ada Lovelace' })
    expect(again).toBe(first)
    expect(await getUser.cache.keys()).toEqual([])
  })

  it('examples/registry.ts: one shared cache per alias, create gives a new one', async () => {
    const { added, users, fresh, fromUrl } = await import('../examples/registry.js')
    expect(caches.get('users')).toBe(users)
    expect(fresh).not.toBe(users)
    expect(fresh.defaultTtl).toBe(0)
    expect(users.defaultTtl).toBe(60_000)
    expect(users.namespace).toBe('users')
    expect(fromUrl.namespace).toBe('sessions')
    expect(added).toContain('sessions')
    expect(caches).toBeInstanceOf(CacheRegistry)
  })

  it('examples/inspector-control.ts: offline is a BackendError with reason connection, then commands run again', async () => {
    const { seen, back } = await import('../examples/inspector-control.js')
    expect(seen).toBe('connection')
    expect(back).toBe(true)
  })

  it('examples/errors.ts: KeyExistsError, SerializationError and RangeError, nothing written', async () => {
    const { cache, seen, failed } = await import('../examples/errors.js')
    expect(seen[0]).toBe('job:1 is already there')
    expect(seen[1]).toMatch(/key "ratio".*NaN/)
    expect(seen[2]).toMatch(/ttl/)
    expect(failed).toBeUndefined()
    expect(await cache.get('job:1')).toEqual({ state: 'queued' })
    expect(await cache.exists('k')).toBe(false)
  })

  it('examples/serializers.ts: JSON text, a refused NaN, a MessagePack date', async () => {
    const { stored, isRefused, missing, when } = await import('../examples/serializers.js')
    expect(stored).toEqual({ value: '{"name":"Ada","tags":["admin"]}', expiresAt: undefined })
    expect(isRefused).toBe(true)
    expect(missing).toBe(false)
    expect(when).toEqual(new Date(0))
    expect(MsgPackSerializer.loads(MsgPackSerializer.dumps(new Date(0)))).toEqual(new Date(0))
  })

  it('examples/memory.ts: the least recently used key is evicted, peek looks without using', async () => {
    const { keys, peeked, fromUrl } = await import('../examples/memory.js')
    expect(keys).toEqual(['a', 'c'])
    expect(peeked[0]).toMatchObject({ key: 'a', value: 1 })
    expect(fromUrl.backend).toBeInstanceOf(MemoryBackend)
    expect(fromUrl.defaultTtl).toBe(60_000)
  })

  it('examples/indexeddb.ts: a record in IndexedDB, reachable from a URL too', async () => {
    const { cache, user, same } = await import('../examples/indexeddb.js')
    expect(user).toEqual({ name: 'Ada' })
    expect(cache.backend).toBeInstanceOf(IndexedDBBackend)
    expect(await (same as Cache).get('user:1')).toEqual({ name: 'Ada' })
    expect(await cache.ttl('user:1')).toBeGreaterThan(3_500_000)
    await cache.clear()
  })

  it('examples/locks.ts: the lock ran once, the stale swap lost, the retry won', async () => {
    const { report, lost, counter } = await import('../examples/locks.js')
    expect(report).toBe('built once')
    expect(lost).toBe(true)
    expect(counter).toBe(6)
  })

  it('examples/testing.ts: the second call hit, the function ran once, the cache closed', async () => {
    const { hits, called } = await import('../examples/testing.js')
    expect(hits).toBe(1)
    expect(called).toBe(1)
  })
})
