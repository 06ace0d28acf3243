// The tiers test page (`e2e/pages/tiers.html`) as the tiers and watch specs drive it: a tiered cache (memory over
// an IndexedDB store every context of the origin shares) in the page, and another in a worker the page starts.
import { type Page, expect } from '@playwright/test'
import type { PageGlobals } from './globals.js'
import type { TierCommand } from './pages/tier-context.js'

/** What the page exposes on `globalThis`. */
export type TierGlobals = PageGlobals & {
  tiers: {
    run(command: TierCommand): Promise<unknown>
    inWorker(command: TierCommand): Promise<unknown>
    /** `event.persisted` of each `pageshow`: `true` when the page came back from the back/forward cache. */
    shows: boolean[]
  }
}

/** Opens the tiers page in `page` and waits until its caches and its worker are ready. */
export async function openTiersPage(page: Page): Promise<void> {
  await page.goto('/e2e/pages/tiers.html')
  await expect(page.locator('#status')).toHaveText('ready')
}

/** Runs a command in the page's own tiered cache. */
export const inPage = (page: Page, ...command: TierCommand) =>
  page.evaluate((c) => (globalThis as TierGlobals).tiers.run(c), command)

/** Runs a command in the tiered cache of the worker that `page` started. */
export const inWorker = (page: Page, ...command: TierCommand) =>
  page.evaluate((c) => (globalThis as TierGlobals).tiers.inWorker(c), command)
