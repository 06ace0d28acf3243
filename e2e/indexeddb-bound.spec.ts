// Three tabs writing at once against one bound: every tab's writes count toward it, and at rest the store holds at
// most the bound plus one eviction slice, with counts that match what it holds.
import { type Page, expect, test } from '@playwright/test'
import type { PageGlobals } from './globals.js'

const PAGE = '/e2e/pages/indexeddb.html'
const DB = 'e2e-bound'
const TABS = 3
// Kept small for the suite; E2E_BOUND_KEYS=16667 E2E_BOUND=10000 runs it at the scale of 50,000 writes against 10,000.
const KEYS = count('E2E_BOUND_KEYS', 3_000)
const BOUND = count('E2E_BOUND', 1_000)
// Time grows with the writes.
const SCALE = Math.max(1, KEYS / 3_000)
// Records per eviction slice (src/backends/indexeddb/bound.ts).
const SLICE = 128

function count(name: string, fallback: number): number {
  const given = process.env[name]
  if (given === undefined) return fallback
  const n = Number(given)
  if (!Number.isSafeInteger(n) || n < 1) throw new TypeError(`${name} must be a positive integer, got ${given}`)
  return n
}

async function open(page: Page): Promise<void> {
  await page.goto(PAGE)
  await expect(page.locator('#status')).toHaveText('ready')
}

/** What the store holds: its records under string keys, and its usage record. */
function holding(page: Page): Promise<{ entries: number; kept: { entries: number } | undefined }> {
  return page.evaluate(async (dbName) => {
    const { IndexedDBBackend } = (globalThis as PageGlobals).pycached
    const backend = new IndexedDBBackend({ dbName })
    const entries = (await backend.raw('count', IDBKeyRange.lowerBound(''))) as number
    const kept = (await backend.raw('get', 1)) as { entries: number } | undefined
    await backend.close()
    return { entries, kept }
  }, DB)
}

test('three tabs writing at once stay within one maxEntries bound', async ({ context }) => {
  test.setTimeout(60_000 * SCALE)
  const tabs = await Promise.all(Array.from({ length: TABS }, () => context.newPage()))
  for (const tab of tabs) await open(tab)
  await tabs[0]!.evaluate(
    (dbName) => new Promise((resolve) => (indexedDB.deleteDatabase(dbName).onsuccess = resolve)),
    DB,
  )
  const started = Date.now()
  const written = await Promise.all(
    tabs.map((tab, n) =>
      tab.evaluate(
        async ({ dbName, n, keys, bound }) => {
          const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
          const backend = new IndexedDBBackend({ dbName, maxEntries: bound })
          let given = 0
          backend.addEventListener('evict', (event) => (given += (event as unknown as { keys: string[] }).keys.length))
          const cache = new Cache({ backend, namespace: `tab${n}` })
          // Eight writes in flight at a time, as a busy page makes them: sets, and multiSets of ten.
          let next = 0
          const writer = async () => {
            while (next < keys) {
              const i = next
              // Ten at a time, fewer at the end: every tab writes exactly `keys` keys.
              const many = Math.min(10, keys - i)
              next += i % 100 < 20 ? 1 : many
              if (i % 100 < 20) await cache.set(`k${i}`, { tab: n, i, text: 'x'.repeat(40) })
              else
                await cache.multiSet(
                  Array.from({ length: many }, (_, j) => [`k${i + j}`, { tab: n, i: i + j, text: 'x'.repeat(40) }]),
                )
            }
          }
          await Promise.all(Array.from({ length: 8 }, writer))
          ;(globalThis as unknown as { given: () => number }).given = () => given
          return keys
        },
        { dbName: DB, n, keys: KEYS, bound: BOUND },
      ),
    ),
  )
  const writing = Date.now() - started
  expect(written).toEqual([KEYS, KEYS, KEYS])
  // At rest: every tab's background eviction has run.
  await expect
    .poll(async () => (await holding(tabs[0]!)).entries, { timeout: 20_000 * SCALE, intervals: [200] })
    .toBeLessThanOrEqual(BOUND + SLICE)
  const rest = await holding(tabs[0]!)
  expect(rest.entries).toBeGreaterThanOrEqual(BOUND - SLICE)
  expect(rest.kept?.entries).toBe(rest.entries)
  const given = await Promise.all(
    tabs.map((tab) => tab.evaluate(() => (globalThis as unknown as { given: () => number }).given())),
  )
  // Each tab gave up some of what all three wrote, and the total is what the store no longer holds.
  expect(given.reduce((sum, n) => sum + n, 0)).toBe(TABS * KEYS - rest.entries)
  // The last keys each tab wrote are the most recently used: they stay.
  for (const [n, tab] of tabs.entries()) {
    const last = await tab.evaluate(
      async ({ dbName, n, keys }) => {
        const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
        const cache = new Cache({ backend: new IndexedDBBackend({ dbName }), namespace: `tab${n}` })
        const found = await cache.multiGet(Array.from({ length: 50 }, (_, i) => `k${keys - 1 - i}`))
        await cache.close()
        return found.filter((value) => value !== undefined).length
      },
      { dbName: DB, n, keys: KEYS },
    )
    expect(last).toBe(50)
  }
  test
    .info()
    .annotations.push({ type: 'writing', description: `${TABS} tabs × ${KEYS} writes of ${KEYS} keys: ${writing} ms` })
})
