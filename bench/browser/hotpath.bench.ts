// The hot path in the browser, in Chromium (Playwright) and Firefox ESR (Puppeteer over WebDriver BiDi): the same
// page (hotpath.html) in both, its tables printed per engine and saved to bench/results/browser-hotpath.json.
// BENCH_PROFILE=<file.cpuprofile> also records Chromium's CPU profile of the memory `get` loop there.
import { writeFileSync } from 'node:fs'
import { test } from '@playwright/test'
import { launchFirefox } from '../../scripts/firefox.js'
import { machine, save, table, version } from '../harness.mjs'

type Results = Record<string, Record<string, number>>
type Suite = 'get' | 'watched'
type BenchGlobals = typeof globalThis & {
  bench: Record<Suite, (options: { rounds: number; time: number }) => Promise<Results>>
}
/** What the two engines' pages have in common: run a suite, wait for the page. */
type Run = (suite: Suite) => Promise<Results>

const options = { rounds: Number(process.env.BENCH_ROUNDS ?? 5), time: 300 }
const PAGE = '/bench/browser/hotpath.html'
const header = machine({ pycached: version('pycached'), lit: version('lit') })
const engines: Record<string, { browser: string; tables: Record<string, unknown> }> = {}

async function measure(engine: string, browserVersion: string, run: Run): Promise<void> {
  console.log(`\nHot path, ${engine} ${browserVersion} — ${header}`)
  const tables: Record<string, unknown> = {}
  for (const [workload, results] of Object.entries(await run('get'))) {
    tables[workload] = table(`${workload} (10,000 keys; calls/s)`, results, 'memory cache')
  }
  for (const [workload, results] of Object.entries(await run('watched'))) {
    tables[workload] = table(`${workload} (commands/s)`, results, 'no plugins')
    const stats = results['Timing + HitMissRatio plugins']!
    const watched = results['watched by <pycached-inspector>']!
    const collapsed = results['the same, collapsed <pycached-inspector>']!
    // A collapsed inspector listens to nothing: it should cost no more than the stats plugins (≤ 1.05×).
    console.log(`stats-only / collapsed: ${(stats / collapsed).toFixed(3)}× the time a command`)
    // The inspector's own work per command: what a watched command costs beyond a stats-only one.
    const own = (1 / watched - 1 / stats) * 1e6
    console.log(
      `watched / stats-only: ${(watched / stats).toFixed(2)}×; the inspector's own work ${own.toFixed(2)} µs/command`,
    )
  }
  engines[engine] = { browser: browserVersion, tables }
}

test.afterAll(() => {
  save('browser-hotpath', { machine: header, date: new Date().toISOString(), rounds: options.rounds, engines })
})

test('hot path in Chromium', async ({ page, browser }) => {
  await page.goto(PAGE)
  await page.locator('#status', { hasText: 'ready' }).waitFor()
  const run: Run = (suite) =>
    page.evaluate(([s, o]) => (globalThis as BenchGlobals).bench[s](o), [suite, options] as const)
  const profile = process.env.BENCH_PROFILE
  if (profile) {
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 })
    await cdp.send('Profiler.start')
    const suite = (process.env.BENCH_PROFILE_SUITE ?? 'get') as Suite
    await page.evaluate(([s, o]) => (globalThis as BenchGlobals).bench[s](o), [
      suite,
      { rounds: 1, time: 1000 },
    ] as const)
    const { profile: recorded } = await cdp.send('Profiler.stop')
    writeFileSync(profile, JSON.stringify(recorded))
    console.log(`Chromium CPU profile of the get suite written to ${profile}`)
  }
  await measure('chromium', browser.version(), run)
})

test('hot path in Firefox', async ({ baseURL }) => {
  const browser = await launchFirefox()
  try {
    const page = await browser.newPage()
    await page.goto(new URL(PAGE, baseURL).href)
    await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready')
    const run: Run = (suite) =>
      page.evaluate((s: Suite, o: typeof options) => (globalThis as BenchGlobals).bench[s](o), suite, options)
    await measure('firefox', await browser.version(), run)
  } finally {
    await browser.close()
  }
})
