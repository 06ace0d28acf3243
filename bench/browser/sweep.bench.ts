// Cleanup that never stalls, in Chromium: 200,000 expired records (about 40 MB) in one store, swept by the
// background sweep of one tab while another tab runs a get and a set every 50 ms. First the same traffic runs for
// 10 s with no sweep (the sweep lock held): what the machine alone costs a command, for reference. Reports the
// longest, p99 and p50 command wait in the other tab during cleanup, the longest long task in either tab, and how
// long until the store is back under 1 MB (its records times their size) and empty.
import { type Page, test } from '@playwright/test'
import { machine, save, version } from '../harness.mjs'

type SweepBench = {
  fill(count: number, ttl: number): Promise<number>
  hold(): Promise<void>
  release(): Promise<void>
  open(): Promise<void>
  left(most: number): Promise<number>
  traffic(): Promise<number[]>
  stopTraffic(): void
  longTasks(): number[]
}
type BenchGlobals = typeof globalThis & { sweepBench: SweepBench }

const RECORDS = Number(process.env.BENCH_SWEEP_RECORDS ?? 200_000)
// What one record costs on disk, about: its key, a 180-character value and its expiry.
const RECORD_BYTES = 210
const UNDER_ONE_MB = Math.floor(1024 ** 2 / RECORD_BYTES)
const REFERENCE_MS = 10_000

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

const waitsOf = (waits: number[]) => {
  const sorted = [...waits].sort((a, b) => a - b)
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), longest: sorted.at(-1) ?? 0 }
}

test('sweep benchmark', async ({ page, context, browser }) => {
  test.setTimeout(20 * 60_000)
  await open(page)
  const header = `${machine({ pycached: version('pycached') })}; Chromium ${browser.version()}`
  console.log(`IndexedDB sweep, Chromium — ${header}`)
  const filled = await call(page, 'fill', RECORDS, 2000)
  console.log(`filled ${RECORDS.toLocaleString('en')} records in ${(filled / 1000).toFixed(1)} s`)
  await page.waitForTimeout(2500)

  // The traffic alone, every record expired and none swept.
  await call(page, 'hold')
  const other = await context.newPage()
  await open(other)
  await call(other, 'open')
  let traffic = call(other, 'traffic')
  await page.waitForTimeout(REFERENCE_MS)
  await call(other, 'stopTraffic')
  const reference = waitsOf(await traffic)

  traffic = call(other, 'traffic')
  const started = Date.now()
  await call(page, 'release')
  let underOneMB: number | undefined
  let left = RECORDS
  while (left > 0 && Date.now() - started < 5 * 60_000) {
    await page.waitForTimeout(1000)
    left = await call(page, 'left', UNDER_ONE_MB)
    if (underOneMB === undefined && left < UNDER_ONE_MB) underOneMB = Date.now() - started
  }
  const empty = Date.now() - started
  await call(other, 'stopTraffic')
  const during = waitsOf(await traffic)
  const longTasks = [...(await call(page, 'longTasks')), ...(await call(other, 'longTasks'))]
  const report = {
    machine: header,
    date: new Date().toISOString(),
    records: RECORDS,
    'fill (s)': filled / 1000,
    'commands in the other tab': during.count,
    'longest command wait (ms)': during.longest,
    'p99 command wait (ms)': during.p99,
    'p50 command wait (ms)': during.p50,
    'long tasks': longTasks.length,
    'longest long task (ms)': Math.max(0, ...longTasks),
    'under 1 MB after (s)': (underOneMB ?? empty) / 1000,
    'empty after (s)': empty / 1000,
    'records left': left,
    'no sweep: commands': reference.count,
    'no sweep: longest command wait (ms)': reference.longest,
    'no sweep: p99 command wait (ms)': reference.p99,
    'no sweep: p50 command wait (ms)': reference.p50,
  }
  console.table(report)
  save('indexeddb-sweep', report)
})
