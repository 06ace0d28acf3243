import { type Page, expect, test } from '@playwright/test'
import type { PageGlobals } from './globals.js'

const PAGE = '/e2e/pages/indexeddb.html'

async function open(page: Page): Promise<void> {
  await page.goto(PAGE)
  await expect(page.locator('#status')).toHaveText('ready')
}

test('entries survive a reload, and their TTL is honoured afterwards', async ({ page }) => {
  await open(page)
  await page.evaluate(async () => {
    const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
    const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-reload' }), namespace: 'app' })
    await cache.clear()
    await cache.set('forever', { user: 'ada' })
    await cache.set('short', 'soon gone', { ttl: 1500 })
    await cache.set('long', 'still here', { ttl: 60_000 })
  })
  await page.reload()
  await expect(page.locator('#status')).toHaveText('ready')
  const read = () =>
    page.evaluate(async () => {
      const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
      const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-reload' }), namespace: 'app' })
      return { values: await cache.multiGet(['forever', 'short', 'long']), ttl: await cache.ttl('long') }
    })
  const first = await read()
  expect(first.values).toEqual([{ user: 'ada' }, 'soon gone', 'still here'])
  expect(first.ttl).toBeGreaterThan(50_000)
  await page.waitForTimeout(1600)
  await page.reload()
  expect((await read()).values).toEqual([{ user: 'ada' }, undefined, 'still here'])
})

test('two pages incrementing one key 500 times each end at exactly 1000', async ({ context }) => {
  const pages = [await context.newPage(), await context.newPage()]
  for (const page of pages) await open(page)
  await pages[0]!.evaluate(async () => {
    const { IndexedDBBackend } = (globalThis as PageGlobals).pycached
    await new IndexedDBBackend({ dbName: 'e2e-counter' }).clear('')
  })
  const results = await Promise.all(
    pages.map((page) =>
      page.evaluate(async () => {
        const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
        const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-counter' }) })
        const seen: number[] = []
        // Interleave with the other page: many increments in flight at once.
        await Promise.all(Array.from({ length: 500 }, async () => seen.push(await cache.increment('hits'))))
        return seen
      }),
    ),
  )
  const final = await pages[0]!.evaluate(async () => {
    const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
    return new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-counter' }) }).get('hits')
  })
  expect(final).toBe(1000)
  // Every increment saw a distinct value: none was lost or applied twice.
  expect(new Set(results.flat()).size).toBe(1000)
})

test('two pages racing add on one key have exactly one winner', async ({ context }) => {
  const pages = [await context.newPage(), await context.newPage()]
  for (const page of pages) await open(page)
  for (let round = 0; round < 5; round++) {
    await pages[0]!.evaluate(async () => {
      const { IndexedDBBackend } = (globalThis as PageGlobals).pycached
      await new IndexedDBBackend({ dbName: 'e2e-add' }).clear('')
    })
    const outcomes = await Promise.all(
      pages.map((page, index) =>
        page.evaluate(async (who) => {
          const { Cache, IndexedDBBackend, KeyExistsError } = (globalThis as PageGlobals).pycached
          const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-add' }) })
          try {
            await cache.add('leader', who)
            return 'won'
          } catch (error) {
            return error instanceof KeyExistsError ? 'lost' : String(error)
          }
        }, `page-${index}`),
      ),
    )
    expect(outcomes.sort()).toEqual(['lost', 'won'])
  }
})

test('a page closed in the middle of a large multiSet leaves all of it or none', async ({ context }) => {
  const writer = await context.newPage()
  await open(writer)
  await writer.evaluate(async () => {
    const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
    const cache = new Cache({ backend: new IndexedDBBackend({ dbName: 'e2e-crash' }) })
    await cache.clear()
    const big = 'x'.repeat(2000)
    const pairs = Array.from({ length: 20_000 }, (_, i) => [`k${i}`, { i, big }] as [string, unknown])
    void cache.multiSet(pairs)
    // Let the transaction start, then the page goes away mid-write.
    await new Promise((resolve) => setTimeout(resolve, 30))
  })
  await writer.close()
  const reader = await context.newPage()
  await open(reader)
  const count = await reader.evaluate(async () => {
    const { IndexedDBBackend } = (globalThis as PageGlobals).pycached
    return new IndexedDBBackend({ dbName: 'e2e-crash' }).raw('count')
  })
  expect([0, 20_000]).toContain(count)
})

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
