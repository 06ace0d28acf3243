// Values the browser cannot compress (it compresses large IndexedDB values), for tests that fill a quota: a page
// prepared with `provideIncompressible` has `globalThis.incompressible()`, 100 KB of xorshift bytes per call.
import type { Page } from '@playwright/test'

/** What a page prepared by {@link provideIncompressible} has on `globalThis`. */
export interface IncompressibleGlobals {
  incompressible(): Uint8Array
}

/** Gives every document `page` loads from now on `globalThis.incompressible()`. */
export async function provideIncompressible(page: Page): Promise<void> {
  await page.addInitScript(() => {
    let seed = 2463534242
    ;(globalThis as unknown as IncompressibleGlobals).incompressible = () => {
      const words = new Uint32Array(25 * 1024)
      for (let i = 0; i < words.length; i++) {
        seed ^= seed << 13
        seed ^= seed >>> 17
        seed ^= seed << 5
        words[i] = seed >>> 0
      }
      return new Uint8Array(words.buffer)
    }
  })
}
