// Vitest browser-mode providers for the engines Vitest's own providers cannot drive here: Firefox (Puppeteer
// over WebDriver BiDi) and WebKit (MiniBrowser through WebKitWebDriver, with webdriverio). Each opens
// Vitest's test page in one tab; the tests themselves talk to Vitest over its own channel, so the suites run
// unchanged. They offer no `@vitest/browser/context` commands (userEvent, screenshots): browser tests that
// run in every engine use the DOM directly.
import { defineBrowserProvider } from '@vitest/browser'
import type { Browser, Page } from 'puppeteer-core'
import type { BrowserProvider, BrowserProviderOption } from 'vitest/node'
import type { WebKit } from './webkit.js'

// The drivers load only when a test run opens their browser, not whenever Vite reads its config.
const launchFirefox = async () => (await import('./firefox.js')).launchFirefox()
const startWebKit = async () => (await import('./webkit.js')).startWebKit()

/** Runs Vitest browser tests in Firefox (`/usr/bin/firefox-esr` or `$FIREFOX_PATH`) through Puppeteer. */
export function firefox(): BrowserProviderOption {
  return defineBrowserProvider({
    name: 'puppeteer-firefox',
    supportedBrowser: ['firefox'],
    providerFactory: () => new FirefoxProvider(),
  })
}

/** Runs Vitest browser tests in WebKitGTK's MiniBrowser through WebKitWebDriver under Xvfb. */
export function webkit(): BrowserProviderOption {
  return defineBrowserProvider({
    name: 'webdriverio-webkit',
    supportedBrowser: ['webkit'],
    providerFactory: () => new WebKitProvider(),
  })
}

class FirefoxProvider implements BrowserProvider {
  readonly name = 'puppeteer-firefox'
  readonly supportsParallelism = false
  #browser: Promise<Browser> | undefined
  #page: Page | undefined

  getCommandsContext(): Record<string, unknown> {
    return {}
  }

  async openPage(_sessionId: string, url: string): Promise<void> {
    this.#browser ??= launchFirefox()
    this.#page ??= await (await this.#browser).newPage()
    await this.#page.goto(url)
  }

  async close(): Promise<void> {
    const browser = this.#browser
    this.#browser = this.#page = undefined
    await (await browser?.catch(() => undefined))?.close()
  }
}

class WebKitProvider implements BrowserProvider {
  readonly name = 'webdriverio-webkit'
  readonly supportsParallelism = false
  #webkit: Promise<WebKit> | undefined

  getCommandsContext(): Record<string, unknown> {
    return {}
  }

  async openPage(_sessionId: string, url: string): Promise<void> {
    this.#webkit ??= startWebKit()
    await (await this.#webkit).browser.url(url)
  }

  async close(): Promise<void> {
    const webkit = this.#webkit
    this.#webkit = undefined
    await (await webkit?.catch(() => undefined))?.stop()
  }
}
