import { type Page, expect, test } from '@playwright/test'

interface DemoGlobals {
  demo: {
    people: {
      hitMissRatio: { hitRatio: number; total: number; hits: number }
      set(key: string, value: unknown): Promise<true>
      exists(key: string): Promise<boolean>
      get(key: string): Promise<unknown>
    }
  }
}

const inspector = (page: Page) => page.locator('pycached-inspector')

async function runLoad(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Generate load (1,000 lookups)' }).click()
  await expect(page.locator('#last')).toContainText('1,000 lookups in', { timeout: 15_000 })
}

test.beforeEach(async ({ page }) => {
  await page.goto('/')
  await page.evaluate(() => localStorage.removeItem('pycached-inspector'))
  await page.reload()
})

test('commands tab shows live per-command timing after real commands', async ({ page }) => {
  await runLoad(page)
  const rows = inspector(page).locator('pycached-commands tr[data-command]')
  await expect(rows.filter({ hasText: 'get' }).first()).toBeVisible()
  const getRow = inspector(page).locator('pycached-commands tr[data-command="get"] td')
  const total = await page.evaluate(() => (globalThis as unknown as DemoGlobals).demo.people.hitMissRatio.total)
  // The table refreshes at most every refresh-interval: wait for it to catch up with the last commands.
  await expect(getRow.nth(1)).toHaveText(String(total))
})

test('hit ratio tab shows what cache.hitMissRatio says', async ({ page }) => {
  await runLoad(page)
  await inspector(page).getByRole('tab', { name: 'hit ratio' }).click()
  const { hitRatio, hits, total } = await page.evaluate(
    () => (globalThis as unknown as DemoGlobals).demo.people.hitMissRatio,
  )
  const panel = inspector(page).locator('pycached-hit-ratio')
  await expect(panel.locator('[part="ratio"]')).toHaveText(`${(hitRatio * 100).toFixed(1)} %`)
  await expect(panel.locator('.hits')).toHaveText(String(hits))
  await expect(panel.locator('.total')).toHaveText(String(total))
  await expect(panel.locator('polyline')).toHaveCount(1)
})

test('the header shows the hit ratio, lookups, commands and errors on every tab, and the badge keeps the ratio', async ({
  page,
}) => {
  await runLoad(page)
  const { hitRatio, hits, total } = await page.evaluate(
    () => (globalThis as unknown as DemoGlobals).demo.people.hitMissRatio,
  )
  const summary = inspector(page).locator('pycached-summary')
  const ratio = `${(hitRatio * 100).toFixed(1)} %`
  for (const name of ['commands', 'hit ratio', 'log', 'keys']) {
    await inspector(page).getByRole('tab', { name }).click()
    await expect(summary.locator('.ratio')).toHaveText(ratio)
    await expect(summary.locator('.hits')).toHaveText(hits.toLocaleString('en-US'))
    await expect(summary.locator('.lookups')).toHaveText(total.toLocaleString('en-US'))
    await expect(summary.locator('.error-count')).toHaveText('0')
    const commands = Number((await summary.locator('.commands').textContent())!.replace(/,/g, ''))
    expect(commands).toBeGreaterThanOrEqual(total)
    await expect(inspector(page).getByRole('combobox', { name: 'cache' })).toHaveValue('0')
  }
  await inspector(page).getByRole('button', { name: 'collapse' }).click()
  await expect(inspector(page).locator('[part="badge"]')).toContainText(ratio)
})

test('durations below the clock resolution read as such, never 0.000', async ({ page }) => {
  await page.evaluate(async () => {
    const { people } = (globalThis as unknown as DemoGlobals).demo
    for (let i = 0; i < 50; i++) await people.get(`missing:${i}`)
  })
  const resolution = await page.evaluate(() => {
    // What the page's clock steps by: Chromium coarsens it to 0.1 ms without cross-origin isolation.
    let smallest = Infinity
    for (let i = 0; i < 10; i++) {
      const start = performance.now()
      let next = start
      while (next === start) next = performance.now()
      smallest = Math.min(smallest, next - start)
    }
    return smallest
  })
  expect(resolution).toBeCloseTo(0.1, 5)
  const commands = inspector(page).locator('pycached-commands')
  await expect(commands.locator('.resolution')).toContainText('Clock resolution where this cache runs: 0.1 ms')
  const cells = await commands.locator('tr[data-command="get"] td.num').allTextContents()
  expect(cells.slice(1).some((cell) => cell.trim() === '< 0.1')).toBe(true)
  expect(cells.every((cell) => !/^0\.0+$/.test(cell.trim()))).toBe(true)
  await inspector(page).getByRole('tab', { name: 'log' }).click()
  const took = await inspector(page).locator('pycached-log .took').allTextContents()
  expect(took.length).toBeGreaterThan(0)
  expect(took.every((cell) => cell === '< 0.1' || /^\d+\.\d$/.test(cell))).toBe(true)
})

