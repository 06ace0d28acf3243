import { expect, test } from '@playwright/test'

test('the demo page runs real cache commands and shows their stats', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto('/')
  await page.getByRole('button', { name: 'Run 1,000 gets' }).click()
  await expect(page.locator('#total')).toHaveText('1000')
  const ratio = await page.evaluate(() => (globalThis as unknown as { cache: { hitMissRatio: { hitRatio: number } } }).cache.hitMissRatio.hitRatio)
  await expect(page.locator('#hit-ratio')).toHaveText(`${(ratio * 100).toFixed(1)} %`)
  expect(ratio).toBeGreaterThan(0.5)
  expect(errors).toEqual([])
})
