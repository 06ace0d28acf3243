// The demo and its inspector in Chromium, Firefox and WebKit: the page runs real cached lookups, the
// inspector renders its tabs and follows the cache live, and a screenshot of each engine's rendering is
// kept in test-results/engines/<engine>-demo.png.
import { mkdir } from 'node:fs/promises'
import { expect, it } from 'vitest'
import { describeEngines } from './engines.js'
import { type Tab, evaluate } from './tab.js'

interface DemoGlobals {
  demo: { people: { hitMissRatio: { hitRatio: number; total: number; hits: number } } }
}

/** The text of what `selectors` finds, each selector looked up inside the previous match's shadow root. */
const shadowText = (tab: Tab, ...selectors: string[]) =>
  evaluate(
    tab,
    (path: string[]) => {
      let scope: ParentNode | null | undefined = document
      let found: Element | null | undefined
      for (const selector of path) {
        found = scope?.querySelector(selector)
        scope = found?.shadowRoot ?? found
      }
      return found?.textContent?.trim()
    },
    selectors,
  )

const clickTab = (tab: Tab, name: string) =>
  evaluate(
    tab,
    (label: string) => {
      const tabs = document.querySelector('pycached-inspector')!.shadowRoot!.querySelectorAll('[role="tab"]')
      ;[...tabs].find((button) => button.textContent?.trim() === label)!.dispatchEvent(new MouseEvent('click'))
    },
    name,
  )

const tabNames = (tab: Tab) =>
  evaluate(tab, () =>
    [...(document.querySelector('pycached-inspector')?.shadowRoot?.querySelectorAll('[role="tab"]') ?? [])].map(
      (button) => button.textContent?.trim(),
    ),
  )

describeEngines('the demo with its inspector', (engine) => {
  it('runs cached lookups, and the inspector renders its tabs and live counts', async () => {
    const page = await engine.open('/', async (tab) => {
      // A fresh inspector: expanded, on its first tab, whatever an earlier visit left in localStorage.
      await evaluate(tab, () => localStorage.removeItem('pycached-inspector'))
      await tab.reload()
      await expect.poll(() => tabNames(tab)).toEqual(['commands', 'hit ratio', 'log', 'keys'])
    })
    const last = () => evaluate(page, () => document.getElementById('last')!.textContent)
    const ratio = () => evaluate(page, () => (globalThis as unknown as DemoGlobals).demo.people.hitMissRatio)
    const getCount = () =>
      shadowText(page, 'pycached-inspector', 'pycached-commands', 'tr[data-command="get"] td:nth-child(2)')

    await page.click('#lookup')
    await expect.poll(last).toMatch(/^10 lookups in/)
    expect(await evaluate(page, () => document.querySelectorAll('#people li').length)).toBe(10)
    const first = await ratio()
    expect(first.total).toBeGreaterThan(0)
    await expect.poll(getCount).toBe(String(first.total))

    // More lookups while the inspector is open: its counts follow the cache.
    await page.click('#load')
    await expect.poll(last, { timeout: 20_000 }).toMatch(/^1,000 lookups in/)
    const { total, hits, hitRatio } = await ratio()
    expect(total).toBeGreaterThan(first.total)
    await expect.poll(getCount).toBe(String(total))

    await clickTab(page, 'hit ratio')
    await expect
      .poll(() => shadowText(page, 'pycached-inspector', 'pycached-hit-ratio', '[part="ratio"]'))
      .toBe(`${(hitRatio * 100).toFixed(1)} %`)
    expect(await shadowText(page, 'pycached-inspector', 'pycached-hit-ratio', '.hits')).toBe(String(hits))

    await clickTab(page, 'commands')
    await expect.poll(getCount).toBe(String(total))
    // The driver captures what was last painted: let the page paint its current state first.
    await evaluate(page, () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
    await mkdir('test-results/engines', { recursive: true })
    await page.screenshot(`test-results/engines/${engine.name}-demo.png`)
  })
})
