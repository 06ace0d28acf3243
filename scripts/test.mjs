#!/usr/bin/env node
// The whole test run, in the order a failure is cheapest to see: types, unit (Node), browser
// (Vitest in real Chromium, Firefox and WebKit), end-to-end (Playwright against the demo, then the
// engines suite driving pages in all three). Stops at the first failure. First it makes sure the programs the tests drive are there: Chromium, Firefox ESR,
// WebKitWebDriver with MiniBrowser, Xvfb and redis-server.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

const run = (command, args, options = {}) => spawnSync(command, args, { stdio: 'inherit', ...options }).status
const has = (program) => spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0

function ensurePrograms() {
  const missing = []
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(chromium) && !has('chromium')) missing.push('chromium')
  const firefox = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'
  if (!existsSync(firefox) && !has('firefox-esr') && !has('firefox')) missing.push('firefox-esr')
  const webkitDriver = process.env.WEBKIT_WEBDRIVER_PATH ?? '/usr/bin/WebKitWebDriver'
  if (!existsSync(webkitDriver) && !has('WebKitWebDriver')) missing.push('webkit2gtk-driver')
  if (!has('Xvfb')) missing.push('xvfb')
  // The Redis tests start a private Redis Cluster even when REDIS_URL names a server for the others.
  if (!has('redis-server')) missing.push('redis-server')
  if (missing.length === 0) return
  const install = `apt-get install -y ${missing.join(' ')}`
  if (process.getuid?.() === 0 && has('apt-get')) {
    console.log(`▶ installing ${missing.join(', ')} (Debian packages the tests drive)`)
    if (
      run('apt-get', ['update', '-qq']) === 0 &&
      run('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${install} -qq`]) === 0
    )
      return
  }
  console.error(
    `✗ the tests need ${missing.join(', ')}. On Debian/Ubuntu: sudo ${install}\n` +
      '  (or point CHROMIUM_PATH at a Chromium/Chrome, FIREFOX_PATH at a Firefox, and WEBKIT_WEBDRIVER_PATH and\n' +
      "  MINIBROWSER_PATH at WebKitGTK's driver and MiniBrowser).",
  )
  process.exit(1)
}

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined
}

function mkdir(path) {
  mkdirSync(path, { recursive: true })
}

ensurePrograms()

mkdir('test-reports')
const VITEST_JSON = 'test-reports/vitest.json'
const PLAYWRIGHT_JSON = 'test-reports/playwright.json'
const ENGINES_JSON = 'test-reports/engines.json'
const CONSUMER_JSON = 'test-reports/consumer.json'
// The tally counts this run only, never a report left over from an earlier one.
for (const report of [VITEST_JSON, PLAYWRIGHT_JSON, ENGINES_JSON, CONSUMER_JSON]) rmSync(report, { force: true })
const steps = [
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  // The library alone as an app's compiler sees it: exactOptionalPropertyTypes, no esnext.disposable lib.
  ['typecheck (library, as apps compile it)', 'npx', ['tsc', '-p', 'tsconfig.lib.json']],
  ['lint', 'npx', ['eslint', '.']],
  ['format', 'npx', ['prettier', '--check', '.']],
  [
    'unit + browser',
    'npx',
    [
      'vitest',
      'run',
      '--project',
      '!engines',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${VITEST_JSON}`,
    ],
  ],
  ['e2e', 'npx', ['playwright', 'test', '--reporter=list,json']],
  // After Playwright, which empties test-results/ where this step leaves each engine's demo screenshot.
  [
    'engines (pages in Chromium, Firefox and WebKit)',
    'npx',
    [
      'vitest',
      'run',
      '--project',
      'engines',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${ENGINES_JSON}`,
    ],
  ],
  ['build', 'npm', ['run', 'build', '--silent']],
  // The docs site: the API reference generated, every page built, no dead link or anchor.
  ['docs', 'npm', ['run', 'docs:build', '--silent']],
  ['package smoke test (built dist/ in Node)', 'node', ['scripts/smoke.mjs']],
  ['publint', 'npx', ['publint', '--strict']],
  ['types of the packed package (attw, ESM-only)', 'npx', ['attw', '--pack', '.', '--profile', 'esm-only']],
  // The packed package in a fresh Vite 8 app, built for production and driven in Chromium; the size budgets.
  [
    'consumer app (the packed package in a fresh Vite 8 app)',
    'npx',
    ['playwright', 'test', '-c', 'e2e/consumer/playwright.config.ts', '--reporter=list,json'],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: CONSUMER_JSON, PYCACHED_PACKED: '1' },
  ],
]
process.env.PLAYWRIGHT_JSON_OUTPUT_NAME = PLAYWRIGHT_JSON

/** Passed, failed and skipped counts from both runners' JSON reports. */
function tally() {
  const counts = { passed: 0, failed: 0, skipped: 0 }
  for (const vitest of [readJson(VITEST_JSON), readJson(ENGINES_JSON)]) {
    if (!vitest) continue
    counts.passed += vitest.numPassedTests
    counts.failed += vitest.numFailedTests
    counts.skipped += vitest.numPendingTests + vitest.numTodoTests
  }
  for (const playwright of [readJson(PLAYWRIGHT_JSON), readJson(CONSUMER_JSON)]) {
    if (!playwright) continue
    counts.passed += playwright.stats.expected + playwright.stats.flaky
    counts.failed += playwright.stats.unexpected
    counts.skipped += playwright.stats.skipped
  }
  return counts
}

for (const [name, command, args, env = {}] of steps) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`)
  const status = run(command, args, { env: { ...process.env, ...env } })
  if (status !== 0) {
    const { passed, failed, skipped } = tally()
    console.error(
      `\n✗ ${name} failed (exit ${status})\ntests: ${passed} passed, ${Math.max(failed, 1)} failed, ${skipped} skipped`,
    )
    process.exit(status ?? 1)
  }
}
const { passed, failed, skipped } = tally()
console.log(`\n✓ every test passed\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`)
