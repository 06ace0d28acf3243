import { expect, test } from '@playwright/test'
import type { HitMissRatio } from '../src/index.js'

interface TieredGlobals {
  tiered: { lookups(): Promise<HitMissRatio> }
}

test('on a memory + IndexedDB tiered cache, the header and the hit ratio tab show hits per tier', async ({ page }) => {
  await page.goto('/e2e/pages/inspector-tiers.html')
  await page.evaluate(() => localStorage.removeItem('pycached-inspector'))
  await page.reload()
  await expect(page.locator('#status')).toHaveText('ready')
  const ratio = await page.evaluate(() => (globalThis as unknown as TieredGlobals).tiered.lookups())
  const [memory = 0, indexeddb = 0] = ratio.byTier
  expect(memory).toBeGreaterThan(0)
  expect(indexeddb).toBeGreaterThan(0)
  expect(ratio.total - ratio.hits).toBeGreaterThan(0)
  const share = (n: number) => `${Math.round((n / ratio.total) * 100)}%`
  const expected = `memory ${share(memory)} · indexeddb ${share(indexeddb)} · miss ${share(ratio.total - ratio.hits)}`

  const inspector = page.locator('pycached-inspector')
  await expect(inspector.locator('pycached-summary .tiers')).toHaveText(expected)
  await expect(inspector.locator('pycached-summary .where')).toHaveText('memory+indexeddb')
  await inspector.getByRole('tab', { name: 'hit ratio' }).click()
  await expect(inspector.locator('pycached-hit-ratio .tiers')).toHaveText(expected)
  // Its last tier is IndexedDB: the keys tab shows the origin's storage, and the keys the last tier holds.
  await inspector.getByRole('tab', { name: 'keys' }).click()
  await expect(inspector.locator('pycached-storage .quota')).toBeVisible()
  await expect(inspector.locator('pycached-keys .count')).toHaveText('10 keys')
})
