// `cache.watch` across contexts that share one IndexedDB store: run on fake-indexeddb in Node (watch.test.ts, where
// Node's BroadcastChannel links the contexts) and on real IndexedDB in Chromium, Firefox and WebKit
// (watch.browser.test.ts). Each "context" is its own backend and cache, as in another tab.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { IndexedDBBackend } from '../../src/backends/indexeddb/index.js'
import { MemoryBackend } from '../../src/backends/memory.js'
import { TieredBackend } from '../../src/backends/tiered/index.js'
import { Cache } from '../../src/core/cache.js'
import type { CacheChange } from '../../src/core/watch.js'

const EVENTUALLY = { timeout: 10_000, interval: 20 }

/** Runs the suite on the IndexedDB database `DB`. */
export function runWatchSuite(where: string, DB: string): void {
  const opened: Cache[] = []
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((cache) => cache.close()))
  })

  function plain(): Cache {
    const cache = new Cache({ backend: new IndexedDBBackend({ dbName: DB }), namespace: 'ns' })
    opened.push(cache)
    return cache
  }

  function tiered(maxSize?: number): Cache {
    const backend = new TieredBackend([new MemoryBackend({ maxSize }), new IndexedDBBackend({ dbName: DB })])
    const cache = new Cache({ backend, namespace: 'ns' })
    opened.push(cache)
    return cache
  }

  function recorder(): [CacheChange[], (change: CacheChange) => void] {
    const seen: CacheChange[] = []
    return [seen, (change) => seen.push(change)]
  }

  /** Writes `k` from `writer` until `seen` has heard it: the contexts greet each other first. */
  async function whenMet(writer: Cache, seen: CacheChange[]): Promise<void> {
    let n = 0
    await vi.waitFor(async () => {
      await writer.set('greeting', ++n)
      expect(seen.some((change) => change.key === 'greeting' && change.type === 'set')).toBe(true)
    }, EVENTUALLY)
    // Let the notices of the last greetings arrive before a test counts what it hears.
    await new Promise((resolve) => setTimeout(resolve, 100))
    seen.length = 0
  }

  /** The changes of `seen` other than the greetings. */
  const about = (seen: CacheChange[]) => seen.filter((change) => change.key !== 'greeting')

  describe(`watch across contexts (${where})`, () => {
    for (const [name, make] of [
      ['plain IndexedDB', plain],
      ['memory over IndexedDB', () => tiered()],
    ] as const) {
      it(`${name}: a write in another context reaches the watcher, with its value`, async () => {
        const watcher = make()
        const writer = make()
        await writer.clear({ namespace: '' })
        const [seen, listener] = recorder()
        watcher.watch(['k', 'greeting'], listener)
        await whenMet(writer, seen)
        await writer.set('k', { n: 1 })
        await vi.waitFor(
          () => expect(about(seen)).toEqual([{ key: 'k', type: 'set', value: { n: 1 }, origin: 'remote' }]),
          EVENTUALLY,
        )
        await writer.delete('k')
        await vi.waitFor(
          () => expect(about(seen).at(-1)).toEqual({ key: 'k', type: 'deleted', value: undefined, origin: 'remote' }),
          EVENTUALLY,
        )
        await writer.clear()
        await vi.waitFor(
          () => expect(seen.at(-1)).toMatchObject({ key: 'greeting', type: 'cleared', origin: 'remote' }),
          EVENTUALLY,
        )
        expect(about(seen)).toHaveLength(2)
      }, 30_000)

      it(`${name}: a prefix watch hears the other context's writes under the prefix only`, async () => {
        const watcher = make()
        const writer = make()
        await writer.clear({ namespace: '' })
        const [seen, listener] = recorder()
        watcher.watch({ prefix: 'user:' }, listener)
        watcher.watch(['greeting'], listener)
        await whenMet(writer, seen)
        await writer.set('other', 1)
        await writer.set('user:ada', 'Ada')
        await vi.waitFor(
          () => expect(about(seen)).toEqual([{ key: 'user:ada', type: 'set', value: 'Ada', origin: 'remote' }]),
          EVENTUALLY,
        )
      }, 30_000)
    }

    it('a faster tier dropping its copy is never a change', async () => {
      const cache = tiered(1)
      await cache.clear({ namespace: '' })
      const [seen, listener] = recorder()
      cache.watch(['a', 'b'], listener)
      await cache.set('a', 1)
      // The memory tier holds one entry: writing b evicts a's copy, which is no deletion of a.
      await cache.set('b', 2)
      await cache.get('a')
      expect(seen.map(({ key, type }) => `${key}:${type}`)).toEqual(['a:set', 'b:set'])
      expect(await cache.get('a')).toBe(1)
    })

    // Only a page has a back/forward cache to be restored from.
    it.skipIf(typeof window === 'undefined')(
      'after notices may have been missed, a re-read reports only what really changed',
      async () => {
        const watcher = tiered()
        const writer = plain()
        await writer.clear({ namespace: '' })
        await writer.set('same', 1)
        await writer.set('changed', 1)
        await writer.set('gone', 1)
        const [seen, listener] = recorder()
        watcher.watch(['same', 'changed', 'gone', 'new', 'greeting'], listener)
        await whenMet(writer, seen)
        // Written behind the channel's back (a raw write is announced to no one), then notices may have been missed.
        const store = new Cache({ backend: new IndexedDBBackend({ dbName: DB }), namespace: 'ns' })
        await store.backend.set('ns:changed', 2, undefined)
        await store.backend.delete('ns:gone')
        await store.backend.set('ns:new', 3, undefined)
        await store.backend.close()
        expect(about(seen)).toEqual([])
        dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))
        await vi.waitFor(() => expect(about(seen)).toHaveLength(3), EVENTUALLY)
        expect(about(seen)).toEqual(
          expect.arrayContaining([
            { key: 'changed', type: 'set', value: 2, origin: 'resync' },
            { key: 'gone', type: 'deleted', value: undefined, origin: 'resync' },
            { key: 'new', type: 'set', value: 3, origin: 'resync' },
          ]),
        )
      },
      30_000,
    )
  })
}
