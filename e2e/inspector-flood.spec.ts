// Floods and hostile bridge traffic against a page with an inspector: the page stays responsive, each message costs
// bounded work, renders are coalesced per frame, and no answer reaches a context that did not ask for it. The
// measured times are printed (they are not asserted tightly: the machine is shared).
import { type Page, expect, test } from '@playwright/test'
import type { PageGlobals } from './globals.js'
import { inspector, openBridgePage, openWithOtherTab, picker } from './bridge-page.js'

type TabGlobals = PageGlobals & { tab: InstanceType<PageGlobals['pycached']['Cache']> }

/** What {@link measured} saw while its action ran. */
interface Measured<T> {
  value: T
  /** Wall-clock time of the action, ms. */
  took: number
  /** The longest task of the page while it ran, ms (0 without any over 50 ms). */
  longest: number
}

/**
 * Runs `action` while recording the long tasks of `page` (over 50 ms, which a frame-gap measure would mix with
 * throttling): what it returned, how long it took and the page's longest task meanwhile and for `settle` ms after.
 */
async function measured<T>(page: Page, action: () => Promise<T>, settle = 0): Promise<Measured<T>> {
  await page.evaluate(() => {
    let longest = 0
    const note = (entries: PerformanceEntryList) => {
      for (const entry of entries) longest = Math.max(longest, entry.duration)
    }
    const observer = new PerformanceObserver((list) => note(list.getEntries()))
    observer.observe({ type: 'longtask' })
    // With the entries not delivered yet: the last long task may have ended just now.
    const stop = () => (note(observer.takeRecords()), observer.disconnect(), Math.round(longest))
    Object.assign(globalThis, { __stopTasks: stop })
  })
  const started = Date.now()
  const value = await action()
  const took = Date.now() - started
  if (settle > 0) await page.waitForTimeout(settle)
  const longest = await page.evaluate(() => (globalThis as unknown as { __stopTasks(): number }).__stopTasks())
  return { value, took, longest }
}

test('20,000 forged hellos and 100,000 malformed messages cost bounded work: the page stays responsive', async ({
  page,
}) => {
  const attacker = await openWithOtherTab(page)
  await expect(picker(page).locator('option')).toHaveCount(2)
  const flood = await measured(page, async () => {
    await attacker.evaluate(() => {
      const channel = new BroadcastChannel('pycached-inspector')
      const hello = { pycached: 1, type: 'hello', scope: 'elsewhere', context: 'tab', namespace: '', backend: 'memory' }
      for (let i = 0; i < 20_000; i++)
        channel.postMessage({ ...hello, source: `forged-${i}`, name: `forged ${i}`, tiers: [], resolution: 0.1 })
      for (let i = 0; i < 100_000; i++) channel.postMessage({ pycached: 1, type: 'records', junk: i })
      channel.close()
    })
    await expect(inspector(page).locator('.malformed')).toHaveText('100000 malformed bridge messages ignored', {
      timeout: 60_000,
    })
  })
  // Answers at once after the flood: a click switches tabs within one frame or two.
  const click = await measured(page, async () => {
    await inspector(page).getByRole('tab', { name: 'log' }).click()
    await expect(inspector(page).getByRole('tab', { name: 'log' })).toHaveAttribute('aria-selected', 'true')
  })
  const longest = Math.max(flood.longest, click.longest)
  // At most 64 bridged caches are listed, however many say hello.
  // (They leave again after 10 s of silence, as a terminated worker's would: on a slow run some may be gone.)
  expect(await picker(page).locator('option').count()).toBeLessThanOrEqual(65)
  console.log(
    `flood: 20,000 hellos + 100,000 malformed handled in ${flood.took} ms; longest task ${longest} ms; click ${click.took} ms`,
  )
  expect(longest).toBeLessThan(1000)
})

