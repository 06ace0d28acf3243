import { expect, test } from '@playwright/test'

interface DemoGlobals {
  demo: { people: { hitMissRatio: { hitRatio: number; total: number; hits: number } } }
}

test('the demo page runs real cached lookups and shows their stats', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto('/')
  await page.getByRole('button', { name: 'Look up 10 people' }).click()
  await expect(page.locator('#people li')).toHaveCount(10)
  await page.getByRole('button', { name: 'Generate load (1,000 lookups)' }).click()
  await expect(page.locator('#last')).toContainText('1,000 lookups in', { timeout: 15_000 })
  const ratio = await page.evaluate(() => (globalThis as unknown as DemoGlobals).demo.people.hitMissRatio)
  expect(ratio.total).toBeGreaterThan(30)
  expect(ratio.hitRatio).toBeGreaterThan(0.5)
  await expect(page.locator('#hit-ratio')).toHaveText(`${(ratio.hitRatio * 100).toFixed(1)} %`)
  await page.getByRole('button', { name: 'Team summary' }).click()
  await expect(page.locator('#summary-text')).toHaveText('Platform: 10 · Web: 10 · Data: 10')
  expect(errors).toEqual([])
})

test('the team summary comes back from IndexedDB after a reload', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Clear both caches' }).click()
  await expect(page.locator('#last')).toContainText('clear in')
  await page.getByRole('button', { name: 'Team summary' }).click()
  await expect(page.locator('#last')).toContainText('team summary in')
  const first = Number((await page.locator('#last').textContent())!.match(/(\d+) ms/)![1])
  await page.reload()
  await page.getByRole('button', { name: 'Team summary' }).click()
  await expect(page.locator('#summary-text')).toHaveText('Platform: 10 · Web: 10 · Data: 10')
  const second = Number((await page.locator('#last').textContent())!.match(/(\d+) ms/)![1])
  // The first call waits for the slow API (over 500 ms); the second reads IndexedDB.
  expect(first).toBeGreaterThan(450)
  expect(second).toBeLessThan(first)
})

test('an expired profile is answered at once from the cache while the slow API refreshes it', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  const now = Date.now()
  await page.clock.setFixedTime(now)
  await page.goto('/')
  const text = page.locator('#profile-text')
  await page.getByRole('button', { name: "Open Ada's profile" }).click()
  await expect(text).toHaveAttribute('data-state', 'fresh')
  const first = await text.textContent()
  // 6 s later the 5 s of freshness are over: the cached profile answers at once, then the refresh replaces it.
  await page.clock.setFixedTime(now + 6_000)
  await page.evaluate(() => {
    const seen: string[] = []
    const target = document.getElementById('profile-text')!
    new MutationObserver(() => seen.push(`${target.dataset.state}: ${target.textContent}`)).observe(target, {
      attributes: true,
      childList: true,
    })
    Object.assign(globalThis, { seen })
  })
  await page.getByRole('button', { name: "Open Ada's profile" }).click()
  await expect(text).toHaveAttribute('data-state', 'refreshed')
  await expect(text).toContainText('refreshed in the background in')
  const seen = await page.evaluate(() => [...new Set((globalThis as unknown as { seen: string[] }).seen)])
  const firstTime = new Date(now).toLocaleTimeString()
  expect(first).toContain(`fetched at ${firstTime}: answered in`)
  expect(seen[0]).toMatch(new RegExp(`^stale: Ada .*, fetched at ${firstTime}: stale, answered in \\d+ ms`))
  expect(seen.at(-1)).toMatch(/^refreshed: /)
  await page.getByRole('button', { name: "Open Ada's profile" }).click()
  await expect(text).toContainText(`fetched at ${new Date(now + 6_000).toLocaleTimeString()}: answered in`)
  expect(errors).toEqual([])
})

test('a note saved in one tab of the demo shows in another tab, read from memory in between', async ({
  context,
  page,
}) => {
  const other = await context.newPage()
  await page.goto('/')
  await other.goto('/')
  await expect(other.locator('#note-source')).not.toBeEmpty()
  const note = `from tab A at ${Date.now()}`
  await page.getByLabel('Team note').fill(note)
  await page.getByRole('button', { name: 'Save note' }).click()
  await expect(page.locator('#note-view')).toHaveText(note)
  // The other tab drops its copy when it hears of the write; its next read finds the note in IndexedDB…
  await expect(other.locator('#note-view')).toHaveText(note, { timeout: 3000 })
  // Its watcher hears the write itself: the watched copy shows the note without a re-read.
  await expect(other.locator('#note-live')).toHaveText(note)
  // …and the ones after that in its memory tier.
  await expect(other.locator('#note-source')).toHaveText('read from memory', { timeout: 3000 })
})
