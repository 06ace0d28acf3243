import { type Page, expect, test } from '@playwright/test'
import type { OptimisticLock } from '../src/index.js'
import type { PageGlobals } from './globals.js'

const PAGE = '/e2e/pages/indexeddb.html'

async function open(page: Page): Promise<void> {
  await page.goto(PAGE)
  await expect(page.locator('#status')).toHaveText('ready')
}

test('cachedStampede computes once across two tabs sharing an IndexedDB cache', async ({ context }) => {
  const pages = [await context.newPage(), await context.newPage()]
  for (const page of pages) await open(page)
  await pages[0]!.evaluate(async () => {
    const { IndexedDBBackend } = (globalThis as PageGlobals).pycached
    await new IndexedDBBackend({ dbName: 'e2e-stampede' }).clear('')
  })
  const results = await Promise.all(
    pages.map((page, index) =>
      page.evaluate(async (tab) => {
        const { Cache, IndexedDBBackend, cachedStampede } = (globalThis as PageGlobals).pycached
        const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-stampede' }) })
        const log = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-stampede' }), namespace: 'log' })
        const report = cachedStampede(
          async (id: string) => {
            await log.increment('computations')
            await new Promise((resolve) => setTimeout(resolve, 300))
            return `report ${id} by ${tab}`
          },
          { cache, lease: 5000 },
        )
        return report('q1')
      }, `tab-${index}`),
    ),
  )
  expect(results[0]).toBe(results[1])
  const computations = await pages[1]!.evaluate(async () => {
    const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
    return new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-stampede' }), namespace: 'log' }).get(
      'computations',
    )
  })
  expect(computations).toBe(1)
})

test('OptimisticLock detects a conflicting write from another tab on IndexedDB', async ({ context }) => {
  const [first, second] = [await context.newPage(), await context.newPage()]
  await open(first)
  await open(second)
  await first.evaluate(async () => {
    const { Cache, IndexedDBBackend, OptimisticLock } = (globalThis as PageGlobals).pycached
    const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-optimistic' }) })
    await cache.clear()
    await cache.set('cart', ['apple'])
    const lock = await OptimisticLock.begin<string[]>(cache, 'cart')
    Object.assign(globalThis, { lock })
  })
  await second.evaluate(async () => {
    const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
    await new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-optimistic' }) }).set('cart', ['apple', 'kiwi'])
  })
  const outcome = await first.evaluate(async () => {
    const { Cache, IndexedDBBackend, OptimisticLockError, OptimisticLock: Lock } = (globalThis as PageGlobals).pycached
    const lock = (globalThis as unknown as { lock: OptimisticLock<string[]> }).lock
    const conflict = await lock.cas([...(lock.value ?? []), 'pear']).then(
      () => 'written',
      (error: unknown) => (error instanceof OptimisticLockError ? 'conflict' : String(error)),
    )
    const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-optimistic' }) })
    const retry = await Lock.begin<string[]>(cache, 'cart')
    await retry.cas([...(retry.value ?? []), 'pear'])
    return { conflict, final: await cache.get('cart') }
  })
  expect(outcome).toEqual({ conflict: 'conflict', final: ['apple', 'kiwi', 'pear'] })
})

test('two tabs appending with OptimisticLock retries lose no update', async ({ context }) => {
  const pages = [await context.newPage(), await context.newPage()]
  for (const page of pages) await open(page)
  await pages[0]!.evaluate(async () => {
    const { IndexedDBBackend } = (globalThis as PageGlobals).pycached
    await new IndexedDBBackend({ dbName: 'e2e-optimistic-race' }).clear('')
  })
  await Promise.all(
    pages.map((page, index) =>
      page.evaluate(async (tab) => {
        const { Cache, IndexedDBBackend, OptimisticLock, OptimisticLockError } = (globalThis as PageGlobals).pycached
        const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-optimistic-race' }) })
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
      }, `t${index}`),
    ),
  )
  const list = await pages[0]!.evaluate(async () => {
    const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
    return new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-optimistic-race' }) }).get('list')
  })
  expect((list as string[]).length).toBe(50)
})