test("a bridged cache's 20,000-key multiGet and 20,000-character key keep their log batch and keys listing", async ({
  page,
}) => {
  const other = await openWithOtherTab(page)
  await picker(page).selectOption({ label: 'other tab · memory · tab' })
  await inspector(page).getByRole('tab', { name: 'log' }).click()
  // Count the requests the inspector sends from now on: a failing answer must not start a storm of them.
  await other.evaluate(() => {
    const channel = new BroadcastChannel('pycached-inspector')
    Object.assign(globalThis, { __requests: 0 })
    channel.onmessage = (event) => {
      if ((event.data as { type?: string }).type === 'request')
        (globalThis as unknown as { __requests: number }).__requests++
    }
  })
  await other.evaluate(async () => {
    const { tab } = globalThis as unknown as TabGlobals
    await tab.multiGet(Array.from({ length: 20_000 }, (_, i) => `k${i}`))
    await tab.set('x'.repeat(20_000), 'long key')
    await tab.set('short', 'after the long key')
  })
  const rows = inspector(page).locator('pycached-log .row:not(.head)')
  await expect(rows.filter({ hasText: 'multiGet' }).locator('.keys')).toContainText('… and 19,936 more')
  await expect(rows.filter({ hasText: 'short' })).toHaveCount(1)
  await expect(inspector(page).locator('.malformed')).toHaveCount(0)
  await inspector(page).getByRole('tab', { name: 'keys' }).click()
  const keys = inspector(page).locator('pycached-keys')
  await expect(keys.locator('.count')).toHaveText('2 keys')
  await expect(keys.locator('[data-key="short"] .value')).toHaveText('"after the long key"')
  await expect(keys.locator('.row:not(.head)').filter({ hasText: 'cut' })).toHaveCount(1)
  await page.waitForTimeout(2000)
  const requests = await other.evaluate(() => (globalThis as unknown as { __requests: number }).__requests)
  console.log(`keys tab over the bridge: ${requests} requests in the 2 s after listing`)
  expect(requests).toBeLessThan(10)
})

test('answers reach only the asker: a forged peek of a 1 MB value ×1,000 costs a bystander nothing', async ({
  page,
  context,
}) => {
  const other = await openWithOtherTab(page)
  await other.evaluate(async () => {
    const { tab } = globalThis as unknown as TabGlobals
    await tab.set('huge', 'h'.repeat(1_000_000))
  })
  const bridge = await page.evaluate(async () => {
    const channel = new BroadcastChannel('pycached-inspector')
    const found = new Promise<string>((resolve) => {
      channel.onmessage = (event) => {
        const data = event.data as { type?: string; name?: string; source?: string }
        if (data.type === 'hello' && data.name === 'other tab') resolve(data.source!)
      }
    })
    channel.postMessage({ pycached: 1, type: 'discover' })
    const source = await found
    channel.close()
    return source
  })
  // The bystander is the inspector's page: it counts every message and the bytes of any answer it sees.
  await page.evaluate(() => {
    const channel = new BroadcastChannel('pycached-inspector')
    const seen = { replies: 0 }
    Object.assign(globalThis, { __seen: seen })
    channel.onmessage = (event) => {
      if ((event.data as { type?: string }).type === 'reply') seen.replies++
    }
  })
  const attacker = await context.newPage()
  await openBridgePage(attacker, 'tab')
  // Any answer broadcast to the bystander would reach it within the half second after the asker's.
  const {
    value: answer,
    took,
    longest,
  } = await measured(
    page,
    () =>
      attacker.evaluate(async (to) => {
        const reply = `pycached-inspector:reply:attacker:1`
        const channel = new BroadcastChannel(reply)
        const got = new Promise<{ bytes: number; count: number }>((resolve) => {
          channel.onmessage = (event) => {
            const value = (event.data as { value: { preview: string }[] }).value
            resolve({ bytes: JSON.stringify(value).length, count: value.length })
          }
        })
        const shared = new BroadcastChannel('pycached-inspector')
        shared.postMessage({
          pycached: 1,
          type: 'request',
          to,
          reply,
          seq: 1,
          op: 'peek',
          args: [Array(1000).fill('huge')],
        })
        return got
      }, bridge),
    500,
  )
  const replies = await page.evaluate(() => (globalThis as unknown as { __seen: { replies: number } }).__seen.replies)
  console.log(
    `forged peek of a 1 MB value ×1,000: answer ${answer.bytes} bytes to the asker in ${took} ms; bystander saw ${replies} answers, longest task ${longest} ms`,
  )
  expect(answer.count).toBe(1000)
  // Previews, not values: about 120 characters a key instead of 1 MB.
  expect(answer.bytes).toBeLessThan(300_000)
  expect(replies).toBe(0)
  expect(longest).toBeLessThan(200)
})
