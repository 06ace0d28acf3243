// Runs the bench page's suites in Chromium and prints/saves their tables like the Node benchmarks.
import { test } from '@playwright/test'
import { machine, save, table, version } from '../harness.mjs'

type Results = Record<string, Record<string, number>>
type BenchGlobals = typeof globalThis & {
  bench: Record<
    'indexedDB' | 'inspector',
    (options: { rounds: number; time: number; backends?: ('memory' | 'IndexedDB')[] }) => Promise<Results>
  >
}

const options = { rounds: Number(process.env.BENCH_ROUNDS ?? 5), time: 300 }

test('browser benchmarks', async ({ page, browser }) => {
  await page.goto('/bench/browser/')
  await page.locator('#status', { hasText: 'ready' }).waitFor()
  const header = `${machine({ pycached: version('pycached'), 'idb-keyval': version('idb-keyval'), localforage: version('localforage'), dexie: version('dexie'), lit: version('lit') })}; Chromium ${browser.version()}`

  console.log(`IndexedDB, Chromium — ${header}`)
  const idb = await page.evaluate((o) => (globalThis as BenchGlobals).bench.indexedDB(o), options)
  const indexedDB = { machine: header, date: new Date().toISOString(), tables: {} as Record<string, unknown> }
  for (const [workload, results] of Object.entries(idb)) {
    indexedDB.tables[workload] = table(`${workload} (${'1,000'} keys; one op = one call)`, results, 'idb-keyval')
  }
  save('indexeddb', indexedDB)

  // The memory cache's inspector cost is measured with the hot path, in Chromium and Firefox (hotpath.bench.ts).
  console.log(`\nInspector cost, Chromium — ${header}`)
  const watched = await page.evaluate(
    (o) => (globalThis as BenchGlobals).bench.inspector({ ...o, backends: ['IndexedDB'] }),
    options,
  )
  const inspector = { machine: header, date: new Date().toISOString(), tables: {} as Record<string, unknown> }
  for (const [workload, results] of Object.entries(watched)) {
    inspector.tables[workload] = table(`${workload} (commands/s)`, results, 'no plugins')
  }
  save('inspector', inspector)
})
