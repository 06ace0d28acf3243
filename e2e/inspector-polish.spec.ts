// How the docked inspector reads on the demo page: its theme attribute against the system's scheme (contrast
// measured on computed styles), its header and log at 1280 px, its messages for values it does not know, its
// JSON export, and screenshots in both themes at 1280 and 1600 px (saved as test artifacts).
import { type Page, expect, test } from '@playwright/test'

const inspector = (page: Page) => page.locator('pycached-inspector')

async function open(page: Page, width = 1280): Promise<void> {
  await page.setViewportSize({ width, height: 900 })
  await page.goto('/')
  await page.evaluate(() => localStorage.removeItem('pycached-inspector'))
  await page.reload()
  await page.getByRole('button', { name: 'Generate load (1,000 lookups)' }).click()
  await expect(page.locator('#last')).toContainText('1,000 lookups in', { timeout: 15_000 })
}

/** The lowest contrast ratio (WCAG) of the text of every part of the inspector against the panel's background. */
function lowestContrast(page: Page): Promise<{ ratio: number; where: string }> {
  return inspector(page).evaluate((host) => {
    const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number)
    const luminance = (color: string) => {
      const [r, g, b] = rgb(color).map((c) => {
        const s = c / 255
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
    }
    const contrast = (a: string, b: string) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
      return (hi! + 0.05) / (lo! + 0.05)
    }
    const background = getComputedStyle(host.shadowRoot!.querySelector('.panel')!).backgroundColor
    let lowest = { ratio: Infinity, where: '' }
    // Every element with its own text, in every shadow root below the inspector.
    const visit = (root: ShadowRoot) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.shadowRoot) visit(element.shadowRoot)
        const text = [...element.childNodes].some((node) => node.nodeType === 3 && node.textContent!.trim())
        if (!text || !(element as HTMLElement).offsetParent) continue
        const style = getComputedStyle(element)
        // Buttons and inputs draw their own background.
        const own = style.backgroundColor !== 'rgba(0, 0, 0, 0)' ? style.backgroundColor : background
        const ratio = contrast(style.color, own)
        if (ratio < lowest.ratio) lowest = { ratio, where: `${element.localName}.${element.className}` }
      }
    }
    visit(host.shadowRoot!)
    return lowest
  })
}

for (const [theme, system] of [
  ['dark', 'light'],
  ['light', 'dark'],
] as const) {
  test(`theme="${theme}" wins over a ${system} system scheme in every part, tab by tab`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: system })
    await open(page)
    await inspector(page).evaluate((element, value) => element.setAttribute('theme', value), theme)
    const panel = inspector(page).locator('[part="panel"]')
    await expect(panel).toHaveCSS('background-color', theme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)')
    for (const tab of ['commands', 'hit ratio', 'log', 'keys']) {
      await inspector(page).getByRole('tab', { name: tab }).click()
      await page.waitForTimeout(300)
      const { ratio, where } = await lowestContrast(page)
      expect(ratio, `${tab}: ${where}`).toBeGreaterThanOrEqual(4)
    }
    // The summary in the header is a part of its own: it takes the inspector's tokens, not the system's.
    const summary = inspector(page).locator('pycached-summary .hits')
    await expect(summary).toHaveCSS('color', theme === 'dark' ? 'rgb(141, 150, 160)' : 'rgb(101, 109, 118)')
  })
}

test('at 1280 px the header is one line, the log keeps whole command names and shows milliseconds', async ({
  page,
}) => {
  await open(page)
  const header = inspector(page).locator('header')
  const tops = await header.evaluate((element) =>
    [...element.children].map((child) => Math.round(child.getBoundingClientRect().top)),
  )
  // One row: a wrapped item would sit a whole line (20 px or more) lower.
  expect(Math.max(...tops) - Math.min(...tops), `tops: ${tops}`).toBeLessThan(16)
  await expect(inspector(page).getByRole('button', { name: 'collapse' })).toHaveText('▾')
  // The picker names the cache and its backend; the summary beside it does not again.
  await expect(inspector(page).getByRole('combobox', { name: 'cache' })).toBeVisible()
  await expect(inspector(page).locator('pycached-summary .name')).toHaveCount(0)
  await page.evaluate(async () => {
    const { people } = (globalThis as unknown as { demo: { people: { increment(key: string): Promise<number> } } }).demo
    await people.increment('counter')
  })
  await inspector(page).getByRole('tab', { name: 'log' }).click()
  const row = inspector(page).locator('pycached-log .row:not(.head)').filter({ hasText: 'increment' }).first()
  const command = row.locator('[role="cell"]').nth(1)
  await expect(command).toHaveText('increment')
  expect(await command.evaluate((cell) => cell.scrollWidth <= cell.clientWidth)).toBe(true)
  await expect(row.locator('[role="cell"]').first()).toHaveText(/^\d\d:\d\d:\d\d\.\d{3}$/)
  // Docked, the panel makes room: the page can scroll its last line out from under it.
  const padding = await page.evaluate(() => parseFloat(getComputedStyle(document.body).paddingBottom))
  const height = await inspector(page)
    .locator('[part="panel"]')
    .evaluate((panel) => panel.getBoundingClientRect().height)
  expect(padding).toBeGreaterThanOrEqual(height)
  await inspector(page).getByRole('button', { name: 'collapse' }).click()
  await expect
    .poll(() => page.evaluate(() => parseFloat(getComputedStyle(document.body).paddingBottom)))
    .toBeLessThan(height)
  await inspector(page).locator('[part="badge"]').click()
  // The hit-ratio chart names its axes.
  await inspector(page).getByRole('tab', { name: 'hit ratio' }).click()
  const labels = await inspector(page).locator('pycached-hit-ratio svg text').allTextContents()
  expect(labels).toEqual(expect.arrayContaining(['100 %', '50 %', '0 %', 'now']))
})

