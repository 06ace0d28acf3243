#!/usr/bin/env node
// The whole test run, in the order a failure is cheapest to see: types, unit (Node), browser
// (Vitest in real Chromium), end-to-end (Playwright against the demo). Stops at the first failure.
import { spawnSync } from 'node:child_process'

const steps = [
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']],
  ['unit + browser', 'npx', ['vitest', 'run']],
  ['e2e', 'npx', ['playwright', 'test']],
]

for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`)
  const { status } = spawnSync(command, args, { stdio: 'inherit' })
  if (status !== 0) {
    console.error(`\n✗ ${name} failed (exit ${status})`)
    process.exit(status ?? 1)
  }
}
console.log('\n✓ every test passed')
