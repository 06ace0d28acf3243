// Firefox through Puppeteer over WebDriver BiDi.
import { launchFirefox as launch } from '../../../scripts/firefox.js'
import type { Engine, Tab } from '../tab.js'

/** Launches headless Firefox; its tabs share the default browser context, so they share storage. */
export async function launchFirefox(baseUrl: string): Promise<Engine> {
  const browser = await launch()
  return {
    name: 'firefox',
    async newTab(): Promise<Tab> {
      const page = await browser.newPage()
      return {
        goto: async (path) => void (await page.goto(new URL(path, baseUrl).href)),
        reload: async () => void (await page.reload()),
        run: (expression) => page.evaluate(expression),
        click: (selector) => page.click(selector),
        screenshot: async (path) => void (await page.screenshot({ path: path as `${string}.png` })),
        close: () => page.close(),
      }
    },
    close: () => browser.close(),
  }
}
