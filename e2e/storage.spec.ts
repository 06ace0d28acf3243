import { expect, test } from '@playwright/test'

test("for an IndexedDB cache, the keys tab shows the origin's storage and can ask to keep it", async ({ page }) => {
  await page.goto('/')
  await page.evaluate(() => localStorage.removeItem('pycached-inspector'))
  await page.reload()
  const inspector = page.locator('pycached-inspector')
  await page.getByRole('button', { name: 'Team summary' }).click()
  await inspector.getByRole('tab', { name: 'keys' }).click()
  // The memory cache has no storage line; the IndexedDB one does.
  await expect(inspector.locator('pycached-storage')).toHaveCount(0)
  await inspector.getByRole('combobox', { name: 'cache' }).selectOption({ label: 'team · memory+indexeddb' })
  const storage = inspector.locator('pycached-storage')
  await expect(storage.locator('.quota')).toBeVisible()
  const estimate = await page.evaluate(async () => {
    const { usage = 0, quota = 0 } = await navigator.storage.estimate()
    return { usage, quota, persisted: await navigator.storage.persisted() }
  })
  const text = (bytes: number) =>
    bytes < 1024
      ? `${bytes} B`
      : bytes < 1024 ** 2
        ? `${(bytes / 1024).toFixed(1)} KB`
        : bytes < 1024 ** 3
          ? `${(bytes / 1024 ** 2).toFixed(1)} MB`
          : `${(bytes / 1024 ** 3).toFixed(1)} GB`
  await expect(storage.locator('.quota')).toHaveText(text(estimate.quota))
  await expect(storage.locator('.persisted')).toHaveAttribute('data-persisted', String(estimate.persisted))
  await expect(inspector.locator('pycached-keys [data-key="summary"]')).toBeVisible()

  if (!estimate.persisted) {
    await storage.getByRole('button', { name: 'Ask to keep it' }).click()
    const persisted = await page.evaluate(() => navigator.storage.persisted())
    await expect(storage.locator('.persisted')).toHaveAttribute('data-persisted', String(persisted))
    if (!persisted) await expect(storage.locator('.answer')).toHaveText('the browser said no')
  }
})
