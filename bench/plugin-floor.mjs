// What the stats plugins add to a memory get hit, in Node, against its floor: a plugin-free get plus the two clock
// reads a timing plugin must take. Each contender awaits CALLS gets between two clock reads, in short rounds
// interleaved with the others; its figure is the 10th percentile of its rounds, the round least slowed by whatever
// else the machine runs (a loaded machine moves the median by more than the plugins cost). One build per process:
// with $BENCH_BASELINE (bench/baseline.mjs) it measures that build instead of dist/, as two builds in one process
// measure differently depending on which loaded first. Run it for each, alternately, for before → after.
import * as current from '../dist/index.js'
import { baseline } from './baseline.mjs'
import { machine, save, version } from './harness.mjs'
import { contendersOf, KEYS, keys, value } from './plugin-contenders.mjs'

const CALLS = 20_000
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 81)

const before = await baseline()
const build = before?.label ?? 'pycached'
const contenders = contendersOf(before ?? current)
for (const cache of Object.values(contenders)) for (const key of keys) await cache.set(key, value)

let i = 0
/** ns per get over CALLS awaited gets. */
async function round(cache) {
  const start = performance.now()
  for (let n = 0; n < CALLS; n++) {
    i = (i + 7919) % KEYS
    await cache.get(keys[i])
  }
  return ((performance.now() - start) / CALLS) * 1e6
}

const names = Object.keys(contenders)
const samples = Object.fromEntries(names.map((name) => [name, []]))
for (let r = 0; r < 5; r++) for (const name of names) await round(contenders[name]) // warm-up
for (let r = 0; r < ROUNDS; r++) {
  for (let j = 0; j < names.length; j++) {
    const name = names[(j + r) % names.length]
    samples[name].push(await round(contenders[name]))
  }
}
const p10 = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 10)]

const header = machine({ pycached: version('pycached') })
console.log(`The stats plugins' get against its floor, Node — ${header}`)
console.log(`${build.padEnd(40)} ${'ns/get'.padStart(8)}   time to the floor`)
const floor = p10(samples.floor)
const rows = names.map((name) => {
  const ns = p10(samples[name])
  console.log(`${name.padEnd(40)} ${ns.toFixed(0).padStart(8)}   ${(ns / floor).toFixed(3)}×`)
  // As every results table: ops/s, and the ratio of ops/s to the floor's (the inverse of the time ratio printed).
  return { name, ops: Math.round(1e9 / ns), ratio: Number((floor / ns).toFixed(3)) }
})
// Only this build's own figures are kept: a baseline's run is for comparing, in the terminal.
if (!before) {
  save('plugin-floor', {
    machine: header,
    date: new Date().toISOString(),
    tables: { [`get (hit) against its floor, p10 of ${ROUNDS} rounds`]: rows },
  })
}
