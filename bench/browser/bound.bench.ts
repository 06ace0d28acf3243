// What a bound costs a read and a write, in Chromium: `get`, `multiGet` and `set` on an unbounded IndexedDB store against stores bounded
// by maxEntries (bound.html), side by side in one run; printed, and saved to bench/results/indexeddb-bound.json.
// The aim: a bounded store's read costs at most 1.1× an unbounded one's.
import { test } from '@playwright/test'
import { machine, save, table, version } from '../harness.mjs'

type Results = Record<string, Record<string, number>>
type BenchGlobals = typeof globalThis & {
  boundBench: { get(options: { rounds: number; time: number }): Promise<Results> }
}

const options = { rounds: Number(process.env.BENCH_ROUNDS ?? 9), time: 500 }

test('bounded IndexedDB reads', async ({ page, browser }) => {
  await page.goto('/bench/browser/bound.html')
  await page.locator('#status', { hasText: 'ready' }).waitFor()
  const header = `${machine({ pycached: version('pycached') })}; Chromium ${browser.version()}`
  console.log(`\nBounded IndexedDB reads — ${header}`)
  const results = await page.evaluate((o) => (globalThis as BenchGlobals).boundBench.get(o), options)
  const tables: Record<string, unknown> = {}
  for (const [workload, contenders] of Object.entries(results)) {
    tables[workload] = table(`${workload} (10,000 keys; calls/s)`, contenders, 'unbounded')
    for (const [name, ops] of Object.entries(contenders)) {
      if (name !== 'unbounded') console.log(`${name}: ${(contenders.unbounded! / ops).toFixed(3)}× the time a call`)
    }
  }
  save('indexeddb-bound', { machine: header, date: new Date().toISOString(), rounds: options.rounds, tables })
})
