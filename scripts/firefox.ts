// Finds and launches the Firefox that tests drive: $FIREFOX_PATH, then Debian's firefox-esr, then any
// `firefox` on the usual paths. Puppeteer drives it over WebDriver BiDi (Playwright cannot drive a stock Firefox).
import { existsSync } from 'node:fs'
import puppeteer, { type Browser } from 'puppeteer-core'

/** The Firefox executable to launch; throws with install instructions when there is none. */
export function firefoxPath(): string {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/local/bin/firefox']
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate
  throw new Error(
    'No Firefox found. Install one (Debian/Ubuntu: `sudo apt-get install -y firefox-esr`), ' +
      'or set FIREFOX_PATH to a Firefox executable.',
  )
}

/** Launches a headless Firefox under Puppeteer, over WebDriver BiDi. Close it with `browser.close()`. */
export function launchFirefox(): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    defaultViewport: { width: 1280, height: 900 },
  })
}
