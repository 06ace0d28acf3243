import { type Locator, type Page, expect, test } from '@playwright/test'
import type { PageGlobals } from './globals.js'
import type { BridgedCommand } from './pages/bridge-task.js'
import { inspector, openBridgePage, openWithOtherTab, picker } from './bridge-page.js'

type BridgeGlobals = PageGlobals & {
  startWorker(): Promise<void>
  startServiceWorker(): Promise<void>
  startExample(): void
  ask(command: BridgedCommand, target?: 'worker' | 'service worker'): Promise<unknown>
  run(command: BridgedCommand): Promise<unknown>
}

const summary = (page: Page) => inspector(page).locator('pycached-summary')

/** Picks the cache whose option label is `label` in the inspector's cache picker. */
async function pick(page: Page, label: string): Promise<void> {
  await expect(picker(page).locator('option', { hasText: label })).toHaveCount(1)
  await picker(page).selectOption({ label })
}

async function expectLookups(locator: Locator, lookups: number, hits: number): Promise<void> {
  await expect(locator.locator('.lookups')).toHaveText(String(lookups))
  await expect(locator.locator('.hits')).toHaveText(String(hits))
}

test("a Web Worker's cache appears in the page's inspector and updates live; its keys are read over the channel", async ({
  page,
}) => {
  await openBridgePage(page, 'inspector')
  await page.evaluate(() => (globalThis as BridgeGlobals).startWorker())
  await pick(page, 'jobs · indexeddb · worker')
  await expectLookups(summary(page), 0, 0)
  await page.evaluate(() => (globalThis as BridgeGlobals).ask({ command: 'load', gets: 40, sets: 10 }))
  await expectLookups(summary(page), 40, 20)
  await expect(summary(page).locator('.ratio')).toHaveText('50.0 %')
  // Live: more commands in the worker show up without touching the page.
  await page.evaluate(() => (globalThis as BridgeGlobals).ask({ command: 'load', gets: 10, sets: 0 }))
  await expectLookups(summary(page), 50, 30)

  await inspector(page).getByRole('tab', { name: 'commands' }).click()
  await expect(inspector(page).locator('pycached-commands tr[data-command="get"] td').nth(1)).toHaveText('50')
  await inspector(page).getByRole('tab', { name: 'log' }).click()
  await expect(inspector(page).locator('pycached-log .row .keys').first()).toContainText('job:')

  await inspector(page).getByRole('tab', { name: 'keys' }).click()
  const keys = inspector(page).locator('pycached-keys')
  await expect(keys.locator('.count')).toHaveText('10 keys')
  await expect(keys.locator('[data-key="job:3"] .value')).toContainText('"note":"<b>job 3</b>"')
  await expect(keys.locator('b')).toHaveCount(0)
  await keys.getByRole('button', { name: 'delete job:3' }).click()
  await expect(keys.locator('[data-key="job:3"]')).toHaveCount(0)
  expect(await page.evaluate(() => (globalThis as BridgeGlobals).ask({ command: 'has', key: 'job:3' }))).toBe(false)
  // The storage the worker's IndexedDB cache uses is the origin's: shown for it too.
  await expect(inspector(page).locator('pycached-storage .quota')).toBeVisible()
})

test("the docs' bridge example, run in a worker, appears with its keys", async ({ page }) => {
  await openBridgePage(page, 'inspector')
  await page.evaluate(() => (globalThis as BridgeGlobals).startExample())
  await pick(page, 'jobs · indexeddb · worker')
  await inspector(page).getByRole('tab', { name: 'keys' }).click()
  await expect(inspector(page).locator('pycached-keys [data-key="job:1"] .value')).toHaveText('{"state":"queued"}')
})

test("another tab's cache appears and updates live", async ({ page }) => {
  const other = await openWithOtherTab(page)
  await pick(page, 'other tab · memory · tab')
  await other.evaluate(() => (globalThis as BridgeGlobals).run({ command: 'load', gets: 8, sets: 2 }))
  await expectLookups(summary(page), 8, 4)
  await other.evaluate(() => (globalThis as BridgeGlobals).run({ command: 'load', gets: 4, sets: 0 }))
  await expectLookups(summary(page), 12, 8)
  // A tab that closes says goodbye: its cache leaves the list.
  await other.close()
  await expect(picker(page)).toHaveCount(0)
  await expect(summary(page).locator('.name')).toHaveText('own')
})

