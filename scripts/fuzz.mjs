#!/usr/bin/env node
// Long model-based runs: random command sequences against every backend and the reference model
// (test/backends/model/), with a random seed it prints, for a run count or a time per target. A failure prints the
// exact command that replays its shrunk counterexample.
//
//   npm run fuzz                                  every target for 60 s, a random seed
//   npm run fuzz -- --time 10m --commands 60      longer, with longer sequences
//   npm run fuzz -- --runs 5000 --only memory     a run count, one target
//   npm run fuzz -- --only memory --seed 1 --path '3:1:0' --replay-path 'DDF:F'   replay a failure
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

const USAGE = `usage: npm run fuzz -- [--time 60s|10m|1h] [--runs N] [--commands N] [--only TARGET] [--seed N]
                      [--path P] [--replay-path R] [--project unit|redis|browser|'browser (chromium|firefox|webkit)']... [--dry-run]`

function fail(message) {
  console.error(`${message}\n${USAGE}`)
  process.exit(2)
}

/** `90`, `90s`, `10m`, `1h` in ms. */
function duration(text) {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text)
  if (!match) fail(`--time must be a duration such as 90s, 10m or 1h, got ${JSON.stringify(text)}`)
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's']
  return Math.round(Number(match[1]) * unit)
}

function positive(name, text) {
  const number = Number(text)
  if (!Number.isSafeInteger(number) || number < 1) fail(`--${name} must be a positive integer, got ${text}`)
  return number
}

let parsed
try {
  parsed = parseArgs({
    options: {
      time: { type: 'string' },
      runs: { type: 'string' },
      commands: { type: 'string' },
      only: { type: 'string' },
      seed: { type: 'string' },
      path: { type: 'string' },
      'replay-path': { type: 'string' },
      project: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  }).values
} catch (error) {
  fail(error.message)
}
if (parsed.help) {
  console.log(USAGE)
  process.exit(0)
}
if (parsed.time !== undefined && parsed.runs !== undefined) fail('give --time or --runs, not both')
if (parsed.path !== undefined && parsed.seed === undefined) fail('--path replays a failure of one --seed: give both')
if (parsed.path !== undefined && parsed.only === undefined) fail('--path replays a failure of one target: give --only')

const seed = parsed.seed === undefined ? (Math.random() * 2 ** 31) | 0 : Number(parsed.seed)
if (!Number.isSafeInteger(seed)) fail(`--seed must be an integer, got ${parsed.seed}`)
const settings = {
  seed,
  ...(parsed.runs !== undefined && { runs: positive('runs', parsed.runs) }),
  ...(parsed.runs === undefined && parsed.path === undefined && { time: duration(parsed.time ?? '60s') }),
  ...(parsed.commands !== undefined && { commands: positive('commands', parsed.commands) }),
  ...(parsed.only !== undefined && { only: parsed.only }),
  ...(parsed.path !== undefined && { path: parsed.path }),
  ...(parsed['replay-path'] !== undefined && { replayPath: parsed['replay-path'] }),
}
const projects = parsed.project ?? ['unit', 'redis', 'browser']
for (const project of projects) {
  // `browser` runs every engine; `browser (firefox)` one of them.
  if (!/^(unit|redis|browser|browser \((chromium|firefox|webkit)\))$/.test(project)) {
    fail(`--project must be unit, redis, browser or one engine such as 'browser (firefox)', got ${project}`)
  }
}

console.log(`fuzz seed ${seed}: ${JSON.stringify(settings)}`)
const REPORT = 'test-reports/fuzz.json'
const args = [
  'vitest',
  'run',
  ...projects.flatMap((project) => ['--project', project]),
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${REPORT}`,
  'test/backends/model/',
  'test/redis/model.test.ts',
]
if (parsed['dry-run']) {
  console.log(`npx ${args.join(' ')}`)
  process.exit(0)
}
mkdirSync('test-reports', { recursive: true })
const { status } = spawnSync('npx', args, {
  stdio: 'inherit',
  env: { ...process.env, PYCACHED_MODEL: JSON.stringify(settings) },
})

// Gather the replay commands of every failure, so they do not hide in the log above.
const report = existsSync(REPORT) ? JSON.parse(readFileSync(REPORT, 'utf8')) : undefined
const replays = (report?.testResults ?? [])
  .flatMap((file) => file.assertionResults)
  .flatMap((test) => test.failureMessages ?? [])
  .flatMap((message) => message.match(/replay: npm run fuzz -- .*/g) ?? [])
if (replays.length > 0) {
  console.error(`\n✗ the model found ${replays.length} failure(s); replay each with:`)
  for (const replay of new Set(replays)) console.error(`  ${replay.slice('replay: '.length)}`)
} else if (status === 0) console.log(`\n✓ no failure with seed ${seed}`)
else console.error(`\n✗ vitest failed (exit ${status}) before any model run failed: see above`)
process.exit(status ?? 1)
