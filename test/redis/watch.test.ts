// `cache.watch` across processes on one Redis server and on a Redis Cluster, with a cache straight on Redis and a
// memory tier over it: a write in one process reaches the watchers of the other, with its value.
import { afterEach, describe, expect, inject, it, vi } from 'vitest'
import { MemoryBackend } from '../../src/backends/memory.js'
import { RedisBackend } from '../../src/backends/redis/index.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import type { CacheChange } from '../../src/core/watch.js'
import { type Child, startChild } from './child-process.js'

const EVENTUALLY = { timeout: 15_000, interval: 50 }
vi.setConfig({ testTimeout: 60_000 })

const where = { 'one server': inject('redisUrl'), cluster: inject('redisCluster') } as const
const opened: Cache[] = []
const children: Child[] = []

afterEach(async () => {
  await Promise.all(opened.splice(0).map((cache) => cache.close()))
  await Promise.all(children.splice(0).map((child) => child.stop()))
})

function here(url: string | string[], kind: 'plain' | 'tiered'): Cache {
  const redis = new RedisBackend(Array.isArray(url) ? { cluster: url } : { url })
  const backend = kind === 'plain' ? redis : new TieredBackend([new MemoryBackend(), redis])
  const cache = new Cache({ backend, namespace: 'watch' })
  opened.push(cache)
  return cache
}

const brief = (changes: CacheChange[]) =>
  changes.filter(({ key }) => key !== 'greeting').map(({ key, type, value, origin }) => [key, type, value, origin])

for (const [name, url] of Object.entries(where)) {
  describe(`watch across processes (${name})`, () => {
    for (const kind of ['plain', 'tiered'] as const) {
      it(`${kind}: the other process hears this one's writes, and this one the other's`, async () => {
        const cache = here(url, kind)
        const child = await startChild(url, 'watch', kind)
        children.push(child)
        await cache.clear()
        const seen: CacheChange[] = []
        cache.watch(['k', 'greeting'], (change) => seen.push(change))
        await child.send('watch', ['k', 'greeting'])
        // Until the processes have met, writes are not announced one by one: greet until they have.
        let n = 0
        await vi.waitFor(async () => {
          await cache.set('greeting', ++n)
          await child.send('set', 'greeting', n)
          const heard = (await child.send('changes')) as CacheChange[]
          if (!heard.some((change) => change.key === 'greeting' && change.origin === 'remote'))
            throw new Error('not yet')
          if (!seen.some((change) => change.key === 'greeting' && change.origin === 'remote'))
            throw new Error('not yet')
        }, EVENTUALLY)
        seen.length = 0
        await cache.set('k', { from: 'parent' })
        await vi.waitFor(
          async () =>
            expect(brief((await child.send('changes')) as CacheChange[])).toEqual([
              ['k', 'set', { from: 'parent' }, 'remote'],
            ]),
          EVENTUALLY,
        )
        expect(brief(seen)).toEqual([['k', 'set', { from: 'parent' }, 'local']])
        seen.length = 0
        await child.send('delete', 'k')
        await vi.waitFor(() => expect(brief(seen)).toEqual([['k', 'deleted', undefined, 'remote']]), EVENTUALLY)
        // A purge here empties the store for the other process too (its memory tier included) and is heard there.
        await child.send('set', 'k', 'secret')
        expect(await child.send('get', 'k')).toBe('secret')
        await child.send('changes')
        expect(await cache.purge()).toBe(true)
        await vi.waitFor(async () => expect(await child.send('copy', 'k')).toBeNull(), EVENTUALLY)
        expect(await child.send('get', 'k')).toBeNull()
        await vi.waitFor(
          async () =>
            expect(brief((await child.send('changes')) as CacheChange[])).toContainEqual([
              'k',
              'cleared',
              undefined,
              'remote',
            ]),
          EVENTUALLY,
        )
        seen.length = 0
        if (Array.isArray(url)) return // tagged keys on a cluster need hash tags: see redis cluster tests
        // An invalidation in the other process removes the entry here too, copies included, and is heard.
        await cache.set('k', 'tagged', { tags: ['t'] })
        seen.length = 0
        expect(await child.send('invalidateTags', ['t'])).toBe(1)
        await vi.waitFor(() => expect(brief(seen)).toEqual([['k', 'deleted', undefined, 'remote']]), EVENTUALLY)
        expect(await cache.get('k')).toBeUndefined()
      })
    }
  })
}
