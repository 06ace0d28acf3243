// Cleanup that never stalls, in Chromium: 200,000 expired records (about 40 MB) in one store, swept by the
// background sweep of one tab while another tab runs a get and a set every 50 ms. First the same traffic runs for
// 10 s with no sweep (the sweep lock held): what the machine alone costs a command, for reference. Reports the
// longest, p99 and p50 command wait in the other tab during cleanup, the longest long task in either tab, and how
// long until the store is back under 1 MB (its records times their size) and empty. In Playwright's default context
// Chromium keeps IndexedDB in memory; `BENCH_SWEEP_DISK=1` runs the same in a persistent context (a fresh profile in
// a temporary folder), where the store is on disk as a user's is, and writes indexeddb-sweep-disk.json.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type BrowserContext, type Page, test } from '@playwright/test'
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
  held(): number[]
  phases(): Phase[]
}
type Phase = { index: number; reads: number; deletes: number; commit: number; found: number }
const PHASES = ['index', 'reads', 'deletes', 'commit'] as const
type BenchGlobals = typeof globalThis & { sweepBench: SweepBench }

const RECORDS = Number(process.env.BENCH_SWEEP_RECORDS ?? 200_000)
// What one record costs on disk, about: its key, a 180-character value and its expiry.
const RECORD_BYTES = 210
const UNDER_ONE_MB = Math.floor(1024 ** 2 / RECORD_BYTES)
const REFERENCE_MS = 10_000
const DISK = process.env.BENCH_SWEEP_DISK === '1'

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

test('sweep benchmark', async ({ playwright, launchOptions, baseURL }) => {
  test.setTimeout(20 * 60_000)
  // Both modes from here on run the same: only where Chromium keeps the store differs.
  const profile = DISK ? await mkdtemp(join(tmpdir(), 'pycached-sweep-')) : undefined
  const browser = profile ? undefined : await playwright.chromium.launch(launchOptions)
  const context: BrowserContext = profile
    ? await playwright.chromium.launchPersistentContext(profile, { ...launchOptions, baseURL })
    : await browser!.newContext({ baseURL })
  try {
    await measure(context, browser?.version() ?? context.browser()?.version() ?? 'unknown')
  } finally {
    await context.close()
    await browser?.close()
    if (profile) await rm(profile, { recursive: true, force: true })
  }
})

async function measure(context: BrowserContext, chromium: string): Promise<void> {
  const page = context.pages()[0] ?? (await context.newPage())
  await open(page)
  const where = DISK ? 'on disk' : 'in memory'
  const header = `${machine({ pycached: version('pycached') })}; Chromium ${chromium}, the store ${where}`
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
  const slices = waitsOf(await call(page, 'held'))
  const phased = await call(page, 'phases')
  const slow = slowSlices(phased)
  console.log(
    `slow slices (over 40 ms): ${slow.count} of ${phased.length}; where their time went (ms, summed):`,
    slow.sums,
    'the phase that took longest in each:',
    slow.longest,
    'all slices, p50 / p99 of each phase:',
    slow.all,
  )
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
    slices: slices.count,
    'records a slice (mean)': Math.round((RECORDS - left) / Math.max(1, slices.count)),
    'slice held the store: p50 (ms)': slices.p50,
    'slice held the store: p99 (ms)': slices.p99,
    'slice held the store: longest (ms)': slices.longest,
    'slices over 40 ms': slow.count,
    ...Object.fromEntries(PHASES.map((p) => [`slices over 40 ms: in ${p} (ms, summed)`, slow.sums[p]])),
    'no sweep: commands': reference.count,
    'no sweep: longest command wait (ms)': reference.longest,
    'no sweep: p99 command wait (ms)': reference.p99,
    'no sweep: p50 command wait (ms)': reference.p50,
  }
  console.table(report)
  save(DISK ? 'indexeddb-sweep-disk' : 'indexeddb-sweep', report)
}

/** The slices that held the store over 40 ms: how many, where their time went, and each phase's p50 / p99 over all. */
function slowSlices(phased: Phase[]) {
  const total = (s: Phase) => s.index + s.reads + s.deletes + s.commit
  const slow = phased.filter((s) => total(s) > 40)
  const sums = Object.fromEntries(PHASES.map((p) => [p, Math.round(slow.reduce((sum, s) => sum + s[p], 0))]))
  const longest = Object.fromEntries(PHASES.map((p) => [p, 0]))
  for (const s of slow) longest[PHASES.reduce((a, b) => (s[b] > s[a] ? b : a))]!++
  const all = Object.fromEntries(
    PHASES.map((p) => {
      const sorted = phased.map((s) => s[p]).sort((a, b) => a - b)
      return [p, `${percentile(sorted, 50).toFixed(1)} / ${percentile(sorted, 99).toFixed(1)}`]
    }),
  )
  return { count: slow.length, sums, longest, all }
}
