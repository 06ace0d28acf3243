import { type Page, expect, test } from '@playwright/test'
import type { BridgedCommand } from './pages/bridge-task.js'
import { inspector, openBridgePage } from './bridge-page.js'

interface LatencyGlobals {
  own: { get(key: string): Promise<unknown>; set(key: string, value: unknown): Promise<true> }
  startWorker(): Promise<void>
  ask(command: BridgedCommand): Promise<unknown>
}

/**
 * Checks the `get` row's latency chart: a text alternative with p50, p95 (the one the row shows) and p99 in
 * order, and bars whose counts add up to the `get`s timed.
 */
async function expectChart(page: Page, gets: number): Promise<void> {
  await inspector(page).getByRole('tab', { name: 'commands' }).click()
  const row = inspector(page).locator('pycached-commands tr[data-command="get"]')
  await expect(row.locator('td').nth(1)).toHaveText(String(gets))
  const chart = row.getByRole('img', { name: /^get latency: / })
  await expect(chart).toBeVisible()
  const label = (await chart.getAttribute('aria-label'))!
  const match = /^get latency: p50 (.+) ms, p95 (.+) ms, p99 (.+) ms$/.exec(label)
  expect(match, label).not.toBeNull()
  const [, p50, p95, p99] = match!
  expect(p95).toBe(await row.locator('td').nth(4).textContent())
  const value = (text: string) => (text.startsWith('<') ? 0 : Number(text))
  expect(value(p50!)).toBeLessThanOrEqual(value(p95!))
  expect(value(p95!)).toBeLessThanOrEqual(value(p99!))
  const titles = await chart.locator('rect title').allTextContents()
  expect(titles.length).toBeGreaterThan(0)
  for (const title of titles) expect(title).toMatch(/^(< [\d.]+|≥ [\d.]+|[\d.]+–[\d.]+) ms: \d+$/)
  const counted = titles.reduce((sum, title) => sum + Number(title.split(': ')[1]), 0)
  expect(counted).toBe(gets)
}

test.beforeEach(({ page }) => openBridgePage(page))

test("the commands view charts each command's latency distribution for a page's cache", async ({ page }) => {
  await page.evaluate(async () => {
    const { own } = globalThis as unknown as LatencyGlobals
    await own.set('a', 1)
    for (let i = 0; i < 300; i++) await own.get(i % 2 ? 'a' : `missing:${i}`)
  })
  await expectChart(page, 300)
  await expect(inspector(page).locator('pycached-commands tr[data-command="set"] [role="img"]')).toHaveAttribute(
    'aria-label',
    /^set latency: p50 .+ ms, p95 .+ ms, p99 .+ ms$/,
  )
})

test("the commands view charts the latency distribution of a Web Worker's cache, sent over the bridge", async ({
  page,
}) => {
  await page.evaluate(() => (globalThis as unknown as LatencyGlobals).startWorker())
  const picker = inspector(page).getByRole('combobox', { name: 'cache' })
  await expect(picker.locator('option', { hasText: 'jobs · indexeddb · worker' })).toHaveCount(1)
  await picker.selectOption({ label: 'jobs · indexeddb · worker' })
  await page.evaluate(() => (globalThis as unknown as LatencyGlobals).ask({ command: 'load', gets: 120, sets: 10 }))
  await expectChart(page, 120)
})
