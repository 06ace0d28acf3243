// The keys tab's storage line for a cache on IndexedDB: its fall back to memory, and what it evicted at the quota.
import { type Page, expect, test } from '@playwright/test'
import type { Cache, IndexedDBBackend } from '../src/index.js'
import type { PageGlobals } from './globals.js'
import { type IncompressibleGlobals, provideIncompressible } from './incompressible.js'
import { inspector, openBridgePage } from './bridge-page.js'

const storage = (page: Page) => inspector(page).locator('pycached-storage')

/** Watches a new cache on `backend` of the page's pycached, in the keys tab. */
async function watchIndexedDB(page: Page, dbName: string, fallback: boolean): Promise<void> {
  await page.evaluate(
    ({ dbName, fallback }) => {
      const { Cache, IndexedDBBackend, TieredBackend, MemoryBackend } = (globalThis as PageGlobals).pycached
      const store = new IndexedDBBackend({ dbName, ...(fallback && { fallback: 'memory' as const }) })
      const cache = new Cache({ backend: new TieredBackend([new MemoryBackend(), store]), namespace: 'stored' })
      Object.assign(globalThis, { stored: cache })
      document.querySelector('pycached-inspector')!.cache = cache
    },
    { dbName, fallback },
  )
  await inspector(page).getByRole('tab', { name: 'keys' }).click()
  await expect(storage(page).locator('.quota')).toBeVisible()
}

test('an IndexedDB tier that falls back to memory says so in the storage line', async ({ page }) => {
  // As Firefox's private windows do: opening a database fails with InvalidStateError.
  await page.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException(
        'A mutation operation was attempted on a database that did not allow mutations.',
        'InvalidStateError',
      )
    }
  })
  await openBridgePage(page)
  await watchIndexedDB(page, 'e2e-storage-fallback', true)
  // The keys listing opened the store: it fell back at once.
  await expect(storage(page).locator('.fallback')).toContainText('IndexedDB is not used (BackendError: ')
  await expect(storage(page).locator('.fallback')).toContainText('holds its data in memory, for this page only')
})

test('evictions at the quota show how many keys went, and why', async ({ page }) => {
  await provideIncompressible(page)
  await openBridgePage(page)
  const origin = new URL(page.url()).origin
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1024 * 1024 })
  await watchIndexedDB(page, 'e2e-storage-evict', false)
  const evicted = await page.evaluate(async () => {
    const cache = (globalThis as unknown as { stored: Cache }).stored
    await cache.clear()
    const store = (cache.backend as unknown as { tiers: IndexedDBBackend[] }).tiers[1]!
    const heard = { times: 0, keys: 0, expired: 0 }
    store.addEventListener('evict', (event) => {
      const { keys, expired } = event as unknown as { keys: string[]; expired: number }
      heard.times++
      heard.keys += keys.length
      heard.expired += expired
    })
    // 100 KB that do not compress (the browser compresses large values).
    const bytes = (globalThis as unknown as IncompressibleGlobals).incompressible
    for (let i = 0; i < 16; i++) await cache.set(`blob${i}`, bytes())
    return heard
  })
  await cdp.send('Storage.overrideQuotaForOrigin', { origin })
  expect(evicted.times).toBeGreaterThan(0)
  expect(evicted.keys).toBeGreaterThan(0)
  const { times, keys } = evicted
  const plural = (n: number, word: string) => `${n} ${n === 1 ? word : `${word}s`}`
  await expect(storage(page).locator('.evicted')).toContainText(
    `Evicted to fit under the storage quota: ${plural(keys, 'live key')} and ${evicted.expired} expired`,
  )
  await expect(storage(page).locator('.evicted')).toContainText(`in ${plural(times, 'eviction')} (last at `)
})
