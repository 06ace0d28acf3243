// The bridge test page (`e2e/pages/bridge.html`) as the inspector specs open it: with the inspector's remembered
// panel state removed, so every test starts from the same tab and height.
import { type Page, expect } from '@playwright/test'

/** The page's `<pycached-inspector>`. */
export const inspector = (page: Page) => page.locator('pycached-inspector')

/** The inspector's cache picker. */
export const picker = (page: Page) => inspector(page).getByRole('combobox', { name: 'cache' })

/** Opens the bridge page as the inspector's page or as another tab, and waits until its caches are ready. */
export async function openBridgePage(page: Page, role: 'inspector' | 'tab' = 'inspector'): Promise<void> {
  await page.goto(`/e2e/pages/bridge.html?role=${role}`)
  await page.evaluate(() => localStorage.removeItem('pycached-inspector'))
  await page.reload()
  await expect(page.locator('#status')).toHaveText('ready')
}

/** Opens the bridge page as the inspector's page in `page` and as another tab of the same context; returns the tab. */
export async function openWithOtherTab(page: Page): Promise<Page> {
  await openBridgePage(page, 'inspector')
  const tab = await page.context().newPage()
  await openBridgePage(tab, 'tab')
  return tab
}
