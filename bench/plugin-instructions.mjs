// The stats plugins' get against its floor in instructions rather than time: each contender of
// bench/plugin-floor.mjs alone in a Node process under valgrind's callgrind, which counts the instructions run
// whatever else the machine does (a timed run on a shared 2-core machine moves by more than the plugins cost). Its
// figure is the instructions of 300,000 more gets ($BENCH_CALLS), after the same warm-up, divided by their number.
// V8 runs `--predictable` (one thread, fixed seeds), so a rerun counts the same to a few instructions a get. Needs
// valgrind (Debian: `apt-get install valgrind`); about ten minutes a build. `node bench/plugin-instructions.mjs`,
// with $BENCH_BASELINE (bench/baseline.mjs) that build instead of dist/.
import { fileURLToPath } from 'node:url'
import { countedBuild, perCall } from './callgrind.mjs'
import { KEYS, contendersOf, keys, value } from './plugin-contenders.mjs'

const WARM = 200_000
const COUNTED = Number(process.env.BENCH_CALLS ?? 300_000)
const self = fileURLToPath(import.meta.url)

/** In the child: runs `warm + more` gets of contender `name` of the build at `index`. */
async function child(index, name, more) {
  const contender = contendersOf(await import(index))[name]
  for (const key of keys) await contender.set(key, value)
  let i = 0
  for (let n = 0; n < WARM + more; n++) {
    i = (i + 7919) % KEYS
    await contender.get(keys[i])
  }
}

if (process.argv.length === 5) {
  await child(process.argv[2], process.argv[3], Number(process.argv[4]))
} else {
  const { label, index } = countedBuild()
  const names = Object.keys(contendersOf(await import(index)))
  console.log(`The stats plugins' get against its floor, instructions per get (callgrind), ${label}`)
  let floor
  for (const name of names) {
    const perGet = perCall(self, [index, name], COUNTED, name)
    floor ??= perGet
    console.log(`${name.padEnd(40)} ${String(perGet).padStart(8)}   ${(perGet / floor).toFixed(3)}×`)
  }
}
