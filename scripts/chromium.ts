// Finds the Chromium that tests drive: $CHROMIUM_PATH, then Debian's /usr/bin/chromium, then
// Playwright's own download (undefined lets Playwright use it); otherwise explains how to get one.
import { existsSync } from 'node:fs'
import { chromium } from 'playwright'

/** Flags Chromium needs as root on a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** The executable to launch, or `undefined` when Playwright's own browser is installed. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate
  if (existsSync(chromium.executablePath())) return undefined
  throw new Error(
    'No Chromium found. Install one (Debian/Ubuntu: `sudo apt-get install -y chromium`), ' +
      'or set CHROMIUM_PATH to a Chromium/Chrome executable, or run `npx playwright install chromium`.',
  )
}
