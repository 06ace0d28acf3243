// Declares a suite once and runs it in every engine: each engine's browser is launched before its tests and
// closed after them, and the tabs a test opens are closed when it ends.
import { afterAll, afterEach, beforeAll, describe, expect, inject } from 'vitest'
import { launchChromium } from './drivers/chromium.js'
import { launchFirefox } from './drivers/firefox.js'
import { launchWebKit } from './drivers/webkit.js'
import { type Engine, type EngineName, type Tab, evaluate } from './tab.js'

const LAUNCHERS: Record<EngineName, (baseUrl: string) => Promise<Engine>> = {
  chromium: launchChromium,
  firefox: launchFirefox,
  webkit: launchWebKit,
}

/** What a test gets: the engine's name and a way to open tabs on the test server. */
export interface EngineContext {
  readonly name: EngineName
  /** Opens a tab on `path` and waits until `loaded` resolves (by default: the page's `#status` says `ready`). */
  open(path: string, loaded?: (tab: Tab) => Promise<void>): Promise<Tab>
}

/** Declares `suite` once per engine: Chromium, Firefox, WebKit. */
export function describeEngines(title: string, suite: (engine: EngineContext) => void): void {
  describe.each(Object.keys(LAUNCHERS) as EngineName[])(`${title} (%s)`, (name) => {
    let engine: Engine | undefined
    let tabs: Tab[] = []
    beforeAll(async () => {
      engine = await LAUNCHERS[name](inject('enginesBaseUrl'))
    })
    afterAll(async () => {
      await engine?.close()
    })
    afterEach(async () => {
      for (const tab of tabs) await tab.close().catch(() => {})
      tabs = []
    })
    suite({
      name,
      async open(path, loaded = ready) {
        const tab = closesOnce(await engine!.newTab())
        tabs.push(tab)
        await tab.goto(path)
        await loaded(tab)
        return tab
      },
    })
  })
}

/** `tab`, whose `close()` does nothing once the tab is closed (a test may close it before the end). */
function closesOnce(tab: Tab): Tab {
  let closed: Promise<void> | undefined
  return { ...tab, close: () => (closed ??= tab.close()) }
}

/** Waits until the page's `#status` says `ready` (its module script has run). */
export async function ready(tab: Tab): Promise<void> {
  await expect.poll(() => evaluate(tab, () => document.getElementById('status')?.textContent)).toBe('ready')
}
