// Three tabs writing at once against one maxEntries bound, in Chromium, Firefox and WebKit: every tab's writes count
// toward it, and at rest the store holds at most the bound plus one eviction slice, its count true to what it holds.
import { expect, it } from 'vitest'
import type { PageGlobals } from '../globals.js'
import { describeEngines } from './engines.js'
import { evaluate, together } from './tab.js'

const PAGE = '/e2e/pages/indexeddb.html'
const DB = 'engines-bound'
const KEYS = 600
const BOUND = 300
// Records per eviction slice (src/backends/indexeddb/bound.ts).
const SLICE = 128

/** The store's entries (string keys) and the entries its usage record counts. */
const holding = (dbName: string) => {
  const backend = new (globalThis as PageGlobals).pycached.IndexedDBBackend({ dbName })
  return Promise.all([backend.raw('count', IDBKeyRange.lowerBound('')), backend.raw('get', 1)]).then(
    ([entries, kept]) => ({ entries: entries as number, kept: (kept as { entries?: number } | undefined)?.entries }),
  )
}

describeEngines('three tabs on one bounded IndexedDB store', (engine) => {
  it('stay within one maxEntries bound', async () => {
    const tabs = [await engine.open(PAGE), await engine.open(PAGE), await engine.open(PAGE)]
    await evaluate(
      tabs[0]!,
      (dbName) => new (globalThis as PageGlobals).pycached.IndexedDBBackend({ dbName }).clear(''),
      DB,
    )
    const written = await together(
      tabs,
      async ({ dbName, n, keys, bound }: { dbName: string; n: number; keys: number; bound: number }) => {
        const { Cache, IndexedDBBackend } = (globalThis as PageGlobals).pycached
        const cache = new Cache({ backend: new IndexedDBBackend({ dbName, maxEntries: bound }), namespace: `tab${n}` })
        let next = 0
        const writer = async () => {
          while (next < keys) await cache.set(`k${next++}`, { tab: n, text: 'x'.repeat(40) })
        }
        await Promise.all(Array.from({ length: 4 }, writer))
        return keys
      },
      [0, 1, 2].map((n) => ({ dbName: DB, n, keys: KEYS, bound: BOUND })),
    )
    expect(written).toEqual([KEYS, KEYS, KEYS])
    // At rest, once every tab's background eviction has run.
    await expect
      .poll(async () => (await evaluate(tabs[0]!, holding, DB)).entries, { timeout: 20_000, interval: 200 })
      .toBeLessThanOrEqual(BOUND + SLICE)
    const rest = await evaluate(tabs[0]!, holding, DB)
    expect(rest.entries).toBeGreaterThanOrEqual(BOUND - SLICE)
    expect(rest.kept).toBe(rest.entries)
  })
})
