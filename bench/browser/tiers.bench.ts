// Tiers in Chromium: hits and writes of a memory tier over IndexedDB beside IndexedDB alone and memory alone, and
// how stale another tab's reads are: from a write resolving in tab A to tab B reading the new value, 1,000 times.
import { type Page, test } from '@playwright/test'
import { machine, save, table, version } from '../harness.mjs'

type Results = Record<string, Record<string, number>>
type TierBench = {
  throughput(options: { rounds: number; time: number }): Promise<Results>
  listen(dbName: string): Promise<void>
  setsWithPeer(options: { rounds: number; time: number }): Promise<Results>
  staleness: {
    reset(): Promise<void>
    write(n: number): Promise<number[]>
    read(n: number, kind: 'tiered' | 'indexeddb'): Promise<number[]>
  }
}
type BenchGlobals = typeof globalThis & { bench: TierBench; readerReady?: boolean }

const options = { rounds: Number(process.env.BENCH_ROUNDS ?? 5), time: 300 }
const WRITES = Number(process.env.BENCH_WRITES ?? 1000)

async function open(page: Page): Promise<void> {
  await page.goto('/bench/browser/tiers.html')
  await page.locator('#status', { hasText: 'ready' }).waitFor()
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

/** Writes WRITES values in tab `writer` while tab `reader` polls; returns the staleness of each, in ms. */
async function staleness(writer: Page, reader: Page, kind: 'tiered' | 'indexeddb'): Promise<number[]> {
  await writer.evaluate(() => (globalThis as BenchGlobals).bench.staleness.reset())
  const seen = reader.evaluate(([n, k]) => (globalThis as BenchGlobals).bench.staleness.read(n, k), [
    WRITES,
    kind,
  ] as const)
  await reader.waitForFunction(() => (globalThis as BenchGlobals).readerReady === true)
  const written = await writer.evaluate((n) => (globalThis as BenchGlobals).bench.staleness.write(n), WRITES)
  const read = await seen
  await reader.evaluate(() => ((globalThis as BenchGlobals).readerReady = false))
  return written.slice(1).map((at, i) => read[i + 1]! - at)
}

test('tier benchmarks', async ({ page, context, browser }) => {
  test.setTimeout(20 * 60_000)
  await open(page)
  const header = `${machine({ pycached: version('pycached'), 'idb-keyval': version('idb-keyval') })}; Chromium ${browser.version()}`
  console.log(`Tiers, Chromium — ${header}`)
  const report = { machine: header, date: new Date().toISOString(), tables: {} as Record<string, unknown> }
  const results = await page.evaluate((o) => (globalThis as BenchGlobals).bench.throughput(o), options)
  for (const [workload, contenders] of Object.entries(results)) {
    report.tables[workload] = table(`${workload} (1,000 keys; one op = one call)`, contenders, 'IndexedDB only')
  }

  const reader = await context.newPage()
  await open(reader)
  await reader.evaluate(() => (globalThis as BenchGlobals).bench.listen('bench-tiers-peer'))
  const withPeer = await page.evaluate((o) => (globalThis as BenchGlobals).bench.setsWithPeer(o), options)
  for (const [workload, contenders] of Object.entries(withPeer)) {
    report.tables[workload] = table(`${workload} (1,000 keys; one op = one call)`, contenders, 'IndexedDB only')
  }
  const stale: Record<string, { p50: number; p99: number; max: number; writes: number }> = {}
  console.log(
    `\nCross-tab staleness, ${WRITES.toLocaleString('en')} writes: from a write resolving in tab A to tab B reading it`,
  )
  for (const kind of ['tiered', 'indexeddb'] as const) {
    const sorted = (await staleness(page, reader, kind)).sort((a, b) => a - b)
    const row = { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1)!, writes: sorted.length }
    const name = kind === 'tiered' ? 'tab B reads memory over IndexedDB' : 'tab B reads IndexedDB only (reference)'
    stale[name] = row
    console.log(
      `${name.padEnd(44)} p50 ${row.p50.toFixed(2)} ms   p99 ${row.p99.toFixed(2)} ms   max ${row.max.toFixed(2)} ms`,
    )
  }
  report.tables['cross-tab staleness (ms)'] = stale
  save('tiers', report)
})