test('unknown placement, theme and alias values are named with the valid ones', async ({ page }) => {
  await open(page)
  await inspector(page).evaluate((element) => {
    element.setAttribute('placement', 'top')
    element.setAttribute('theme', 'blue')
  })
  await expect(inspector(page).locator('.problem')).toHaveText(
    'placement="top" is not one of "bottom", "inline". theme="blue" is not one of "light", "dark" (leave it out to follow the system).',
  )
  await inspector(page).evaluate((element) => {
    element.setAttribute('placement', 'inline')
    element.removeAttribute('theme')
    element.setAttribute('cache', 'apii')
  })
  await expect(inspector(page).locator('.problem')).toHaveCount(0)
  await expect(inspector(page).locator('.waiting')).toHaveText(
    'Waiting for cache "apii" to be configured… Known aliases: default.',
  )
})

test('Export JSON rounds its numbers, gives each histogram its bounds and names the hits of each tier', async ({
  page,
}) => {
  await open(page)
  await page.getByRole('button', { name: 'Team summary' }).click()
  await expect(page.locator('#last')).toContainText('summary', { timeout: 15_000 })
  await inspector(page).getByRole('combobox', { name: 'cache' }).selectOption({ index: 1 })
  const download = page.waitForEvent('download')
  await inspector(page).getByRole('button', { name: 'Export JSON' }).click()
  const text = await (await (await download).createReadStream()).toArray()
  const exported = JSON.parse(Buffer.concat(text).toString('utf8'))
  // No float longer than 4 significant digits below 1 or 3 decimals above.
  for (const number of Buffer.concat(text)
    .toString('utf8')
    .match(/-?\d+\.\d+/g) ?? []) {
    const [whole, decimals] = number.replace('-', '').split('.')
    expect(whole === '0' ? decimals!.replace(/^0+/, '').length <= 4 : decimals!.length <= 3, number).toBe(true)
  }
  expect(exported.hitMissRatio.byTier.map((tier: { tier: string }) => tier.tier)).toEqual(['memory', 'indexeddb'])
  const get = exported.commands.find((row: { command: string }) => row.command === 'get')
  expect(get.histogram.bounds.length + 1).toBe(get.histogram.counts.length)
})

test('Export JSON loads its code on the first click, and says so when that code cannot load', async ({ page }) => {
  const fetched: string[] = []
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname))
  await page.route('**/inspector/export-json.ts*', (route) => route.abort())
  await open(page)
  expect(fetched.filter((path) => path.endsWith('/inspector/export-json.ts'))).toEqual([])
  await inspector(page).getByRole('button', { name: 'Export JSON' }).click()
  await expect(inspector(page).locator('.problem')).toHaveText(/^Export JSON could not load: /)
  expect(fetched.filter((path) => path.endsWith('/inspector/export-json.ts'))).toEqual(['/inspector/export-json.ts'])
  // The rest of the panel works on.
  await inspector(page).getByRole('tab', { name: 'log' }).click()
  await expect(inspector(page).locator('pycached-log .row:not(.head)').first()).toBeVisible()
})

for (const width of [1280, 1600])
  for (const colorScheme of ['light', 'dark'] as const)
    test(`screenshot at ${width} px, ${colorScheme}`, async ({ page }, testInfo) => {
      await page.emulateMedia({ colorScheme })
      await open(page, width)
      await inspector(page).getByRole('tab', { name: 'keys' }).click()
      await expect(inspector(page).locator('pycached-keys .row:not(.head)').first()).toBeVisible()
      const shot = await page.screenshot({ path: testInfo.outputPath(`inspector-${width}-${colorScheme}.png`) })
      await testInfo.attach(`inspector-${width}-${colorScheme}`, { body: shot, contentType: 'image/png' })
      // At the default height a dozen keys show.
      expect(await inspector(page).locator('pycached-keys .row:not(.head)').count()).toBeGreaterThanOrEqual(8)
    })
