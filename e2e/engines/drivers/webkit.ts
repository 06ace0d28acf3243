// WebKit (WebKitGTK's MiniBrowser) through webdriverio over WebDriver classic.
import { startWebKit } from '../../../scripts/webkit.js'
import type { Engine, Tab } from '../tab.js'

/**
 * Starts MiniBrowser under Xvfb. Every tab is a window of one WebDriver session (so they share storage);
 * a session runs one command at a time on its current window, so each tab's command switches to its
 * window first and holds the session until it is answered.
 */
export async function launchWebKit(baseUrl: string): Promise<Engine> {
  const webkit = await startWebKit()
  const { browser } = webkit
  let queue: Promise<unknown> = Promise.resolve()
  const serially = <T>(handle: string | undefined, command: () => Promise<T>): Promise<T> => {
    const turn = queue.then(async () => {
      if (handle) await browser.switchToWindow(handle)
      return command()
    })
    queue = turn.catch(() => {})
    return turn
  }
  // webdriverio follows its own closeWindow with a switch to another window that it does not await, which
  // lands in the middle of the next tab's command: windows are closed through the WebDriver endpoint.
  const closeWindow = async () => {
    const response = await fetch(`${webkit.driverUrl}/session/${browser.sessionId}/window`, { method: 'DELETE' })
    if (!response.ok) throw new Error(`WebKitWebDriver could not close the window: ${await response.text()}`)
  }
  // New windows are opened from the session's first window, which stays open (WebDriver opens a window only
  // from a current window that still exists).
  const first = await browser.getWindowHandle()
  return {
    name: 'webkit',
    async newTab(): Promise<Tab> {
      // A window, not a tab: MiniBrowser hides background tabs, and a hidden page gets no animation frames.
      const { handle } = await serially(first, () => browser.createWindow('window'))
      await serially(handle, () => browser.setWindowSize(1280, 900))
      return {
        goto: (path) => serially(handle, () => browser.url(new URL(path, baseUrl).href)).then(() => {}),
        reload: () => serially(handle, () => browser.refresh()),
        // WebDriver runs a function body: `return` hands the expression's (awaited) value back.
        run: (expression) => serially(handle, () => browser.execute(`return ${expression}`)),
        click: (selector) => serially(handle, async () => (await browser.$(selector)).click()),
        screenshot: (path) => serially(handle, () => browser.saveScreenshot(path)).then(() => {}),
        close: () => serially(handle, closeWindow),
      }
    },
    close: () => webkit.stop(),
  }
}
