// Chromium-only IndexedDB faults (they need the DevTools protocol). Persistence and cross-tab behaviour run
// in every engine: e2e/engines/indexeddb.test.ts and e2e/engines/cross-tab.test.ts.
import { type Page, expect, test } from '@playwright/test'
import type { PageGlobals } from './globals.js'

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
    }
  })
  await cdp.send('Storage.overrideQuotaForOrigin', { origin })
  expect(outcome).toMatchObject({ isBackendError: true, causeName: 'QuotaExceededError', small: 'fits', huge: false })
  expect(outcome.message).toMatch(/IndexedDB set failed: QuotaExceededError/)
})
