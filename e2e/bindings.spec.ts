import { type Page, expect, test } from '@playwright/test'

// CachedValueController (Lit) and useCached (React) in one tab, while another tab writes the key.
type BindingsGlobals = {
  bindings: {
    cache: { set(k: string, v: unknown): Promise<unknown>; delete(k: string): Promise<unknown> }
    renders(): number
  }
}

const PAGE = '/e2e/pages/bindings.html'

async function open(page: Page): Promise<void> {
  await page.goto(PAGE)
  await expect(page.locator('#status')).toHaveText('ready')
}

const write = (page: Page, items: number | undefined) =>
  page.evaluate(
    (n) =>
      n === undefined
        ? (globalThis as unknown as BindingsGlobals).bindings.cache.delete('cart')
        : (globalThis as unknown as BindingsGlobals).bindings.cache.set('cart', { items: n }),
    items,
  )

test('a value shown by the Lit controller and the React hook changes as another tab writes it', async ({
  context,
  page: a,
}) => {
  await open(a)
  await write(a, 1)
  const b = await context.newPage()
  await open(b)
  // Both read the current value first.
  await expect(b.locator('#lit')).toHaveText('1 items')
  await expect(b.locator('#react-value')).toHaveText('1 items')
  // Writes are announced one by one once the tabs have met: keep writing until tab B shows one.
  let n = 1
  await expect
    .poll(async () => {
      await write(a, ++n)
      return b.locator('#lit').textContent()
    })
    .not.toBe('1 items')
  await write(a, 42)
  await expect(b.locator('#lit')).toHaveText('42 items')
  await expect(b.locator('#react-value')).toHaveText('42 items')
  await write(a, undefined)
  await expect(b.locator('#lit')).toHaveText('empty')
  await expect(b.locator('#react-value')).toHaveText('empty')
  // A tab's own write shows at once too.
  await write(b, 7)
  await expect(b.locator('#lit')).toHaveText('7 items')
  await expect(b.locator('#react-value')).toHaveText('7 items')
})

test('the Lit controller unsubscribes when its element leaves the page, and reads again when it comes back', async ({
  page,
}) => {
  await open(page)
  await write(page, 3)
  await expect(page.locator('#lit')).toHaveText('3 items')
  const renders = await page.evaluate(() => {
    const badge = document.querySelector('cart-badge')!
    badge.remove()
    ;(globalThis as unknown as { detached: Element }).detached = badge
    return (globalThis as unknown as BindingsGlobals).bindings.renders()
  })
  await write(page, 4)
  await page.waitForTimeout(200)
  expect(await page.evaluate(() => (globalThis as unknown as BindingsGlobals).bindings.renders())).toBe(renders)
  await page.evaluate(() => document.body.append((globalThis as unknown as { detached: Element }).detached))
  await expect(page.locator('#lit')).toHaveText('4 items')
})
