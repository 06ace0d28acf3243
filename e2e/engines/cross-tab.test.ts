// Two tabs sharing one IndexedDB cache, in Chromium, Firefox and WebKit: atomic increments and `add`, a
// stampede computed once, and optimistic locking. The tabs really work at the same time: `together` starts
// the job in each tab, then releases them all at once (in WebKit two windows of one WebDriver session,
// which cannot run two scripts at once but runs the two pages' work concurrently this way).
import { expect, it } from 'vitest'
import type { OptimisticLock } from '../../src/index.js'
import type { PageGlobals } from '../globals.js'
import { describeEngines } from './engines.js'
import { evaluate, together } from './tab.js'

const PAGE = '/e2e/pages/indexeddb.html'

const clear = (dbName: string) =>
  new (globalThis as PageGlobals).pycached.IndexedDBBackend({ dbName }).clear('').then(() => undefined)

describeEngines('two tabs on one IndexedDB cache', (engine) => {
  it('incrementing one key 500 times each ends at exactly 1000', async () => {
    const tabs = [await engine.open(PAGE), await engine.open(PAGE)]
    await evaluate(tabs[0]!, clear, 'engines-counter')
    const seen = await together(tabs, async () => {
      const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
      const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'engines-counter' }) })
      // Many increments in flight at once, interleaving with the other tab's.
      return Promise.all(Array.from({ length: 500 }, () => cache.increment('hits')))
    }, [0, 1])
    const final = await evaluate(tabs[1]!, async () => {
      const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
      return new Cache({ backend: new IndexedDBBackend({ dbName: 'engines-counter' }) }).get('hits')
    })
    expect(final).toBe(1000)
    // Every increment answered a different total: none was lost or counted twice.
    expect(new Set(seen.flat()).size).toBe(1000)
  })

  it('racing add on one key has exactly one winner, round after round', async () => {
    const tabs = [await engine.open(PAGE), await engine.open(PAGE)]
    for (let round = 0; round < 5; round++) {
      await evaluate(tabs[0]!, clear, 'engines-add')
      const outcomes = await together(
        tabs,
        async (who: string) => {
          const { Cache, IndexedDBBackend, KeyExistsError } = (globalThis as PageGlobals).pycached
          const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'engines-add' }) })
          return cache.add('leader', who).then(
            () => 'won',
            (error: unknown) => (error instanceof KeyExistsError ? 'lost' : String(error)),
          )
        },
        ['tab-0', 'tab-1'],
      )
      expect(outcomes.sort()).toEqual(['lost', 'won'])
    }
  })

  it('cachedStampede computes once for both tabs', async () => {
    const tabs = [await engine.open(PAGE), await engine.open(PAGE)]
    await evaluate(tabs[0]!, clear, 'engines-stampede')
    const results = await together(
      tabs,
      async (tab: string) => {
        const { Cache, IndexedDBBackend, cachedStampede } = (globalThis as PageGlobals).pycached
        const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'engines-stampede' }) })
        const log = new Cache({ backend: new IndexedDBBackend({ dbName: 'engines-stampede' }), namespace: 'log' })
        const report = cachedStampede(
          async (id: string) => {
            await log.increment('computations')
            // A slow computation: the other tab asks while it runs.
            await new Promise((resolve) => setTimeout(resolve, 300))
            return `report ${id} by ${tab}`
          },
          { cache, name: 'report', lease: 5000 },
        )
        return report('q1')
      },
      ['tab-0', 'tab-1'],
    )
    expect(results[0]).toBe(results[1])
    const computations = await evaluate(tabs[1]!, async () => {
      const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
      const log = new Cache({ backend: new IndexedDBBackend({ dbName: 'engines-stampede' }), namespace: 'log' })
      return log.get('computations')
    })
    expect(computations).toBe(1)
  })

  it('OptimisticLock detects a conflicting write from the other tab', async () => {
    const [first, second] = [await engine.open(PAGE), await engine.open(PAGE)]
    await evaluate(first!, async () => {
      const { Cache, IndexedDBBackend, OptimisticLock } = (globalThis as PageGlobals).pycached
      const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'engines-optimistic' }) })
      await cache.clear()
      await cache.set('cart', ['apple'])
      Object.assign(globalThis, { lock: await OptimisticLock.begin<string[]>(cache, 'cart') })
    })
    await evaluate(second!, async () => {
      const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
      const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'engines-optimistic' }) })
      await cache.set('cart', ['apple', 'kiwi'])
    })
    const outcome = await evaluate(first!, async () => {
      const {
        Cache,
        IndexedDBBackend,
        OptimisticLock: Lock,
        OptimisticLockError,
      } = (globalThis as PageGlobals).pycached
      const lock = (globalThis as unknown as { lock: OptimisticLock<string[]> }).lock
      const conflict = await lock.cas([...(lock.value ?? []), 'pear']).then(
        () => 'written',
        (error: unknown) => (error instanceof OptimisticLockError ? 'conflict' : String(error)),
      )
      const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'engines-optimistic' }) })
      const retry = await Lock.begin<string[]>(cache, 'cart')
      await retry.cas([...(retry.value ?? []), 'pear'])
      return { conflict, final: await cache.get('cart') }
    })
    expect(outcome).toEqual({ conflict: 'conflict', final: ['apple', 'kiwi', 'pear'] })
  })

  it('appending with OptimisticLock retries from both tabs loses no update', async () => {
    const tabs = [await engine.open(PAGE), await engine.open(PAGE)]
    await evaluate(tabs[0]!, clear, 'engines-optimistic-race')
    await together(
      tabs,
      async (tab: string) => {
        const { Cache, IndexedDBBackend, OptimisticLock, OptimisticLockError } = (globalThis as PageGlobals).pycached
        const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'engines-optimistic-race' }) })
        for (let i = 0; i < 25; i++) {
          for (;;) {
            const lock = await OptimisticLock.begin<string[]>(cache, 'list')
            try {
              await lock.cas([...(lock.value ?? []), `${tab}-${i}`])
              break
            } catch (error) {
              if (!(error instanceof OptimisticLockError)) throw error
            }
          }
        }
      },
      ['t0', 't1'],
    )
    const list = await evaluate(tabs[0]!, async () => {
      const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
      return new Cache({ backend: new IndexedDBBackend({ dbName: 'engines-optimistic-race' }) }).get('list')
    })
    expect((list as string[]).sort()).toEqual(
      ['t0', 't1'].flatMap((tab) => Array.from({ length: 25 }, (_, i) => `${tab}-${i}`)).sort(),
    )
  })
})