test('log tab lists recent commands and filters them by key', async ({ page }) => {
  await page.getByRole('button', { name: 'Look up 10 people' }).click()
  await expect(page.locator('#people li')).toHaveCount(10)
  await inspector(page).getByRole('tab', { name: 'log' }).click()
  const log = inspector(page).locator('pycached-log')
  await expect(log.locator('.row:not(.head)').first()).toBeVisible()
  await log.getByRole('searchbox', { name: 'key filter' }).fill('person:')
  await expect(log.locator('.row .keys').first()).toContainText('person:')
  const keys = await log.locator('.row .keys').allTextContents()
  expect(keys.length).toBeGreaterThan(0)
  expect(keys.every((key) => key.includes('person:'))).toBe(true)
  await log.getByRole('searchbox', { name: 'key filter' }).fill('no such key')
  await expect(log.locator('.row:not(.head)')).toHaveCount(0)
})

test('keys tab deletes a key from the real cache', async ({ page }) => {
  await page.evaluate(() => (globalThis as unknown as DemoGlobals).demo.people.set('doomed', { name: 'x' }))
  await inspector(page).getByRole('tab', { name: 'keys' }).click()
  const keys = inspector(page).locator('pycached-keys')
  await expect(keys.locator('[data-key="doomed"]')).toBeVisible()
  await keys.getByRole('button', { name: 'delete doomed' }).click()
  await expect(keys.locator('[data-key="doomed"]')).toHaveCount(0)
  expect(await page.evaluate(() => (globalThis as unknown as DemoGlobals).demo.people.exists('doomed'))).toBe(false)
})

test('a hostile key and value render as text and run nothing', async ({ page }) => {
  const hostile = '<img src=x onerror="globalThis.__pwned=1">'
  await page.evaluate((text) => (globalThis as unknown as DemoGlobals).demo.people.set(text, { html: text }), hostile)
  await inspector(page).getByRole('tab', { name: 'keys' }).click()
  const keys = inspector(page).locator('pycached-keys')
  await expect(keys.locator('.key', { hasText: hostile })).toHaveText(hostile)
  await inspector(page).getByRole('tab', { name: 'log' }).click()
  await expect(inspector(page).locator('pycached-log .keys', { hasText: hostile }).first()).toBeVisible()
  expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined()
  expect(await page.locator('img').count()).toBe(0)
})

test('tabs are keyboard-navigable, and the panel collapses to a badge and remembers it', async ({ page }) => {
  const commands = inspector(page).getByRole('tab', { name: 'commands' })
  await commands.focus()
  await page.keyboard.press('ArrowRight')
  await expect(inspector(page).getByRole('tab', { name: 'hit ratio' })).toHaveAttribute('aria-selected', 'true')
  await expect(inspector(page).getByRole('tab', { name: 'hit ratio' })).toBeFocused()
  await page.keyboard.press('End')
  await expect(inspector(page).getByRole('tab', { name: 'keys' })).toHaveAttribute('aria-selected', 'true')
  await inspector(page).getByRole('button', { name: 'collapse' }).click()
  await expect(inspector(page).locator('[part="badge"]')).toBeVisible()
  await page.reload()
  await expect(inspector(page).locator('[part="badge"]')).toBeVisible()
  await inspector(page).locator('[part="badge"]').click()
  await expect(inspector(page).getByRole('tab', { name: 'keys' })).toHaveAttribute('aria-selected', 'true')
})

