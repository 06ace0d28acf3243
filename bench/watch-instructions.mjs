// What a watcher costs a memory `set` in instructions rather than time: each contender alone in a Node process (a
// realm of its own, as in the browser benchmark) under valgrind's callgrind, whose count does not move with the
// machine's load as the browser's timed ratios do. Its figure is the instructions of 300,000 more sets
// ($BENCH_CALLS), after the same warm-up, divided by their number. About two minutes a build.
// `node bench/watch-instructions.mjs`, with $BENCH_BASELINE (bench/baseline.mjs) that build instead of dist/.
import { fileURLToPath } from 'node:url'
import { countedBuild, perCall } from './callgrind.mjs'

const WARM = 200_000
const COUNTED = Number(process.env.BENCH_CALLS ?? 300_000)
const self = fileURLToPath(import.meta.url)

/** The contenders, by name: how each sets up its cache, and the options of its writes. */
const CONTENDERS = {
  'no watcher': { watchers: 0 },
  'one watcher on the key': { watchers: 1 },
  '1,000 watchers, one on the key': { watchers: 1000 },
  'no watcher, with a TTL': { watchers: 0, ttl: 60_000 },
  'one watcher on the key, with a TTL': { watchers: 1, ttl: 60_000 },
}

/** In the child: `warm + more` awaited sets of contender `name` of the build at `index`. */
async function child(index, name, more) {
  const { Cache } = await import(index)
  const { watchers, ttl } = CONTENDERS[name]
  const cache = new Cache()
  for (let i = 1; i < watchers; i++) cache.watch(`other:${i}`, () => {})
  if (watchers > 0) cache.watch('k', () => {})
  const options = ttl === undefined ? {} : { ttl }
  // Let the watches read what they watch first.
  await new Promise((done) => setTimeout(done, 10))
  for (let n = 0; n < WARM + more; n++) await cache.set('k', n, options)
}

if (process.argv.length === 5) {
  await child(process.argv[2], process.argv[3], Number(process.argv[4]))
} else {
  const { label, index } = countedBuild()
  console.log(`A memory set with watchers, instructions per set (callgrind), ${label}`)
  // Each row against the unwatched write of its kind (with a TTL or without).
  const unwatched = {}
  for (const [name, { watchers, ttl }] of Object.entries(CONTENDERS)) {
    const perSet = perCall(self, [index, name], COUNTED, name)
    const kind = ttl === undefined ? 'plain' : 'ttl'
    if (watchers === 0) unwatched[kind] = perSet
    const ratio = perSet / unwatched[kind]
    console.log(`${name.padEnd(40)} ${String(perSet).padStart(8)}   ${ratio.toFixed(3)}×`)
  }
}
