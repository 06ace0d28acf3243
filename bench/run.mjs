// `npm run bench [memory] [floor] [instructions] [redis] [browser]`: builds the package, then runs the chosen
// benchmarks (all but instructions by default), each printing its tables and writing bench/results/<name>.json.
// BENCH_ROUNDS sets the rounds (5).
import { spawnSync } from 'node:child_process'

const suites = {
  memory: [['node', ['bench/memory.mjs']]],
  // The stats plugins' get against its floor, in awaited loops (steadier on a loaded machine than the tables).
  floor: [['node', ['bench/plugin-floor.mjs']]],
  // The same, and what a watcher costs a set, in instructions counted by valgrind's callgrind (repeatable on a busy
  // machine; minutes; only when named).
  instructions: [
    ['node', ['bench/plugin-instructions.mjs']],
    ['node', ['bench/watch-instructions.mjs']],
  ],
  redis: [
    ['node', ['bench/redis.mjs']],
    ['node', ['bench/redis-cluster.mjs']],
  ],
  // Chromium through Playwright; hotpath.bench.ts also runs its page in Firefox ESR through Puppeteer.
  browser: [['npx', ['playwright', 'test', '--config', 'bench/browser.config.ts']]],
}
const chosen = process.argv.slice(2)
const unknown = chosen.filter((name) => !(name in suites))
if (unknown.length > 0) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(suites).join(', ')}`)
  process.exit(2)
}

const run = (command, args) =>
  spawnSync(command, args, { stdio: 'inherit', cwd: new URL('..', import.meta.url) }).status ?? 1
if (run('npm', ['run', 'build', '--silent']) !== 0) process.exit(1)
let failed = 0
for (const name of chosen.length > 0 ? chosen : Object.keys(suites).filter((name) => name !== 'instructions')) {
  console.log(`\n=== ${name} ===`)
  for (const [command, args] of suites[name]) {
    if (run(command, args) !== 0) {
      console.error(`benchmark ${name} (${args.join(' ')}) failed`)
      failed++
    }
  }
}
process.exit(failed ? 1 : 0)
