// Cleanup that never stalls, in Chromium: 200,000 expired records (about 40 MB) in one store, swept by the
// background sweep of the tab that opens it, while another tab runs a get and a set every 50 ms. Reports the
// longest and p99 command wait in the other tab, the longest long task in either, and how long until the store
// is back under 1 MB (its records times their size) and empty.
import { type Page, test } from '@playwright/test'
import { machine, save, version } from '../harness.mjs'

type SweepBench = {
  fill(count: number, ttl: number): Promise<number>
  open(): Promise<void>
  count(): Promise<number>
  traffic(): Promise<number[]>
  stopTraffic(): void
  longTasks(): number[]
}
type BenchGlobals = typeof globalThis & { sweepBench: SweepBench }

const RECORDS = Number(process.env.BENCH_SWEEP_RECORDS ?? 200_000)
// What one record costs on disk, about: its key, a 180-character value and its expiry.
const RECORD_BYTES = 210

async function open(page: Page): Promise<void> {
  await page.goto('/bench/browser/sweep.html')
  await page.locator('#status', { hasText: 'ready' }).waitFor()
}

const call = <K extends keyof SweepBench>(page: Page, name: K, ...args: Parameters<SweepBench[K]>) =>
  page.evaluate(
    ([n, a]) => ((globalThis as BenchGlobals).sweepBench[n as K] as (...x: unknown[]) => unknown)(...(a as [])),
    [name, args] as const,
  ) as Promise<Awaited<ReturnType<SweepBench[K]>>>

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}

test('sweep benchmark', async ({ page, context, browser }) => {
  test.setTimeout(20 * 60_000)
  await open(page)
  const header = `${machine({ pycached: version('pycached') })}; Chromium ${browser.version()}`
  console.log(`IndexedDB sweep, Chromium — ${header}`)
  const filled = await call(page, 'fill', RECORDS, 2000)
  console.log(`filled ${RECORDS.toLocaleString('en')} records in ${(filled / 1000).toFixed(1)} s`)
  await page.waitForTimeout(2500)

  const other = await context.newPage()
  await open(other)
  await call(other, 'open')
  const traffic = call(other, 'traffic')
  const started = Date.now()
  await call(page, 'open')
  let underOneMB: number | undefined
  let left = RECORDS
  while (left > 0 && Date.now() - started < 5 * 60_000) {
    // A count walks the records left, holding the store a moment: often enough to time the cleanup, no more.
    await page.waitForTimeout(1000)
    left = await call(page, 'count')
    if (underOneMB === undefined && left * RECORD_BYTES < 1024 ** 2) underOneMB = Date.now() - started
  }
  const empty = Date.now() - started
  await call(other, 'stopTraffic')
  const waits = (await traffic).sort((a, b) => a - b)
  const longTasks = [...(await call(page, 'longTasks')), ...(await call(other, 'longTasks'))]
  const report = {
    machine: header,
    date: new Date().toISOString(),
    records: RECORDS,
    'fill (s)': filled / 1000,
    'commands in the other tab': waits.length,
    'longest command wait (ms)': waits.at(-1) ?? 0,
    'p99 command wait (ms)': percentile(waits, 99),
    'p50 command wait (ms)': percentile(waits, 50),
    'long tasks': longTasks.length,
    'longest long task (ms)': Math.max(0, ...longTasks),
    'under 1 MB after (s)': (underOneMB ?? empty) / 1000,
    'empty after (s)': empty / 1000,
    'records left': left,
  }
  console.table(report)
  save('indexeddb-sweep', report)
})
