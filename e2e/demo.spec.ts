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