for (const colorScheme of ['light', 'dark'] as const) {
  test(`screenshot of the panel in ${colorScheme} mode`, async ({ page }, testInfo) => {
    await page.emulateMedia({ colorScheme })
    await runLoad(page)
    const panel = inspector(page).locator('[part="panel"]')
    const background = await panel.evaluate((element) => getComputedStyle(element).backgroundColor)
    expect(background).toBe(colorScheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)')
    await testInfo.attach(`inspector-${colorScheme}`, { body: await panel.screenshot(), contentType: 'image/png' })
    await panel.screenshot({ path: testInfo.outputPath(`inspector-${colorScheme}.png`) })
  })
}

test('works on a page with a strict Content-Security-Policy', async ({ page }) => {
  await page.goto('/e2e/pages/csp.html')
  await expect(page.locator('#status')).toHaveText('ready')
  await page.evaluate(async () => {
    const { cache } = globalThis as unknown as {
      cache: { set(k: string, v: unknown): Promise<true>; get(k: string): Promise<unknown> }
    }
    await cache.set('a', 1)
    for (let i = 0; i < 10; i++) await cache.get(i % 2 ? 'a' : 'missing')
  })
  const panel = inspector(page)
  await expect(panel.locator('pycached-commands tr[data-command="get"] td').nth(1)).toHaveText('10')
  // The latency chart is SVG attributes, no style attribute:
  await expect(panel.getByRole('img', { name: /^get latency: p50 / })).toBeVisible()
  await panel.getByRole('tab', { name: 'hit ratio' }).click()
  await expect(panel.locator('pycached-hit-ratio [part="ratio"]')).toHaveText('50.0 %')
  // Styles apply (constructable stylesheets are allowed under style-src 'self'):
  const tabColor = await panel
    .getByRole('tab', { name: 'hit ratio' })
    .evaluate((tab) => getComputedStyle(tab).borderBottomStyle)
  expect(tabColor).toBe('solid')
  // The virtual lists place their rows through CSSOM, which the policy allows.
  await panel.getByRole('tab', { name: 'keys' }).click()
  await expect(panel.locator('pycached-keys [data-key="a"]')).toBeVisible()
  await panel.getByRole('tab', { name: 'log' }).click()
  await expect(panel.locator('pycached-log .row:not(.head)')).toHaveCount(11)
  const violations = await page.evaluate(() => (globalThis as unknown as { violations: string[] }).violations)
  expect(violations.filter((violation) => !violation.startsWith('connect-src'))).toEqual([])
})

test('keeps up with 5,000 commands per second: the page keeps rendering and memory stays flat', async ({ page }) => {
  await inspector(page).getByRole('tab', { name: 'log' }).click()
  const cdp = await page.context().newCDPSession(page)
  const heapAfterGc = async () => {
    await cdp.send('HeapProfiler.collectGarbage')
    return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize
  }
  // 65 commands every 10 ms (timers fire about every 12 ms: some 5,000 a second) on the demo's memory cache, while counting the frames the page paints.
  const load = (seconds: number) =>
    page.evaluate(async (duration) => {
      const { people } = (globalThis as unknown as DemoGlobals).demo
      let commands = 0
      let frames = 0
      let longestGap = 0
      let last = performance.now()
      const end = last + duration * 1000
      const frame = (now: number) => {
        longestGap = Math.max(longestGap, now - last)
        last = now
        frames++
        if (now < end) requestAnimationFrame(frame)
      }
      requestAnimationFrame(frame)
      while (performance.now() < end) {
        const burst = Array.from({ length: 65 }, (_, i) =>
          i % 10 === 0 ? people.set(`load:${(commands + i) % 500}`, { i }) : people.get(`load:${(commands + i) % 500}`),
        )
        commands += burst.length
        await Promise.all(burst)
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      return { commands, frames, longestGap }
    }, seconds)

  await load(2)
  const before = await heapAfterGc()
  const run = await load(5)
  const after = await heapAfterGc()

  expect(run.commands).toBeGreaterThan(5 * 5_000 * 0.6)
  expect(run.frames).toBeGreaterThan(5 * 10)
  expect(run.longestGap).toBeLessThan(500)
  expect(after - before).toBeLessThan(2 * 1024 * 1024)
  const log = inspector(page).locator('pycached-log')
  const kept = await log.evaluate((element) => (element as unknown as { entries: unknown[] }).entries.length)
  expect(kept).toBe(500)
  // Only the rows on screen are in the DOM.
  const rows = await log.locator('.row:not(.head)').count()
  expect(rows).toBeGreaterThan(0)
  expect(rows).toBeLessThan(60)
})
