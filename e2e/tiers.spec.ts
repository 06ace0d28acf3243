import { expect, test } from '@playwright/test'
import { CHROMIUM_ARGS, chromiumPath } from '../scripts/chromium.js'
import type { PageGlobals } from './globals.js'
import type { TierCommand } from './pages/tier-context.js'
import { type TierGlobals, inPage, inWorker, openTiersPage } from './tiers-page.js'

// Playwright turns the back/forward cache off by default; these tests need it on.
test.use({
  launchOptions: {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  },
})

test.beforeEach(async ({ page }) => {
  await openTiersPage(page)
  await inPage(page, 'clear', { namespace: '' })
})

test('two tabs and a worker sharing a store: a write anywhere drops the copies everywhere else', async ({
  context,
  page: a,
}) => {
  const b = await context.newPage()
  await openTiersPage(b)
  const contexts = [
    ['tab A', (...c: TierCommand) => inPage(a, ...c)],
    ['tab B', (...c: TierCommand) => inPage(b, ...c)],
    ['worker', (...c: TierCommand) => inWorker(a, ...c)],
  ] as const
  for (const [writer, write] of contexts) {
    const value = `written by ${writer}`
    // Every context holds a copy of the old value first.
    for (const [, run] of contexts) await run('get', 'k')
    await write('set', 'k', value)
    for (const [reader, run] of contexts) {
      if (reader !== writer) await expect.poll(() => run('copy', 'k'), { message: reader }).toBeNull()
      expect(await run('get', 'k'), reader).toBe(value)
      expect(await run('copy', 'k'), reader).toBe(value)
    }
  }
  await inWorker(a, 'clear')
  await expect.poll(() => inPage(b, 'copy', 'k')).toBeNull()
  await expect.poll(() => inPage(a, 'copy', 'k')).toBeNull()
  expect(await inPage(b, 'get', 'k')).toBeNull()
})

test('two tabs writing one key back to back converge on what IndexedDB holds', async ({ context, page: a }) => {
  const b = await context.newPage()
  await openTiersPage(b)
  for (let round = 0; round < 20; round++) {
    await Promise.all([inPage(a, 'get', 'k'), inPage(b, 'get', 'k')])
    await Promise.all([inPage(a, 'set', 'k', `a${round}`), inPage(b, 'set', 'k', `b${round}`)])
    const stored = await a.evaluate(async () => {
      const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
      return new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-tiers' }), namespace: 'ns' }).get('k')
    })
    await expect.poll(async () => [await inPage(a, 'get', 'k'), await inPage(b, 'get', 'k')]).toEqual([stored, stored])
  }
})

test('a page restored from the back/forward cache forgets its memory tier', async ({ context, page: a }) => {
  // The restore is a real one (Chromium keeps the page; `pageshow` reports `persisted`). Any message on its channel
  // (a tiered write in another tab) would evict the page from the cache instead, so the change it must not miss is
  // made without one.
  await inPage(a, 'set', 'k', 'before')
  expect(await inPage(a, 'copy', 'k')).toBe('before')
  await a.goto('/e2e/pages/indexeddb.html')
  // A page without a cache: one on the store would greet the others, and a message evicts tab A too.
  const b = await context.newPage()
  await b.goto('/e2e/pages/indexeddb.html')
  await expect(b.locator('#status')).toHaveText('ready')
  // Straight on the backend: a cache would join the store's channel at its first write, and greet.
  await b.evaluate(async () => {
    const { IndexedDBBackend } = (globalThis as PageGlobals).pycached
    await new IndexedDBBackend({ dbName: 'e2e-tiers' }).set('ns:k', 'after', undefined)
  })
  await a.goBack({ waitUntil: 'commit' })
  await a.waitForFunction(() => (globalThis as TierGlobals).tiers?.shows.includes(true))
  expect(await a.evaluate(() => (globalThis as TierGlobals).tiers.shows)).toEqual([false, true])
  expect(await inPage(a, 'copy', 'k')).toBeNull()
  expect(await inPage(a, 'get', 'k')).toBe('after')
})

test('a write over quota fails with its BackendError and leaves the memory tier as it was', async ({
  browser,
  baseURL,
}) => {
  // Chromium grants an origin's IndexedDB writes from the free space it last fetched for one of them, for up to
  // 30 s, whichever page or connection wrote. The fixture page has written already (a new store's marker record),
  // so the quota is lowered in a context of its own, before anything in it writes.
  const context = await browser.newContext({ baseURL })
  const page = await context.newPage()
  await openTiersPage(page)
  expect(await page.evaluate(() => indexedDB.databases())).toEqual([])
  const origin = new URL(page.url()).origin
  const cdp = await context.newCDPSession(page)
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 200 * 1024 })
  await inPage(page, 'set', 'k', 'fits')
  const outcome = await page.evaluate(async () => {
    const { tiers, pycached } = globalThis as TierGlobals
    const error = await tiers.run(['set', 'k', 'x'.repeat(1024 * 1024)]).catch((e: unknown) => e)
    return {
      isBackendError: error instanceof pycached.BackendError,
      causeName: ((error as Error).cause as DOMException | undefined)?.name,
    }
  })
  await cdp.send('Storage.overrideQuotaForOrigin', { origin })
  expect(outcome).toEqual({ isBackendError: true, causeName: 'QuotaExceededError' })
  expect(await inPage(page, 'copy', 'k')).toBe('fits')
  expect(await inPage(page, 'get', 'k')).toBe('fits')
  await context.close()
})

test('junk posted on the channel is ignored and counted, never thrown into the page', async ({ page }) => {
  const errors: Error[] = []
  page.on('pageerror', (error) => errors.push(error))
  expect(await inWorker(page, 'ignored')).toBe(0) // the worker's channel is open: it hears what follows
  await page.evaluate(() => {
    const intruder = new BroadcastChannel('pycached:e2e-tiers/cache')
    for (const junk of ['text', null, { pycached: 'tiers', v: 1, keys: ['ns:k'] }, new Uint8Array(4)]) {
      intruder.postMessage(junk)
    }
    intruder.close()
  })
  await expect.poll(() => inPage(page, 'ignored')).toBe(4)
  await expect.poll(() => inWorker(page, 'ignored')).toBe(4)
  expect(errors).toEqual([])
})
