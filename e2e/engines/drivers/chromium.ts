// Chromium through Playwright's library (the Playwright test runner drives the other e2e specs).
import { chromium } from 'playwright'
import { CHROMIUM_ARGS, chromiumPath } from '../../../scripts/chromium.js'
import type { Engine, Tab } from '../tab.js'

/** Launches headless Chromium; tabs share one browser context, so they share storage like real tabs. */
export async function launchChromium(baseUrl: string): Promise<Engine> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS })
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  return {
    name: 'chromium',
    async newTab(): Promise<Tab> {
      const page = await context.newPage()
      return {
        goto: async (path) => void (await page.goto(new URL(path, baseUrl).href)),
        reload: async () => void (await page.reload()),
        run: (expression) => page.evaluate(expression),
        click: (selector) => page.click(selector),
        screenshot: async (path) => void (await page.screenshot({ path })),
        close: () => page.close(),
      }
    },
    close: () => browser.close(),
  }
}