test("another tab's stale answers and background refreshes show in the log and the commands view", async ({ page }) => {
  const other = await openWithOtherTab(page)
  await pick(page, 'other tab · memory · tab')
  await inspector(page).getByRole('tab', { name: 'log' }).click()
  await expect(inspector(page).locator('pycached-log')).toBeVisible()
  expect(await other.evaluate(() => (globalThis as BridgeGlobals).run({ command: 'stale' }))).toBe('tea stale')
  const rows = inspector(page).locator('pycached-log .row:not(.head)')
  await expect(rows.filter({ hasText: 'stale' })).toHaveCount(1)
  await expect(rows.filter({ hasText: 'stale' }).locator('.keys')).toHaveText('quote:tea')
  await expect(rows.filter({ hasText: 'refresh' })).toHaveCount(1)
  await inspector(page).getByRole('tab', { name: 'commands' }).click()
  const refresh = inspector(page).locator('pycached-commands tfoot tr[data-command="refresh"] td')
  await expect(refresh.first()).toHaveText('background refresh')
  await expect(refresh.nth(1)).toHaveText('1')
  // A stale answer and a refresh are no commands: the get count is the wrapper's one get.
  await expect(inspector(page).locator('pycached-commands tbody tr[data-command="get"] td').nth(1)).toHaveText('1')
})

test("a service worker's cache appears and updates live", async ({ page }) => {
  await openBridgePage(page, 'inspector')
  await page.evaluate(() => (globalThis as BridgeGlobals).startServiceWorker())
  await pick(page, 'offline · indexeddb · service worker')
  await page.evaluate(() => (globalThis as BridgeGlobals).ask({ command: 'load', gets: 6, sets: 3 }, 'service worker'))
  await expectLookups(summary(page), 6, 3)
})

test('hostile bridge messages are inert: malformed ones are counted, strings render only as text', async ({ page }) => {
  const other = await openWithOtherTab(page)
  await expect(picker(page).locator('option')).toHaveCount(2)
  const hostile = '<img src=x onerror="globalThis.__pwned=1">'
  await other.evaluate((text) => {
    const channel = new BroadcastChannel('pycached-inspector')
    const junk: unknown[] = [
      null,
      'hello',
      { pycached: 1, type: 'hello' },
      { pycached: 1, type: 'stats', source: 'x', ratio: 'high', commands: [], errors: 0 },
      {
        pycached: 1,
        type: 'stats',
        source: 'x',
        ratio: { hits: 0, total: 1, hitRatio: 0, byTier: [] },
        commands: [{ command: 'get', count: 1, min: 1, avg: 1, p50: 1, p95: 1, p99: 1, max: 1, histogram: [text, 1] }],
        errors: 0,
      },
      { pycached: 1, type: 'records', source: 'x', records: [{ command: 'eval' }], dropped: 0 },
      { pycached: 1, type: 'reply', source: 'x', to: 'y', seq: -1, ok: true },
      { type: 'hello', name: text },
    ]
    for (const message of junk) channel.postMessage(message)
    channel.postMessage({
      pycached: 1,
      type: 'hello',
      source: 'hostile',
      scope: 'elsewhere',
      context: text,
      name: text,
      namespace: text,
      backend: text,
      tiers: [],
      resolution: 0.1,
    })
    channel.postMessage({
      pycached: 1,
      type: 'records',
      source: 'hostile',
      records: [{ time: Date.now(), command: 'get', keys: [text], took: 0.2, hits: 0, lookups: 1, error: text }],
      dropped: 0,
    })
    channel.close()
  }, hostile)
  await expect(inspector(page).locator('.malformed')).toHaveText('7 malformed bridge messages ignored')
  const option = picker(page).locator('option', { hasText: 'onerror' })
  await expect(option).toHaveText(`${hostile} · ${hostile} · ${hostile}`)
  await picker(page).selectOption({ label: `${hostile} · ${hostile} · ${hostile}` })
  await expect(summary(page).locator('.ratio')).toHaveText('–')
  expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined()
  expect(await page.locator('img').count()).toBe(0)
  expect(await inspector(page).locator('img').count()).toBe(0)
})
