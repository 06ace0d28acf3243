// cache.watch in Chromium: from a write resolving in tab A to tab B's listener (p50, p99 over 1,000 writes), and
// what watchers cost a write in their own context. With BENCH_BASELINE (bench/baseline.mjs), the watcher costs of
// that earlier build are measured in the same rounds.
import { writeFileSync } from 'node:fs'
import { relative, resolve } from 'node:path'
import { type Page, test } from '@playwright/test'
import { machine, save, table, version } from '../harness.mjs'

type WatchBench = {
  ownWrites(options: { rounds: number; time: number; baseline?: string }): Promise<{
    ops: Record<string, number>
    costs: Record<string, { one: number; thousand: number; ttl: number; floor: number }>
  }>
  listen(): void
  write(n: number): Promise<number[]>
  heard(): { at: number[]; changes: number }
  reset(): void
}
type BenchGlobals = typeof globalThis & { bench: WatchBench }

const root = resolve(import.meta.dirname, '../..')
const baseline = process.env.BENCH_BASELINE
const options = {
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
  time: 300,
  // The dev server serves the checkout: the earlier build is one of its files.
  ...(baseline ? { baseline: `/${relative(root, resolve(root, baseline, 'dist/index.js'))}` } : {}),
}
const WRITES = Number(process.env.BENCH_WRITES ?? 1000)

async function open(page: Page): Promise<void> {
  await page.goto('/bench/browser/watch.html')
  await page.locator('#status', { hasText: 'ready' }).waitFor()
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

test('watch benchmarks', async ({ page, context, browser }) => {
  test.setTimeout(10 * 60_000)
  await open(page)
  const header = `${machine({ pycached: version('pycached') })}; Chromium ${browser.version()}`
  console.log(`Watch, Chromium — ${header}`)
  const profile = process.env.BENCH_PROFILE
  if (profile) {
    // BENCH_PROFILE=<file.cpuprofile>: Chromium's CPU profile of the loops of the current build (node bench/profile.mjs).
    const cdp = await context.newCDPSession(page)
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
    await cdp.send('Profiler.start')
    await page.evaluate(() => (globalThis as BenchGlobals).bench.ownWrites({ rounds: 1, time: 1000 }))
    const { profile: recorded } = await cdp.send('Profiler.stop')
    writeFileSync(profile, JSON.stringify(recorded))
    console.log(`Chromium CPU profile of the watcher loops written to ${profile}`)
  }
  const { ops: own, costs: ratios } = await page.evaluate(
    (o) => (globalThis as BenchGlobals).bench.ownWrites(o),
    options,
  )
  console.log(`\na write with watchers, as a multiple of one without: ${JSON.stringify(ratios)}`)
  const report = {
    machine: header,
    date: new Date().toISOString(),
    // What a write with watchers costs, as a multiple of one without (this build, and a baseline measured beside):
    // the median of the rounds' ratios.
    costs: ratios,
    tables: { ownWrites: table('set on memory with watchers (ops/s)', own, 'no watcher') } as Record<string, unknown>,
  }

  const b = await context.newPage()
  await open(b)
  await b.evaluate(() => (globalThis as BenchGlobals).bench.listen())
  // The tabs meet first: writes are announced one by one from then on.
  await page.evaluate(() => (globalThis as BenchGlobals).bench.write(20))
  await b.waitForTimeout(500)
  await b.evaluate(() => (globalThis as BenchGlobals).bench.reset())
  const resolved = await page.evaluate((n) => (globalThis as BenchGlobals).bench.write(n), WRITES)
  await b.waitForTimeout(500)
  const { at: heard, changes } = await b.evaluate(() => (globalThis as BenchGlobals).bench.heard())
  const latencies = resolved.map((at, i) => heard[i]! - at).filter((ms) => Number.isFinite(ms))
  latencies.sort((x, y) => x - y)
  const latency = {
    writes: WRITES,
    // Changes the listener was called with, and the values among them: a value is missing when its write and the
    // next came closer together than the read-back, which then found the later one (see the watch guide).
    changes,
    heard: latencies.length,
    p50: Number(percentile(latencies, 50).toFixed(2)),
    p99: Number(percentile(latencies, 99).toFixed(2)),
    max: Number(latencies.at(-1)!.toFixed(2)),
  }
  console.log(`\nwrite resolved in tab A → listener in tab B (ms): ${JSON.stringify(latency)}`)
  report.tables.crossTab = latency
  save('watch', report)
})
