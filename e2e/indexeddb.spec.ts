// Chromium-only IndexedDB faults (they need the DevTools protocol). Persistence and cross-tab behaviour run
// in every engine: e2e/engines/indexeddb.test.ts and e2e/engines/cross-tab.test.ts.
import { type Page, expect, test } from '@playwright/test'
import type { Cache, IndexedDBBackend } from '../src/index.js'
import type { PageGlobals } from './globals.js'
import { type IncompressibleGlobals, provideIncompressible } from './incompressible.js'

const PAGE = '/e2e/pages/indexeddb.html'

async function open(page: Page): Promise<void> {
  await page.goto(PAGE)
  await expect(page.locator('#status')).toHaveText('ready')
}

test('a write over quota fails with BackendError caused by QuotaExceededError, earlier entries intact', async ({
  page,
}) => {
  await open(page)
  const origin = new URL(page.url()).origin
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 200 * 1024 })
  const outcome = await page.evaluate(async () => {
    const { Cache, IndexedDBBackend, BackendError } = (globalThis as PageGlobals).pycached
    const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-quota' }) })
    await cache.clear()
    await cache.set('small', 'fits')
    const error = await cache.set('huge', 'x'.repeat(1024 * 1024)).catch((e: unknown) => e)
    return {
      isBackendError: error instanceof BackendError,
      causeName: ((error as Error).cause as DOMException | undefined)?.name,
      message: (error as Error).message,
      small: await cache.get('small'),
      huge: await cache.exists('huge'),
      reason: (error as { reason?: string }).reason,
    }
  })
  await cdp.send('Storage.overrideQuotaForOrigin', { origin })
  expect(outcome).toMatchObject({ isBackendError: true, causeName: 'QuotaExceededError', small: 'fits', huge: false })
  expect(outcome.message).toMatch(/IndexedDB set failed: QuotaExceededError/)
  // It says how much was asked and what was given up: nothing here, the only other entry being half the store.
  expect(outcome.message).toMatch(/needs about \d+ bytes; 0 expired and 0 least recently used entries/)
  expect(outcome.reason).toBe('capacity')
})

test('a write over quota gives up expired entries, then the least recently used, and succeeds', async ({ page }) => {
  await provideIncompressible(page)
  await open(page)
  const origin = new URL(page.url()).origin
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1024 * 1024 })
  const outcome = await page.evaluate(async () => {
    const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
    const backend = new IndexedDBBackend({ dbName: 'e2e-quota-evict' })
    const cache = new Cache({ backend })
    await cache.clear()
    const evicts: { expired: number; keys: readonly string[]; reason: string }[] = []
    backend.addEventListener('evict', (event) => evicts.push(event as never))
    // 100 KB that do not compress (the browser compresses large values).
    const bytes = (globalThis as unknown as IncompressibleGlobals).incompressible
    for (let i = 0; i < 3; i++) await cache.set(`short${i}`, bytes(), { ttl: 50 })
    for (let i = 0; i < 5; i++) await cache.set(`live${i}`, bytes())
    await new Promise((resolve) => setTimeout(resolve, 100))
    for (let i = 0; i < 8; i++) await cache.set(`new${i}`, bytes())
    return { evicts: evicts.map(({ expired, keys, reason }) => ({ expired, keys, reason })), keys: await cache.keys() }
  })
  await cdp.send('Storage.overrideQuotaForOrigin', { origin })
  // Every write succeeded; the expired entries went first, then the oldest live ones, a few at a time.
  expect(outcome.evicts.length).toBeGreaterThan(0)
  expect(outcome.evicts[0]).toMatchObject({ reason: 'capacity', expired: 3 })
  const given = outcome.evicts.flatMap((evict) => evict.keys)
  expect(given.length).toBeGreaterThan(0)
  expect(given).toEqual([...given].sort((a, b) => order(a) - order(b)))
  for (const key of given) expect(outcome.keys).not.toContain(key)
  expect(outcome.keys).toContain('new7')
  expect(outcome.keys.length).toBeGreaterThanOrEqual(5)
})

/** Write order of the keys of the test above. */
function order(key: string): number {
  const n = Number(key.replace(/\D/g, ''))
  return key.startsWith('live') ? n : 10 + n
}

type TruthGlobals = PageGlobals & {
  truth?: { cache: Cache; backend: IndexedDBBackend; how: string[] }
}

/** A memory tier over the `e2e-truth` store in `page`, holding the 100 keys another page wrote, read once. */
async function tieredReader(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const { Cache, IndexedDBBackend, MemoryBackend, TieredBackend } = (globalThis as TruthGlobals).pycached
    const backend = new IndexedDBBackend({ dbName: 'e2e-truth' })
    const how: string[] = []
    backend.addEventListener('evicted', (event) => how.push((event as Event & { how: string }).how))
    const cache = new Cache({ backend: new TieredBackend([new MemoryBackend(), backend]) })
    ;(globalThis as TruthGlobals).truth = { cache, backend, how }
  })
}

const KEYS = Array.from({ length: 100 }, (_, i) => `k${i}`)

/** What the page's tiered cache answers for the 100 keys (from its memory tier when it has them), and its state. */
const readAll = (page: Page) =>
  page.evaluate(async (keys) => {
    const { cache, backend, how } = (globalThis as TruthGlobals).truth!
    const values = await cache.multiGet(keys)
    return { found: values.filter((value) => value !== undefined).length, evicted: backend.evicted, how }
  }, KEYS)

async function twoPages(page: Page): Promise<Page> {
  await open(page)
  await page.evaluate(() => new Promise((resolve) => (indexedDB.deleteDatabase('e2e-truth').onsuccess = resolve)))
  const other = await page.context().newPage()
  await open(other)
  for (const each of [page, other]) await tieredReader(each)
  await page.evaluate((keys) => (globalThis as TruthGlobals).truth!.cache.multiSet(keys.map((key) => [key, key])), KEYS)
  for (const each of [page, other]) expect(await readAll(each)).toEqual({ found: 100, evicted: false, how: [] })
  return other
}

test("a database deleted from another tab: every tab's memory tier forgets, and each backend says so", async ({
  page,
}) => {
  const other = await twoPages(page)
  const deleter = await page.context().newPage()
  await open(deleter)
  await deleter.evaluate(() => new Promise((resolve) => (indexedDB.deleteDatabase('e2e-truth').onsuccess = resolve)))
  for (const each of [page, other])
    await expect.poll(() => readAll(each)).toEqual({ found: 0, evicted: true, how: ['deleted'] })
})

test("site data cleared (CDP Storage.clearDataForOrigin): every tab's memory tier forgets, and each backend says so", async ({
  page,
}) => {
  const other = await twoPages(page)
  const cdp = await page.context().newCDPSession(page)
  const origin = new URL(page.url()).origin
  await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'indexeddb' })
  for (const each of [page, other]) {
    await expect.poll(() => readAll(each)).toMatchObject({ found: 0, evicted: true })
    // A later write works on the new, empty store.
    await each.evaluate(() => (globalThis as TruthGlobals).truth!.cache.set('after', 1))
  }
})
