import { type Page, expect, test } from '@playwright/test'
import type { CachedFunction } from '../src/index.js'
import type { PageGlobals } from './globals.js'

type Tab = PageGlobals & {
  price: CachedFunction<unknown, [string], Promise<string>>
  refreshing: Promise<void>
  finish: () => void
}

async function open(page: Page): Promise<void> {
  await page.goto('/e2e/pages/indexeddb.html')
  await expect(page.locator('#status')).toHaveText('ready')
}

/** Wraps a slow "API" in the tab: it counts its runs in IndexedDB and answers only when told to finish. */
async function wrap(page: Page, tab: string): Promise<void> {
  await page.evaluate((name) => {
    const scope = globalThis as Tab
    const { Cache, IndexedDBBackend, cached } = scope.pycached
    const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-swr' }), namespace: 'api' })
    const log = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-swr' }), namespace: 'log' })
    let started!: () => void
    scope.refreshing = new Promise((resolve) => (started = resolve))
    const finished = new Promise<void>((resolve) => (scope.finish = resolve))
    scope.price = cached(
      async function price(item: string) {
        await log.increment('runs')
        started()
        await finished
        return `${item} by ${name}`
      },
      { cache, name: 'price', ttl: 60_000, staleWhileRevalidate: 600_000 },
    )
  }, tab)
}

test('two tabs answer a stale entry at once and refresh it once between them (Web Locks)', async ({ context }) => {
  const tabs = [await context.newPage(), await context.newPage()]
  for (const page of tabs) await open(page)
  const now = Date.now()
  // The entry was stored 61 s ago with a 60 s ttl: stale now, inside its 10 min window.
  await context.clock.setFixedTime(now - 61_000)
  await tabs[0]!.evaluate(async () => {
    const { Cache, IndexedDBBackend } = (globalThis as Tab).pycached
    await new IndexedDBBackend({ dbName: 'e2e-swr' }).clear('')
    const seed = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-swr' }), namespace: 'api' })
    await seed.set('price("tea")', { value: 'tea seeded', freshUntil: Date.now() + 60_000 }, { ttl: 660_000 })
  })
  await context.clock.setFixedTime(now)
  await Promise.all(tabs.map((page, i) => wrap(page, `tab-${i}`)))

  const answers = await Promise.all(
    tabs.map((page) =>
      page.evaluate(() => Promise.all(Array.from({ length: 10 }, () => (globalThis as Tab).price('tea')))),
    ),
  )
  expect(answers).toEqual([Array(10).fill('tea seeded'), Array(10).fill('tea seeded')])

  // In each tab the background work either starts the refresh or ends because the other tab holds the lock.
  const outcomes = await Promise.all(
    tabs.map((page) =>
      page.evaluate(() => {
        const { price, refreshing } = globalThis as Tab
        return Promise.race([price.settled().then(() => 'done'), refreshing.then(() => 'refreshing')])
      }),
    ),
  )
  expect([...outcomes].sort()).toEqual(['done', 'refreshing'])
  const refresher = tabs[outcomes.indexOf('refreshing')]!
  const other = tabs[outcomes.indexOf('done')]!
  expect(await other.evaluate(() => (globalThis as Tab).price('tea'))).toBe('tea seeded')

  await refresher.evaluate(async () => {
    const { finish, price } = globalThis as Tab
    finish()
    await price.settled()
  })
  const name = await refresher.evaluate(() => (globalThis as Tab).price('tea'))
  expect(name).toMatch(/^tea by tab-[01]$/)
  expect(await other.evaluate(() => (globalThis as Tab).price('tea'))).toBe(name)
  const runs = await other.evaluate(async () => {
    const { Cache, IndexedDBBackend } = (globalThis as Tab).pycached
    return new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-swr' }), namespace: 'log' }).get('runs')
  })
  expect(runs).toBe(1)
})
